"""Rows the photo tests need: an inspection (with its site and form snapshot) and a real user."""

from __future__ import annotations

import datetime as dt
import uuid

from inspector.domain import InspectionStatus, Role
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import FormSnapshot, Inspection, Site, User


def make_inspection(database: Database, *, status: InspectionStatus = InspectionStatus.DRAFT) -> uuid.UUID:
    with database.write() as s:
        site = Site(kind="clinic", name="测试诊所", address="城关镇")
        s.add(site)
        sha = uuid.uuid4().hex + uuid.uuid4().hex
        s.add(FormSnapshot(sha256=sha, form_id="clinic", version="1", content="{}"))
        s.flush()
        insp = Inspection(
            site_id=site.id,
            form_id="clinic",
            form_version="1",
            form_sha256=sha,
            started_at=dt.datetime(2024, 5, 1, 2, 0, tzinfo=dt.UTC),
            status=status.value,
        )
        s.add(insp)
        s.flush()
        return insp.id


def make_actor(database: Database) -> Actor:
    with database.write() as s:
        user = User(username=f"u{uuid.uuid4().hex[:8]}", name="张三", role=Role.INSPECTOR.value)
        s.add(user)
        s.flush()
        return Actor(user_id=user.id, name=user.name, role=Role.INSPECTOR)
