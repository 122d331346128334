"""The rectification's state machine: from the notice to closure or escalation.

A rectification moves ``issued → served (签收) → reinspected (with a result) → closed | escalated``.
:data:`TRANSITIONS` is the whole machine: each allowed step with the permission it needs (the rule
book is :mod:`inspector.services.permissions`). The only way to change a status is
:func:`transition`, which checks that table, writes a :class:`RectificationEvent` (who, when, note)
and an audit event, so no step can be skipped and none happens without a trace.

These functions change one rectification each. A user's action that also issues or serves a document
(the notice opens the rectification, the 复查意见书 records the re-inspection's result) is a workflow
in :mod:`inspector.workflows`, which calls this module and the documents service in order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import (
    AnswerResult,
    EscalationKind,
    InspectionStatus,
    RectificationResult,
    RectificationStatus,
    rectification_status_label,
)
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, inspections, permissions, state_machine
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.followup.views import (
    AWAITING_CORRECTION,
    RectificationView,
    get_rectification,
    load,
    parse_items,
    rectification_for_inspection,
)
from inspector.services.office_days import local_date, local_today
from inspector.services.permissions import Action
from inspector.storage.models import (
    Answer,
    Inspection,
    Rectification,
    RectificationEscalation,
    RectificationEvent,
)
from inspector.storage.types import utcnow

S = RectificationStatus
# Every allowed step and the permission it needs. ``None`` is the creation of the rectification,
# which issuing its notice does.
TRANSITIONS: dict[tuple[S | None, S], Action] = {
    (None, S.ISSUED): Action.ISSUE_NOTICE,
    (S.ISSUED, S.SERVED): Action.SERVE,
    (S.SERVED, S.REINSPECTED): Action.REINSPECT,
    (S.REINSPECTED, S.CLOSED): Action.CLOSE,
    (S.REINSPECTED, S.ESCALATED): Action.ESCALATE,
}
MAX_NOTE = 2000
CLOCK_SKEW = dt.timedelta(minutes=5)


def next_statuses(actor: Actor, status: str) -> list[str]:
    """The statuses ``actor`` may move a rectification in ``status`` to (what a screen offers)."""
    return state_machine.offered(TRANSITIONS, actor, status)


def clean_note(note: str, *, required: bool, what: str = "note") -> str:
    return state_machine.clean_note(
        note,
        what,
        required=required,
        limit=MAX_NOTE,
        missing=tr("Write a note saying why; it is kept in the rectification's history."),
        too_long=tr("The note is too long: at most {limit} characters.", limit=MAX_NOTE),
    )


def _refused_step(current: str, target: str) -> str:
    return tr(
        "A rectification that is {current} cannot become {target}. The order is: issued, "
        "served, re-inspected, then closed or escalated.",
        current=current,
        target=target,
    )


def check_transition(actor: Actor, src: str | None, dst: S) -> None:
    state_machine.require_step(
        TRANSITIONS, actor, src, dst, label=rectification_status_label, refusal=_refused_step
    )


def transition(
    session: Session,
    actor: Actor,
    rect: Rectification,
    dst: S,
    note: str,
    *,
    detail: dict[str, Any] | None = None,
    escalation: EscalationKind | None = None,
) -> RectificationEvent:
    """The only place a status changes: checks :data:`TRANSITIONS`, writes the event (and how an
    escalation went) and then the audit event, which seals every row written here."""
    src = rect.status
    check_transition(actor, src, dst)
    now = utcnow()
    event = state_machine.step_event(
        RectificationEvent, actor, src, dst.value, note=note, at=now, rectification_id=rect.id
    )
    session.add(event)
    rect.status = dst.value
    rect.updated_at = now
    session.flush()
    if escalation is not None:
        session.add(
            RectificationEscalation(rectification_id=rect.id, kind=escalation.value, event_id=event.id)
        )
        session.flush()
    audit.record(
        session,
        actor,
        "transition",
        "rectification",
        rect.id,
        before={"status": src},
        after={"status": dst.value, "result": rect.result},
        detail={"note": note, **(detail or {})},
    )
    return event


def _inspection_items(session: Session, inspection_id: uuid.UUID) -> dict[str, Any]:
    """The failed items of an inspection in checklist order, as a rectification stores them."""
    form = inspections.form_of(session, inspection_id)
    default_days = settings_service.load(session).default_deadline_days
    answers = {
        a.item_code: a
        for a in session.execute(
            select(Answer).where(
                Answer.inspection_id == inspection_id, Answer.result == AnswerResult.NON_COMPLIANT.value
            )
        ).scalars()
    }
    items = []
    for item in form.items:
        a = answers.get(item.code)
        if a is None:
            continue
        items.append(
            {
                "code": item.code,
                "question": item.question,
                "finding": a.finding,
                "correction": a.correction or item.correction,
                "deadline_days": a.deadline_days or item.deadline_days or default_days,
                "legal": list(item.legal),
            }
        )
    return {"items": items}


def _deadline_problem(deadline: dt.date, issued: dt.date) -> tuple[str, str] | None:
    if deadline >= issued:
        return None
    return (
        "deadline",
        tr(
            "The deadline {deadline} is before the issue date {issued}; choose a later date.",
            deadline=deadline.isoformat(),
            issued=issued.isoformat(),
        ),
    )


def _refuse_opening(
    session: Session, insp: Inspection, data: dict[str, Any], deadline: dt.date, issued: dt.datetime
) -> None:
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("Finalize the inspection before opening its rectification."))
    problems: list[tuple[str, str]] = []
    late = _deadline_problem(deadline, local_date(issued))
    if late is not None:
        problems.append(late)
    if not parse_items(data):
        problems.append(("items", tr("The inspection found nothing to correct; no rectification is needed.")))
    if rectification_for_inspection(session, insp.id) is not None:
        problems.append(("inspection", tr("This inspection already has a rectification.")))
    if problems:
        raise ValidationError(problems)


def open_rectification(
    session: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    *,
    deadline: dt.date,
    notice_id: uuid.UUID | None = None,
    items: dict[str, Any] | None = None,
    note: str = "",
    issued_at: dt.datetime | None = None,
) -> RectificationView:
    """Open the rectification of a finalized inspection's findings (when its notice is issued).

    ``items`` defaults to the inspection's non-compliant answers. The deadline may not lie before
    the issue date.
    """
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    check_transition(actor, None, S.ISSUED)
    issued = issued_at or utcnow()
    data = items if items is not None else _inspection_items(session, inspection_id)
    _refuse_opening(session, insp, data, deadline, issued)
    note = clean_note(note, required=False)
    rect = Rectification(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        site_id=insp.site_id,
        notice_id=notice_id,
        items=data,
        deadline=deadline,
        status=S.ISSUED.value,
        created_at=issued,
        updated_at=issued,
    )
    session.add(rect)
    session.flush()
    session.add(
        state_machine.step_event(
            RectificationEvent, actor, None, S.ISSUED.value, note=note, at=issued, rectification_id=rect.id
        )
    )
    session.flush()
    codes = [i.code for i in parse_items(data)]
    after = {"inspection": str(inspection_id), "deadline": deadline.isoformat(), "items": codes}
    audit.record(session, actor, "open", "rectification", rect.id, after=after)
    return get_rectification(session, rect.id)


def attach_notice(
    session: Session, actor: Actor, rectification_id: uuid.UUID, notice_id: uuid.UUID, number: str
) -> RectificationView:
    """Give a rectification opened without a notice the notice issued for it afterwards."""
    permissions.require(actor, Action.ISSUE_NOTICE)
    rect = load(session, rectification_id, for_update=True)
    if rect.notice_id is not None and rect.notice_id != notice_id:
        raise UserError(tr("This inspection's rectification already refers to another notice."))
    rect.notice_id = notice_id
    session.flush()
    audit.record(
        session,
        actor,
        "rectification.notice",
        "rectification",
        rect.id,
        after={"notice": str(notice_id), "number": number},
    )
    return get_rectification(session, rect.id)


def replace_notice(
    session: Session,
    actor: Actor,
    rectification_id: uuid.UUID,
    notice_id: uuid.UUID,
    number: str,
    *,
    items: dict[str, Any],
    deadline: dt.date,
) -> RectificationView:
    """Point a rectification at the corrected notice that replaces its voided one (new number, the
    findings and deadlines as corrected). Only before the notice was served: the party holds a served
    one, and a correction after that is the supervisor's decision (close, escalate)."""
    permissions.require(actor, Action.ISSUE_NOTICE)
    rect = load(session, rectification_id, for_update=True)
    if rect.status != S.ISSUED.value:
        raise UserError(
            tr(
                "The notice was already served, so its rectification follows it: a corrected notice can "
                "only replace one not yet served."
            )
        )
    before = {"notice": str(rect.notice_id), "deadline": rect.deadline.isoformat()}
    rect.notice_id = notice_id
    rect.items = items
    rect.deadline = deadline
    session.flush()
    after = {"notice": str(notice_id), "number": number, "deadline": deadline.isoformat()}
    audit.record(session, actor, "rectification.notice", "rectification", rect.id, before=before, after=after)
    return get_rectification(session, rect.id)


