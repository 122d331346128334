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
from inspector.services.cases import deadlines
from inspector.storage.case_models import Case, CaseEvent, CaseInspection, Interview, KeptItem, KeptItemPhoto
from inspector.storage.models import Inspection, Site, User


@dataclass(frozen=True)
class Officer:
    user_id: uuid.UUID
    name: str
    cert_no: str


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
class CaseEventView:
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
class KeptItemView:
    id: uuid.UUID
    case_id: uuid.UUID
    position: int
    name: str
    brand: str
    model: str
    serial_no: str
    quantity: int
    unit: str
    condition: str
    storage_place: str
    kept_at: dt.datetime
    decision: str | None
    decision_note: str
    decided_at: dt.datetime | None
    decided_by_name: str
    photo_ids: tuple[uuid.UUID, ...]
    preservation_document_id: uuid.UUID | None = None
    decision_document_id: uuid.UUID | None = None

    @property
    def listed(self) -> bool:
        """In an issued 证据先行登记保存决定书: the line no longer changes."""
        return self.preservation_document_id is not None

    @property
    def due(self) -> dt.date:
        return deadlines.kept_due(self.kept_at)

    def state(self, today: dt.date) -> deadlines.KeptState:
        return deadlines.kept_state(self.kept_at, self.decided_at, today)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            id=str(self.id),
            case_id=str(self.case_id),
            kept_at=self.kept_at.isoformat(),
            decided_at=self.decided_at.isoformat() if self.decided_at else None,
            photo_ids=[str(p) for p in self.photo_ids],
            due=self.due.isoformat(),
            preservation_document_id=str(self.preservation_document_id)
            if self.preservation_document_id
            else None,
            decision_document_id=str(self.decision_document_id) if self.decision_document_id else None,
        )
        return data


@dataclass(frozen=True)
class QAPair:
    question: str
    answer: str


@dataclass(frozen=True)
class InterviewView:
    id: uuid.UUID
    case_id: uuid.UUID
    started_at: dt.datetime
    ended_at: dt.datetime | None
    place: str
    person_name: str
    person_id_number: str
    person_sex: str
    person_phone: str
    person_address: str
    person_work: str
    relation: str
    officers: tuple[Officer, ...]
    pairs: tuple[QAPair, ...]
    document_id: uuid.UUID | None = None

    @property
    def issued(self) -> bool:
        """Its 询问笔录 was issued: the interview is a legal record and no longer changes."""
        return self.document_id is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "case_id": str(self.case_id),
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "place": self.place,
            "person": {
                "name": self.person_name,
                "id_number": self.person_id_number,
                "sex": self.person_sex,
                "phone": self.person_phone,
                "address": self.person_address,
                "work": self.person_work,
                "relation": self.relation,
            },
            "officers": [o.name for o in self.officers],
            "pairs": [{"q": p.question, "a": p.answer} for p in self.pairs],
            "document_id": str(self.document_id) if self.document_id else None,
        }


@dataclass(frozen=True)
class CaseView:
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
    def open_due(self) -> dt.date:
        return deadlines.open_due(self.discovered_at)

    @property
    def open_late(self) -> bool:
        """立案 later than 7 days after the discovery (or, still waiting, already too late)."""
        return deadlines.open_late(self.discovered_at, self.approved_at, self.today)

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
        }


