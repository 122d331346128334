"""The two time limits of a case, as calendar days where the office is, computed whenever shown.

- 立案 within :data:`~inspector.domain.cases.OPEN_WITHIN_DAYS` days of the discovery: a proposal still
  waiting after that, or an approval given after it, carries a warning (the 立案 is still valid; the
  delay must be explained).
- A decision on kept items within :data:`~inspector.domain.cases.KEPT_DECISION_DAYS` days
  (行政处罚法 第五十六条). As the law counts periods, the day of keeping is not counted: an item kept
  on the 2nd is due by the end of the 9th. From day :data:`~inspector.domain.cases.KEPT_WARN_DAY` an
  undecided item shows on the supervisor's board; after the due day it is overdue (red).

Every function takes ``today`` so that the tests run on a fixed clock; callers pass
:func:`~inspector.services.office_days.local_today` in real use. Nothing is stored, so nothing can go stale.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from inspector.domain.cases import KEPT_DECISION_DAYS, KEPT_WARN_DAY, OPEN_WITHIN_DAYS
from inspector.services.office_days import local_date


def open_due(discovered_at: dt.datetime) -> dt.date:
    """The last day on which 立案 is in time."""
    return local_date(discovered_at) + dt.timedelta(days=OPEN_WITHIN_DAYS)


def open_late(discovered_at: dt.datetime, approved_at: dt.datetime | None, today: dt.date) -> bool:
    """Whether 立案 came (or, still waiting, comes) later than 7 days after the discovery."""
    when = local_date(approved_at) if approved_at is not None else today
    return when > open_due(discovered_at)


class OpenDeadline:
    """What a case's row on the list and its full view both say about the 立案 deadline."""

    discovered_at: dt.datetime
    approved_at: dt.datetime | None
    today: dt.date

    @property
    def open_due(self) -> dt.date:
        return open_due(self.discovered_at)

    @property
    def open_late(self) -> bool:
        """立案 later than 7 days after the discovery (or, still waiting, already too late)."""
        return open_late(self.discovered_at, self.approved_at, self.today)


class KeptState(StrEnum):
    """Where an undecided kept item stands; a decided one is ``DECIDED`` whatever the day."""

    DECIDED = "decided"
    WAITING = "waiting"  # days 0-4: nothing to show yet
    DUE_SOON = "due_soon"  # day 5 to the due day: on the supervisor's board
    OVERDUE = "overdue"  # after the due day: red


def kept_due(kept_at: dt.datetime) -> dt.date:
    return local_date(kept_at) + dt.timedelta(days=KEPT_DECISION_DAYS)


def kept_day(kept_at: dt.datetime, today: dt.date) -> int:
    """Days since keeping (0 on the day itself)."""
    return (today - local_date(kept_at)).days


def kept_state(kept_at: dt.datetime, decided_at: dt.datetime | None, today: dt.date) -> KeptState:
    if decided_at is not None:
        return KeptState.DECIDED
    if today > kept_due(kept_at):
        return KeptState.OVERDUE
    if kept_day(kept_at, today) >= KEPT_WARN_DAY:
        return KeptState.DUE_SOON
    return KeptState.WAITING


def decided_in_time(kept_at: dt.datetime, decided_at: dt.datetime | None) -> bool:
    return decided_at is not None and local_date(decided_at) <= kept_due(kept_at)


def warn_from(today: dt.date) -> dt.date:
    """Items kept on or before this day and still undecided are on the board today (the SQL side of
    :func:`kept_state`: keeping day + KEPT_WARN_DAY <= today)."""
    return today - dt.timedelta(days=KEPT_WARN_DAY)
