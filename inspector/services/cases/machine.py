"""A case's state machine, and the supervisor's decisions that move it.

:data:`TRANSITIONS` is the whole machine: each allowed step with the permission it needs (the rule
book is :mod:`inspector.services.permissions`). The only way a status changes is :func:`transition`,
which checks that table, writes a :class:`CaseEvent` (who, when, why) and an audit event sealing every
row written, so no step can be skipped and none happens without a trace. Screens grey their buttons
with :func:`next_statuses`, from the same table.

- 待立案 → 已立案: a supervisor approves (立案); → 已移送: a matter outside the office's jurisdiction
  (a drug sale) is handed over without 立案; → 已结案: 不予立案, with the reason.
- 已立案 → 调查中: the first item kept or interview recorded after approval moves it on
  (:mod:`~inspector.services.cases.evidence`, :mod:`~inspector.services.cases.interviews`).
- 已立案 / 调查中 → 已移送 (to the police or the drug regulator) or → 已作出处理 (the office decided).
- 已移送 / 已作出处理 → 已结案, once every kept item has its decision.

A user's action that also moves a rectification (approving a case opened from a failed re-inspection
escalates that rectification) is a workflow in :mod:`inspector.workflows.cases`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import CaseStatus, TransferTarget, case_status_label
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, state_machine
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.cases.views import CaseView, get_case, load
from inspector.services.permissions import Action
from inspector.storage.case_models import Case, CaseEvent, KeptItem
from inspector.storage.types import utcnow

S = CaseStatus
# Every allowed step and the permission it needs. ``None`` is the proposal, which creates the case.
TRANSITIONS: dict[tuple[S | None, S], Action] = {
    (None, S.PROPOSED): Action.PROPOSE_CASE,
    (S.PROPOSED, S.OPENED): Action.APPROVE_CASE,
    (S.PROPOSED, S.TRANSFERRED): Action.TRANSFER_CASE,
    (S.PROPOSED, S.CLOSED): Action.APPROVE_CASE,  # 不予立案
    (S.OPENED, S.INVESTIGATING): Action.PROPOSE_CASE,  # the investigation began (automatic)
    (S.OPENED, S.TRANSFERRED): Action.TRANSFER_CASE,
    (S.INVESTIGATING, S.TRANSFERRED): Action.TRANSFER_CASE,
    (S.OPENED, S.DECIDED): Action.DECIDE_CASE,
    (S.INVESTIGATING, S.DECIDED): Action.DECIDE_CASE,
    (S.TRANSFERRED, S.CLOSED): Action.CLOSE_CASE,
    (S.DECIDED, S.CLOSED): Action.CLOSE_CASE,
}
# A case being worked on: evidence may be kept and people questioned.
ACTIVE = (S.PROPOSED.value, S.OPENED.value, S.INVESTIGATING.value)
FINISHED = (S.TRANSFERRED.value, S.DECIDED.value, S.CLOSED.value)
MAX_NOTE = 4000


def next_statuses(actor: Actor, status: str) -> list[str]:
    """The statuses ``actor`` may move a case in ``status`` to (what a screen offers), leaving out the
    automatic step to 调查中."""
    return [dst for dst in state_machine.offered(TRANSITIONS, actor, status) if dst != S.INVESTIGATING.value]


def clean_text(value: str, field: str, *, required: bool, message: str = "") -> str:
    return state_machine.clean_note(
        value,
        field,
        required=required,
        limit=MAX_NOTE,
        missing=message or tr("Write why; it is kept in the case's history."),
        too_long=tr("The text is too long: at most {limit} characters.", limit=MAX_NOTE),
    )


def _refused_step(current: str, target: str) -> str:
    return tr(
        "A case that is {current} cannot become {target}. The order is: awaiting approval, "
        "opened, under investigation, then transferred or decided, then closed.",
        current=current,
        target=target,
    )


def check_transition(actor: Actor, src: str | None, dst: S) -> None:
    state_machine.require_step(TRANSITIONS, actor, src, dst, label=case_status_label, refusal=_refused_step)


def transition(
    session: Session,
    actor: Actor,
    case: Case,
    dst: S,
    note: str,
    *,
    at: dt.datetime | None = None,
    detail: dict[str, Any] | None = None,
) -> CaseEvent:
    """The only place a case's status changes: checks :data:`TRANSITIONS`, writes the event, then the
    audit event, which seals every row written here."""
    src = case.status
    check_transition(actor, src, dst)
    when = at or utcnow()
    if when < last_step(session, case.id):
        raise ValidationError(
            [
                (
                    "at",
                    tr(
                        "A step of a case cannot be dated before the step that came before it; check "
                        "the date."
                    ),
                )
            ]
        )
    event = state_machine.step_event(CaseEvent, actor, src, dst.value, note=note, at=when, case_id=case.id)
    session.add(event)
    case.status = dst.value
    case.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "case.transition",
        "case",
        case.id,
        before={"status": src},
        after={"status": dst.value},
        detail={"note": note, **(detail or {})},
    )
    return event


def last_step(session: Session, case_id: uuid.UUID) -> dt.datetime:
    """When the case's history last moved (its proposal at the earliest)."""
    q = select(func.max(CaseEvent.at)).where(CaseEvent.case_id == case_id)
    found = session.execute(q).scalar()
    if found is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return found if found.tzinfo is not None else found.replace(tzinfo=dt.UTC)


