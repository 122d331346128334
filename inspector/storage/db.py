"""Opening the database safely, migrating it, and handing out transactions.

Why it looks like this:
- SQLite runs in WAL mode with ``synchronous=FULL``: a committed answer survives a power cut, and
  readers (the UI) never block the writer.
- Write transactions start with ``BEGIN IMMEDIATE`` on SQLite, so two writers queue on the busy
  timeout instead of failing halfway with "database is locked" when a read lock cannot be upgraded.
- On a laptop the SQLite file is SQLCipher 4 (AES-256, every page authenticated) when the
  configuration carries the unlocked data key: the connection is keyed with the raw key before any
  other statement, so the pragmas above, the online backup API and the durability guarantees apply
  to the encrypted file unchanged. PostgreSQL is unchanged: at-rest encryption is the server's job.
- Migrations run at start-up. A database stamped by a newer version of the app is refused before
  anything is written, so an older laptop can never damage an office database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.orm import Session, sessionmaker

from inspector.config import Config
from inspector.errors import DatabaseError
from inspector.i18n import os_reason, tr
from inspector.storage import marker
from inspector.storage.db_errors import environment_error, friendly

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

    from inspector.crypto.keyfile import Keyring
    from inspector.crypto.keys import DataKey

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"
KEYRING = "keyring"
ENCRYPTED_CACHE_KIB = 32_768


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _keyed(engine: Engine, key: DataKey) -> None:
    """Key every new connection first (``PRAGMA key`` must precede any other statement)."""
    pragma = f'PRAGMA key = "{key.sqlcipher_key()}"'

    @event.listens_for(engine, "do_connect")
    def _connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        conn = dialect.dbapi.connect(*cargs, **cparams)
        conn.execute("PRAGMA cipher_log_level = NONE")  # failures are reported as errors, not logged
        conn.execute(pragma)
        # Decrypted pages stay in the connection's cache (32 MB instead of 2 MB): a search that scans
        # the site index decrypts and authenticates each page once, not at every keystroke.
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
        return conn


def create_db_engine(url: str, key: DataKey | None = None) -> Engine:
    """An engine with the pragmas and begin behaviour above; no schema work. With ``key`` the SQLite
    file is opened (or created) as SQLCipher."""
    if url.startswith("sqlite"):
        extra: dict[str, Any] = {}
        if key is not None:
            import sqlcipher3

            extra["module"] = sqlcipher3
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
            **extra,
        )
        if key is not None:
            _keyed(engine, key)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", "inspector.storage:migrations")
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


_REV_RE = re.compile(r"^(down_)?revision(?:\s*:\s*[^=]+)?\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@cache
def known_revisions() -> tuple[frozenset[str], str]:
    """All revision ids of the bundled migrations and the head, read from the files without importing
    Alembic: start-up of an up-to-date database then never pays for Alembic (about 150 ms)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    folder = resources.files("inspector.storage") / "migrations" / "versions"
    for ref in folder.iterdir():
        if not ref.name.endswith(".py") or ref.name.startswith("__"):
            continue
        for down, rev in _REV_RE.findall(ref.read_text(encoding="utf-8")):
            (parents if down else revisions).add(rev) if rev else None
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return frozenset(revisions), heads.pop()


def is_known_revision(rev: str) -> bool:
    """Whether ``rev`` is one of this version's migrations (a backup or package from a newer version
    names one it does not know)."""
    return rev in known_revisions()[0]


