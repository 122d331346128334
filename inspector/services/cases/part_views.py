"""The views of a case's parts: the officers, the kept items (物品清单) with their photos, the interviews
(询问笔录) with their 问/答 pairs. Apart from :mod:`inspector.services.cases.views` (the case as a whole)
so that each stays readable; that module re-exports these names.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.i18n import tr
from inspector.services.cases import deadlines
from inspector.storage import lookup
from inspector.storage.case_models import Interview, KeptItem, KeptItemPhoto
from inspector.storage.models import User
from inspector.storage.rows import view_of


@dataclass(frozen=True)
class Officer:
    user_id: uuid.UUID
    name: str
    cert_no: str


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


def as_uuid(value: uuid.UUID | str, what: str) -> uuid.UUID:
    return lookup.as_uuid(value, lambda: tr("“{value}” is not a valid {what} id.", value=value, what=what))


def names(session: Session, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, User]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {u.id: u for u in session.execute(select(User).where(User.id.in_(wanted))).scalars()}


def officers_of(people: dict[uuid.UUID, User], *ids: uuid.UUID | None) -> tuple[Officer, ...]:
    return tuple(
        Officer(user_id=people[i].id, name=people[i].name, cert_no=people[i].cert_no or "")
        for i in ids
        if i is not None and i in people
    )


def item_view(item: KeptItem, photos: tuple[uuid.UUID, ...], decided_by: str) -> KeptItemView:
    return view_of(KeptItemView, item, decided_by_name=decided_by, photo_ids=photos)


def parse_pairs(raw: dict[str, Any] | None) -> tuple[QAPair, ...]:
    pairs = (raw or {}).get("pairs", [])
    out = []
    for p in pairs if isinstance(pairs, list) else []:
        if isinstance(p, dict):
            out.append(QAPair(question=str(p.get("q") or ""), answer=str(p.get("a") or "")))
    return tuple(out)


def interview_view(row: Interview, people: dict[uuid.UUID, User]) -> InterviewView:
    return view_of(
        InterviewView,
        row,
        officers=officers_of(people, row.officer1_id, row.officer2_id),
        pairs=parse_pairs(row.qa),
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
    people = names(session, {r.decided_by for r in rows})
    return tuple(
        item_view(r, tuple(links.get(r.id, ())), people[r.decided_by].name if r.decided_by in people else "")
        for r in rows
    )


def item_row(session: Session, item_id: uuid.UUID | str) -> KeptItem:
    iid = as_uuid(item_id, tr("kept item"))
    return lookup.row_or_missing(session, KeptItem, iid, lambda: tr("No kept item with id {id}.", id=iid))


def get_item(session: Session, item_id: uuid.UUID | str) -> KeptItemView:
    row = item_row(session, item_id)
    return next(i for i in kept_items(session, row.case_id) if i.id == row.id)


def interviews(session: Session, case_id: uuid.UUID) -> tuple[InterviewView, ...]:
    rows = list(
        session.execute(
            select(Interview).where(Interview.case_id == case_id).order_by(Interview.started_at, Interview.id)
        ).scalars()
    )
    people = names(session, {i for r in rows for i in (r.officer1_id, r.officer2_id)})
    return tuple(interview_view(r, people) for r in rows)


def interview_row(session: Session, interview_id: uuid.UUID | str) -> Interview:
    iid = as_uuid(interview_id, tr("interview"))
    return lookup.row_or_missing(session, Interview, iid, lambda: tr("No interview with id {id}.", id=iid))


def get_interview(session: Session, interview_id: uuid.UUID | str) -> InterviewView:
    row = interview_row(session, interview_id)
    people = names(session, {row.officer1_id, row.officer2_id})
    return interview_view(row, people)
