"""Inspections and findings of a period: per month, per district, per checklist item.

Read from the daily summary that ``services/stats_summary`` keeps equal to the records, or counted
from the records themselves (another time zone than the summary's, or ``summary=False`` to check it):
the same figures either way, which ``tests/services/test_stats_summary.py`` compares at random.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, literal_column, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from inspector.domain import AnswerResult, InspectionKind, InspectionStatus
from inspector.i18n import tr
from inspector.services import stats_summary
from inspector.services.local_time_sql import LocalTimeSql
from inspector.services.report_types import Month, Period, StatTable, month_case, share
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.stats_models import StatDay
from inspector.storage.types import UTCDateTime

TOP_ITEMS = 10

Counter = Callable[[dt.datetime, dt.datetime], Any]
CHUNK = 120  # scalar subqueries per statement


def _count_by_month(
    session: Session, months: list[Month], counters: Mapping[str, Counter]
) -> dict[str, dict[str, int]]:
    """For every month and every named counter, the counter's COUNT over that month's range.

    Each counter is a scalar subquery the database answers from an index range (no GROUP BY, no
    sort), so a month costs as much as its rows, and the months arrive in one round trip.
    """
    cells = [(m, name, fn) for m in months for name, fn in counters.items()]
    out: dict[str, dict[str, int]] = {m.label: {} for m in months}
    for i in range(0, len(cells), CHUNK):
        part = cells[i : i + CHUNK]
        row = session.execute(select(*[fn(m.start, m.end) for m, _, fn in part])).one()
        for (m, name, _), value in zip(part, row, strict=True):
            out[m.label][name] = int(value or 0)
    return out


_FINAL = InspectionStatus.FINALIZED.value
_ROUTINE = InspectionKind.ROUTINE.value
_REINSPECTION = InspectionKind.REINSPECTION.value


def _inspections_in(kind: str) -> Counter:
    def count(start: dt.datetime, end: dt.datetime) -> Any:
        return (
            select(func.count())
            .select_from(Inspection)
            .where(
                Inspection.status == _FINAL,
                Inspection.started_at >= start,
                Inspection.started_at < end,
                Inspection.kind == kind,
            )
            .scalar_subquery()
        )

    return count


@dataclass
class Findings:
    """Non-compliant answers of finalized routine inspections, by item, month and district: one pass."""

    by_item: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_item.values())


# SQLite joins by nested loops in the order it guesses; for the one pass over the findings the order
# and the covering indexes are spelled out: walk the findings, look each one's inspection and site up
# from an index alone. Same figures as the portable query (the tests run both databases).
_SQLITE_FINDINGS_FROM = text(
    "answers AS a "
    "CROSS JOIN inspections AS i INDEXED BY ix_inspections_id_stats ON i.id = a.inspection_id "
    "CROSS JOIN sites AS s INDEXED BY ix_sites_id_district ON s.id = i.site_id"
)


def _findings(session: Session, sql: LocalTimeSql, months: list[Month]) -> Findings:
    out = Findings()
    if not months:
        return out
    start, end = months[0].start, months[-1].end
    if not sql.pg:
        started = literal_column("i.started_at", UTCDateTime())
        code_col: ColumnElement[str] = literal_column("a.item_code")
        district_col: ColumnElement[str] = literal_column("s.district")
        month = month_case(started, months).label("month")
        q = (
            select(code_col, month, district_col, func.count())
            .select_from(_SQLITE_FINDINGS_FROM)
            .where(
                literal_column("a.result") == AnswerResult.NON_COMPLIANT.value,
                literal_column("i.status") == _FINAL,
                literal_column("i.kind") == _ROUTINE,
                started >= start,
                started < end,
            )
            .group_by(code_col, month, district_col)
        )
    else:
        month = month_case(Inspection.started_at, months).label("month")
        q = (
            select(Answer.item_code, month, Site.district, func.count())
            .select_from(Answer)
            .join(Inspection, Inspection.id == Answer.inspection_id)
            .join(Site, Site.id == Inspection.site_id)
            .where(
                Answer.result == AnswerResult.NON_COMPLIANT.value,
                Inspection.status == _FINAL,
                Inspection.kind == _ROUTINE,
                Inspection.started_at >= start,
                Inspection.started_at < end,
            )
            .group_by(Answer.item_code, month, Site.district)
        )
    rows = session.execute(q).all()
    out = Findings()
    # Roll the (item, month, district) counts up to the three tables: a few thousand rows at most.
    for code, m, district, n in rows:
        out.by_item[code] = out.by_item.get(code, 0) + int(n)
        out.by_month[m] = out.by_month.get(m, 0) + int(n)
        out.by_district[district] = out.by_district.get(district, 0) + int(n)
    return out


@dataclass(frozen=True)
class Counted:
    """Inspections and findings of the period, however they were counted."""

    findings: Findings
    per_month: dict[str, dict[str, int]]  # month → {"routine": n, "reinspection": n}
    per_district: dict[str, int]  # district → finalized inspections of either kind


def from_records(
    session: Session, sql: LocalTimeSql, months: list[Month], start: dt.datetime, end: dt.datetime
) -> Counted:
    return Counted(
        findings=_findings(session, sql, months),
        per_month=_count_by_month(
            session,
            months,
            {"routine": _inspections_in(_ROUTINE), "reinspection": _inspections_in(_REINSPECTION)},
        ),
        per_district=_inspections_by_district(session, sql, start, end),
    )


def from_summary(session: Session, sql: LocalTimeSql, period: Period, months: list[Month]) -> Counted:
    """The same counts from the daily summary: one grouped pass over a few thousand rows."""
    found = Findings()
    per_month: dict[str, dict[str, int]] = {m.label: {"routine": 0, "reinspection": 0} for m in months}
    per_district: dict[str, int] = {}
    month = sql.month_of_day(StatDay.day)
    rows = session.execute(
        select(StatDay.dim, StatDay.key, month, func.sum(StatDay.n))
        .where(StatDay.day >= period.start, StatDay.day <= period.end)
        .group_by(StatDay.dim, StatDay.key, month)
    ).all()
    for dim, key, m, total in rows:
        n = int(total or 0)
        if dim == stats_summary.FINDING_ITEM:
            found.by_item[key] = found.by_item.get(key, 0) + n
            found.by_month[m] = found.by_month.get(m, 0) + n
        elif dim == stats_summary.FINDING_DISTRICT:
            found.by_district[key] = found.by_district.get(key, 0) + n
        else:  # routine / reinspection, by district
            per_month.setdefault(m, {"routine": 0, "reinspection": 0})[dim] += n
            per_district[key] = per_district.get(key, 0) + n
    return Counted(found, per_month, per_district)


def findings_by_item(found: Findings, labels: Mapping[str, str]) -> StatTable:
    top = sorted(found.by_item.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ITEMS]
    return StatTable(
        key="findings_by_item",
        title=tr("Findings by item (top 10)"),
        headers=(tr("Item"), tr("Findings"), tr("Share of all findings (%)"), tr("Question")),
        rows=tuple((code, n, share(n, found.total), labels.get(code, "")) for code, n in top),
        chart_columns=(1,),
        note=tr("Non-compliant answers of finalized routine inspections started in the period."),
    )


def _inspections_by_district(
    session: Session, sql: LocalTimeSql, start: dt.datetime, end: dt.datetime
) -> dict[str, int]:
    in_period = and_(Inspection.status == _FINAL, Inspection.started_at >= start, Inspection.started_at < end)
    if sql.pg:
        q = (
            select(Site.district, func.count())
            .select_from(Inspection)
            .join(Site, Site.id == Inspection.site_id)
            .where(in_period)
            .group_by(Site.district)
        )
    else:
        # SQLite joins by nested loops: counting each site's inspections from an index range is cheaper
        # than probing the site of each of 300,000 inspections.
        per_site = (
            select(func.count())
            .select_from(Inspection)
            .where(Inspection.site_id == Site.id, in_period)
            .correlate(Site)
            .scalar_subquery()
        )
        q = select(Site.district, func.sum(per_site)).group_by(Site.district)
    return {d: int(n or 0) for d, n in session.execute(q).all()}


def by_district(per_district: Mapping[str, int], found: Findings) -> StatTable:
    inspected = {d: n for d, n in per_district.items() if n}
    districts = sorted(
        set(inspected) | set(found.by_district), key=lambda d: (-found.by_district.get(d, 0), d)
    )
    unnamed = tr("(no district)")
    return StatTable(
        key="by_district",
        title=tr("By district"),
        headers=(tr("District"), tr("Inspections"), tr("Findings"), tr("Findings per inspection")),
        rows=tuple(
            (
                d or unnamed,
                inspected.get(d, 0),
                found.by_district.get(d, 0),
                round(found.by_district.get(d, 0) / inspected[d], 2) if inspected.get(d) else None,
            )
            for d in districts
        ),
        chart_columns=(1, 2),
    )


def per_month_table(counts: dict[str, dict[str, int]], found: Findings) -> StatTable:
    rows = tuple(
        (m, c["routine"], c["reinspection"], found.by_month.get(m, 0))
        for m, c in counts.items()
        if c["routine"] or c["reinspection"] or found.by_month.get(m)
    )
    return StatTable(
        key="per_month",
        title=tr("Inspections and findings per month"),
        headers=(tr("Month"), tr("Inspections"), tr("Re-inspections"), tr("Findings")),
        rows=rows,
        chart="line",
        chart_columns=(1, 3),
    )
