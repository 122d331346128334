"""Fixtures for the photo tests: an inspection to attach photos to (a real row with its site and form
snapshot) and an actor who is a real user."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from inspector.services.actor import Actor
from inspector.storage.db import Database
from tests.photos.photo_rows import make_actor, make_inspection


@pytest.fixture
def actor(sqlite_db: Database) -> Actor:
    return make_actor(sqlite_db)


@pytest.fixture
def inspection(sqlite_db: Database) -> uuid.UUID:
    return make_inspection(sqlite_db)


@pytest.fixture
def any_db(db: Database) -> Iterator[Database]:
    """The parametrized SQLite/PostgreSQL database (alias, to read clearly next to sqlite_db)."""
    yield db


@pytest.fixture
def any_actor(any_db: Database) -> Actor:
    return make_actor(any_db)


@pytest.fixture
def any_inspection(any_db: Database) -> uuid.UUID:
    return make_inspection(any_db)
