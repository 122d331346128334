"""The shapes the statistics come in: a period, tables of figures, and the months they are cut into.

Apart from the queries so that the dashboard, the workbook writer and both halves of the figures
(inspections and findings; rectifications) share them without importing one another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, literal

from inspector.errors import UserError
from inspector.i18n import tr

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
    """One table of figures; the dashboard charts ``chart_columns`` against the first
    ``label_columns`` columns (joined, e.g. "城关县 / 河西镇")."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: str = "bar"  # bar | line | none
    chart_columns: tuple[int, ...] = (1,)
    note: str = ""
    label_columns: int = 1

    def label(self, row: tuple[Any, ...]) -> str:
        """The row's label on a chart's axis."""
        return " / ".join(str(v) for v in row[: self.label_columns])


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
class Month:
    """One local calendar month of the period, clipped to it, as UTC instants [start, end)."""

    label: str
    start: dt.datetime
    end: dt.datetime


def local_months(period: Period, offset: dt.timedelta) -> list[Month]:
    tz = dt.timezone(offset)
    out = []
    first = period.start.replace(day=1)
    while first <= period.end:
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        lo, hi = max(first, period.start), min(nxt, period.end + dt.timedelta(days=1))
        out.append(
            Month(
                f"{first:%Y-%m}",
                dt.datetime.combine(lo, dt.time(0), tzinfo=tz).astimezone(dt.UTC),
                dt.datetime.combine(hi, dt.time(0), tzinfo=tz).astimezone(dt.UTC),
            )
        )
        first = nxt
    return out


def total_label() -> str:
    """The label of a table's total row (a chart leaves that row out)."""
    return tr("Total")


def share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def month_case(col: Any, months: list[Month]) -> Any:
    """The month label of the instant ``col``, as a balanced CASE over the months' UTC boundaries:
    a handful of comparisons per row, where a time-zone conversion and formatting per row costs more
    than the rest of the query (and is spelled differently by each database)."""
    if len(months) == 1:
        return literal(months[0].label)
    mid = len(months) // 2
    return case((col < months[mid].start, month_case(col, months[:mid])), else_=month_case(col, months[mid:]))
