"""Rectification follow-up: the state machine from notice to closure, and the re-inspection.

A rectification moves ``issued → served (签收) → reinspected (with a result) → closed | escalated``.
:data:`TRANSITIONS` is the whole machine: each allowed step with the roles that may take it. The only
way to change a status is :func:`_transition`, which checks that table, writes a
:class:`RectificationEvent` (who, when, note) and an audit event, so no step can be skipped and none
happens without a trace. "Overdue" is not a state: it is computed from the deadline whenever it is
shown (:func:`is_overdue`), so it can never be stale.

A re-inspection checks only the items that failed: :func:`start_reinspection` derives a checklist
holding just those items from the original inspection's frozen form, and
:func:`record_reinspection_result` turns the finalized re-inspection's answers into the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import (
    OVERDUE,
    AnswerResult,
    DocumentKind,
    EscalationKind,
    InspectionKind,
    InspectionStatus,
    RectificationResult,
    RectificationStatus,
    Role,
    rectification_result_label,
    rectification_status_label,
)
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.forms import Form, load_snapshot
from inspector.i18n import tr
from inspector.services import audit, inspections
from inspector.services import photos as photos_service
from inspector.services.actor import Actor
from inspector.services.local_time_sql import unindexed
from inspector.storage.db import Database
from inspector.storage.models import (
    Answer,
    Document,
    FormSnapshot,
    Inspection,
    InspectionInspector,
    Rectification,
    RectificationEscalation,
    RectificationEvent,
    Site,
    User,
)
from inspector.storage.types import utcnow

S = RectificationStatus
# Every allowed step and who may take it (administrators may do everything, see Actor.require).
# ``None`` is the creation of the rectification when its notice is issued.
TRANSITIONS: dict[tuple[S | None, S], tuple[Role, ...]] = {
    (None, S.ISSUED): (Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR),
    (S.ISSUED, S.SERVED): (Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR),
    (S.SERVED, S.REINSPECTED): (Role.INSPECTOR, Role.SUPERVISOR),
    (S.REINSPECTED, S.CLOSED): (Role.SUPERVISOR,),
    (S.REINSPECTED, S.ESCALATED): (Role.SUPERVISOR,),
}
OPEN_STATUSES = (S.ISSUED.value, S.SERVED.value, S.REINSPECTED.value)
# Overdue counts only while the party still has to act: a re-inspected, closed or escalated
# rectification is past that point whatever its deadline.
AWAITING_CORRECTION = (S.ISSUED.value, S.SERVED.value)
DUE_SOON_DAYS = 3
MAX_NOTE = 2000
CLOCK_SKEW = dt.timedelta(minutes=5)
REINSPECTION_SUFFIX = "-reinspection"


# --- labels ------------------------------------------------------------------------------------


# --- dates -------------------------------------------------------------------------------------


def local_today() -> dt.date:
    """Deadlines are calendar days where the office is, so "today" is the laptop's local date."""
    return dt.datetime.now().astimezone().date()


def local_date(value: dt.datetime) -> dt.date:
    return value.astimezone().date()


def is_overdue(deadline: dt.date, status: str, today: dt.date) -> bool:
    return deadline < today and status in AWAITING_CORRECTION


def overdue_clause(today: dt.date) -> ColumnElement[bool]:
    """The SQL twin of :func:`is_overdue`, for filters and counts."""
    return and_(Rectification.deadline < today, Rectification.status.in_(AWAITING_CORRECTION))


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RectificationItem:
    code: str
    question: str
    finding: str
    correction: str
    deadline_days: int | None


