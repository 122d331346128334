"""Small builders shared by service tests: an inspection of a built-in checklist started at a fresh
site by two inspectors (the site and the people come from ``tests/factories.py``)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from inspector.forms import Form, load_registry
from inspector.services import inspections, users
from inspector.services.actor import SYSTEM
from tests.factories import inspector_pair, site


def two_inspectors(s: Session) -> tuple[users.UserView, users.UserView]:
    """张伟 and 李芳 with their 执法证号, under user names of their own (any number of pairs)."""
    return inspector_pair(s, uuid.uuid4().hex[:6])


def clinic_form() -> Form:
    return load_registry(None).default_for_site("clinic")


def start(s: Session, *, form: Form | None = None, kind: str = "clinic") -> inspections.InspectionView:
    site_id = site(s, kind=kind)
    a, b = two_inspectors(s)
    return inspections.start_inspection(
        s,
        SYSTEM,
        inspections.StartInput(
            site_id=site_id,
            form=form or load_registry(None).default_for_site(kind),
            inspector_ids=[a.id, b.id],
            started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30),
            party_name="王建国",
            party_title="负责人",
        ),
    )
