"""Builders for the follow-up tests: a small checklist, people of every role, finalized inspections
with known findings, and rectifications in any state reached through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, EscalationKind, Role
from inspector.forms import Form, load_form_bytes
from inspector.services import inspections, signing, sites, users
from inspector.services.actor import SYSTEM, Actor
from inspector.services.followup import machine, reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from inspector.storage.models import Photo

FORM_TOML = """
format = 1
id = "fu-test"
version = "1"
site_kinds = ["clinic", "pharmacy"]
title = { zh = "测试检查表", en = "Test checklist" }

[[sections]]
id = "licence"
title = { zh = "资质", en = "Licence" }

[[sections.items]]
code = "T-01"
question = "执业许可证有效并悬挂"
correction = "悬挂有效执业许可证"
deadline_days = 10

[[sections.items]]
code = "T-02"
question = "有无B超机"
photo_required = true

[[sections]]
id = "records"
title = { zh = "记录", en = "Records" }

[[sections.items]]
code = "T-03"
question = "登记簿完整"

[[sections.items]]
code = "T-04"
question = "登记簿缺页数"
answer = "number"
condition = { item = "T-03", answer = "non_compliant" }

[[sections.items]]
code = "T-05"
question = "张贴禁止“两非”标志"
"""


def sample_form() -> Form:
    return load_form_bytes(FORM_TOML.encode("utf-8"), "fu-test.toml")


@dataclass(frozen=True)
class People:
    inspector_a: Actor
    inspector_b: Actor
    office: Actor
    supervisor: Actor

    @property
    def pair(self) -> list[uuid.UUID]:
        return [self.inspector_a.user_id, self.inspector_b.user_id]  # type: ignore[list-item]


def people(s: Session) -> People:
    a = users.create_user(s, SYSTEM, users.UserInput("zhang", "张伟", cert_no="41010020200001"))
    b = users.create_user(s, SYSTEM, users.UserInput("li", "李芳", cert_no="41010020200002"))
    o = users.create_user(s, SYSTEM, users.UserInput("office", "王办公", role=Role.OFFICE.value))
    v = users.create_user(
        s, SYSTEM, users.UserInput("boss", "赵监督", role=Role.SUPERVISOR.value, cert_no="41010020180001")
    )
    return People(*(users.actor_for(x) for x in (a, b, o, v)))


_counter = itertools.count(1)


def site(s: Session, *, kind: str = "clinic", district: str = "城关镇", name: str | None = None) -> uuid.UUID:
    n = next(_counter)
    return sites.create_site(
        s,
        SYSTEM,
        sites.SiteInput(
            kind=kind,
            name=name or f"测试场所{n}",
            licence_no=f"FU{uuid.uuid4().hex[:10]}",
            district=district,
        ),
    ).id


def add_photo(s: Session, inspection_id: uuid.UUID, code: str) -> uuid.UUID:
    """A photo row (the file itself does not matter to the follow-up services)."""
    photo = Photo(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        item_code=code,
        sha256=uuid.uuid4().hex * 2,
        size=10,
        original_filename=f"{code}.jpg",
        format="JPEG",
        width=4,
        height=3,
    )
    s.add(photo)
    s.flush()
    return photo.id


SIGNED = signing.SigningDetails(party_name="王建国", party_title="负责人", recusal="declined")


def finalized(
    db: Database,
    who: People,
    site_id: uuid.UUID,
    bad: dict[str, str],
    *,
    started_at: dt.datetime | None = None,
    form: Form | None = None,
    inspector_ids: list[uuid.UUID] | None = None,
) -> uuid.UUID:
    """A finalized inspection of ``site_id`` where the items in ``bad`` are non-compliant (code → finding);
    an item needing a photo gets one."""
    form = form or sample_form()
    when = started_at or dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            who.inspector_a,
            inspections.StartInput(
                site_id=site_id,
                form=form,
                inspector_ids=inspector_ids or who.pair,
                started_at=when,
                party_name="王建国",
            ),
        )
        for code in bad:
            if form.item(code).photo_required:
                add_photo(s, view.id, code)
        for item in form.items:
            if item.condition is not None and item.condition.item not in bad:
                continue
            if item.answer_type != "check":
                inspections.record_answer(
                    s, who.inspector_a, view.id, item.code, result=AnswerResult.COMPLIANT, value="2"
                )
            elif item.code in bad:
                inspections.record_answer(
                    s,
                    who.inspector_a,
                    view.id,
                    item.code,
                    result=AnswerResult.NON_COMPLIANT,
                    finding=bad[item.code],
                )
            else:
                inspections.record_answer(
                    s, who.inspector_a, view.id, item.code, result=AnswerResult.COMPLIANT
                )
        signing.record_signing(s, who.inspector_a, view.id, SIGNED)  # what the 笔录 records on site
        inspections.finalize(s, who.inspector_a, view.id, finished_at=when + dt.timedelta(hours=1))
    return view.id


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
