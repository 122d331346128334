"""Demo follow-up: rectifications in every state, some overdue, so the supervisor board and the
dashboard open with something to show.

Runs after the documents demo (which issues the notices and so opens the rectifications). Demo notices
are issued "now" although the demo inspections lie up to five months back; to give the dashboard
months of history, each demo rectification is dated back to its inspection's day (what an office does
when a notice is handed over on site), inside a transaction that records an audit event. Then every
state change goes through :mod:`inspector.workflows` like a person's would. Without the documents
demo, the rectifications are opened here directly from the findings.

"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import random
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.config import Config
from inspector.demo.result import DemoResult
from inspector.domain import AnswerResult, DocumentKind, EscalationKind, RectificationStatus, Role
from inspector.errors import UserError
from inspector.services import audit, inspections, office_days
from inspector.services import photos as photos_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.followup import machine, views
from inspector.storage.db import Database
from inspector.storage.models import Answer, Inspection, Rectification, RectificationEvent, User

# What happens to the demo rectifications, oldest first (the list repeats when there are more).
SCRIPT = (
    "closed",  # corrected by the deadline, closed
    "escalated",  # not corrected, case opened
    "reinspected",  # partly corrected, waiting for the supervisor
    "closed_late",  # corrected after the deadline
    "served_overdue",
    "issued_overdue",
    "served_due_soon",
    "issued_later",
    "escalated_transfer",
    "closed",
)


def _actors(db: Database) -> dict[str, Actor]:
    with db.read() as s:
        rows = s.execute(select(User).where(User.active.is_(True)).order_by(User.username)).scalars().all()
    out: dict[str, Actor] = {}
    for u in rows:
        actor = Actor(user_id=u.id, name=u.name, role=Role(u.role))
        out.setdefault(u.role, actor)
    return out


def _inspector_pair(db: Database) -> list[uuid.UUID]:
    with db.read() as s:
        ids = (
            s.execute(
                select(User.id)
                .where(User.role == Role.INSPECTOR.value, User.active.is_(True), User.cert_no.is_not(None))
                .order_by(User.username)
                .limit(2)
            )
            .scalars()
            .all()
        )
    return list(ids)


def _open_missing(db: Database, result: DemoResult, actor: Actor) -> None:
    """Without the documents demo: open the rectifications of finalized inspections with findings the
    health office orders corrected (a drug matter goes to the drug regulator: no rectification)."""
    for iid in result.finalized:
        with db.read() as s:
            insp = s.get(Inspection, iid)
            codes = s.execute(
                select(Answer.item_code).where(
                    Answer.inspection_id == iid, Answer.result == AnswerResult.NON_COMPLIANT.value
                )
            ).scalars()
            form = inspections.form_of(s, iid)
            ordered = [c for c in codes if form.has_item(c) and not form.item(c).transfers_drug_matter]
            if insp is None or not ordered or views.rectification_for_inspection(s, iid):
                continue
            issued = insp.finished_at or insp.started_at
        with contextlib.suppress(UserError), db.write() as s:
            machine.open_rectification(
                s,
                actor,
                iid,
                deadline=office_days.local_date(issued) + dt.timedelta(days=15),
                issued_at=issued,
                note="演示数据",
            )


def _backdate(db: Database) -> list[uuid.UUID]:
    """Date each open demo rectification to its inspection's day; return them oldest first."""
    with db.write() as s:
        rows = s.execute(
            select(Rectification, Inspection)
            .join(Inspection, Inspection.id == Rectification.inspection_id)
            .order_by(Inspection.started_at, Rectification.id)
        ).all()
        changed = []
        for rect, insp in rows:
            issued = insp.finished_at or insp.started_at
            if rect.status not in views.AWAITING_CORRECTION:
                continue
            days = max(1, (rect.deadline - office_days.local_date(rect.created_at)).days)
            rect.created_at = issued
            rect.deadline = office_days.local_date(issued) + dt.timedelta(days=days)
            if rect.served_at is not None:
                rect.served_at = issued + dt.timedelta(hours=1)
            for ev in s.execute(
                select(RectificationEvent).where(RectificationEvent.rectification_id == rect.id)
            ).scalars():
                ev.at = issued if ev.from_status is None else issued + dt.timedelta(hours=1)
            changed.append(str(rect.id))
        s.flush()
        if changed:
            audit.record(
                s,
                SYSTEM,
                "demo.backdate",
                "rectification",
                changed[0],
                detail={"rectifications": changed, "why": "demo data dated to the inspection day"},
            )
        return [rect.id for rect, _ in rows]


