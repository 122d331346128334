"""What a rectification looks like to the board, the history dialog and the command line.

The frozen views, the calendar rules they show ("overdue" is computed from the deadline whenever a
row is shown, never stored, so it can never be stale) and the loading of one rectification with its
events and re-inspections. Nothing here changes a rectification: the state machine is
:mod:`inspector.services.followup.machine`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from inspector.domain import OVERDUE, RectificationStatus
from inspector.errors import NotFoundError
from inspector.i18n import tr
from inspector.services.office_days import local_date, local_today
from inspector.services.state_machine import Step
from inspector.storage.lookup import row_by_id
from inspector.storage.models import (
    Document,
    Inspection,
    Rectification,
    RectificationEscalation,
    RectificationEvent,
    Site,
    User,
)
from inspector.storage.rows import view_of

S = RectificationStatus
OPEN_STATUSES = (S.ISSUED.value, S.SERVED.value, S.REINSPECTED.value)
# Overdue counts only while the party still has to act: a re-inspected, closed or escalated
# rectification is past that point whatever its deadline.
AWAITING_CORRECTION = (S.ISSUED.value, S.SERVED.value)
DUE_SOON_DAYS = 3

# --- dates -------------------------------------------------------------------------------------


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


def parse_items(raw: dict[str, Any] | None) -> tuple[RectificationItem, ...]:
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


class _Deadline:
    """What a row and the full view both say about the deadline: overdue, and the status to show."""

    deadline: dt.date
    status: str
    today: dt.date

    @property
    def overdue(self) -> bool:
        return is_overdue(self.deadline, self.status, self.today)

    @property
    def display_status(self) -> str:
        return OVERDUE if self.overdue else self.status


@dataclass(frozen=True)
class _RectificationHeader(_Deadline):
    """The fields a row and the full view both start with: which rectification, of which inspection,
    at which site."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    site_kind: str
    district: str
    township: str


@dataclass(frozen=True)
class RectificationRow(_RectificationHeader):
    """One line of the supervisor board."""

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
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def due_soon(self) -> bool:
        """Within :data:`DUE_SOON_DAYS` of the deadline and still awaiting correction."""
        return self.status in AWAITING_CORRECTION and 0 <= self.days_left <= DUE_SOON_DAYS

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "inspection_id": str(self.inspection_id),
            "site_id": str(self.site_id),
            "site_name": self.site_name,
            "site_kind": self.site_kind,
            "district": self.district,
            "township": self.township,
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
class EventView(Step):
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
class RectificationView(_RectificationHeader):
    """A rectification with its items, history and re-inspections, for the history dialog and the CLI."""

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
    def issue_date(self) -> dt.date:
        return local_date(self.created_at)

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
            "events": [e.to_json() for e in self.events],
            "reinspections": [
                {"id": str(r.inspection_id), "status": r.status, "started_at": r.started_at.isoformat()}
                for r in self.reinspections
            ],
        }


# --- loading -----------------------------------------------------------------------------------


def load(session: Session, rectification_id: uuid.UUID, *, for_update: bool = False) -> Rectification:
    rect = row_by_id(session, Rectification, rectification_id, for_update=for_update)
    if rect is None:
        raise NotFoundError(tr("No rectification with id {id}.", id=rectification_id))
    return rect


def get_rectification(
    session: Session, rectification_id: uuid.UUID, today: dt.date | None = None
) -> RectificationView:
    rect = load(session, rectification_id)
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
    return view_of(
        RectificationView,
        rect,
        site_name=site.name,
        site_kind=site.kind,
        district=site.district,
        township=site.township,
        notice_number=notice_number,
        items=parse_items(rect.items),
        escalation=escalation,
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
