"""What the inspector is not asked twice: the business type the registry knows (a pharmacy's or a
wholesaler's 经营类型, recorded when the inspection starts), and the deadline the office set as its
default (used wherever neither the inspector nor the checklist item names one), on SQLite and
PostgreSQL."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from inspector.config import Config
from inspector.documents.notice import notice_items
from inspector.domain import AnswerResult, DocumentKind
from inspector.forms import visible_items
from inspector.services import inspections
from inspector.services import settings as office_settings
from inspector.services.actor import SYSTEM
from inspector.services.documents import building
from inspector.services.followup import machine
from inspector.storage.db import Database
from inspector.storage.models import Inspection
from inspector.storage.types import utcnow
from tests.factories import checklist
from tests.services.helpers import start


@pytest.mark.parametrize(("kind", "business"), [("pharmacy", "药品零售"), ("wholesaler", "药品批发")])
def test_the_business_type_comes_from_the_registry(db: Database, kind: str, business: str) -> None:
    with db.write() as s:
        view = start(s, kind=kind)
    with db.read() as s:
        view = inspections.get_inspection(s, view.id)
        form = inspections.form_of(s, view.id)
    assert view.answers["PH-00"].value == business
    assert view.last_item_code is None  # the walk-through opens at the first question still to answer
    visible = {i.code for i in visible_items(form, view.states())}
    # The items that depend on the business type are there from the start, so the count is right.
    assert ("PH-02" in visible) is (kind == "pharmacy")
    assert ("PH-06" in visible) is (kind == "wholesaler")


def test_a_clinic_inspection_records_nothing_before_the_inspector_does(db: Database) -> None:
    with db.write() as s:
        view = start(s, kind="clinic")
    assert view.answers == {}


def _office_deadline(db: Database, days: int) -> None:
    with db.write() as s:
        office_settings.save(s, SYSTEM, replace(office_settings.load(s), default_deadline_days=days))


def _notice_deadlines(db: Database, config: Config, inspection_id: uuid.UUID) -> dict[str, int]:
    """The deadlines the notice would state (a draft inspection: the issue itself waits for 定稿)."""
    with db.read() as s:
        insp = s.get(Inspection, inspection_id)
        assert insp is not None
        src = building.draft_sources(s, config, insp, DocumentKind.NOTICE, utcnow())
        items = notice_items(
            src.form,
            src.inspection,
            catalogue=src.catalogue,
            default_deadline_days=src.settings.default_deadline_days,
        )
    return {i.code: i.deadline_days for i in items}


def test_the_office_default_deadline_applies_where_the_checklist_sets_none(
    sqlite_db: Database, sqlite_config: Config
) -> None:
    """T-09 of the shared test checklist names no deadline, T-06 names 7 days. (T-02, non-compliant
    so that T-09 is shown, is a case ordered to stop at once: not what this test is about.)"""
    form = checklist()
    assert form.item("T-09").deadline_days is None and form.item("T-06").deadline_days == 7
    _office_deadline(sqlite_db, 12)
    with sqlite_db.write() as s:
        view = start(s, form=form)
        for code in ("T-02", "T-09", "T-06"):
            inspections.record_answer(
                s, SYSTEM, view.id, code, result=AnswerResult.NON_COMPLIANT, finding="现场发现"
            )
    with sqlite_db.read() as s:
        stored = machine._inspection_items(s, view.id)["items"]
    assert _deadlines(_notice_deadlines(sqlite_db, sqlite_config, view.id)) == {"T-09": 12, "T-06": 7}
    assert _deadlines({i["code"]: i["deadline_days"] for i in stored}) == {"T-09": 12, "T-06": 7}
    with sqlite_db.write() as s:  # the inspector's own choice wins over both
        inspections.record_answer(s, SYSTEM, view.id, "T-09", deadline_days=3)
    assert _deadlines(_notice_deadlines(sqlite_db, sqlite_config, view.id)) == {"T-09": 3, "T-06": 7}


def _deadlines(by_code: dict[str, int]) -> dict[str, int]:
    """The deadlines of T-09 and T-06 (both must be there)."""
    return {code: by_code[code] for code in ("T-09", "T-06")}