def as_instant(value: dt.date | dt.datetime) -> dt.datetime:
    """A date typed by a person means that day where the office is: today is now, an earlier day its
    local noon (so the stored instant shows as that date in the office's zone)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValidationError([("served_at", tr("The time needs a time zone."))])
        return value.astimezone(dt.UTC)
    if value == local_today():
        return utcnow()
    local_noon = dt.datetime.combine(value, dt.time(12)).astimezone()
    return local_noon.astimezone(dt.UTC)


def serve(
    session: Session,
    actor: Actor,
    rectification_id: uuid.UUID,
    served_at: dt.date | dt.datetime,
    note: str = "",
) -> RectificationView:
    """Record that the party signed for the notice (签收) on ``served_at``. Only the rectification
    changes; stamping the notice itself served is the documents service's (the workflow does both)."""
    rect = load(session, rectification_id, for_update=True)
    check_transition(actor, rect.status, S.SERVED)
    when = as_instant(served_at)
    if when > utcnow() + CLOCK_SKEW:
        raise ValidationError([("served_at", tr("The date of service is in the future; check the date."))])
    if local_date(when) < local_date(rect.created_at):
        raise ValidationError(
            [
                (
                    "served_at",
                    tr(
                        "The notice cannot be served before it was issued ({issued}).",
                        issued=local_date(rect.created_at).isoformat(),
                    ),
                )
            ]
        )
    note = clean_note(note, required=False)
    rect.served_at = when
    transition(session, actor, rect, S.SERVED, note, detail={"served_at": when.isoformat()})
    return get_rectification(session, rect.id)


