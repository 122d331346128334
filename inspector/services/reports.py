"""Statistics for supervisors: what is found, where, how fast it is corrected; and their Excel export.

Every figure is counted by the database, never by looping over records in Python: one grouped pass
over the findings, index-range counts per month, per-site counts for districts, and a histogram for
the medians. The indexes of migration 0003 let each of them be answered from an index alone (see
``bench/bench_followup.py`` for the figures at 300,000 inspections). Python only rolls up the few
hundred grouped rows into the tables. The dashboard and ``inspector report`` call the same
:func:`compute` and :func:`export_xlsx`, so the screen and the spreadsheet can never disagree.

Definitions (also shown to users in the sheet notes):

- *inspection*: a finalized inspection started within the period (re-inspections counted apart);
- *finding*: a non-compliant answer of a finalized routine inspection;
- a rectification belongs to the month it was issued; it is *corrected by the deadline* when its
  re-inspection found everything corrected and took place on or before the deadline;
- *days to correct*: calendar days from the issue of the notice to the re-inspection that found it
  corrected.

Months and days are those of the office's local time zone (``utc_offset``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    and_,
    case,
    func,
    literal,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from inspector.domain import (
    AnswerResult,
    EscalationKind,
    InspectionKind,
    InspectionStatus,
    RectificationResult,
    RectificationStatus,
)
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import stats_summary
from inspector.services.followup import AWAITING_CORRECTION as AWAITING
from inspector.services.followup import OPEN_STATUSES
from inspector.services.local_time_sql import LocalTimeSql, local_offset, local_window
from inspector.storage.models import Answer, Inspection, Rectification, RectificationEscalation, Site
from inspector.storage.stats_models import StatDay
from inspector.storage.types import UTCDateTime

TOP_ITEMS = 10
MAX_SPAN_DAYS = 366 * 20


@dataclass(frozen=True)
class Period:
    """Calendar days, both ends included, in the office's time zone."""

    start: dt.date
    end: dt.date

    def validate(self) -> None:
        if self.start > self.end:
            raise UserError(
                tr(
                    "The period starts ({start}) after it ends ({end}); swap the dates.",
                    start=self.start.isoformat(),
                    end=self.end.isoformat(),
                )
            )
        if (self.end - self.start).days > MAX_SPAN_DAYS:
            raise UserError(tr("The period is longer than 20 years; choose a shorter one."))

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


