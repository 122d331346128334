"""Small builders shared by service tests: a site, two inspectors, a started inspection."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from inspector.forms import Form, load_registry
from inspector.services import inspections, sites, users
from inspector.services.actor import SYSTEM


def two_inspectors(s: Session) -> tuple[users.UserView, users.UserView]:
    tag = uuid.uuid4().hex[:6]
    a = users.create_user(s, SYSTEM, users.UserInput(f"zhang{tag}", "张伟", cert_no="41010020200001"))
    b = users.create_user(s, SYSTEM, users.UserInput(f"li{tag}", "李芳", cert_no="41010020200002"))
    return a, b


def clinic_form() -> Form:
    return load_registry(None).default_for_site("clinic")


def start(s: Session, *, form: Form | None = None, kind: str = "clinic") -> inspections.InspectionView:
    site = sites.create_site(
        s,
        SYSTEM,
        sites.SiteInput(kind=kind, name=f"测试场所{uuid.uuid4().hex[:4]}", licence_no=uuid.uuid4().hex[:10]),
    )
    a, b = two_inspectors(s)
    return inspections.start_inspection(
        s,
        SYSTEM,
        inspections.StartInput(
            site_id=site.id,
            form=form or load_registry(None).default_for_site(kind),
            inspector_ids=[a.id, b.id],
            started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30),
            party_name="王建国",
            party_title="负责人",
        ),
    )
