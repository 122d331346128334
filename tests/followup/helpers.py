"""Builders for the follow-up tests: rectifications in any state reached through the real services,
re-inspections, plan sites and the board's table cells (the checklist, people, sites and finalized
inspections are the shared ones of ``tests/factories.py``)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from inspector.domain import AnswerResult, EscalationKind
from inspector.services import inspections, sites
from inspector.services.actor import SYSTEM
from inspector.services.followup import machine, reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from tests.factories import People, add_photo, finalized, site


def issued(
    db: Database,
    who: People,
    *,
    bad: dict[str, str] | None = None,
    deadline_days: int = 10,
    site_id: uuid.UUID | None = None,
    district: str = "城关镇",
    kind: str = "clinic",
    inspector_ids: list[uuid.UUID] | None = None,
    days_ago: int = 0,
) -> uuid.UUID:
    """A rectification in state ``issued`` for a fresh inspection, issued ``days_ago`` with its deadline
    ``deadline_days`` after that."""
    if site_id is None:
        with db.write() as s:
            site_id = site(s, district=district, kind=kind)
    iid = finalized(
        db, who, site_id, bad or {"T-01": "未悬挂许可证", "T-05": "未张贴标志"}, inspector_ids=inspector_ids
    )
    issued_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    with db.write() as s:
        view = machine.open_rectification(
            s,
            who.office,
            iid,
            issued_at=issued_at,
            deadline=fviews.local_date(issued_at) + dt.timedelta(days=deadline_days),
        )
    return view.id


def reinspect(
    db: Database, who: People, rect_id: uuid.UUID, results: dict[str, AnswerResult], *, record: bool = True
) -> uuid.UUID:
    """Start, answer (code → result) and finalize the re-inspection; record its result (unless
    ``record`` is false: then issuing the 复查意见书 records it)."""
    with db.write() as s:
        view = reinspection.start_reinspection(s, who.inspector_a, rect_id, who.pair, dt.datetime.now(dt.UTC))
        form = inspections.form_of(s, view.id)
        for code, result in results.items():  # what was found is written also for a corrected item
            finding = "仍未整改" if result is AnswerResult.NON_COMPLIANT else "已按要求改正"
            inspections.record_answer(s, who.inspector_a, view.id, code, result=result, finding=finding)
            if result is AnswerResult.NON_COMPLIANT and form.item(code).photo_required:
                add_photo(s, view.id, code)
        inspections.finalize(s, who.inspector_a, view.id)
    if record:
        with db.write() as s:
            reinspection.record_result(s, who.inspector_a, view.id)
    return view.id


def to_state(db: Database, who: People, state: str) -> uuid.UUID:
    """A rectification moved through the real services to ``state``."""
    rid = issued(db, who)
    if state == "issued":
        return rid
    with db.write() as s:
        machine.serve(s, who.office, rid, fviews.local_today())
    if state == "served":
        return rid
    reinspect(db, who, rid, {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.COMPLIANT})
    if state == "reinspected":
        return rid
    with db.write() as s:
        if state == "closed":
            machine.close(s, who.supervisor, rid, "已整改")
        else:
            machine.escalate(s, who.supervisor, rid, EscalationKind.CASE, "拒不整改，立案查处")
    return rid


@dataclass(frozen=True)
class Board:
    """What the UI tests' board fixture made: the people and a rectification id per state."""

    who: People
    ids: dict[str, uuid.UUID]


def cell(table: Any, row: int, column: int) -> str:
    """The text of a QTableWidget cell (the core tests never import Qt; this takes any table)."""
    item = table.item(row, column)
    assert item is not None, f"no item at {row}, {column}"
    return str(item.text())


def sites_for_plan(db: Database) -> dict[str, set[uuid.UUID]]:
    """7 clinics in 城关镇, 5 in 河西镇, 3 pharmacies in 城关镇, one inactive clinic; ids by stratum."""
    out: dict[str, set[uuid.UUID]] = {}
    with db.write() as s:
        for kind, district, n in (
            ("clinic", "城关镇", 7),
            ("clinic", "河西镇", 5),
            ("pharmacy", "城关镇", 3),
        ):
            for i in range(n):
                v = sites.create_site(
                    s,
                    SYSTEM,
                    sites.SiteInput(
                        kind=kind,
                        name=f"{district}{kind}{i}",
                        licence_no=f"P{uuid.uuid4().hex[:8]}",
                        district=district,
                    ),
                )
                out.setdefault(f"{kind}/{district}", set()).add(v.id)
        gone = sites.create_site(
            s, SYSTEM, sites.SiteInput(kind="clinic", name="已注销诊所", licence_no="GONE", district="城关镇")
        )
        sites.set_active(s, SYSTEM, gone.id, False)
    return out