def _items(raw: dict[str, Any] | None) -> tuple[RectificationItem, ...]:
    out = []
    for entry in (raw or {}).get("items", []):
        if not isinstance(entry, dict) or not entry.get("code"):
            continue
        days = entry.get("deadline_days")
        out.append(
            RectificationItem(
                code=str(entry["code"]),
                question=str(entry.get("question") or ""),
                finding=str(entry.get("finding") or ""),
                correction=str(entry.get("correction") or ""),
                deadline_days=int(days) if isinstance(days, int) else None,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class RectificationRow:
    """One line of the supervisor board."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    site_kind: str
    district: str
    notice_number: str | None
    item_codes: tuple[str, ...]
    inspectors: tuple[str, ...]
    deadline: dt.date
    status: str
    result: str | None
    served_at: dt.datetime | None
    created_at: dt.datetime
    today: dt.date

    @property
    def overdue(self) -> bool:
        return is_overdue(self.deadline, self.status, self.today)

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def due_soon(self) -> bool:
        """Within :data:`DUE_SOON_DAYS` of the deadline and still awaiting correction."""
        return self.status in AWAITING_CORRECTION and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def display_status(self) -> str:
        return OVERDUE if self.overdue else self.status

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "inspection_id": str(self.inspection_id),
            "site_id": str(self.site_id),
            "site_name": self.site_name,
            "site_kind": self.site_kind,
            "district": self.district,
            "notice_number": self.notice_number,
            "items": list(self.item_codes),
            "inspectors": list(self.inspectors),
            "deadline": self.deadline.isoformat(),
            "status": self.status,
            "overdue": self.overdue,
            "days_left": self.days_left,
            "result": self.result,
            "served_at": self.served_at.isoformat() if self.served_at else None,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class EventView:
    from_status: str | None
    to_status: str
    note: str
    actor_id: uuid.UUID | None
    actor_name: str
    at: dt.datetime


@dataclass(frozen=True)
class ReinspectionLink:
    inspection_id: uuid.UUID
    status: str
    started_at: dt.datetime


@dataclass(frozen=True)
class RectificationView:
    """A rectification with its items, history and re-inspections, for the history dialog and the CLI."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    site_kind: str
    district: str
    notice_id: uuid.UUID | None
    notice_number: str | None
    items: tuple[RectificationItem, ...]
    deadline: dt.date
    status: str
    served_at: dt.datetime | None
    result: str | None
    escalation: str | None
    closed_at: dt.datetime | None
    created_at: dt.datetime
    events: tuple[EventView, ...]
    reinspections: tuple[ReinspectionLink, ...]
    today: dt.date

    @property
    def overdue(self) -> bool:
        return is_overdue(self.deadline, self.status, self.today)

    @property
    def display_status(self) -> str:
        return OVERDUE if self.overdue else self.status

    @property
    def issue_date(self) -> dt.date:
        return local_date(self.created_at)

    def allowed_actions(self, actor: Actor) -> list[str]:
        """The next statuses ``actor`` may move this rectification to (what the UI offers)."""
        out = []
        for (src, dst), roles in TRANSITIONS.items():
            if (
                src is not None
                and src.value == self.status
                and (actor.role is Role.ADMIN or actor.role in roles)
            ):
                out.append(dst.value)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "inspection_id": str(self.inspection_id),
            "site_id": str(self.site_id),
            "site_name": self.site_name,
            "district": self.district,
            "notice_number": self.notice_number,
            "items": [i.__dict__ for i in self.items],
            "deadline": self.deadline.isoformat(),
            "status": self.status,
            "overdue": self.overdue,
            "result": self.result,
            "escalation": self.escalation,
            "served_at": self.served_at.isoformat() if self.served_at else None,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
            "created_at": self.created_at.isoformat(),
            "events": [
                {
                    "from": e.from_status,
                    "to": e.to_status,
                    "note": e.note,
                    "by": e.actor_name,
                    "at": e.at.isoformat(),
                }
                for e in self.events
            ],
            "reinspections": [
                {"id": str(r.inspection_id), "status": r.status, "started_at": r.started_at.isoformat()}
                for r in self.reinspections
            ],
        }


# --- loading -----------------------------------------------------------------------------------


def _get(session: Session, rectification_id: uuid.UUID, *, for_update: bool = False) -> Rectification:
    q = select(Rectification).where(Rectification.id == rectification_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    rect = session.execute(q).scalar_one_or_none()
    if rect is None:
        raise NotFoundError(tr("No rectification with id {id}.", id=rectification_id))
    return rect


def get_rectification(
    session: Session, rectification_id: uuid.UUID, today: dt.date | None = None
) -> RectificationView:
    rect = _get(session, rectification_id)
    site = session.get(Site, rect.site_id)
    assert site is not None
    notice_number = None
    if rect.notice_id is not None:
        notice_number = session.execute(select(Document.number).where(Document.id == rect.notice_id)).scalar()
    events = session.execute(
        select(RectificationEvent, User.name)
        .outerjoin(User, User.id == RectificationEvent.actor_id)
        .where(RectificationEvent.rectification_id == rect.id)
        .order_by(RectificationEvent.at, RectificationEvent.id)
    ).all()
    escalation = session.execute(
        select(RectificationEscalation.kind).where(RectificationEscalation.rectification_id == rect.id)
    ).scalar()
    reinspections = session.execute(
        select(Inspection.id, Inspection.status, Inspection.started_at)
        .where(Inspection.rectification_id == rect.id)
        .order_by(Inspection.started_at)
    ).all()
    return RectificationView(
        id=rect.id,
        inspection_id=rect.inspection_id,
        site_id=rect.site_id,
        site_name=site.name,
        site_kind=site.kind,
        district=site.district,
        notice_id=rect.notice_id,
        notice_number=notice_number,
        items=_items(rect.items),
        deadline=rect.deadline,
        status=rect.status,
        served_at=rect.served_at,
        result=rect.result,
        escalation=escalation,
        closed_at=rect.closed_at,
        created_at=rect.created_at,
        events=tuple(
            EventView(
                e.from_status,
                e.to_status,
                e.note,
                e.actor_id,
                name or (tr("system") if e.actor_id is None else ""),
                e.at,
            )
            for e, name in events
        ),
        reinspections=tuple(ReinspectionLink(i, st, at) for i, st, at in reinspections),
        today=today or local_today(),
    )


def rectification_for_inspection(session: Session, inspection_id: uuid.UUID) -> uuid.UUID | None:
    """The rectification opened from ``inspection_id`` (its notice), if any."""
    return session.execute(
        select(Rectification.id)
        .where(Rectification.inspection_id == inspection_id)
        .order_by(Rectification.created_at)
        .limit(1)
    ).scalar()


# --- the state machine -------------------------------------------------------------------------


def _clean_note(note: str, *, required: bool, what: str = "note") -> str:
    text_ = (note or "").strip()
    if required and not text_:
        raise ValidationError(
            [(what, tr("Write a note saying why; it is kept in the rectification's history."))]
        )
    if len(text_) > MAX_NOTE:
        raise ValidationError(
            [(what, tr("The note is too long: at most {limit} characters.", limit=MAX_NOTE))]
        )
    return text_


def _check_transition(actor: Actor, src: str | None, dst: S) -> None:
    key = (S(src) if src is not None else None, dst)
    roles = TRANSITIONS.get(key)
    if roles is None:
        raise UserError(
            tr(
                "A rectification that is {current} cannot become {target}. The order is: issued, "
                "served, re-inspected, then closed or escalated.",
                current=rectification_status_label(src or ""),
                target=rectification_status_label(dst.value),
            )
        )
    actor.require(*roles)


def _transition(
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
    _check_transition(actor, src, dst)
    now = utcnow()
    event = RectificationEvent(
        id=uuid.uuid4(),
        rectification_id=rect.id,
        from_status=src,
        to_status=dst.value,
        note=note,
        actor_id=actor.user_id,
        at=now,
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
                "deadline_days": a.deadline_days or item.deadline_days,
                "legal": list(item.legal),
            }
        )
    return {"items": items}


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
    _check_transition(actor, None, S.ISSUED)
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("Finalize the inspection before opening its rectification."))
    issued = issued_at or utcnow()
    problems: list[tuple[str, str]] = []
    if deadline < local_date(issued):
        problems.append(
            (
                "deadline",
                tr(
                    "The deadline {deadline} is before the issue date {issued}; choose a later date.",
                    deadline=deadline.isoformat(),
                    issued=local_date(issued).isoformat(),
                ),
            )
        )
    data = items if items is not None else _inspection_items(session, inspection_id)
    if not _items(data):
        problems.append(("items", tr("The inspection found nothing to correct; no rectification is needed.")))
    if rectification_for_inspection(session, inspection_id) is not None:
        problems.append(("inspection", tr("This inspection already has a rectification.")))
    if problems:
        raise ValidationError(problems)
    note = _clean_note(note, required=False)
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
        RectificationEvent(
            id=uuid.uuid4(),
            rectification_id=rect.id,
            from_status=None,
            to_status=S.ISSUED.value,
            note=note,
            actor_id=actor.user_id,
            at=issued,
        )
    )
    session.flush()
    audit.record(
        session,
        actor,
        "open",
        "rectification",
        rect.id,
        after={
            "inspection": str(inspection_id),
            "deadline": deadline.isoformat(),
            "items": [i.code for i in _items(data)],
        },
    )
    return get_rectification(session, rect.id)


