"""Qt runs offscreen for these tests (no display needed); the photo tests' inspection fixture."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inspector.domain import Role
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import FormSnapshot, Inspection, Site, User


@pytest.fixture
def ui_actor(sqlite_db: Database) -> Actor:
    with sqlite_db.write() as s:
        user = User(username="li", name="李四", role=Role.INSPECTOR.value)
        s.add(user)
        s.flush()
        return Actor(user_id=user.id, name=user.name, role=Role.INSPECTOR)


@pytest.fixture
def ui_inspection(sqlite_db: Database) -> uuid.UUID:
    with sqlite_db.write() as s:
        site = Site(kind="pharmacy", name="康民药店")
        s.add(site)
        s.add(FormSnapshot(sha256="f" * 64, form_id="pharmacy", version="1", content="{}"))
        s.flush()
        insp = Inspection(
            site_id=site.id,
            form_id="pharmacy",
            form_version="1",
            form_sha256="f" * 64,
            started_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        )
        s.add(insp)
        s.flush()
        return insp.id
