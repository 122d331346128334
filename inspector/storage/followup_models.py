"""Tables of the follow-up capability: random inspection plans and how a rectification was escalated.

Kept beside :mod:`inspector.storage.models` (which imports this module at its end so that
``Base.metadata`` and the migrations agree). The indexes at the bottom serve the supervisor board
and the statistics, which aggregate over hundreds of thousands of inspections.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import Answer, Base, Inspection, Rectification, Site
from inspector.storage.types import new_id, utcnow


class EscalationKind(StrEnum):
    """立案查处 (the office opens a case itself) or 移送 (handed to the police or another authority)."""

    CASE = "case"
    TRANSFER = "transfer"


class RectificationResult(StrEnum):
    """What the re-inspection found: every failed item corrected, some of them, or none."""

    CORRECTED = "corrected"
    PARTLY = "partly"
    NOT_CORRECTED = "not_corrected"


class Plan(Base):
    """One 双随机 draw: the seed and every input it was drawn from, and what it drew.

    Every draw is stored, also one that never becomes inspections, so nobody can redraw quietly until
    the result suits them; ``inputs`` holds the eligible sites and inspectors so the draw can be
    repeated and checked years later whatever happened to the registry since.
    """

    __tablename__ = "plans"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    seed: Mapped[int] = mapped_column(BigInteger)
    inputs: Mapped[dict[str, Any]] = mapped_column()
    result: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RectificationEscalation(Base):
    """Which way an escalated rectification went (立案 or 移送), pointing at the transition event."""

    __tablename__ = "rectification_escalations"
    __table_args__ = (CheckConstraint("kind IN ('case', 'transfer')", name="kind"),)

    rectification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rectifications.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rectification_events.id"))


# Indexes for the statistics and the board at county-archive scale (300,000 inspections): each lets
# a figure be counted from an index alone, without reading the table rows. The comments name who
# uses them (see inspector/services/reports.py and followup.py).
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
# Inspections per district: one index range per site.
Index("ix_inspections_site_stats", Inspection.site_id, Inspection.status, Inspection.started_at)
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
# Findings per district: a site's district from the index.
Index("ix_sites_id_district", Site.id, Site.district)
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
