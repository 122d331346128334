"""The list of inspections: newest first, filtered by status, site, words and period, with each one's
number of non-compliant findings counted in the same query (the inspections page, the command line).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import AnswerResult
from inspector.services.sites import escape_like
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.rows import view_of


@dataclass(frozen=True)
class InspectionFilter:
    status: str | None = None
    site_id: uuid.UUID | None = None
    text: str = ""
    started_from: dt.datetime | None = None
    started_to: dt.datetime | None = None


@dataclass(frozen=True)
class InspectionRow:
    id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    site_kind: str
    district: str
    form_id: str
    kind: str
    status: str
    started_at: dt.datetime
    finalized_at: dt.datetime | None
    non_compliant: int


def _inspection_query(f: InspectionFilter):  # type: ignore[no-untyped-def]
    nc = (
        select(func.count())
        .where(Answer.inspection_id == Inspection.id, Answer.result == AnswerResult.NON_COMPLIANT.value)
        .correlate(Inspection)
        .scalar_subquery()
    )
    q = select(Inspection, Site.name, Site.kind, Site.district, nc).join(Site, Site.id == Inspection.site_id)
    if f.status:
        q = q.where(Inspection.status == f.status)
    if f.site_id:
        q = q.where(Inspection.site_id == f.site_id)
    for word in f.text.lower().split():
        q = q.where(Site.search_text.like(f"%{escape_like(word)}%", escape="\\"))
    if f.started_from:
        q = q.where(Inspection.started_at >= f.started_from)
    if f.started_to:
        q = q.where(Inspection.started_at < f.started_to)
    return q


def list_inspections(
    session: Session, f: InspectionFilter | None = None, *, limit: int = 500, offset: int = 0
) -> list[InspectionRow]:
    q = _inspection_query(f or InspectionFilter()).order_by(Inspection.started_at.desc(), Inspection.id)
    rows = session.execute(q.limit(limit).offset(offset)).all()
    return [
        view_of(
            InspectionRow, i, site_name=name, site_kind=kind, district=district, non_compliant=int(nc or 0)
        )
        for i, name, kind, district, nc in rows
    ]


def count_inspections(session: Session, status: str | None = None) -> int:
    q = select(func.count()).select_from(Inspection)
    if status:
        q = q.where(Inspection.status == status)
    return int(session.execute(q).scalar_one())
