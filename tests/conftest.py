"""Shared fixtures: a fresh data directory and database per test, on SQLite and on the real
PostgreSQL server that ``make test`` starts (``INSPECTOR_TEST_PG_URL``).

SQLite data directories are encrypted, as a laptop's are (SQLCipher database, sealed photos and
documents, a key file): every test runs on the encrypted store unless it builds its own plain one.
scrypt is made cheap for the tests' key slots (``fast_key_slots``); ``tests/crypto`` measures nothing
but checks the real parameters are recorded and used.

Under CI a skipped test fails the run: a missing service must never pass silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from inspector import i18n
from inspector.config import Config, resolve
from inspector.crypto import keys as crypto_keys
from inspector.services.unlock import create_office
from inspector.storage.db import Database, open_database
from tests.identity import CLI_ADMIN, CLI_PASSWORD, CliAs, ensure_account
from tests.world import World, build_world

PG_ENV = "INSPECTOR_TEST_PG_URL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/ui/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        skipped = reporter.stats.get("skipped", []) if reporter else []
        if skipped:
            if reporter:
                reporter.write_line(
                    f"CI: {len(skipped)} test(s) skipped; a skipped test fails under CI.", red=True
                )
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in the default language, whatever the previous test switched to."""
    monkeypatch.delenv("INSPECTOR_DATA_DIR", raising=False)
    monkeypatch.delenv("INSPECTOR_DB_URL", raising=False)
    monkeypatch.delenv("INSPECTOR_RECOVERY_CODE", raising=False)
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture(autouse=True)
def fast_key_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Key slots made during tests use scrypt N=2^10 (the parameters are recorded in each slot, so
    reading works whatever they are); the production cost is measured by ``make bench``."""
    monkeypatch.setattr(crypto_keys, "SCRYPT_N", 2**10)


RECOVERY_CODES: dict[Path, str] = {}


def encrypted_config(data_dir: Path, monkeypatch: pytest.MonkeyPatch | None = None) -> Config:
    """A new encrypted laptop data directory. Its recovery code is kept in ``RECOVERY_CODES`` and,
    with ``monkeypatch``, put in ``INSPECTOR_RECOVERY_CODE`` so that CLI commands run in the test
    open it as the machine's owner would."""
    config, code = create_office(resolve(data_dir))
    RECOVERY_CODES[config.data_dir] = code
    if monkeypatch is not None:
        monkeypatch.setenv("INSPECTOR_RECOVERY_CODE", code)
    return config


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def sqlite_config(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    return encrypted_config(data_dir, monkeypatch)


@pytest.fixture
def sqlite_db(sqlite_config: Config) -> Iterator[Database]:
    db = open_database(sqlite_config)
    yield db
    db.close()


def pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured ({PG_ENV} unset); `make test` starts one")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for one test, dropped afterwards."""
    admin = make_url(pg_admin_url())
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def backend_config(request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    """The same test on SQLite (an encrypted laptop directory) and on PostgreSQL."""
    if request.param == "sqlite":
        return encrypted_config(data_dir, monkeypatch)
    url = request.getfixturevalue("pg_url")
    return resolve(data_dir, url)


@pytest.fixture
def db(backend_config: Config) -> Iterator[Database]:
    database = open_database(backend_config)
    yield database
    database.close()


@pytest.fixture
def world(sqlite_db: Database, sqlite_config: Config, tmp_path: Path) -> World:
    """A complete world (site, people, inspection, photo, notice, rectification) in ``sqlite_db``."""
    return build_world(sqlite_db, sqlite_config, tmp_path)


@pytest.fixture
def second(tmp_path: Path) -> Iterator[tuple[Config, Database]]:
    """A second, independent SQLite data directory (the office, when the first is the laptop)."""
    d = tmp_path / "office"
    d.mkdir()
    cfg = resolve(d)
    db = open_database(cfg)
    yield cfg, db
    db.close()


@pytest.fixture
def cli_as(monkeypatch: pytest.MonkeyPatch) -> CliAs:
    """``--as USER`` for a command that changes something (see ``tests/identity.py``)."""

    def make(where: Config | Path | str, username: str = CLI_ADMIN) -> list[str]:
        ensure_account(where if isinstance(where, Config) else resolve(where), username)
        monkeypatch.setenv("INSPECTOR_PASSWORD", CLI_PASSWORD)
        return ["--as", username]

    return make
