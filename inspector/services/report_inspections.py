"""Inspections and findings of a period: per month, per township within its county, per checklist item.

Read from the daily summary that ``services/stats_summary`` keeps equal to the records, or counted
from the records themselves (another time zone than the summary's, or ``summary=False`` to check it):
the same figures either way, which ``tests/services/test_stats_summary.py`` compares at random.

First inspections and re-inspections are counted apart everywhere (the overview, the months, the
townships); findings are those of first (routine) inspections only, so "findings per inspection"
divides like by like.
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
from inspector.services.pinyin import sort_key
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


Place = tuple[str, str]  # (区县, 乡镇)


@dataclass
class Findings:
    """Non-compliant answers of finalized routine inspections, by item, month and place: one pass."""

    by_item: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_place: dict[Place, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_item.values())


# SQLite joins by nested loops in the order it guesses; for the one pass over the findings the order
# and the covering indexes are spelled out: walk the findings, look each one's inspection and site up
# from an index alone. Same figures as the portable query (the tests run both databases).
_SQLITE_FINDINGS_FROM = text(
    "answers AS a "
    "CROSS JOIN inspections AS i INDEXED BY ix_inspections_id_stats ON i.id = a.inspection_id "
    "CROSS JOIN sites AS s INDEXED BY ix_sites_id_place ON s.id = i.site_id"
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
        township_col: ColumnElement[str] = literal_column("s.township")
        month = month_case(started, months).label("month")
        q = (
            select(code_col, month, district_col, township_col, func.count())
            .select_from(_SQLITE_FINDINGS_FROM)
            .where(
                literal_column("a.result") == AnswerResult.NON_COMPLIANT.value,
                literal_column("i.status") == _FINAL,
                literal_column("i.kind") == _ROUTINE,
                started >= start,
                started < end,
            )
            .group_by(code_col, month, district_col, township_col)
        )
    else:
        month = month_case(Inspection.started_at, months).label("month")
        q = (
            select(Answer.item_code, month, Site.district, Site.township, func.count())
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
            .group_by(Answer.item_code, month, Site.district, Site.township)
        )
    rows = session.execute(q).all()
    out = Findings()
    # Roll the (item, month, place) counts up to the three tables: a few thousand rows at most.
    for code, m, district, township, n in rows:
        out.by_item[code] = out.by_item.get(code, 0) + int(n)
        out.by_month[m] = out.by_month.get(m, 0) + int(n)
        place = (district, township)
        out.by_place[place] = out.by_place.get(place, 0) + int(n)
    return out


@dataclass(frozen=True)
class Counted:
    """Inspections and findings of the period, however they were counted."""

    findings: Findings
    per_month: dict[str, dict[str, int]]  # month → {"routine": n, "reinspection": n}
    per_place: dict[Place, dict[str, int]]  # (区县, 乡镇) → {"routine": n, "reinspection": n}


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
        per_place=_inspections_by_place(session, sql, start, end),
    )


def from_summary(session: Session, sql: LocalTimeSql, period: Period, months: list[Month]) -> Counted:
    """The same counts from the daily summary: one grouped pass over a few thousand rows."""
    found = Findings()
    per_month: dict[str, dict[str, int]] = {m.label: _kinds() for m in months}
    per_place: dict[Place, dict[str, int]] = {}
    month = sql.month_of_day(StatDay.day)
    rows = session.execute(
        select(StatDay.dim, StatDay.key, StatDay.township, month, func.sum(StatDay.n))
        .where(StatDay.day >= period.start, StatDay.day <= period.end)
        .group_by(StatDay.dim, StatDay.key, StatDay.township, month)
    ).all()
    for dim, key, township, m, total in rows:
        n = int(total or 0)
        if dim == stats_summary.FINDING_ITEM:
            found.by_item[key] = found.by_item.get(key, 0) + n
            found.by_month[m] = found.by_month.get(m, 0) + n
        elif dim == stats_summary.FINDING_PLACE:
            found.by_place[(key, township)] = found.by_place.get((key, township), 0) + n
        else:  # routine / reinspection, by place
            per_month.setdefault(m, _kinds())[dim] += n
            per_place.setdefault((key, township), _kinds())[dim] += n
    return Counted(found, per_month, per_place)


def _kinds() -> dict[str, int]:
    return {_ROUTINE: 0, _REINSPECTION: 0}


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


def _inspections_by_place(
    session: Session, sql: LocalTimeSql, start: dt.datetime, end: dt.datetime
) -> dict[Place, dict[str, int]]:
    in_period = and_(Inspection.status == _FINAL, Inspection.started_at >= start, Inspection.started_at < end)
    out: dict[Place, dict[str, int]] = {}
    if sql.pg:
        q = (
            select(Site.district, Site.township, Inspection.kind, func.count())
            .select_from(Inspection)
            .join(Site, Site.id == Inspection.site_id)
            .where(in_period)
            .group_by(Site.district, Site.township, Inspection.kind)
        )
        for district, township, kind, n in session.execute(q).all():
            out.setdefault((district, township), _kinds())[kind] = int(n or 0)
        return out

    # SQLite joins by nested loops: counting each site's inspections of each kind from an index range
    # is cheaper than probing the site of each of 300,000 inspections.
    def per_site(kind: str) -> Any:
        return func.sum(
            select(func.count())
            .select_from(Inspection)
            .where(Inspection.site_id == Site.id, Inspection.kind == kind, in_period)
            .correlate(Site)
            .scalar_subquery()
        )

    q = select(Site.district, Site.township, per_site(_ROUTINE), per_site(_REINSPECTION)).group_by(
        Site.district, Site.township
    )
    for district, township, routine, again in session.execute(q).all():
        out[(district, township)] = {_ROUTINE: int(routine or 0), _REINSPECTION: int(again or 0)}
    return out


def by_township(per_place: Mapping[Place, Mapping[str, int]], found: Findings) -> StatTable:
    """First inspections, re-inspections and findings per 乡镇, grouped by its 区县 (both in pinyin
    order); findings per inspection divides the findings of first inspections by their number."""
    counted = {p: c for p, c in per_place.items() if c.get(_ROUTINE) or c.get(_REINSPECTION)}
    places = sorted(
        set(counted) | set(found.by_place), key=lambda p: (sort_key(p[0]), p[0], sort_key(p[1]), p[1])
    )
    rows = []
    for place in places:
        first = counted.get(place, {}).get(_ROUTINE, 0)
        again = counted.get(place, {}).get(_REINSPECTION, 0)
        n = found.by_place.get(place, 0)
        rows.append(
            (
                place[0] or tr("(no county)"),
                place[1] or tr("(no township)"),
                first,
                again,
                n,
                round(n / first, 2) if first else None,
            )
        )
    return StatTable(
        key="by_township",
        title=tr("By township within county"),
        headers=(
            tr("County / district"),
            tr("Township"),
            tr("First inspections"),
            tr("Re-inspections"),
            tr("Findings"),
            tr("Findings per inspection"),
        ),
        rows=tuple(rows),
        chart_columns=(2, 3, 4),
        label_columns=2,
        note=tr(
            "Re-inspections are counted apart from first inspections; findings are those of first "
            "inspections."
        ),
    )


def per_month_table(counts: dict[str, dict[str, int]], found: Findings) -> StatTable:
    rows = tuple(
        (m, c[_ROUTINE], c[_REINSPECTION], found.by_month.get(m, 0))
        for m, c in counts.items()
        if c[_ROUTINE] or c[_REINSPECTION] or found.by_month.get(m)
    )
    return StatTable(
        key="per_month",
        title=tr("Inspections and findings per month"),
        headers=(tr("Month"), tr("First inspections"), tr("Re-inspections"), tr("Findings")),
        rows=rows,
        chart="line",
        chart_columns=(1, 3),
    )
