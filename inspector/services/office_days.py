"""Calendar days where the office is: deadlines (a rectification's, a case's 立案 and kept-item
limits) are counted in the laptop's local dates, so "today" and the day of a stored instant are read
in its zone. One definition for the follow-up and the case records, which count the same days."""

from __future__ import annotations

import datetime as dt


def local_today() -> dt.date:
    """The laptop's local date: deadlines are the office's calendar days."""
    return dt.datetime.now().astimezone().date()


def local_date(value: dt.datetime) -> dt.date:
    """The local calendar day on which the instant ``value`` fell."""
    return value.astimezone().date()