def _as_instant(value: dt.date | dt.datetime) -> dt.datetime:
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
    """Record that the party signed for the notice (签收) on ``served_at``."""
    rect = _get(session, rectification_id, for_update=True)
    _check_transition(actor, rect.status, S.SERVED)
    when = _as_instant(served_at)
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
    note = _clean_note(note, required=False)
    rect.served_at = when
    if rect.notice_id is not None:
        notice = session.get(Document, rect.notice_id)
        if notice is not None and notice.served_at is None:
            notice.served_at = when
    _transition(session, actor, rect, S.SERVED, note, detail={"served_at": when.isoformat()})
    return get_rectification(session, rect.id)


def close(session: Session, actor: Actor, rectification_id: uuid.UUID, note: str = "") -> RectificationView:
    """Close a re-inspected rectification (supervisor); one not fully corrected needs a note."""
    rect = _get(session, rectification_id, for_update=True)
    _check_transition(actor, rect.status, S.CLOSED)
    note = _clean_note(note, required=rect.result != RectificationResult.CORRECTED.value)
    rect.closed_at = utcnow()
    _transition(session, actor, rect, S.CLOSED, note)
    return get_rectification(session, rect.id)


def escalate(
    session: Session, actor: Actor, rectification_id: uuid.UUID, kind: EscalationKind | str, note: str
) -> RectificationView:
    """Escalate a re-inspected rectification to a case (立案) or a transfer (移送); a note is required."""
    rect = _get(session, rectification_id, for_update=True)
    _check_transition(actor, rect.status, S.ESCALATED)
    if kind not in EscalationKind._value2member_map_:
        raise ValidationError([("kind", tr('Choose how to escalate: "case" (立案) or "transfer" (移送).'))])
    note = _clean_note(note, required=True)
    rect.closed_at = utcnow()
    _transition(
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
    actor.require(Role.SUPERVISOR)
    rect = _get(session, rectification_id, for_update=True)
    if rect.status not in AWAITING_CORRECTION:
        raise UserError(tr("The deadline can only change before the re-inspection."))
    note = _clean_note(note, required=True)
    issued = local_date(rect.created_at)
    if deadline < issued:
        raise ValidationError(
            [
                (
                    "deadline",
                    tr(
                        "The deadline {deadline} is before the issue date {issued}; choose a later date.",
                        deadline=deadline.isoformat(),
                        issued=issued.isoformat(),
                    ),
                )
            ]
        )
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


# --- re-inspection -----------------------------------------------------------------------------


def reinspection_form(form: Form, codes: Iterable[str]) -> Form:
    """A checklist holding only ``codes`` of ``form``, in its order, each required and unconditional
    (the item failed, so it must be looked at again whatever the other answers)."""
    wanted = set(codes)
    unknown = sorted(wanted - {i.code for i in form.items})
    if unknown:
        raise UserError(
            tr(
                "The items {codes} are not in the checklist {form_id}; the re-inspection cannot be prepared.",
                codes=", ".join(unknown),
                form_id=form.id,
            )
        )
    if not wanted:
        raise UserError(tr("The rectification lists no items to re-inspect."))
    sections = []
    for section in form.sections:
        items = tuple(replace(i, condition=None, required=True) for i in section.items if i.code in wanted)
        if items:
            sections.append(replace(section, items=items))
    refs = {ref for s in sections for i in s.items for ref in i.legal}
    base = form.id.removesuffix(REINSPECTION_SUFFIX)[: 64 - len(REINSPECTION_SUFFIX)]
    return Form(
        id=base + REINSPECTION_SUFFIX,
        version=form.version,
        title=f"{form.title}（复查）",
        title_en=f"{form.title_en} (re-inspection)",
        site_kinds=form.site_kinds,
        sections=tuple(sections),
        articles=tuple(a for a in form.articles if a.ref in refs),
        description=form.description,
        format=form.format,
    )


def start_reinspection(
    session: Session,
    actor: Actor,
    rectification_id: uuid.UUID,
    inspector_ids: Sequence[uuid.UUID],
    started_at: dt.datetime,
) -> inspections.InspectionView:
    """Start the re-inspection (复查) of a served rectification: a draft inspection of the same site whose
    checklist holds only the failed items."""
    rect = _get(session, rectification_id, for_update=True)
    if rect.status != S.SERVED.value:
        if rect.status == S.ISSUED.value:
            raise UserError(tr("Record the service (签收) of the notice before the re-inspection."))
        raise UserError(
            tr(
                "This rectification is {status}; it cannot be re-inspected again.",
                status=rectification_status_label(rect.status),
            )
        )
    _check_transition(actor, S.SERVED.value, S.REINSPECTED)
    running = session.execute(
        select(Inspection.id).where(
            Inspection.rectification_id == rect.id, Inspection.status == InspectionStatus.DRAFT.value
        )
    ).first()
    if running is not None:
        raise UserError(
            tr("A re-inspection of this rectification is already in progress; continue that one.")
        )
    original = session.get(Inspection, rect.inspection_id)
    assert original is not None
    form = load_snapshot(session, original.form_sha256)
    codes = [i.code for i in _items(rect.items)]
    derived = reinspection_form(form, codes)
    view = inspections.start_inspection(
        session,
        actor,
        inspections.StartInput(
            site_id=rect.site_id,
            form=derived,
            inspector_ids=inspector_ids,
            started_at=started_at,
            party_name=original.party_name,
            party_title=original.party_title,
            party_phone=original.party_phone,
            location_note=original.location_note,
            kind=InspectionKind.REINSPECTION.value,
            rectification_id=rect.id,
        ),
    )
    audit.record(
        session,
        actor,
        "reinspection",
        "rectification",
        rect.id,
        after={"inspection": str(view.id), "items": codes},
    )
    return view


class OriginalFinding(NamedTuple):
    """What the first inspection found for an item, shown beside the re-inspection's answer."""

    finding: str
    photos: list[photos_service.PhotoView]


def original_findings(session: Session, reinspection_id: uuid.UUID) -> dict[str, OriginalFinding]:
    """For each item of a re-inspection: the original finding and its photos."""
    insp = session.get(Inspection, reinspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=reinspection_id))
    if insp.rectification_id is None:
        raise UserError(tr("This inspection is not a re-inspection."))
    rect = _get(session, insp.rectification_id)
    codes = [i.code for i in load_snapshot(session, insp.form_sha256).items]
    findings = dict(
        session.execute(
            select(Answer.item_code, Answer.finding).where(
                Answer.inspection_id == rect.inspection_id, Answer.item_code.in_(codes)
            )
        ).all()
    )
    by_item: dict[str, list[photos_service.PhotoView]] = {}
    for photo in photos_service.list_photos(session, rect.inspection_id):
        if photo.item_code in codes:
            by_item.setdefault(photo.item_code, []).append(photo)
    stored = {i.code: i.finding for i in _items(rect.items)}
    return {c: OriginalFinding(findings.get(c) or stored.get(c, ""), by_item.get(c, [])) for c in codes}


