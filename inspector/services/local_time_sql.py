"""Local calendar days in SQL, spelled for SQLite and for PostgreSQL.

The statistics count by the office's local days and months while the records hold UTC instants;
both the dashboard's queries and the summary of :mod:`inspector.services.stats_summary` turn one into
the other the same way, so the two can be compared day by day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from sqlalchemy import Date, DateTime, cast, func, literal_column
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op

# SQLite 3.38 (2022) added unixepoch(); Python on older systems may link an older library.
_UNIXEPOCH = sqlite3.sqlite_version_info >= (3, 38, 0)


def local_offset() -> dt.timedelta:
    """The laptop's current UTC offset (China has no daylight saving time, so one offset suffices)."""
    offset = dt.datetime.now().astimezone().utcoffset()
    return offset or dt.timedelta(0)


def local_window(first: dt.date, last: dt.date, offset: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
    """The local calendar days ``first``..``last`` (both included) as UTC instants [start, end)."""
    tz = dt.timezone(offset)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def unindexed(session: Session, col: Any) -> Any:
    """``col`` in a form SQLite will not pick an index for (its documented unary ``+``).

    Without statistics (nobody runs ANALYZE on a laptop) SQLite's planner guesses that an equality on
    a status is the best way in and then reads every row of that status (the board sorted 40,000
    open rectifications to show 200; the statistics read every rectification of a status instead of
    the period's date range). Leaving it only the index that fits is far cheaper. PostgreSQL has
    statistics and gets the column as it is.
    """
    if session.get_bind().dialect.name == "postgresql":
        return col
    return UnaryExpression(col, operator=custom_op("+"), type_=col.type)


def _ms(instant: Any) -> Any:
    """A stored SQLite instant cut to milliseconds ("YYYY-MM-DD HH:MM:SS.fff").

    SQLite's date functions *round* the stored microseconds to milliseconds, so 15:59:59.9996 UTC
    would fall on the next local day (UTC+8) while the range comparisons on the text, which are exact,
    keep it on this one; cutting keeps both in agreement.
    """
    return func.substr(instant, 1, 23)


class LocalTimeSql:
    """What SQLite and PostgreSQL spell differently: local dates and days, and steering SQLite's
    planner (which has no statistics) to the covering indexes."""

    def __init__(self, session: Session, offset: dt.timedelta) -> None:
        self.session = session
        self.pg = session.get_bind().dialect.name == "postgresql"
        self.minutes = int(offset.total_seconds() // 60)

    def unindexed(self, col: Any) -> Any:
        """See :func:`unindexed`."""
        return unindexed(self.session, col)

    def _local_ts(self, col: Any) -> Any:
        return func.timezone("UTC", col) + literal_column(f"interval '{self.minutes} minutes'")

    def local_date(self, col: Any) -> ColumnElement[Any]:
        if self.pg:
            return cast(self._local_ts(col), Date)
        return func.date(_ms(col), f"{self.minutes:+d} minutes")

    def before_end_of_local_day(self, instant: Any, day: Any) -> ColumnElement[bool]:
        """Whether the UTC ``instant`` lies before the local calendar day ``day`` (a DATE) ends."""
        if self.pg:
            end = func.timezone(
                "UTC", cast(day + 1, DateTime) - literal_column(f"interval '{self.minutes} minutes'")
            )
            before: ColumnElement[bool] = instant < end
            return before
        if _UNIXEPOCH:
            # Whole seconds are exact (the fraction cut off never crosses a day's end) and cost a
            # fraction of formatting a timestamp per row.
            return func.unixepoch(_ms(instant)) < func.unixepoch(day) + (86400 - 60 * self.minutes)
        before_text: ColumnElement[bool] = instant < func.strftime(
            "%Y-%m-%d %H:%M:%f", day, "+1 day", f"{-self.minutes:+d} minutes"
        )
        return before_text

    def days_between_local_dates(self, start: Any, end: Any) -> ColumnElement[Any]:
        """Calendar days from the local date of ``start`` to that of ``end`` (NULL if either is)."""
        if self.pg:
            return self.local_date(end) - self.local_date(start)
        if _UNIXEPOCH:
            # Local day numbers by integer division of local seconds since 1970: exact, and three
            # times cheaper per row than julianday(date(...)).
            shift = 60 * self.minutes

            def day_number(instant: Any) -> ColumnElement[Any]:
                # SQLite's "/" of two integers divides whole (SQLAlchemy's "/" would add "+ 0.0");
                # precedence 8 (that of "/") keeps the sum in parentheses.
                seconds = func.unixepoch(_ms(instant)) + shift
                whole: ColumnElement[Any] = seconds.op("/", precedence=8)(literal_column("86400"))
                return whole

            days: ColumnElement[Any] = day_number(end) - day_number(start)
            return days
        return func.julianday(self.local_date(end)) - func.julianday(self.local_date(start))

    def month_of_day(self, day: Any) -> ColumnElement[str]:
        """``YYYY-MM`` of a DATE column (SQLite keeps dates as ISO text)."""
        if self.pg:
            return func.to_char(day, "YYYY-MM")
        return func.substr(day, 1, 7)