def _photo(config: Config, code: str, folder: Path, when: dt.datetime) -> Path:
    from inspector.demo.photos import make_demo_photo

    path = folder / f"IMG_{when:%Y%m%d_%H%M%S}_{code}_recheck.jpg"
    make_demo_photo(path, f"复查 {code} 仍未整改", when=when.astimezone(), size=(1280, 960))
    return path


# What a re-inspection found, by whether the item is still not corrected.
FOUND = {
    True: (AnswerResult.NON_COMPLIANT, "复查时仍未整改。"),
    False: (AnswerResult.COMPLIANT, "复查时现场核实，已按要求改正。"),
}


def _reinspect(
    db: Database,
    config: Config,
    rid: uuid.UUID,
    *,
    who: dict[str, Actor],
    pair: list[uuid.UUID],
    when: dt.datetime,
    outcome: str,
    folder: Path,
) -> None:
    """Re-inspect at ``when``: ``corrected`` (all compliant), ``partly`` or ``not`` (all non-compliant)."""
    inspector = who.get(Role.INSPECTOR.value, SYSTEM)
    with db.write() as s:
        iid = workflows.start_reinspection(s, inspector, rid, pair, when).created
        assert iid is not None
        form = inspections.form_of(s, iid)
    for n, item in enumerate(form.items):
        bad = outcome == "not" or (outcome == "partly" and n == 0 and len(form.items) > 1)
        if outcome == "partly" and len(form.items) == 1:
            bad = False
        with db.write() as s:
            if item.answer_type != "check":
                value = {"number": "0", "date": when.date().isoformat(), "text": "已整改"}.get(
                    item.answer_type, item.choices[0] if item.choices else ""
                )
                inspections.record_answer(
                    s, inspector, iid, item.code, result=AnswerResult.COMPLIANT, value=value
                )
            else:  # the 复查意见书 states what was found, also for a corrected item
                result, found = FOUND[bad]
                inspections.record_answer(s, inspector, iid, item.code, result=result, finding=found)
        if bad and item.photo_required:
            photos_service.ingest_files(
                db, config, inspector, iid, [_photo(config, item.code, folder, when)], item_code=item.code
            )
    with db.write() as s:  # without a notice this records the result at once
        workflows.finalize_inspection(s, inspector, iid, finished_at=when + dt.timedelta(minutes=40))
    with db.read() as s:
        rect = s.get(Rectification, rid)
        has_notice = rect is not None and rect.notice_id is not None
    if has_notice:  # the 复查意见书 is dated the day of the re-inspection, as an office issues it
        issued_at = min(when + dt.timedelta(hours=1), dt.datetime.now(dt.UTC))
        workflows.perform(
            db,
            lambda s: workflows.issue_document(
                s, inspector, config, iid, DocumentKind.REINSPECTION, issued_at=issued_at
            ),
        )


def seed_followup(db: Database, config: Config, result: DemoResult, rng: random.Random) -> None:
    """Play :data:`SCRIPT` over the demo's rectifications, oldest first, as the office and the
    supervisor would; a step the demo cannot take leaves that rectification where it is."""
    who = _actors(db)
    pair = _inspector_pair(db)
    if len(pair) < 2:
        return
    _open_missing(db, result, who.get(Role.OFFICE.value, SYSTEM))
    ids = _backdate(db)
    with tempfile.TemporaryDirectory(prefix="inspector-demo-followup-") as tmp:
        cast = _Cast(
            db=db,
            config=config,
            who=who,
            pair=pair,
            today=office_days.local_today(),
            now=dt.datetime.now(dt.UTC),
            folder=Path(tmp),
        )
        for n, rid in enumerate(ids):
            try:
                _play(cast, rid, SCRIPT[n % len(SCRIPT)], n)
            except UserError:
                continue  # e.g. a checklist item needing a value the demo cannot give: leave it where it is
    result.extra["rectifications"] = len(ids)