def reinspection_result(session: Session, reinspection_id: uuid.UUID) -> RectificationResult:
    """All re-checked items compliant: corrected; none: not corrected; otherwise partly."""
    counts = dict(
        session.execute(
            select(Answer.result, func.count())
            .where(Answer.inspection_id == reinspection_id)
            .group_by(Answer.result)
        ).all()
    )
    good = counts.get(AnswerResult.COMPLIANT.value, 0)
    bad = counts.get(AnswerResult.NON_COMPLIANT.value, 0)
    if bad == 0:
        return RectificationResult.CORRECTED
    if good == 0:
        return RectificationResult.NOT_CORRECTED
    return RectificationResult.PARTLY


def record_reinspection_result(
    session: Session, actor: Actor, reinspection_id: uuid.UUID, *, note: str = ""
) -> RectificationView:
    """Move the rectification on to re-inspected once its re-inspection is finalized (called when the
    复查意见书 is issued), with the result computed from the re-inspection's answers."""
    insp = session.get(Inspection, reinspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=reinspection_id))
    if insp.kind != InspectionKind.REINSPECTION.value or insp.rectification_id is None:
        raise UserError(tr("This inspection is not a re-inspection."))
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("Finalize the re-inspection first."))
    rect = _get(session, insp.rectification_id, for_update=True)
    _check_transition(actor, rect.status, S.REINSPECTED)
    result = reinspection_result(session, reinspection_id)
    rect.result = result.value
    rect.reinspected_at = insp.started_at
    note = _clean_note(note, required=False) or tr(
        "Re-inspection result: {result}", result=rectification_result_label(result)
    )
    _transition(session, actor, rect, S.REINSPECTED, note, detail={"reinspection": str(reinspection_id)})
    return get_rectification(session, rect.id)


