"""The lists of cases: the case page's table, the kept items the supervisor must decide on, and the
finalized inspections whose serious findings wait for a case.

Each row carries its time limits computed for ``today`` (立案 due, kept items due), never stored.
The undecided items come from one grouped query per list, whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, CaseStatus, InspectionStatus
from inspector.services import office_days
from inspector.services.cases import deadlines
from inspector.services.cases.opening import calls_for_case
from inspector.storage.case_models import Case, CaseInspection, Interview, KeptItem
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.rows import view_of

OPEN = tuple(s.value for s in CaseStatus if s is not CaseStatus.CLOSED)


@dataclass(frozen=True)
class CaseRow(deadlines.OpenDeadline):
    id: uuid.UUID
    status: str
    cause: str
    party_name: str
    district: str
    township: str
    discovered_at: dt.datetime
    approved_at: dt.datetime | None
    transfer_to: str | None
    items: int
    undecided: int
    oldest_undecided: dt.datetime | None
    interviews: int
    today: dt.date

    @property
    def kept_due(self) -> dt.date | None:
        return deadlines.kept_due(self.oldest_undecided) if self.oldest_undecided else None

    @property
    def kept_state(self) -> deadlines.KeptState:
        if self.oldest_undecided is None:
            return deadlines.KeptState.DECIDED
        return deadlines.kept_state(self.oldest_undecided, None, self.today)

    @property
    def overdue(self) -> bool:
        """Something is late: 立案 still waiting after 7 days, or kept items undecided after 7 days."""
        waiting = self.status == CaseStatus.PROPOSED.value and self.open_late
        return waiting or self.kept_state is deadlines.KeptState.OVERDUE

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "status": self.status,
            "cause": self.cause,
            "party": self.party_name,
            "district": self.district,
            "township": self.township,
            "discovered_at": self.discovered_at.isoformat(),
            "open_due": self.open_due.isoformat(),
            "open_late": self.open_late,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
            "transfer_to": self.transfer_to,
            "items": self.items,
            "undecided": self.undecided,
            "kept_due": self.kept_due.isoformat() if self.kept_due else None,
            "kept_state": self.kept_state.value,
            "interviews": self.interviews,
            "overdue": self.overdue,
        }


def list_cases(
    session: Session,
    *,
    statuses: tuple[str, ...] = (),
    today: dt.date | None = None,
    limit: int = 500,
) -> list[CaseRow]:
    """Cases, newest proposal first (all, or those in ``statuses``)."""
    items = (
        select(
            KeptItem.case_id.label("case_id"),
            func.count().label("n_items"),
            func.count(KeptItem.decided_at).label("decided"),
            func.min(KeptItem.kept_at).filter(KeptItem.decided_at.is_(None)).label("oldest"),
        )
        .group_by(KeptItem.case_id)
        .subquery()
    )
    talks = (
        select(Interview.case_id.label("case_id"), func.count().label("n"))
        .group_by(Interview.case_id)
        .subquery()
    )
    q = (
        select(Case, Site.district, Site.township, items.c.n_items, items.c.decided, items.c.oldest)
        .add_columns(talks.c.n)
        .outerjoin(Site, Site.id == Case.site_id)
        .outerjoin(items, items.c.case_id == Case.id)
        .outerjoin(talks, talks.c.case_id == Case.id)
    )
    if statuses:
        q = q.where(Case.status.in_(statuses))
    q = q.order_by(Case.proposed_at.desc(), Case.id).limit(limit)
    day = today or office_days.local_today()
    return [
        view_of(
            CaseRow,
            case,
            district=district or "",
            township=township or "",
            items=n_items or 0,
            undecided=(n_items or 0) - (decided or 0),
            oldest_undecided=_aware(oldest),
            interviews=n_talks or 0,
            today=day,
        )
        for case, district, township, n_items, decided, oldest, n_talks in session.execute(q).all()
    ]


def _aware(value: Any) -> dt.datetime | None:
    """An aggregate bypasses the column type: SQLite hands back a naive UTC time (or its text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def kept_due(session: Session, *, today: dt.date | None = None) -> list[CaseRow]:
    """The cases whose kept items wait for a decision since day 5 or longer (the supervisor's board),
    most overdue first."""
    day = today or office_days.local_today()
    since = dt.datetime.combine(deadlines.warn_from(day) + dt.timedelta(days=1), dt.time(0)).astimezone()
    late = select(KeptItem.case_id).where(KeptItem.decided_at.is_(None), KeptItem.kept_at < since).distinct()
    wanted = set(session.execute(late).scalars())
    if not wanted:
        return []
    rows = [r for r in list_cases(session, statuses=OPEN, today=day, limit=100_000) if r.id in wanted]
    shown = [r for r in rows if r.kept_state in (deadlines.KeptState.DUE_SOON, deadlines.KeptState.OVERDUE)]
    return sorted(
        shown, key=lambda r: (r.oldest_undecided or dt.datetime.max.replace(tzinfo=dt.UTC), str(r.id))
    )


@dataclass(frozen=True)
class CaseCounts:
    open: int  # not closed
    waiting: int  # awaiting approval
    overdue: int  # 立案 late while waiting, or kept items overdue


def counts(session: Session, *, today: dt.date | None = None) -> CaseCounts:
    rows = list_cases(session, statuses=OPEN, today=today, limit=100_000)
    return CaseCounts(
        open=len(rows),
        waiting=sum(1 for r in rows if r.status == CaseStatus.PROPOSED.value),
        overdue=sum(1 for r in rows if r.overdue),
    )


@dataclass(frozen=True)
class AwaitingCase:
    """A finalized inspection whose findings call for a case and which belongs to none."""

    inspection_id: uuid.UUID
    site_name: str
    started_at: dt.datetime
    kind: str


def awaiting_case(session: Session, *, limit: int = 50) -> list[AwaitingCase]:
    """Finalized inspections that call for a case (:func:`calls_for_case`) and belong to none, newest
    first: what the case page proposes to open."""
    in_case = select(CaseInspection.inspection_id)
    q = (
        select(Inspection.id, Site.name, Inspection.started_at, Inspection.kind)
        .join(Site, Site.id == Inspection.site_id)
        .where(Inspection.status == InspectionStatus.FINALIZED.value, Inspection.id.not_in(in_case))
        .where(Inspection.id.in_(_with_findings()))
        .order_by(Inspection.started_at.desc())
        .limit(limit * 4)
    )
    out = []
    for iid, name, started, kind in session.execute(q).all():
        if calls_for_case(session, iid):
            out.append(AwaitingCase(iid, name, started, kind))
        if len(out) >= limit:
            break
    return out


def _with_findings() -> Any:
    return select(Answer.inspection_id).where(Answer.result == AnswerResult.NON_COMPLIANT.value).distinct()