@dataclasses.dataclass(frozen=True)
class _Cast:
    """Who acts in the follow-up demo, and the clock and folder every step shares."""

    db: Database
    config: Config
    who: dict[str, Actor]
    pair: list[uuid.UUID]
    today: dt.date
    now: dt.datetime
    folder: Path

    @property
    def office(self) -> Actor:
        return self.who.get(Role.OFFICE.value, SYSTEM)

    @property
    def supervisor(self) -> Actor:
        return self.who.get(Role.SUPERVISOR.value, SYSTEM)


def _play(cast: _Cast, rid: uuid.UUID, plan: str, n: int) -> None:
    """One rectification's part of the script: a new deadline, service, a re-inspection and the
    supervisor's decision, each only where the plan calls for it."""
    db = cast.db
    with db.read() as s:
        rect = views.get_rectification(s, rid)
    issued = rect.created_at
    if plan in ("issued_later", "served_due_soon"):
        target = cast.today + dt.timedelta(days=2 if plan == "served_due_soon" else 12 + n)
        if target != rect.deadline:
            with db.write() as s:
                workflows.change_deadline(s, cast.supervisor, rid, target, "当事人书面申请延期，经审核同意")
    if rect.status == RectificationStatus.ISSUED.value and plan not in ("issued_overdue", "issued_later"):
        served = min(issued + dt.timedelta(days=1), cast.now)
        with db.write() as s:
            workflows.serve_rectification(
                s, cast.office, cast.config, rid, served_on=office_days.local_date(served), note="当事人签收"
            )
    if plan in ("closed", "escalated", "reinspected", "closed_late", "escalated_transfer"):
        when = _visit_time(issued, rect.deadline, late=plan == "closed_late", now=cast.now)
        outcome = {"escalated": "not", "escalated_transfer": "not", "reinspected": "partly"}.get(
            plan, "corrected"
        )
        _reinspect(
            db, cast.config, rid, who=cast.who, pair=cast.pair, when=when, outcome=outcome, folder=cast.folder
        )
        with db.write() as s:
            _decide(s, cast.supervisor, rid, plan)


def _visit_time(issued: dt.datetime, deadline: dt.date, *, late: bool, now: dt.datetime) -> dt.datetime:
    """When the re-inspection happens: two days before the deadline (six after, when late), at 9:30,
    never before the day after issue nor later than two hours ago."""
    visit = office_days.local_date(issued) + dt.timedelta(
        days=(deadline - office_days.local_date(issued)).days + (6 if late else -2)
    )
    return min(
        dt.datetime.combine(
            max(visit, office_days.local_date(issued) + dt.timedelta(days=1)), dt.time(9, 30)
        ).astimezone(dt.UTC),
        now - dt.timedelta(hours=2),
    )


def _decide(s: Session, supervisor: Actor, rid: uuid.UUID, plan: str) -> None:
    """The supervisor's decision after the re-inspection: close, open a case, or transfer to the police
    (a plan that waits for the supervisor decides nothing)."""
    if plan in ("closed", "closed_late"):
        workflows.close(s, supervisor, rid, "复查合格，予以结案")
    elif plan == "escalated":
        workflows.escalate(
            s, supervisor, rid, EscalationKind.CASE, "逾期未整改，依据《人口与计划生育法》第三十九条立案查处"
        )
    elif plan == "escalated_transfer":
        workflows.escalate(s, supervisor, rid, EscalationKind.TRANSFER, "涉嫌非法鉴定胎儿性别，移送公安机关")
