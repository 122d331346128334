"""What a case looks like to the case page, the command line and the documents: frozen views.

A :class:`CaseView` holds everything the case view shows (party, officers, inspections, timeline,
kept items with their photos, interviews) and the time limits computed for ``today``. Nothing here
changes a case: the state machine is :mod:`inspector.services.cases.machine`, the evidence and the
interviews have their own modules.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.errors import NotFoundError
from inspector.i18n import tr
from inspector.services import office_days
from inspector.services.cases import deadlines
from inspector.services.cases.part_views import (
    InterviewView,
    KeptItemView,
    Officer,
    QAPair,
    as_uuid,
    get_interview,
    get_item,
    interview_row,
    interview_view,
    interviews,
    item_row,
    item_view,
    kept_items,
    names,
    officers_of,
    parse_pairs,
)
from inspector.services.state_machine import Step
from inspector.storage.case_models import Case, CaseEvent, CaseInspection
from inspector.storage.lookup import row_by_id
from inspector.storage.models import Inspection, Site
from inspector.storage.rows import view_of

__all__ = [
    "CaseEventView",
    "CaseView",
    "InspectionRef",
    "InterviewView",
    "KeptItemView",
    "Officer",
    "Party",
    "QAPair",
    "as_uuid",
    "case_of_rectification",
    "cases_of_inspection",
    "get_case",
    "get_interview",
    "get_item",
    "interview_row",
    "interview_view",
    "interviews",
    "item_row",
    "item_view",
    "kept_items",
    "load",
    "parse_pairs",
    "site_name",
]


@dataclass(frozen=True)
class Party:
    kind: str
    name: str
    id_number: str
    credit_code: str
    legal_rep: str
    address: str
    phone: str
    site_id: uuid.UUID | None


@dataclass(frozen=True)
class CaseEventView(Step):
    from_status: str | None
    to_status: str
    note: str
    actor_name: str
    at: dt.datetime


@dataclass(frozen=True)
class InspectionRef:
    id: uuid.UUID
    kind: str
    status: str
    started_at: dt.datetime


@dataclass(frozen=True)
class CaseView(deadlines.OpenDeadline):
    id: uuid.UUID
    status: str
    source: str
    cause: str
    source_note: str
    summary: str
    opinion: str
    party: Party
    district: str
    township: str
    rectification_id: uuid.UUID | None
    discovered_at: dt.datetime
    proposed_at: dt.datetime
    proposed_by_name: str
    approved_at: dt.datetime | None
    approved_by_name: str
    approval_note: str
    officers: tuple[Officer, ...]
    transfer_to: str | None
    transfer_body: str
    transfer_reason: str
    transferred_at: dt.datetime | None
    result: str
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None
    close_note: str
    inspections: tuple[InspectionRef, ...]
    events: tuple[CaseEventView, ...]
    items: tuple[KeptItemView, ...]
    interviews: tuple[InterviewView, ...]
    today: dt.date

    @property
    def undecided(self) -> tuple[KeptItemView, ...]:
        return tuple(i for i in self.items if i.decision is None)

    @property
    def kept_state(self) -> deadlines.KeptState:
        """The worst state of the undecided items (``DECIDED`` when none waits)."""
        order = [deadlines.KeptState.OVERDUE, deadlines.KeptState.DUE_SOON, deadlines.KeptState.WAITING]
        states = {i.state(self.today) for i in self.undecided}
        return next((s for s in order if s in states), deadlines.KeptState.DECIDED)

    @property
    def kept_due(self) -> dt.date | None:
        """The earliest due day of an undecided item."""
        return min((i.due for i in self.undecided), default=None)

    @property
    def photo_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(dict.fromkeys(p for i in self.items for p in i.photo_ids))

    def to_json(self) -> dict[str, Any]:
        def when(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "id": str(self.id),
            "status": self.status,
            "source": self.source,
            "cause": self.cause,
            "source_note": self.source_note,
            "summary": self.summary,
            "opinion": self.opinion,
            "party": {
                **asdict(self.party),
                "site_id": str(self.party.site_id) if self.party.site_id else None,
            },
            "district": self.district,
            "township": self.township,
            "rectification_id": str(self.rectification_id) if self.rectification_id else None,
            "discovered_at": self.discovered_at.isoformat(),
            "open_due": self.open_due.isoformat(),
            "open_late": self.open_late,
            "proposed_at": self.proposed_at.isoformat(),
            "proposed_by": self.proposed_by_name,
            "approved_at": when(self.approved_at),
            "approved_by": self.approved_by_name,
            "officers": [{"name": o.name, "cert_no": o.cert_no} for o in self.officers],
            "transfer_to": self.transfer_to,
            "transfer_body": self.transfer_body,
            "transfer_reason": self.transfer_reason,
            "transferred_at": when(self.transferred_at),
            "result": self.result,
            "decided_at": when(self.decided_at),
            "closed_at": when(self.closed_at),
            "inspections": [str(i.id) for i in self.inspections],
            "kept_state": self.kept_state.value,
            "kept_due": self.kept_due.isoformat() if self.kept_due else None,
            "items": [i.to_json() for i in self.items],
            "interviews": [i.to_json() for i in self.interviews],
            "events": [e.to_json() for e in self.events],
        }


def load(session: Session, case_id: uuid.UUID | str, *, for_update: bool = False) -> Case:
    cid = as_uuid(case_id, tr("case"))
    case = row_by_id(session, Case, cid, for_update=for_update)
    if case is None:
        raise NotFoundError(tr("No case with id {id}.", id=cid))
    return case


def _events(session: Session, case_id: uuid.UUID) -> tuple[CaseEventView, ...]:
    rows = list(
        session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
        ).scalars()
    )
    people = names(session, {r.actor_id for r in rows})
    system = tr("system")
    return tuple(
        CaseEventView(
            r.from_status,
            r.to_status,
            r.note,
            people[r.actor_id].name if r.actor_id in people else system,
            r.at,
        )
        for r in rows
    )


def _inspections(session: Session, case_id: uuid.UUID) -> tuple[InspectionRef, ...]:
    q = (
        select(Inspection.id, Inspection.kind, Inspection.status, Inspection.started_at)
        .join(CaseInspection, CaseInspection.inspection_id == Inspection.id)
        .where(CaseInspection.case_id == case_id)
        .order_by(Inspection.started_at, Inspection.id)
    )
    return tuple(InspectionRef(*row) for row in session.execute(q))


def get_case(session: Session, case_id: uuid.UUID | str, *, today: dt.date | None = None) -> CaseView:
    case = load(session, case_id)
    site = session.get(Site, case.site_id) if case.site_id is not None else None
    people = names(session, {case.officer1_id, case.officer2_id, case.proposed_by, case.approved_by})

    def name(user_id: uuid.UUID | None) -> str:
        return people[user_id].name if user_id in people else ""

    return view_of(
        CaseView,
        case,
        party=Party(
            kind=case.party_kind,
            name=case.party_name,
            id_number=case.party_id_number,
            credit_code=case.party_credit_code,
            legal_rep=case.party_legal_rep,
            address=case.party_address,
            phone=case.party_phone,
            site_id=case.site_id,
        ),
        district=site.district if site is not None else "",
        township=site.township if site is not None else "",
        proposed_by_name=name(case.proposed_by),
        approved_by_name=name(case.approved_by),
        officers=officers_of(people, case.officer1_id, case.officer2_id),
        inspections=_inspections(session, case.id),
        events=_events(session, case.id),
        items=kept_items(session, case.id),
        interviews=interviews(session, case.id),
        today=today or office_days.local_today(),
    )


def cases_of_inspection(session: Session, inspection_id: uuid.UUID) -> list[uuid.UUID]:
    """The cases an inspection belongs to, oldest first."""
    q = (
        select(Case.id)
        .join(CaseInspection, CaseInspection.case_id == Case.id)
        .where(CaseInspection.inspection_id == inspection_id)
        .order_by(Case.created_at, Case.id)
    )
    return list(session.execute(q).scalars())


def case_of_rectification(session: Session, rectification_id: uuid.UUID) -> uuid.UUID | None:
    q = select(Case.id).where(Case.rectification_id == rectification_id).order_by(Case.created_at).limit(1)
    return session.execute(q).scalar_one_or_none()


def site_name(session: Session, site_id: uuid.UUID | None) -> str:
    site = session.get(Site, site_id) if site_id is not None else None
    return site.name if site is not None else ""