def close(session: Session, actor: Actor, rectification_id: uuid.UUID, note: str = "") -> RectificationView:
    """Close a re-inspected rectification (supervisor); one not fully corrected needs a note."""
    rect = load(session, rectification_id, for_update=True)
    check_transition(actor, rect.status, S.CLOSED)
    note = clean_note(note, required=rect.result != RectificationResult.CORRECTED.value)
    rect.closed_at = utcnow()
    transition(session, actor, rect, S.CLOSED, note)
    return get_rectification(session, rect.id)


def escalate(
    session: Session, actor: Actor, rectification_id: uuid.UUID, kind: EscalationKind | str, note: str
) -> RectificationView:
    """Escalate a re-inspected rectification to a case (立案) or a transfer (移送); a note is required."""
    rect = load(session, rectification_id, for_update=True)
    check_transition(actor, rect.status, S.ESCALATED)
    if kind not in EscalationKind._value2member_map_:
        raise ValidationError([("kind", tr('Choose how to escalate: "case" (立案) or "transfer" (移送).'))])
    note = clean_note(note, required=True)
    rect.closed_at = utcnow()
    transition(
        session,
        actor,
        rect,
        S.ESCALATED,
        note,
        detail={"escalation": str(kind)},
        escalation=EscalationKind(kind),
    )
    return get_rectification(session, rect.id)


def change_deadline(
    session: Session, actor: Actor, rectification_id: uuid.UUID, deadline: dt.date, note: str
) -> RectificationView:
    """Extend or correct the deadline (supervisor) while the party still has to act; not a transition,
    so the event keeps the status and the note says what changed."""
    permissions.require(actor, Action.CHANGE_DEADLINE)
    rect = load(session, rectification_id, for_update=True)
    if rect.status not in AWAITING_CORRECTION:
        raise UserError(tr("The deadline can only change before the re-inspection."))
    note = clean_note(note, required=True)
    late = _deadline_problem(deadline, local_date(rect.created_at))
    if late is not None:
        raise ValidationError([late])
    if deadline == rect.deadline:
        raise ValidationError(
            [("deadline", tr("The deadline is already {deadline}.", deadline=deadline.isoformat()))]
        )
    old = rect.deadline
    now = utcnow()
    rect.deadline = deadline
    rect.updated_at = now
    full_note = tr("Deadline {old} → {new}: {note}", old=old.isoformat(), new=deadline.isoformat(), note=note)
    session.add(
        RectificationEvent(
            id=uuid.uuid4(),
            rectification_id=rect.id,
            from_status=rect.status,
            to_status=rect.status,
            note=full_note,
            actor_id=actor.user_id,
            at=now,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "deadline",
        "rectification",
        rect.id,
        before={"deadline": old.isoformat()},
        after={"deadline": deadline.isoformat()},
        detail={"note": note},
    )
    return get_rectification(session, rect.id)