def as_uuid(value: uuid.UUID | str, what: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFoundError(tr("“{value}” is not a valid {what} id.", value=value, what=what)) from None


def load(session: Session, case_id: uuid.UUID | str, *, for_update: bool = False) -> Case:
    cid = as_uuid(case_id, tr("case"))
    q = select(Case).where(Case.id == cid)
    if for_update and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    case = session.execute(q).scalar_one_or_none()
    if case is None:
        raise NotFoundError(tr("No case with id {id}.", id=cid))
    return case


def _names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, User]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {u.id: u for u in session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def _officers(people: dict[uuid.UUID, User], *ids: uuid.UUID | None) -> tuple[Officer, ...]:
    return tuple(
        Officer(user_id=people[i].id, name=people[i].name, cert_no=people[i].cert_no or "")
        for i in ids
        if i is not None and i in people
    )


def item_view(item: KeptItem, photos: tuple[uuid.UUID, ...], decided_by: str) -> KeptItemView:
    return KeptItemView(
        id=item.id,
        case_id=item.case_id,
        position=item.position,
        name=item.name,
        brand=item.brand,
        model=item.model,
        serial_no=item.serial_no,
        quantity=item.quantity,
        unit=item.unit,
        condition=item.condition,
        storage_place=item.storage_place,
        kept_at=item.kept_at,
        decision=item.decision,
        decision_note=item.decision_note,
        decided_at=item.decided_at,
        decided_by_name=decided_by,
        photo_ids=photos,
        preservation_document_id=item.preservation_document_id,
        decision_document_id=item.decision_document_id,
    )


def parse_pairs(raw: dict[str, Any] | None) -> tuple[QAPair, ...]:
    pairs = (raw or {}).get("pairs", [])
    out = []
    for p in pairs if isinstance(pairs, list) else []:
        if isinstance(p, dict):
            out.append(QAPair(question=str(p.get("q") or ""), answer=str(p.get("a") or "")))
    return tuple(out)


def interview_view(row: Interview, people: dict[uuid.UUID, User]) -> InterviewView:
    return InterviewView(
        id=row.id,
        case_id=row.case_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        place=row.place,
        person_name=row.person_name,
        person_id_number=row.person_id_number,
        person_sex=row.person_sex,
        person_phone=row.person_phone,
        person_address=row.person_address,
        person_work=row.person_work,
        relation=row.relation,
        officers=_officers(people, row.officer1_id, row.officer2_id),
        pairs=parse_pairs(row.qa),
        document_id=row.document_id,
    )


def kept_items(session: Session, case_id: uuid.UUID) -> tuple[KeptItemView, ...]:
    rows = list(
        session.execute(
            select(KeptItem)
            .where(KeptItem.case_id == case_id)
            .order_by(KeptItem.position, KeptItem.created_at)
        ).scalars()
    )
    links: dict[uuid.UUID, list[uuid.UUID]] = {}
    if rows:
        q = select(KeptItemPhoto.item_id, KeptItemPhoto.photo_id).where(
            KeptItemPhoto.item_id.in_([r.id for r in rows])
        )
        for item_id, photo_id in session.execute(q.order_by(KeptItemPhoto.photo_id)):
            links.setdefault(item_id, []).append(photo_id)
    people = _names(session, {r.decided_by for r in rows})
    return tuple(
        item_view(r, tuple(links.get(r.id, ())), people[r.decided_by].name if r.decided_by in people else "")
        for r in rows
    )


def get_item(session: Session, item_id: uuid.UUID | str) -> KeptItemView:
    iid = as_uuid(item_id, tr("kept item"))
    row = session.get(KeptItem, iid)
    if row is None:
        raise NotFoundError(tr("No kept item with id {id}.", id=iid))
    return next(i for i in kept_items(session, row.case_id) if i.id == iid)


def interviews(session: Session, case_id: uuid.UUID) -> tuple[InterviewView, ...]:
    rows = list(
        session.execute(
            select(Interview).where(Interview.case_id == case_id).order_by(Interview.started_at, Interview.id)
        ).scalars()
    )
    people = _names(session, {i for r in rows for i in (r.officer1_id, r.officer2_id)})
    return tuple(interview_view(r, people) for r in rows)


def get_interview(session: Session, interview_id: uuid.UUID | str) -> InterviewView:
    iid = as_uuid(interview_id, tr("interview"))
    row = session.get(Interview, iid)
    if row is None:
        raise NotFoundError(tr("No interview with id {id}.", id=iid))
    people = _names(session, {row.officer1_id, row.officer2_id})
    return interview_view(row, people)


def _events(session: Session, case_id: uuid.UUID) -> tuple[CaseEventView, ...]:
    rows = list(
        session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
        ).scalars()
    )
    people = _names(session, {r.actor_id for r in rows})
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
    people = _names(session, {case.officer1_id, case.officer2_id, case.proposed_by, case.approved_by})

    def name(user_id: uuid.UUID | None) -> str:
        return people[user_id].name if user_id in people else ""

    return CaseView(
        id=case.id,
        status=case.status,
        source=case.source,
        cause=case.cause,
        source_note=case.source_note,
        summary=case.summary,
        opinion=case.opinion,
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
        rectification_id=case.rectification_id,
        discovered_at=case.discovered_at,
        proposed_at=case.proposed_at,
        proposed_by_name=name(case.proposed_by),
        approved_at=case.approved_at,
        approved_by_name=name(case.approved_by),
        approval_note=case.approval_note,
        officers=_officers(people, case.officer1_id, case.officer2_id),
        transfer_to=case.transfer_to,
        transfer_body=case.transfer_body,
        transfer_reason=case.transfer_reason,
        transferred_at=case.transferred_at,
        result=case.result,
        decided_at=case.decided_at,
        closed_at=case.closed_at,
        close_note=case.close_note,
        inspections=_inspections(session, case.id),
        events=_events(session, case.id),
        items=kept_items(session, case.id),
        interviews=interviews(session, case.id),
        today=today or deadlines.local_today(),
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
