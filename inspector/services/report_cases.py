"""Case figures of a period: cases proposed, opened (立案) and transferred (by receiving body), items
kept and decided in time, by month and by 乡镇.

Apart from the inspection and rectification figures (and added to :func:`~inspector.services.reports.compute`
as tables of their own) so that the statistics of each capability can change without the others.
Every figure is counted by the database, grouped by month (the office's local months, as the other
tables) or by place; a case's place is its site's 区县 and 乡镇 (a case about a person alone has
none and counts as "—"). Each event counts in the month it happened: a case proposed in March and
opened in April is proposed in March and opened in April.

Definitions (also shown in the sheet notes):

- *opened*: 立案 approved in the period; *late* when more than 7 days after the discovery;
- *transferred*: handed to the police or the drug regulator in the period;
- *kept*: items registered under 证据先行登记保存 in the period; *decided in time* when their decision
  came within 7 days of keeping (行政处罚法 第五十六条); *overdue* when still undecided after that.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from inspector.domain import CaseStatus, TransferTarget
from inspector.domain.cases import KEPT_DECISION_DAYS, OPEN_WITHIN_DAYS
from inspector.i18n import tr
from inspector.services.local_time_sql import LocalTimeSql
from inspector.services.report_types import Month, StatTable, month_case, share
from inspector.storage.case_models import Case, KeptItem
from inspector.storage.models import Site

NO_PLACE = "—"


def _per_month(session: Session, col: Any, months: list[Month], *where: Any) -> dict[str, int]:
    """How many cases had ``col`` (an instant) in each month, with the extra conditions."""
    if not months:
        return {}
    month = month_case(col, months).label("month")
    q = (
        select(month, func.count())
        .where(col >= months[0].start, col < months[-1].end, *where)
        .group_by(month)
    )
    return {str(m): int(n) for m, n in session.execute(q).all()}


def cases_by_month(session: Session, sql: LocalTimeSql, months: list[Month]) -> StatTable:
    late = sql.days_between_local_dates(Case.discovered_at, Case.approved_at) > OPEN_WITHIN_DAYS
    columns = (
        _per_month(session, Case.proposed_at, months),
        _per_month(session, Case.approved_at, months),
        _per_month(session, Case.approved_at, months, late),
        _per_month(session, Case.transferred_at, months, Case.transfer_to == TransferTarget.POLICE.value),
        _per_month(session, Case.transferred_at, months, Case.transfer_to == TransferTarget.DRUG.value),
        _per_month(session, Case.closed_at, months, Case.status == CaseStatus.CLOSED.value),
    )
    counts = [[c.get(m.label, 0) for c in columns] for m in months]
    rows: list[tuple[Any, ...]] = [(m.label, *n) for m, n in zip(months, counts, strict=True) if any(n)]
    if rows:
        rows.append((tr("Total"), *(sum(n[i] for n in counts) for i in range(len(columns)))))
    return StatTable(
        key="cases_by_month",
        title=tr("Cases (立案查处) by month"),
        headers=(
            tr("Month"),
            tr("Proposed"),
            tr("Opened (立案)"),
            tr("Opened more than 7 days after discovery"),
            tr("Transferred to the police"),
            tr("Transferred to the drug regulator"),
            tr("Closed"),
        ),
        rows=tuple(rows),
        chart_columns=(2, 4, 5),
        note=tr(
            "Each event counts in the month it happened: proposed, 立案 approved, transferred (by "
            "receiving body), closed."
        ),
    )


def _place(district: str | None, township: str | None) -> str:
    parts = [p for p in (district, township) if p]
    return " / ".join(dict.fromkeys(parts)) or NO_PLACE


def _kept_flags(sql: LocalTimeSql, today: dt.date) -> tuple[Any, Any, Any]:
    """In time, late, overdue undecided: SQL conditions on a kept item."""
    days = sql.days_between_local_dates(KeptItem.kept_at, KeptItem.decided_at)
    in_time = and_(KeptItem.decided_at.is_not(None), days <= KEPT_DECISION_DAYS)
    late = and_(KeptItem.decided_at.is_not(None), days > KEPT_DECISION_DAYS)
    due_before = today - dt.timedelta(days=KEPT_DECISION_DAYS)
    overdue = and_(KeptItem.decided_at.is_(None), sql.local_date(KeptItem.kept_at) < due_before)
    return in_time, late, overdue


def _count_if(cond: Any) -> Any:
    return func.sum(case((cond, 1), else_=0))


def cases_by_township(
    session: Session, sql: LocalTimeSql, start: dt.datetime, end: dt.datetime, today: dt.date
) -> StatTable:
    place = (Site.district, Site.township)
    opened = select(*place, func.count()).select_from(Case).outerjoin(Site, Site.id == Case.site_id)
    opened = opened.where(Case.approved_at >= start, Case.approved_at < end).group_by(*place)
    moved = select(*place, Case.transfer_to, func.count()).select_from(Case)
    moved = moved.outerjoin(Site, Site.id == Case.site_id)
    moved = moved.where(Case.transferred_at >= start, Case.transferred_at < end).group_by(
        *place, Case.transfer_to
    )
    in_time, _late, overdue = _kept_flags(sql, today)
    kept = (
        select(*place, func.count(), _count_if(in_time), _count_if(overdue))
        .select_from(KeptItem)
        .join(Case, Case.id == KeptItem.case_id)
        .outerjoin(Site, Site.id == Case.site_id)
        .where(KeptItem.kept_at >= start, KeptItem.kept_at < end)
        .group_by(*place)
    )
    figures: dict[str, list[int]] = {}

    def add(district: str | None, township: str | None, column: int, n: Any) -> None:
        figures.setdefault(_place(district, township), [0] * 6)[column] += int(n or 0)

    for district, township, n in session.execute(opened).all():
        add(district, township, 0, n)
    for district, township, target, n in session.execute(moved).all():
        add(district, township, 1 if target == TransferTarget.POLICE.value else 2, n)
    for district, township, n, timely, late in session.execute(kept).all():
        add(district, township, 3, n)
        add(district, township, 4, timely)
        add(district, township, 5, late)
    rows: list[tuple[Any, ...]] = [(p, *v) for p, v in sorted(figures.items())]
    if rows:
        rows.append((tr("Total"), *(sum(r[i] for r in rows) for i in range(1, 7))))
    return StatTable(
        key="cases_by_township",
        title=tr("Cases by township (乡镇)"),
        headers=(
            tr("District / township"),
            tr("Opened (立案)"),
            tr("Transferred to the police"),
            tr("Transferred to the drug regulator"),
            tr("Items kept"),
            tr("Decided within 7 days"),
            tr("Undecided after 7 days"),
        ),
        rows=tuple(rows),
        chart_columns=(1, 2, 3),
        note=tr("A case's place is its site's; a case about a person alone counts under “—”."),
    )


def kept_items_by_month(
    session: Session, sql: LocalTimeSql, months: list[Month], today: dt.date
) -> StatTable:
    rows: list[tuple[Any, ...]] = []
    if months:
        in_time, late, overdue = _kept_flags(sql, today)
        month = month_case(KeptItem.kept_at, months).label("month")
        q = (
            select(month, func.count(), _count_if(in_time), _count_if(late), _count_if(overdue))
            .where(KeptItem.kept_at >= months[0].start, KeptItem.kept_at < months[-1].end)
            .group_by(month)
        )
        found = {str(m): [int(v or 0) for v in values] for m, *values in session.execute(q).all()}
        for m in months:
            if m.label in found:
                n, timely, slow, waiting_late = found[m.label]
                waiting = n - timely - slow - waiting_late
                rows.append((m.label, n, timely, slow, waiting_late, waiting, share(timely, n)))
    if rows:
        totals = [sum(r[i] for r in rows) for i in range(1, 6)]
        rows.append((tr("Total"), *totals, share(totals[1], totals[0])))
    return StatTable(
        key="kept_items",
        title=tr("Evidence kept (先行登记保存) and decided in time"),
        headers=(
            tr("Month kept"),
            tr("Items kept"),
            tr("Decided within 7 days"),
            tr("Decided later"),
            tr("Undecided after 7 days"),
            tr("Not yet due"),
            tr("Share decided in time (%)"),
        ),
        rows=tuple(rows),
        chart_columns=(6,),
        note=tr(
            "行政处罚法 第五十六条: a decision on kept items within 7 days of keeping (the day itself "
            "not counted)."
        ),
    )


def case_tables(
    session: Session,
    sql: LocalTimeSql,
    months: list[Month],
    *,
    window: tuple[dt.datetime, dt.datetime],
    today: dt.date,
) -> tuple[StatTable, ...]:
    """Every case table of the period, for the dashboard and the workbook."""
    return (
        cases_by_month(session, sql, months),
        cases_by_township(session, sql, *window, today),
        kept_items_by_month(session, sql, months, today),
    )
