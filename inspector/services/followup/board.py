"""The supervisor board's queries: one page of open rectifications, its counts and its filters.

Opening the board costs one page of rows and two counts whatever the number of rectifications
(``bench/bench_followup.py``): the page's ids come from an index first, then their details.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from inspector.domain import OVERDUE, RectificationStatus, rectification_status_label
from inspector.services.followup.views import (
    AWAITING_CORRECTION,
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    RectificationRow,
    parse_items,
)
from inspector.services.form_snapshots import load_snapshot
from inspector.services.local_time_sql import unindexed
from inspector.services.office_days import local_today
from inspector.storage.models import Document, FormSnapshot, InspectionInspector, Rectification, Site, User

S = RectificationStatus


@dataclass(frozen=True)
class RectificationFilter:
    """What the board shows. ``statuses`` empty means every open one; ``"overdue"`` may be listed."""

    statuses: tuple[str, ...] = ()
    district: str | None = None
    township: str | None = None  # within ``district`` when both are given
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
    if f.township:
        clauses.append(Site.township == f.township)
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
    return bool(f.district or f.township or f.site_kind or f.text.strip())


def _page_ids(
    session: Session, f: RectificationFilter, today: dt.date, limit: int, offset: int
) -> list[uuid.UUID]:
    """The page's ids, sorted in the database (narrow rows, from an index where possible)."""
    order_cols: dict[str, Any] = {
        "deadline": Rectification.deadline,
        "site": Site.name_key,
        "district": Site.district,
        "status": Rectification.status,
        "created": Rectification.created_at,
    }
    key = order_cols.get(f.order_by, Rectification.deadline)
    by_deadline = f.order_by not in ("site", "district")
    ids_q = select(Rectification.id)
    if not by_deadline or _needs_site(f):
        ids_q = ids_q.join(Site, Site.id == Rectification.site_id)
    return list(
        session.execute(
            ids_q.where(*_where(session, f, today, by_deadline=by_deadline))
            .order_by(key.desc() if f.descending else key.asc(), Rectification.id)
            .limit(limit)
            .offset(offset)
        ).scalars()
    )


def _inspector_names(session: Session, inspection_ids: set[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    names: dict[uuid.UUID, list[str]] = {}
    for iid, name in session.execute(
        select(InspectionInspector.inspection_id, User.name)
        .join(User, User.id == InspectionInspector.user_id)
        .where(InspectionInspector.inspection_id.in_(inspection_ids))
        .order_by(InspectionInspector.inspection_id, InspectionInspector.position)
    ):
        names.setdefault(iid, []).append(name)
    return names


def list_rectifications(
    session: Session,
    f: RectificationFilter | None = None,
    *,
    today: dt.date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[RectificationRow]:
    """One page of the board, sorted in the database: first the page's ids, then their details."""
    f = f or RectificationFilter()
    today = today or local_today()
    ids = _page_ids(session, f, today, limit, offset)
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
            Site.township,
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
    names = _inspector_names(session, {r[1] for r in rows})
    return [
        RectificationRow(
            id=r[0],
            inspection_id=r[1],
            site_id=r[2],
            site_name=r[3],
            site_kind=r[4],
            district=r[5],
            township=r[6],
            notice_number=r[7],
            item_codes=tuple(i.code for i in parse_items(r[8])),
            inspectors=tuple(names.get(r[1], ())),
            deadline=r[9],
            status=r[10],
            result=r[11],
            served_at=r[12],
            created_at=r[13],
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
