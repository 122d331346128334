"""Fixtures for the document tests: an office (settings, two inspectors, office staff, a site) on the
parametrized database, and one private LibreOffice profile for the whole test session (each
``soffice`` start with a fresh profile costs seconds; the suite makes only a few calls)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.documents.pdf import PROFILE_ENV, find_soffice
from inspector.storage.db import Database
from tests.documents.doc_helpers import Office, make_office


@pytest.fixture
def office(db: Database) -> Office:
    return make_office(db)


@pytest.fixture
def sqlite_office(sqlite_db: Database) -> Office:
    return make_office(sqlite_db)


@pytest.fixture
def photo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "camera"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def soffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """LibreOffice is required by these tests: a missing one fails them, loudly, never skips."""
    if find_soffice() is None:
        pytest.fail(
            "LibreOffice (soffice) is not installed: the document tests convert every generated file "
            "to PDF. Install it (Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk "
            "poppler-utils)."
        )
    profile = tmp_path_factory.getbasetemp() / "libreoffice-profile"
    old = os.environ.get(PROFILE_ENV)
    os.environ[PROFILE_ENV] = str(profile)
    yield profile
    if old is None:
        os.environ.pop(PROFILE_ENV, None)
    else:
        os.environ[PROFILE_ENV] = old
