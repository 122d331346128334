"""Rectifications of a period: issued, corrected by the deadline, days to correct; and the overview.

One pass over the rectifications issued in the period, grouped by (month, days to correct), gives
every counter and the histogram the medians are read from (see :func:`rectifications_by_month`).
These figures change with every transition and with "today", so no summary keeps them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, literal, literal_column, or_, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from inspector.domain import EscalationKind, RectificationResult, RectificationStatus
from inspector.i18n import tr
from inspector.services.followup.views import AWAITING_CORRECTION as AWAITING
from inspector.services.followup.views import OPEN_STATUSES
from inspector.services.local_time_sql import LocalTimeSql
from inspector.services.report_types import Month, StatTable, month_case, share, total_label
from inspector.storage.models import Rectification, RectificationEscalation


def _rect_conditions(sql: LocalTimeSql, today: dt.date) -> dict[str, ColumnElement[bool] | None]:
    """What is counted of the rectifications issued in each month (``None``: all of them)."""
    r = Rectification
    # Only the issue date may pick the index (the covering one on created_at), see LocalTimeSql.unindexed.
    status, result, deadline = sql.unindexed(r.status), sql.unindexed(r.result), sql.unindexed(r.deadline)
    corrected = result == RectificationResult.CORRECTED.value
    # ``reinspected_at`` is the start of the re-inspection that gave the result (one per rectification).
    visit_by_deadline = sql.before_end_of_local_day(r.reinspected_at, r.deadline)
    return {
        "issued": None,
        # Re-inspected, or past its deadline: only these can be corrected by the deadline or not.
        "due": or_(result.is_not(None), deadline < today),
        "on_time": and_(corrected, visit_by_deadline),
        "corrected": corrected,
        "failed": result.in_([RectificationResult.PARTLY.value, RectificationResult.NOT_CORRECTED.value]),
        "pending": result.is_(None),
        "open": status.in_(OPEN_STATUSES),
        "overdue": and_(status.in_(AWAITING), deadline < today),
        "closed": status == RectificationStatus.CLOSED.value,
    }


@dataclass
class Rectified:
    """The rectifications issued in each month: every counter of :func:`_rect_conditions`, and how
    many of the corrected ones took how many days."""

    counts: dict[str, dict[str, int]]
    days: dict[str, dict[int, int]]  # month → days to correct → rectifications


def rectifications_by_month(
    session: Session, sql: LocalTimeSql, months: list[Month], today: dt.date
) -> Rectified:
    """One pass over the rectifications issued in the period, grouped by (month, days to correct).

    The days are NULL except for corrected rectifications, so a month has a group per distinct
    number of days (a few dozen) and one for the rest; the counters are summed over its groups.
    PostgreSQL: one grouped pass with ``FILTER`` (hash aggregation). SQLite: one walk of each
    month's covering index range, summing every counter at once (a separate range per counter walked
    the same rows eight times).
    """
    conditions = _rect_conditions(sql, today)
    out = Rectified({m.label: dict.fromkeys(conditions, 0) for m in months}, {})
    if not months:
        return out
    r = Rectification
    corrected = sql.unindexed(r.result) == RectificationResult.CORRECTED.value
    days = case((corrected, sql.days_between_local_dates(r.created_at, r.reinspected_at)), else_=None)
    if not sql.pg:
        sums = [func.count() if c is None else func.sum(case((c, 1), else_=0)) for c in conditions.values()]
        parts = [
            select(literal(m.label), days.label("days"), *sums)
            .where(r.created_at >= m.start, r.created_at < m.end)
            .group_by(literal_column("days"))
            for m in months
        ]
        rows = session.execute(union_all(*parts)).all()
    else:
        month = month_case(r.created_at, months).label("month")
        figures = [func.count() if c is None else func.count().filter(c) for c in conditions.values()]
        rows = session.execute(
            select(month, days.label("days"), *figures)
            .where(r.created_at >= months[0].start, r.created_at < months[-1].end)
            .group_by(month, literal_column("days"))
        ).all()
    for m, d, *values in rows:
        group = {name: int(v or 0) for name, v in zip(conditions, values, strict=True)}
        counts = out.counts.setdefault(m, dict.fromkeys(conditions, 0))
        for name, v in group.items():
            counts[name] += v
        if d is not None:  # a group of corrected rectifications that took ``d`` days
            histogram = out.days.setdefault(m, {})
            histogram[int(d)] = histogram.get(int(d), 0) + group["issued"]
    return out


def deadline_share(rect: dict[str, dict[str, int]]) -> StatTable:
    rows: list[tuple[Any, ...]] = []
    totals = dict.fromkeys(("issued", "due", "on_time", "late", "failed", "pending"), 0)
    for m, c in rect.items():
        if not c["issued"]:
            continue
        figures = {
            "issued": c["issued"],
            "due": c["due"],
            "on_time": c["on_time"],
            "late": c["corrected"] - c["on_time"],
            "failed": c["failed"],
            "pending": c["pending"],
        }
        for k, v in figures.items():
            totals[k] += v
        rows.append((m, *figures.values(), share(figures["on_time"], figures["due"])))
    if rows:
        rows.append((total_label(), *totals.values(), share(totals["on_time"], totals["due"])))
    return StatTable(
        key="deadline_share",
        title=tr("Corrected by the deadline"),
        headers=(
            tr("Month issued"),
            tr("Issued"),
            tr("Due"),
            tr("Corrected by the deadline"),
            tr("Corrected late"),
            tr("Not or partly corrected"),
            tr("Not yet re-inspected"),
            tr("Share corrected by the deadline (%)"),
        ),
        rows=tuple(rows),
        chart_columns=(7,),
        note=tr(
            "Rectifications issued in the period. Due: re-inspected or past the deadline. Corrected by the "
            "deadline: the re-inspection found everything corrected on or before the deadline; its share "
            'is of those due ("—" while none is due).'
        ),
    )


def _median(histogram: Mapping[int, int]) -> tuple[int, float | None]:
    """Count and median of values given as value → how often (the two middle values averaged)."""
    n = sum(histogram.values())
    if not n:
        return 0, None
    wanted = {(n + 1) // 2, (n + 2) // 2}
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        before = seen
        seen += histogram[value]
        found.extend(value for position in wanted if before < position <= seen)
        if seen >= max(wanted):
            break
    return n, round(sum(found) / len(found), 1)


def days_to_correct(rect: Rectified) -> StatTable:
    """Median calendar days from the notice to the re-inspection that found everything corrected.

    Read off the histogram of (month of issue, days) the database counted, which is exact for whole
    days and spares it sorting every rectification for a window function.
    """
    rows: list[tuple[Any, ...]] = []
    overall: dict[int, int] = {}
    for m in sorted(rect.days):
        rows.append((m, *_median(rect.days[m])))
        for d, n in rect.days[m].items():
            overall[d] = overall.get(d, 0) + n
    if overall:
        rows.append((total_label(), *_median(overall)))
    return StatTable(
        key="days_to_correct",
        title=tr("Median days to correct"),
        headers=(tr("Month issued"), tr("Corrected"), tr("Median days")),
        rows=tuple(rows),
        chart_columns=(2,),
        note=tr("Days from the issue of the notice to the re-inspection that found everything corrected."),
    )


def overview(
    session: Session,
    start: dt.datetime,
    end: dt.datetime,
    per_month: StatTable,
    rect: dict[str, dict[str, int]],
) -> StatTable:
    escalations = dict(
        session.execute(
            select(RectificationEscalation.kind, func.count())
            .join(Rectification, Rectification.id == RectificationEscalation.rectification_id)
            .where(Rectification.created_at >= start, Rectification.created_at < end)
            .group_by(RectificationEscalation.kind)
        ).all()
    )

    def total(name: str) -> int:
        return sum(c[name] for c in rect.values())

    rows = (
        (tr("First inspections"), sum(r[1] for r in per_month.rows)),
        (tr("Re-inspections"), sum(r[2] for r in per_month.rows)),
        (tr("Findings"), sum(r[3] for r in per_month.rows)),
        (tr("Rectifications issued"), total("issued")),
        (tr("Open"), total("open")),
        (tr("Overdue today"), total("overdue")),
        (tr("Closed"), total("closed")),
        (tr("Share corrected by the deadline (%)"), share(total("on_time"), total("due"))),
        (tr("Case opened (立案)"), int(escalations.get(EscalationKind.CASE.value, 0))),
        (tr("Transferred (移送)"), int(escalations.get(EscalationKind.TRANSFER.value, 0))),
    )
    return StatTable(
        key="overview", title=tr("Overview"), headers=(tr("Figure"), tr("Value")), rows=rows, chart="none"
    )
