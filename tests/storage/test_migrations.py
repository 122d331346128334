"""Migrations produce exactly the models' schema, on SQLite and PostgreSQL; foreign databases are
refused untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from inspector.config import Config, resolve
from inspector.errors import DatabaseError
from inspector.storage.db import Database, connect_file, current_revision, head_revision, open_database
from inspector.storage.models import Base


def test_migrated_schema_matches_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert current_revision(db.engine) == head_revision()


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_untouched(sqlite_config: Config) -> None:
    open_database(sqlite_config).close()
    path = Path(sqlite_config.db_url.removeprefix("sqlite:///"))
    conn = connect_file(path, sqlite_config.key)  # the fixture's directory is encrypted
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = _sha(path)
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(sqlite_config)
    assert _sha(path) == before


def test_newer_schema_is_refused_on_postgres(pg_url: str, data_dir: Path) -> None:
    cfg = resolve(data_dir, pg_url)
    db = open_database(cfg)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    db.close()
    with pytest.raises(DatabaseError, match="9999_from_the_future"):
        open_database(cfg)


def test_corrupt_file_is_refused_untouched(sqlite_config: Config) -> None:
    path = Path(sqlite_config.db_url.removeprefix("sqlite:///"))
    path.write_bytes(b"this is not a database at all\n" * 100)
    before = _sha(path)
    with pytest.raises(DatabaseError, match="损坏"):
        open_database(sqlite_config)
    assert _sha(path) == before
    assert not Path(str(path) + "-wal").exists()


def test_damaged_database_pages_are_refused(sqlite_config: Config) -> None:
    open_database(sqlite_config).close()
    path = Path(sqlite_config.db_url.removeprefix("sqlite:///"))
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(raw))
    before = _sha(path)
    with pytest.raises(DatabaseError):
        open_database(sqlite_config)
    assert _sha(path) == before


def test_locked_database_gives_a_clear_message(
    sqlite_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.storage import db as dbmod

    open_database(sqlite_config).close()
    path = Path(sqlite_config.db_url.removeprefix("sqlite:///"))
    monkeypatch.setattr(dbmod, "SQLITE_BUSY_TIMEOUT_MS", 200)
    holder = connect_file(path, sqlite_config.key)
    holder.isolation_level = None
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError, match="锁定"):
            open_database(sqlite_config)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_unreachable_server_gives_a_clear_message(data_dir: Path) -> None:
    cfg = resolve(data_dir, "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(DatabaseError) as info:
        open_database(cfg)
    assert "secret" not in str(info.value)
    assert "无法打开数据库" in str(info.value)


def test_head_read_from_files_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from inspector.storage.db import alembic_config, known_revisions

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert known_revisions()[0] == {r.revision for r in script.walk_revisions()}