def complete_reinspection(
    session: Session, config: Config, actor: Actor, reinspection_id: uuid.UUID, *, note: str = ""
) -> tuple[Any, RectificationView]:
    """Issue the 复查意见书 of a finalized re-inspection (documents service) and move its rectification on
    to re-inspected with the computed result, in the caller's transaction.

    Everything that can refuse is checked before the document file is written; the file is removed
    again if recording the result fails. Use :func:`complete` for a transaction of its own.
    Returns the document's view and the rectification's.
    """
    from inspector.services import documents

    insp = session.get(Inspection, reinspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=reinspection_id))
    if insp.kind != InspectionKind.REINSPECTION.value or insp.rectification_id is None:
        raise UserError(tr("This inspection is not a re-inspection."))
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("Finalize the re-inspection first."))
    rect = _get(session, insp.rectification_id, for_update=True)
    _check_transition(actor, rect.status, S.REINSPECTED)
    note = _clean_note(note, required=False)
    doc = documents.issue_document(session, config, actor, reinspection_id, DocumentKind.REINSPECTION)
    try:
        row = session.get(Document, doc.id)
        if row is not None and row.rectification_id is None:
            row.rectification_id = rect.id
        result = reinspection_result(session, reinspection_id)
        text_ = note or tr(
            "Re-inspection opinion {number}: {result}",
            number=doc.number,
            result=rectification_result_label(result),
        )
        view = record_reinspection_result(session, actor, reinspection_id, note=text_)
    except BaseException:
        with contextlib.suppress(OSError):
            doc.file_path.unlink()
        raise
    return doc, view