def head_revision() -> str:
    return known_revisions()[1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_schema(engine: Engine, where: str) -> str | None:
    """Return the current revision, refusing an unreadable database or one newer than this app."""
    try:
        current = current_revision(engine)
    except exc.DBAPIError as err:
        raise friendly(err.orig or err, where, server=engine.dialect.name != "sqlite") from err
    if current is not None and current not in known_revisions()[0]:
        raise DatabaseError(
            tr(
                "The database {where} was written by a newer version of the app (schema {rev}). "
                "It was left untouched; install the newer version to open it.",
                where=where,
                rev=current,
            )
        )
    return current


def peek_revision(config: Config) -> str | None:
    """The schema revision of the configured database, creating nothing (None when there is none)."""
    path = _sqlite_path(config.db_url)
    if path is not None and (not path.is_file() or path.stat().st_size == 0):
        return None
    engine = create_db_engine(config.db_url, config.key if path is not None else None)
    try:
        return check_schema(engine, config.describe_db())
    finally:
        engine.dispose()


def upgrade(engine: Engine, where: str) -> None:
    """Migrate to head inside the migration's own transaction."""
    _migrate(engine, where, check_schema(engine, where))


def _migrate(engine: Engine, where: str, current: str | None) -> None:
    if current == head_revision():
        return
    from alembic import command

    cfg = alembic_config(engine)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except exc.DBAPIError as err:
        raise friendly(err.orig or err, where, server=engine.dialect.name != "sqlite") from err


@dataclass
class Database:
    """The open database: an engine plus transactions. One per process, passed in, never global.

    A failure the environment causes (locked, damaged, full, read-only) leaves either block as a
    :class:`~inspector.errors.DatabaseError` with a translated message; anything else stays a bug.
    """

    config: Config
    engine: Engine
    _read: sessionmaker[Session]
    _write: sessionmaker[Session]
    _marked: bool = False  # the data marker is in place (inspector/storage/marker.py)
    read_only: bool = False  # set for commands that only read: a write is then a bug, refused

    def _environment(self, err: exc.DatabaseError) -> DatabaseError | None:
        """The message when ``err`` is the environment's. Only an OperationalError or a plain
        DatabaseError can be (their message decides); an IntegrityError or a ProgrammingError is a bug."""
        if type(err) not in (exc.OperationalError, exc.DatabaseError):
            return None
        return environment_error(err.orig or err, self.config.describe_db(), server=not self.config.is_sqlite)

    @property
    def keyring(self) -> Keyring | None:
        """The unlocked key file of an encrypted data directory (None otherwise)."""
        return keyring_for(self.config)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; closing it ends the transaction and anything it changed is discarded
        (objects loaded in it stay readable, detached)."""
        with self._read() as session:
            try:
                yield session
            except exc.DatabaseError as err:
                message = self._environment(err)
                if message is None:
                    raise
                raise message from err

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception. The
        transaction that writes the database's first record also writes its data marker."""
        if self.read_only:
            raise RuntimeError("a command classified as reading tried to write (inspector/cli/context.py)")
        marker_id = None
        with self._write() as session:
            try:
                yield session
                if not self._marked:
                    marker_id = marker.mark_in_transaction(session)
                session.commit()
            except exc.DatabaseError as err:
                session.rollback()
                message = self._environment(err)
                if message is None and isinstance(err, exc.OperationalError):  # as before: any of them
                    message = friendly(
                        err.orig or err, self.config.describe_db(), server=not self.config.is_sqlite
                    )
                if message is None:
                    raise
                raise message from err
            except BaseException:
                session.rollback()
                raise
        if marker_id is not None:
            self._marked = True
            marker.write_file_marker(self.config, marker_id)

    def close(self) -> None:
        self.engine.dispose()


def connect_file(path: Path, key: DataKey | None, *, timeout: float = 30, uri: bool = False) -> Any:
    """A plain DB-API connection to a SQLite file (backups, restore checks, conversion), keyed
    first when ``key`` is given. Errors of either driver are ``file_errors()``."""
    if key is None:
        import sqlite3

        return sqlite3.connect(str(path), timeout=timeout, uri=uri)
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=timeout, uri=uri)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f'PRAGMA key = "{key.sqlcipher_key()}"')
    return conn


def file_errors() -> tuple[type[Exception], ...]:
    """The database errors of both drivers (the standard library's and SQLCipher's)."""
    import sqlite3

    import sqlcipher3

    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def keyring_for(config: Config) -> Keyring | None:
    if config.key is None or not config.is_sqlite:
        return None
    from inspector.crypto.keyfile import Keyring

    return Keyring(config.key_file, config.key)


def keyring_of(session: Session) -> Keyring | None:
    """The unlocked key file the session's database was opened with: services that change a
    password or an account keep the account's key slot in step through it."""
    found = session.info.get(KEYRING)
    return found if found is not None else None


def is_plain_sqlite(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (an encrypted one starts with random salt)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _check_file(path: Path, where: str, key: DataKey | None) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    plain = is_plain_sqlite(path)
    if key is None and not plain:
        raise DatabaseError(
            tr(
                "The database {where} is encrypted (or damaged): sign in to open it. If it should not "
                "be encrypted, restore it from a backup.",
                where=where,
            )
        )
    if key is not None and plain:
        raise DatabaseError(
            tr(
                'The database {where} is not encrypted yet. Convert the data directory with "inspector db '
                'encrypt" (or open it in the app, which offers the conversion).',
                where=where,
            )
        )


def open_database(config: Config, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate the configured database; with ``config.key`` the SQLite
    file is SQLCipher."""
    where = config.describe_db()
    path = _sqlite_path(config.db_url)
    if path is not None:
        if not path.exists() or path.stat().st_size == 0:
            marker.refuse_if_lost(config, where, missing=True)  # before connecting creates the file
        _check_file(path, where, config.key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DatabaseError(
                tr(
                    "Cannot create the data directory {where}: {reason}.",
                    where=str(path.parent),
                    reason=os_reason(err),
                )
            ) from err
    engine = create_db_engine(config.db_url, config.key if path is not None else None)
    try:
        current = check_schema(engine, where)
        marker_id, records = marker.guard(engine, config, where, current, at_head=current == head_revision())
        if migrate:
            _migrate(engine, where, current)
            marker_id = marker.settle(engine, config, marker_id, records)
    except exc.DBAPIError as err:
        engine.dispose()
        raise friendly(err.orig or err, where, server=path is None) from err
    except BaseException:
        engine.dispose()
        raise
    write_engine = (
        engine.execution_options(sqlite_begin="IMMEDIATE")
        if path is not None or config.db_url.startswith("sqlite")
        else engine
    )
    info = {KEYRING: keyring_for(config)}
    return Database(
        config=config,
        engine=engine,
        _read=sessionmaker(engine, expire_on_commit=False, info=info),
        _write=sessionmaker(write_engine, expire_on_commit=False, info=info),
        _marked=marker_id is not None,
    )
