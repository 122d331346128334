"""The statistics summary: counts of finalized inspections and findings per local day.

Derived data, kept in step with the records inside the transactions that change them (see
:mod:`inspector.services.stats_summary`), so the dashboard sums a few thousand daily counts instead
of joining every answer of the period to its inspection and site. Like a cache it can always be
rebuilt from the records, so it is neither sealed by the audit trail nor exchanged between laptops.

Kept beside :mod:`inspector.storage.models`, which imports this module at its end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import Base
from inspector.storage.types import utcnow


class StatDay(Base):
    """How many of something one local day saw.

    ``dim`` says what is counted and what ``key`` names: ``routine`` / ``reinspection`` (finalized
    inspections of that kind, by site district), ``finding_item`` (non-compliant answers of
    finalized routine inspections, by item code) and ``finding_district`` (the same, by district).
    The district is the site's current one, as in the records' own statistics.
    """

    __tablename__ = "stat_days"
    __table_args__ = (
        CheckConstraint("dim IN ('routine', 'reinspection', 'finding_item', 'finding_district')", name="dim"),
    )

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class StatSummary(Base):
    """The one row saying which time zone the days of :class:`StatDay` are local to.

    Its row is also the lock that serialises refreshes on a shared PostgreSQL server: a refresh
    recounts whole days, so two of them must not interleave.
    """

    __tablename__ = "stat_summary"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    utc_offset_minutes: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