def complete(
    db: Database, config: Config, actor: Actor, reinspection_id: uuid.UUID, *, note: str = ""
) -> tuple[Any, RectificationView]:
    """:func:`complete_reinspection` in its own transaction; the document file goes if the commit fails."""
    doc: Any = None
    try:
        with db.write() as session:
            doc, view = complete_reinspection(session, config, actor, reinspection_id, note=note)
        return doc, view
    except BaseException:
        if doc is not None:
            with contextlib.suppress(OSError):
                doc.file_path.unlink()
        raise


# --- the board ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RectificationFilter:
    """What the board shows. ``statuses`` empty means every open one; ``"overdue"`` may be listed."""

    statuses: tuple[str, ...] = ()
    district: str | None = None
    site_kind: str | None = None
    inspector_id: uuid.UUID | None = None
    item_code: str | None = None
    text: str = ""
    order_by: str = "deadline"
    descending: bool = False


ORDER_KEYS = ("deadline", "site", "district", "status", "created")


def _item_clause(session: Session, code: str) -> ColumnElement[bool]:
    """Rectifications whose stored items include ``code`` (the JSON list, read by the database)."""
    if session.get_bind().dialect.name == "postgresql":
        sql = (
            "EXISTS (SELECT 1 FROM json_array_elements(rectifications.items -> 'items') AS fu_item "
            "WHERE fu_item ->> 'code' = :fu_item_code)"
        )
    else:
        sql = (
            "EXISTS (SELECT 1 FROM json_each(rectifications.items, '$.items') AS fu_item "
            "WHERE json_extract(fu_item.value, '$.code') = :fu_item_code)"
        )
    return text(sql).bindparams(fu_item_code=code)  # type: ignore[return-value]


