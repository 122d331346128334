"""Fixtures for the trust tests: a complete world in a fresh SQLite data directory, and helpers to
run the real command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.config import Config, resolve
from inspector.storage.db import Database, open_database
from tests.trust.trust_world import World, build_world


@pytest.fixture
def world(sqlite_db: Database, sqlite_config: Config, tmp_path: Path) -> World:
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
