"""Inspection lifecycle on SQLite and PostgreSQL: start, autosave answers, finalize, addenda."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from inspector.domain import AnswerResult, InspectionStatus
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.forms import visible_items
from inspector.services import addenda, inspection_list, inspections, sites, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import Inspection
from tests.services.helpers import clinic_form, start, two_inspectors


def _answer_all(db: Database, inspection_id: object, *, bad: str | None = None) -> None:
    with db.read() as s:
        form = inspections.form_of(s, inspection_id)  # type: ignore[arg-type]
    answered: dict[str, object] = {}
    for item in form.items:
        with db.read() as s:
            view = inspections.get_inspection(s, inspection_id)  # type: ignore[arg-type]
        if item not in visible_items(form, view.states()):
            continue
        with db.write() as s:
            if item.answer_type != "check":
                value = (
                    item.choices[0]
                    if item.choices
                    else {"number": "1", "date": "2026-11-01"}.get(item.answer_type, "见现场")
                )
                inspections.record_answer(
                    s,
                    SYSTEM,
                    inspection_id,
                    item.code,  # type: ignore[arg-type]
                    result=AnswerResult.COMPLIANT,
                    value=value,
                )
            elif item.code == bad:
                inspections.record_answer(
                    s,
                    SYSTEM,
                    inspection_id,
                    item.code,  # type: ignore[arg-type]
                    result=AnswerResult.NON_COMPLIANT,
                    finding="现场发现问题",
                )
            else:
                inspections.record_answer(
                    s,
                    SYSTEM,
                    inspection_id,
                    item.code,  # type: ignore[arg-type]
                    result=AnswerResult.COMPLIANT,
                )
        answered[item.code] = True


def test_start_answer_finalize(db: Database) -> None:
    with db.write() as s:
        view = start(s)
    assert view.status == "draft" and len(view.inspectors) == 2
    with db.write() as s:
        a = inspections.record_answer(
            s, SYSTEM, view.id, "CL-01", result=AnswerResult.NON_COMPLIANT, finding="未悬挂执业许可证"
        )
    assert a.result == "non_compliant"
    with db.write() as s:  # upsert: the same item again changes the row, never adds one
        inspections.record_answer(s, SYSTEM, view.id, "CL-01", finding="未悬挂执业许可证，已拍照")
    with db.read() as s:
        got = inspections.get_inspection(s, view.id)
        assert got.answers["CL-01"].finding == "未悬挂执业许可证，已拍照"
        assert got.answers["CL-01"].result == "non_compliant"
        assert got.last_item_code == "CL-01"
    with pytest.raises(inspections.FinalizeRefused) as refused, db.write() as s:
        inspections.finalize(s, SYSTEM, view.id)
    assert refused.value.items and refused.value.items[0].item_code
    _answer_all(db, view.id, bad=None)
    with db.write() as s:
        done = inspections.finalize(s, SYSTEM, view.id)
    assert done.finalized and done.finalized_at is not None
    with pytest.raises(UserError, match="只读"), db.write() as s:
        inspections.record_answer(s, SYSTEM, view.id, "CL-02", result=AnswerResult.NON_COMPLIANT)
    with db.write() as s:
        addenda.add_addendum(
            s, SYSTEM, view.id, text="补充：许可证已于当日下午悬挂", reason="现场遗漏", item_code="CL-01"
        )
    with db.read() as s:
        got = inspections.get_inspection(s, view.id)
    assert [a.text for a in got.addenda] == ["补充：许可证已于当日下午悬挂"]
    assert got.answers["CL-01"].finding == "未悬挂执业许可证，已拍照"


def test_non_compliant_without_finding_blocks_finalize(db: Database) -> None:
    with db.write() as s:
        view = start(s)
    _answer_all(db, view.id)
    with db.write() as s:
        inspections.record_answer(s, SYSTEM, view.id, "CL-02", result=AnswerResult.NON_COMPLIANT, finding="")
    with pytest.raises(inspections.FinalizeRefused) as refused, db.write() as s:
        inspections.finalize(s, SYSTEM, view.id)
    assert "CL-02" in [p.item_code for p in refused.value.items]
    with db.read() as s:
        assert inspections.get_inspection(s, view.id).status == InspectionStatus.DRAFT.value


def test_unknown_item_is_refused(db: Database) -> None:
    with db.write() as s:
        view = start(s)
    with pytest.raises(UserError), db.write() as s:
        inspections.record_answer(s, SYSTEM, view.id, "XX-99", result=AnswerResult.COMPLIANT)


@pytest.mark.parametrize("problem", ["one", "same_twice", "future", "no_site"])
def test_bad_start_is_refused(db: Database, problem: str) -> None:
    with db.write() as s:
        site = sites.create_site(s, SYSTEM, sites.SiteInput(kind="clinic", name="某诊所"))
        a, b = two_inspectors(s)
    ids = {"one": [a.id], "same_twice": [a.id, a.id]}.get(problem, [a.id, b.id])
    started = dt.datetime.now(dt.UTC) + (dt.timedelta(hours=2) if problem == "future" else dt.timedelta())
    site_id = site.id if problem != "no_site" else a.id
    with pytest.raises(ValidationError) as info, db.write() as s:
        inspections.start_inspection(
            s,
            SYSTEM,
            inspections.StartInput(
                site_id=site_id, form=clinic_form(), inspector_ids=ids, started_at=started
            ),
        )
    assert info.value.problems
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Inspection)).scalar() == 0


def test_inspector_without_valid_cert_no(db: Database) -> None:
    with pytest.raises(ValidationError, match="执法证号"), db.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("w", "王", cert_no="abc"))


def test_snapshot_freezes_the_form(db: Database) -> None:
    with db.write() as s:
        view = start(s)
    with db.read() as s:
        form = inspections.form_of(s, view.id)
    assert form.sha256 == view.form_sha256
    assert form.id == view.form_id


def test_list_and_filter(db: Database) -> None:
    with db.write() as s:
        v1 = start(s)
        start(s, kind="pharmacy")
    with db.write() as s:
        inspections.record_answer(s, SYSTEM, v1.id, "CL-01", result=AnswerResult.NON_COMPLIANT, finding="x")
    with db.read() as s:
        rows = inspection_list.list_inspections(s)
        assert len(rows) == 2
        assert {r.non_compliant for r in rows} == {0, 1}
        assert inspection_list.count_inspections(s, "draft") == 2
        assert inspection_list.list_inspections(s, inspection_list.InspectionFilter(status="finalized")) == []


def test_missing_inspection(db: Database) -> None:
    import uuid

    with pytest.raises(NotFoundError), db.read() as s:
        inspections.get_inspection(s, uuid.uuid4())
