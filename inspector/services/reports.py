"""Statistics for supervisors: what is found, where, how fast it is corrected; and their workbook.

Every figure is counted by the database, never by looping over records in Python: one grouped pass
over the findings, index-range counts per month, per-site counts for townships, and a histogram for
the medians. The indexes of migration 0003 let each of them be answered from an index alone (see
``bench/bench_followup.py`` for the figures at 300,000 inspections). Python only rolls up the few
hundred grouped rows into the tables. The dashboard and ``inspector report`` call the same
:func:`compute` and :func:`export_xlsx`, so the screen and the spreadsheet can never disagree.

Definitions (also shown to users in the sheet notes):

- *inspection*: a finalized first inspection started within the period; re-inspections are counted
  apart everywhere (the overview, the months, the townships);
- *finding*: a non-compliant answer of a finalized routine inspection;
- a rectification belongs to the month it was issued; it is *corrected by the deadline* when its
  re-inspection found everything corrected and took place on or before the deadline; it is *due*
  once re-inspected or past its deadline, and the share corrected by the deadline is of those due
  ("—" when none is: nothing can be late yet);
- *days to correct*: calendar days from the issue of the notice to the re-inspection that found it
  corrected.

Months and days are those of the office's local time zone (``utc_offset``).

This module puts the tables together; the figures are counted in ``report_inspections`` and
``report_rectifications``, and the workbook is written by :mod:`inspector.spreadsheet`, the one
writer of every spreadsheet the app makes (text from the records as inert text, never a formula).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from inspector.i18n import tr
from inspector.services import stats_summary
from inspector.services.local_time_sql import LocalTimeSql, local_offset, local_window
from inspector.services.report_cases import case_tables
from inspector.services.report_inspections import (
    by_township,
    findings_by_item,
    from_records,
    from_summary,
    per_month_table,
)
from inspector.services.report_rectifications import (
    days_to_correct,
    deadline_share,
    overview,
    rectifications_by_month,
)
from inspector.services.report_types import Period, Statistics, StatTable, local_months, total_label
from inspector.spreadsheet import Sheet, write_xlsx

__all__ = [
    "Period",
    "StatTable",
    "Statistics",
    "compute",
    "export_xlsx",
    "item_labels",
    "local_offset",
    "total_label",
    "write_report",
]


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
    months = local_months(period, offset)
    today = today or (dt.datetime.now(dt.UTC) + offset).date()
    if summary and stats_summary.offset(session) == offset:
        counted = from_summary(session, sql, period, months)
    else:
        counted = from_records(session, sql, months, start, end)
    rect = rectifications_by_month(session, sql, months, today)
    per_month = per_month_table(counted.per_month, counted.findings)
    tables = [
        findings_by_item(counted.findings, item_labels or {}),
        by_township(counted.per_place, counted.findings),
        per_month,
        deadline_share(rect.counts),
        days_to_correct(rect),
        *case_tables(session, sql, months, window=(start, end), today=today),
    ]
    figures = overview(session, start, end, per_month, rect.counts)
    return Statistics(period=period, generated_at=dt.datetime.now(dt.UTC), tables=(figures, *tables))


def item_labels(forms_dir: Path | None) -> dict[str, str]:
    """Item code → question, from the checklists this office uses (for the findings table)."""
    from inspector.forms import load_registry

    labels: dict[str, str] = {}
    for form in load_registry(forms_dir).all():
        for item in form.items:
            labels.setdefault(item.code, item.question)
    return labels


def export_xlsx(stats: Statistics, path: Path) -> Path:
    """Write one sheet per table (header row first, figures as numbers, text as inert text) and
    return the path; a failure never leaves half a workbook where a good one was."""
    period = tr("Period: {period}", period=stats.period.label)
    sheets = [
        Sheet(t.title, t.headers, _shown(t.rows), notes=(period, t.note) if t.note else (period,))
        for t in stats.tables
    ]
    return write_xlsx(sheets, path)


NOT_APPLICABLE = "—"


def _shown(rows: tuple[tuple[Any, ...], ...]) -> list[tuple[Any, ...]]:
    """The rows as a person reads them: a figure with nothing to compute (a rate of nothing due, a
    median of nothing) is "—", as on screen, never an empty cell or 0."""
    return [tuple(NOT_APPLICABLE if v is None else v for v in row) for row in rows]


def write_report(session: Session, period: Period, path: Path, **kwargs: Any) -> Statistics:
    """Compute the statistics for ``period`` and write them to ``path`` (the CLI's one call)."""
    stats = compute(session, period, **kwargs)
    export_xlsx(stats, path)
    return stats
