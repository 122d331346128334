"""Opening the database safely, migrating it, and handing out transactions.

Why it looks like this:
- SQLite runs in WAL mode with ``synchronous=FULL``: a committed answer survives a power cut, and
  readers (the UI) never block the writer.
- Write transactions start with ``BEGIN IMMEDIATE`` on SQLite, so two writers queue on the busy
  timeout instead of failing halfway with "database is locked" when a read lock cannot be upgraded.
- Migrations run at start-up. A database stamped by a newer version of the app is refused before
  anything is written, so an older laptop can never damage an office database.
"""

from __future__ import annotations

import re
import sqlite3
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
from inspector.i18n import tr

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def create_db_engine(url: str) -> Engine:
    """An engine with the pragmas and begin behaviour above; no schema work."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
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


def _friendly(err: Exception, where: str) -> DatabaseError:
    text = str(err).lower()
    if "locked" in text or "busy" in text:
        return DatabaseError(
            tr(
                "The database {where} is locked by another program. "
                "Close the other copy of the app and try again.",
                where=where,
            )
        )
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return DatabaseError(
            tr(
                "The file {where} is not a readable database (it may be damaged). It was left untouched; "
                "restore it from a backup or choose another data directory.",
                where=where,
            )
        )
    return DatabaseError(
        tr(
            "Cannot open the database {where}: {reason}. "
            "Check the address, the server and your access rights.",
            where=where,
            reason=str(err).splitlines()[0],
        )
    )


def check_schema(engine: Engine, where: str) -> str | None:
    """Return the current revision, refusing an unreadable database or one newer than this app."""
    try:
        current = current_revision(engine)
    except exc.DBAPIError as err:
        raise _friendly(err.orig or err, where) from err
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


def upgrade(engine: Engine, where: str) -> None:
    """Migrate to head inside the migration's own transaction."""
    current = check_schema(engine, where)
    if current == head_revision():
        return
    from alembic import command

    cfg = alembic_config(engine)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except exc.DBAPIError as err:
        raise _friendly(err.orig or err, where) from err


@dataclass
class Database:
    """The open database: an engine plus transactions. One per process, passed in, never global."""

    config: Config
    engine: Engine
    _read: sessionmaker[Session]
    _write: sessionmaker[Session]

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; closing it ends the transaction and anything it changed is discarded
        (objects loaded in it stay readable, detached)."""
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception."""
        with self._write() as session:
            try:
                yield session
                session.commit()
            except exc.OperationalError as err:
                session.rollback()
                raise _friendly(err.orig or err, self.config.describe_db()) from err
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_database(config: Config, *, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate the configured database."""
    where = config.describe_db()
    path = _sqlite_path(config.db_url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            with path.open("rb") as fh:
                if not fh.read(16).startswith(b"SQLite format 3"):
                    raise _friendly(Exception("file is not a database"), where)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise DatabaseError(
                tr(
                    "Cannot create the data directory {where}: {reason}.",
                    where=str(path.parent),
                    reason=err.strerror,
                )
            ) from err
    engine = create_db_engine(config.db_url)
    try:
        if migrate:
            upgrade(engine, where)
        else:
            check_schema(engine, where)
    except BaseException:
        engine.dispose()
        raise
    write_engine = (
        engine.execution_options(sqlite_begin="IMMEDIATE")
        if path is not None or config.db_url.startswith("sqlite")
        else engine
    )
    return Database(
        config=config,
        engine=engine,
        _read=sessionmaker(engine, expire_on_commit=False),
        _write=sessionmaker(write_engine, expire_on_commit=False),
    )