def start_investigation(session: Session, actor: Actor, case: Case, note: str, at: dt.datetime) -> None:
    """已立案 → 调查中 when the first evidence is kept or interview recorded after approval (dated when
    that happened, or with the approval when it was recorded earlier and entered since)."""
    if case.status == S.OPENED.value:
        transition(session, actor, case, S.INVESTIGATING, note, at=max(at, last_step(session, case.id)))


def refuse_finished(case: Case) -> None:
    """Evidence and interviews belong to a case being worked on."""
    if case.status not in ACTIVE:
        raise UserError(
            tr(
                "The case is {status}: nothing more can be added to it.",
                status=case_status_label(case.status),
            )
        )


def approve(
    session: Session, actor: Actor, case_id: uuid.UUID, note: str = "", *, at: dt.datetime | None = None
) -> CaseView:
    """立案: the supervisor approves the proposal (the 立案报告 records who and when)."""
    case = load(session, case_id, for_update=True)
    check_transition(actor, case.status, S.OPENED)
    when = at or utcnow()
    if when < case.discovered_at:
        raise ValidationError([("approved_at", tr("A case cannot be approved before it was discovered."))])
    case.approved_by = actor.user_id
    case.approved_at = when
    case.approval_note = clean_text(note, "note", required=False) or "同意立案。"
    transition(session, actor, case, S.OPENED, case.approval_note, at=when)
    return get_case(session, case.id)


def refuse(session: Session, actor: Actor, case_id: uuid.UUID, reason: str) -> CaseView:
    """不予立案: the proposal is closed with the reason."""
    case = load(session, case_id, for_update=True)
    check_transition(actor, case.status, S.CLOSED)
    reason = clean_text(reason, "note", required=True, message=tr("Say why no case is opened (不予立案)."))
    case.closed_at = utcnow()
    case.close_note = reason
    transition(session, actor, case, S.CLOSED, reason, detail={"refused": True})
    return get_case(session, case.id)


def receiving_body(session: Session, target: TransferTarget) -> str:
    """The receiving body's name from the office settings; refused when the office has not set it."""
    settings = settings_service.load(session)
    body = (settings.police_body if target is TransferTarget.POLICE else settings.drug_body).strip()
    if not body:
        raise UserError(
            tr("The office settings do not name the receiving body yet; an office account sets it first.")
        )
    return body


def transfer(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    target: TransferTarget | str,
    reason: str,
    *,
    at: dt.datetime | None = None,
) -> CaseView:
    """移送: the case goes to the police (suspected crime, 刑法 第三百三十六条) or the drug regulator."""
    case = load(session, case_id, for_update=True)
    check_transition(actor, case.status, S.TRANSFERRED)
    if str(target) not in TransferTarget._value2member_map_:
        raise ValidationError([("to", tr('Choose the receiving body: "police" or "drug".'))])
    goal = TransferTarget(target)
    reason = clean_text(reason, "reason", required=True, message=tr("Say why the case is transferred."))
    case.transfer_to = goal.value
    case.transfer_body = receiving_body(session, goal)
    case.transfer_reason = reason
    case.transferred_at = at or utcnow()
    note = f"{case.transfer_body}：{reason}"
    transition(session, actor, case, S.TRANSFERRED, note, at=case.transferred_at, detail={"to": goal.value})
    return get_case(session, case.id)


def decide(session: Session, actor: Actor, case_id: uuid.UUID, result: str) -> CaseView:
    """已作出处理: the office's decision on the case (a penalty decision, no penalty, …)."""
    case = load(session, case_id, for_update=True)
    check_transition(actor, case.status, S.DECIDED)
    case.result = clean_text(result, "result", required=True, message=tr("Write what was decided."))
    case.decided_at = utcnow()
    transition(session, actor, case, S.DECIDED, case.result)
    return get_case(session, case.id)


def _refuse_undecided(session: Session, case: Case) -> None:
    q = select(func.count()).where(KeptItem.case_id == case.id, KeptItem.decided_at.is_(None))
    undecided = session.execute(q).scalar_one()
    if undecided:
        raise UserError(
            tr(
                "{n} kept item(s) still wait for a decision (return, transfer or confiscate); decide "
                "them before closing the case.",
                n=undecided,
            )
        )


def close(session: Session, actor: Actor, case_id: uuid.UUID, note: str) -> CaseView:
    """结案 a transferred or decided case; every kept item must have its decision."""
    case = load(session, case_id, for_update=True)
    check_transition(actor, case.status, S.CLOSED)
    note = clean_text(note, "result", required=True, message=tr("Write how the case ended."))
    _refuse_undecided(session, case)
    case.closed_at = utcnow()
    case.close_note = note
    transition(session, actor, case, S.CLOSED, note)
    return get_case(session, case.id)
