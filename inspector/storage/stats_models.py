"""The statistics summary: counts of finalized inspections and findings per local day.

Derived data, kept in step with the records inside the transactions that change them (see
:mod:`inspector.services.stats_summary`), so the dashboard sums a few thousand daily counts instead
of joining every answer of the period to its inspection and site. Like a cache it can always be
rebuilt from the records, so it is neither sealed by the audit trail nor exchanged between laptops.

Kept beside :mod:`inspector.storage.models`, which imports this module at its end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import Answer, Base, Inspection, Rectification, Site
from inspector.storage.types import utcnow


class StatDay(Base):
    """How many of something one local day saw.

    ``dim`` says what is counted and what ``key`` and ``township`` name: ``routine`` /
    ``reinspection`` (finalized inspections of that kind, by the site's 区县 in ``key`` and 乡镇 in
    ``township``), ``finding_item`` (non-compliant answers of finalized routine inspections, by item
    code; ``township`` empty) and ``finding_place`` (the same answers, by 区县 and 乡镇). The place
    is the site's current one, as in the records' own statistics.
    """

    __tablename__ = "stat_days"
    __table_args__ = (
        CheckConstraint("dim IN ('routine', 'reinspection', 'finding_item', 'finding_place')", name="dim"),
    )

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    dim: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    township: Mapped[str] = mapped_column(String(64), primary_key=True)
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


# Indexes for the statistics and the board at county-archive scale (300,000 inspections): each lets
# a figure be counted from an index alone, without reading the table rows. The comments name who
# uses them (see inspector/services/reports.py and the follow-up board).
# Findings: the non-compliant answers, in inspection order, with their item (the one pass over answers).
Index("ix_answers_result_inspection", Answer.result, Answer.inspection_id, Answer.item_code)
# Findings: each finding's inspection looked up by id, answered from the index (SQLite nested loops).
Index(
    "ix_inspections_id_stats",
    Inspection.id,
    Inspection.status,
    Inspection.kind,
    Inspection.started_at,
    Inspection.site_id,
)
# Inspections per month and kind: one index range per month.
Index("ix_inspections_stats", Inspection.status, Inspection.started_at, Inspection.kind)
# Inspections (first ones and re-inspections apart) per township: one index range per site and kind.
Index(
    "ix_inspections_site_stats", Inspection.site_id, Inspection.status, Inspection.kind, Inspection.started_at
)
# A rectification's re-inspection visit (corrected by the deadline, days to correct).
Index(
    "ix_inspections_rect_stats",
    Inspection.rectification_id,
    Inspection.status,
    Inspection.kind,
    Inspection.started_at,
)
# Plans list their inspections.
Index("ix_inspections_plan_id", Inspection.plan_id)
# Findings per township: a site's 区县 and 乡镇 from the index.
Index("ix_sites_id_place", Site.id, Site.district, Site.township)
# The board pages open rectifications by deadline; the statistics count them per month of issue.
Index("ix_rectifications_deadline", Rectification.deadline, Rectification.status, Rectification.id)
Index(
    "ix_rectifications_created_stats",
    Rectification.created_at,
    Rectification.status,
    Rectification.result,
    Rectification.deadline,
    Rectification.reinspected_at,
    Rectification.id,
)