@dataclass(frozen=True)
class StatTable:
    """One table of figures; the dashboard charts ``chart_columns`` against column 0."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: str = "bar"  # bar | line | none
    chart_columns: tuple[int, ...] = (1,)
    note: str = ""


@dataclass(frozen=True)
class Statistics:
    period: Period
    generated_at: dt.datetime
    tables: tuple[StatTable, ...] = field(default_factory=tuple)

    def table(self, key: str) -> StatTable:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


@dataclass(frozen=True)
class _Month:
    """One local calendar month of the period, clipped to it, as UTC instants [start, end)."""

    label: str
    start: dt.datetime
    end: dt.datetime


def _months(period: Period, offset: dt.timedelta) -> list[_Month]:
    tz = dt.timezone(offset)
    out = []
    first = period.start.replace(day=1)
    while first <= period.end:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        lo, hi = max(first, period.start), min(nxt, period.end + dt.timedelta(days=1))
        out.append(
            _Month(
                f"{first:%Y-%m}",
                dt.datetime.combine(lo, dt.time(0), tzinfo=tz).astimezone(dt.UTC),
                dt.datetime.combine(hi, dt.time(0), tzinfo=tz).astimezone(dt.UTC),
            )
        )
        first = nxt
    return out


Counter = Callable[[dt.datetime, dt.datetime], Any]
CHUNK = 120  # scalar subqueries per statement


def _count_by_month(
    session: Session, months: list[_Month], counters: Mapping[str, Counter]
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


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


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


# --- the figures -------------------------------------------------------------------------------


@dataclass
class _Findings:
    """Non-compliant answers of finalized routine inspections, by item, month and district: one pass."""

    by_item: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)
    by_district: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_item.values())


def _month_of(col: Any, months: list[_Month]) -> Any:
    """The month label of the instant ``col``, as a balanced CASE over the months' UTC boundaries:
    a handful of comparisons per row, where a time-zone conversion and formatting per row costs more
    than the rest of the query (and is spelled differently by each database)."""
    if len(months) == 1:
        return literal(months[0].label)
    mid = len(months) // 2
    return case((col < months[mid].start, _month_of(col, months[:mid])), else_=_month_of(col, months[mid:]))


# SQLite joins by nested loops in the order it guesses; for the one pass over the findings the order
# and the covering indexes are spelled out: walk the findings, look each one's inspection and site up
# from an index alone. Same figures as the portable query (the tests run both databases).
_SQLITE_FINDINGS_FROM = text(
    "answers AS a "
    "CROSS JOIN inspections AS i INDEXED BY ix_inspections_id_stats ON i.id = a.inspection_id "
    "CROSS JOIN sites AS s INDEXED BY ix_sites_id_district ON s.id = i.site_id"
)


def _findings(session: Session, sql: LocalTimeSql, months: list[_Month]) -> _Findings:
    out = _Findings()
    if not months:
        return out
    start, end = months[0].start, months[-1].end
    if not sql.pg:
        started = literal_column("i.started_at", UTCDateTime())
        code_col: ColumnElement[str] = literal_column("a.item_code")
        district_col: ColumnElement[str] = literal_column("s.district")
        month = _month_of(started, months).label("month")
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
        month = _month_of(Inspection.started_at, months).label("month")
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
    out = _Findings()
    # Roll the (item, month, district) counts up to the three tables: a few thousand rows at most.
    for code, m, district, n in rows:
        out.by_item[code] = out.by_item.get(code, 0) + int(n)
        out.by_month[m] = out.by_month.get(m, 0) + int(n)
        out.by_district[district] = out.by_district.get(district, 0) + int(n)
    return out


@dataclass(frozen=True)
class _Counted:
    """Inspections and findings of the period, however they were counted."""

    findings: _Findings
    per_month: dict[str, dict[str, int]]  # month → {"routine": n, "reinspection": n}
    per_district: dict[str, int]  # district → finalized inspections of either kind


def _from_records(
    session: Session, sql: LocalTimeSql, months: list[_Month], start: dt.datetime, end: dt.datetime
) -> _Counted:
    return _Counted(
        findings=_findings(session, sql, months),
        per_month=_count_by_month(
            session,
            months,
            {"routine": _inspections_in(_ROUTINE), "reinspection": _inspections_in(_REINSPECTION)},
        ),
        per_district=_inspections_by_district(session, sql, start, end),
    )


def _from_summary(session: Session, sql: LocalTimeSql, period: Period, months: list[_Month]) -> _Counted:
    """The same counts from the daily summary: one grouped pass over a few thousand rows."""
    found = _Findings()
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
    return _Counted(found, per_month, per_district)


def _findings_by_item(found: _Findings, labels: Mapping[str, str]) -> StatTable:
    top = sorted(found.by_item.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_ITEMS]
    return StatTable(
        key="findings_by_item",
        title=tr("Findings by item (top 10)"),
        headers=(tr("Item"), tr("Findings"), tr("Share of all findings (%)"), tr("Question")),
        rows=tuple((code, n, _share(n, found.total), labels.get(code, "")) for code, n in top),
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


def _by_district(per_district: Mapping[str, int], found: _Findings) -> StatTable:
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


def _per_month(counts: dict[str, dict[str, int]], found: _Findings) -> StatTable:
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
        "on_time": and_(corrected, visit_by_deadline),
        "corrected": corrected,
        "failed": result.in_([RectificationResult.PARTLY.value, RectificationResult.NOT_CORRECTED.value]),
        "pending": result.is_(None),
        "open": status.in_(OPEN_STATUSES),
        "overdue": and_(status.in_(AWAITING), deadline < today),
        "closed": status == RectificationStatus.CLOSED.value,
    }


@dataclass
class _Rectified:
    """The rectifications issued in each month: every counter of :func:`_rect_conditions`, and how
    many of the corrected ones took how many days."""

    counts: dict[str, dict[str, int]]
    days: dict[str, dict[int, int]]  # month → days to correct → rectifications


def _rectifications_by_month(
    session: Session, sql: LocalTimeSql, months: list[_Month], today: dt.date
) -> _Rectified:
    """One pass over the rectifications issued in the period, grouped by (month, days to correct).

    The days are NULL except for corrected rectifications, so a month has a group per distinct
    number of days (a few dozen) and one for the rest; the counters are summed over its groups.
    PostgreSQL: one grouped pass with ``FILTER`` (hash aggregation). SQLite: one walk of each
    month's covering index range, summing every counter at once (a separate range per counter walked
    the same rows eight times).
    """
    conditions = _rect_conditions(sql, today)
    out = _Rectified({m.label: dict.fromkeys(conditions, 0) for m in months}, {})
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
        month = _month_of(r.created_at, months).label("month")
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


def _deadline_share(rect: dict[str, dict[str, int]]) -> StatTable:
    rows: list[tuple[Any, ...]] = []
    totals = dict.fromkeys(("issued", "on_time", "late", "failed", "pending"), 0)
    for m, c in rect.items():
        if not c["issued"]:
            continue
        figures = {
            "issued": c["issued"],
            "on_time": c["on_time"],
            "late": c["corrected"] - c["on_time"],
            "failed": c["failed"],
            "pending": c["pending"],
        }
        for k, v in figures.items():
            totals[k] += v
        rows.append((m, *figures.values(), _share(figures["on_time"], figures["issued"])))
    if rows:
        rows.append((tr("Total"), *totals.values(), _share(totals["on_time"], totals["issued"])))
    return StatTable(
        key="deadline_share",
        title=tr("Corrected by the deadline"),
        headers=(
            tr("Month issued"),
            tr("Issued"),
            tr("Corrected by the deadline"),
            tr("Corrected late"),
            tr("Not or partly corrected"),
            tr("Not yet re-inspected"),
            tr("Share corrected by the deadline (%)"),
        ),
        rows=tuple(rows),
        chart_columns=(6,),
        note=tr(
            "Rectifications issued in the period; corrected by the deadline means the re-inspection found "
            "everything corrected on or before the deadline."
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


def _days_to_correct(rect: _Rectified) -> StatTable:
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
        rows.append((tr("Total"), *_median(overall)))
    return StatTable(
        key="days_to_correct",
        title=tr("Median days to correct"),
        headers=(tr("Month issued"), tr("Corrected"), tr("Median days")),
        rows=tuple(rows),
        chart_columns=(2,),
        note=tr("Days from the issue of the notice to the re-inspection that found everything corrected."),
    )


def _overview(
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
        (tr("Inspections"), sum(r[1] for r in per_month.rows)),
        (tr("Re-inspections"), sum(r[2] for r in per_month.rows)),
        (tr("Findings"), sum(r[3] for r in per_month.rows)),
        (tr("Rectifications issued"), total("issued")),
        (tr("Open"), total("open")),
        (tr("Overdue today"), total("overdue")),
        (tr("Closed"), total("closed")),
        (tr("Case opened (立案)"), int(escalations.get(EscalationKind.CASE.value, 0))),
        (tr("Transferred (移送)"), int(escalations.get(EscalationKind.TRANSFER.value, 0))),
    )
    return StatTable(
        key="overview", title=tr("Overview"), headers=(tr("Figure"), tr("Value")), rows=rows, chart="none"
    )


def compute(
    session: Session,
    period: Period,
    *,
    utc_offset: dt.timedelta | None = None,
    item_labels: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    summary: bool = True,
) -> Statistics:
    """Every table of the dashboard and the report for ``period``.

    Inspections and findings are read from the daily summary when it is kept in ``utc_offset``'s
    days (always, in an office that keeps one time zone); otherwise, or with ``summary=False``, they
    are counted from the records, which gives the same figures more slowly.
    """
    period.validate()
    offset = local_offset() if utc_offset is None else utc_offset
    sql = LocalTimeSql(session, offset)
    if sql.pg:
        # Short aggregate queries: compiling them (JIT) costs more than it saves, and grouping a few
        # hundred thousand findings in memory beats spilling a sort to disk (both for this transaction).
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
    start, end = local_window(period.start, period.end, offset)
    months = _months(period, offset)
    today = today or (dt.datetime.now(dt.UTC) + offset).date()
    if summary and stats_summary.offset(session) == offset:
        counted = _from_summary(session, sql, period, months)
    else:
        counted = _from_records(session, sql, months, start, end)
    rect = _rectifications_by_month(session, sql, months, today)
    per_month = _per_month(counted.per_month, counted.findings)
    tables = [
        _findings_by_item(counted.findings, item_labels or {}),
        _by_district(counted.per_district, counted.findings),
        per_month,
        _deadline_share(rect.counts),
        _days_to_correct(rect),
    ]
    overview = _overview(session, start, end, per_month, rect.counts)
    return Statistics(period=period, generated_at=dt.datetime.now(dt.UTC), tables=(overview, *tables))


def item_labels(forms_dir: Path | None) -> dict[str, str]:
    """Item code → question, from the checklists this office uses (for the findings table)."""
    from inspector.forms import load_registry

    labels: dict[str, str] = {}
    for form in load_registry(forms_dir).all():
        for item in form.items:
            labels.setdefault(item.code, item.question)
    return labels


# --- Excel ---------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("-", title).strip() or "sheet"
    name = base[:31]
    n = 2
    while name in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def export_xlsx(stats: Statistics, path: Path) -> Path:
    """Write one sheet per table (header row first, figures as numbers) and return the path.

    Written to a temporary file beside ``path`` and renamed, so a failure never leaves half a
    workbook where a good one was.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(tr("The report file must end in .xlsx: {path}", path=str(path)))
    if not path.parent.is_dir():
        raise UserError(
            tr("The folder {folder} does not exist; create it or choose another.", folder=str(path.parent))
        )
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in stats.tables:
        ws = wb.create_sheet(_sheet_name(table.title, used))
        ws.append(list(table.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
        for i, header in enumerate(table.headers):
            values = [str(header)] + [str(r[i]) for r in table.rows if r[i] is not None]
            width = max(len(v) + sum(1 for ch in v if ord(ch) > 0x2E80) for v in values)
            ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = min(
                max(width + 2, 8), 60
            )
        notes = [tr("Period: {period}", period=stats.period.label)]
        if table.note:
            notes.append(table.note)
        start_row = len(table.rows) + 3
        for j, line in enumerate(notes):
            ws.cell(row=start_row + j, column=1, value=line).font = Font(italic=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".xlsx", dir=path.parent)
        os.close(fd)
        try:
            wb.save(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as err:
        raise UserError(
            tr(
                "Cannot write the report {path}: {reason}. Close it in Excel or choose another file.",
                path=str(path),
                reason=err.strerror or str(err),
            )
        ) from err
    return path


def write_report(session: Session, period: Period, path: Path, **kwargs: Any) -> Statistics:
    """Compute the statistics for ``period`` and write them to ``path`` (the CLI's one call)."""
    stats = compute(session, period, **kwargs)
    export_xlsx(stats, path)
    return stats