def _where(
    session: Session, f: RectificationFilter, today: dt.date, *, by_deadline: bool = False
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    wanted = set(f.statuses)
    status = unindexed(session, Rectification.status) if by_deadline else Rectification.status
    deadline = unindexed(session, Rectification.deadline) if by_deadline else Rectification.deadline
    if not wanted:
        clauses.append(status.in_(OPEN_STATUSES))
    else:
        parts: list[ColumnElement[bool]] = []
        plain = sorted(wanted - {OVERDUE})
        if plain:
            parts.append(status.in_(plain))
        if OVERDUE in wanted:
            parts.append(and_(deadline < today, status.in_(AWAITING_CORRECTION)))
        clauses.append(or_(*parts))
    if f.district:
        clauses.append(Site.district == f.district)
    if f.site_kind:
        clauses.append(Site.kind == f.site_kind)
    if f.inspector_id:
        clauses.append(
            select(InspectionInspector.user_id)
            .where(
                InspectionInspector.inspection_id == Rectification.inspection_id,
                InspectionInspector.user_id == f.inspector_id,
            )
            .exists()
        )
    if f.item_code:
        clauses.append(_item_clause(session, f.item_code.strip()))
    for word in f.text.lower().split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(Site.search_text.like(f"%{escaped}%", escape="\\"))
    return clauses


def _needs_site(f: RectificationFilter) -> bool:
    return bool(f.district or f.site_kind or f.text.strip())


def list_rectifications(
    session: Session,
    f: RectificationFilter | None = None,
    *,
    today: dt.date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[RectificationRow]:
    """One page of the board, sorted in the database."""
    f = f or RectificationFilter()
    today = today or local_today()
    order_cols: dict[str, Any] = {
        "deadline": Rectification.deadline,
        "site": Site.name,
        "district": Site.district,
        "status": Rectification.status,
        "created": Rectification.created_at,
    }
    key = order_cols.get(f.order_by, Rectification.deadline)
    by_deadline = f.order_by not in ("site", "district")
    # First the page's ids (narrow rows, from an index where possible), then their details.
    ids_q = select(Rectification.id)
    if not by_deadline or _needs_site(f):
        ids_q = ids_q.join(Site, Site.id == Rectification.site_id)
    ids = list(
        session.execute(
            ids_q.where(*_where(session, f, today, by_deadline=by_deadline))
            .order_by(key.desc() if f.descending else key.asc(), Rectification.id)
            .limit(limit)
            .offset(offset)
        ).scalars()
    )
    if not ids:
        return []
    position = {rid: n for n, rid in enumerate(ids)}
    q = (
        select(
            Rectification.id,
            Rectification.inspection_id,
            Rectification.site_id,
            Site.name,
            Site.kind,
            Site.district,
            Document.number,
            Rectification.items,
            Rectification.deadline,
            Rectification.status,
            Rectification.result,
            Rectification.served_at,
            Rectification.created_at,
        )
        .join(Site, Site.id == Rectification.site_id)
        .outerjoin(Document, Document.id == Rectification.notice_id)
        .where(Rectification.id.in_(ids))
    )
    rows = sorted(session.execute(q).all(), key=lambda r: position[r[0]])
    names: dict[uuid.UUID, list[str]] = {}
    if rows:
        for iid, name in session.execute(
            select(InspectionInspector.inspection_id, User.name)
            .join(User, User.id == InspectionInspector.user_id)
            .where(InspectionInspector.inspection_id.in_({r[1] for r in rows}))
            .order_by(InspectionInspector.inspection_id, InspectionInspector.position)
        ):
            names.setdefault(iid, []).append(name)
    return [
        RectificationRow(
            id=r[0],
            inspection_id=r[1],
            site_id=r[2],
            site_name=r[3],
            site_kind=r[4],
            district=r[5],
            notice_number=r[6],
            item_codes=tuple(i.code for i in _items(r[7])),
            inspectors=tuple(names.get(r[1], ())),
            deadline=r[8],
            status=r[9],
            result=r[10],
            served_at=r[11],
            created_at=r[12],
            today=today,
        )
        for r in rows
    ]


def count_rectifications(
    session: Session, f: RectificationFilter | None = None, *, today: dt.date | None = None
) -> int:
    f = f or RectificationFilter()
    q = select(func.count()).select_from(Rectification)
    if _needs_site(f):
        q = q.join(Site, Site.id == Rectification.site_id)
    return int(session.execute(q.where(*_where(session, f, today or local_today()))).scalar_one())


@dataclass(frozen=True)
class BoardCounts:
    """What the navigation shows next to "follow-up"."""

    open: int
    overdue: int
    due_soon: int


def board_counts(session: Session, today: dt.date | None = None) -> BoardCounts:
    today = today or local_today()
    awaiting = Rectification.status.in_(AWAITING_CORRECTION)
    row = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((and_(awaiting, Rectification.deadline < today), 1), else_=0)), 0),
            func.coalesce(
                func.sum(
                    case(
                        (
                            and_(
                                awaiting,
                                Rectification.deadline >= today,
                                Rectification.deadline <= today + dt.timedelta(DUE_SOON_DAYS),
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
                0,
            ),
        ).where(Rectification.status.in_(OPEN_STATUSES))
    ).one()
    return BoardCounts(open=int(row[0]), overdue=int(row[1]), due_soon=int(row[2]))


def board_item_codes(session: Session) -> list[str]:
    """Item codes for the board's filter: those of the checklists in use (cheap: snapshots are few)."""
    codes: set[str] = set()
    for sha in session.execute(select(FormSnapshot.sha256)).scalars():
        codes.update(i.code for i in load_snapshot(session, sha).items)
    return sorted(codes)


def status_choices() -> list[tuple[str, str]]:
    """(value, label) pairs for status filters, in the order of the machine."""
    return [
        (s, rectification_status_label(s))
        for s in (*OPEN_STATUSES, OVERDUE, S.CLOSED.value, S.ESCALATED.value)
    ]


def role_may(actor: Actor, action: str) -> bool:
    """Whether ``actor`` may take ``action`` (a target status) at all; the UI greys out the rest."""
    roles = {
        r for (src, dst), rs in TRANSITIONS.items() if src is not None and dst.value == action for r in rs
    }
    return actor.role is Role.ADMIN or actor.role in roles
