"""A rectification's states, what the re-inspection found, and how an uncorrected one is escalated."""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import labeller
from inspector.i18n import tr


class RectificationStatus(StrEnum):
    ISSUED = "issued"
    SERVED = "served"
    REINSPECTED = "reinspected"
    CLOSED = "closed"
    ESCALATED = "escalated"


class RectificationResult(StrEnum):
    """What the re-inspection found: every failed item corrected, some of them, or none."""

    CORRECTED = "corrected"
    PARTLY = "partly"
    NOT_CORRECTED = "not_corrected"


class EscalationKind(StrEnum):
    """立案查处 (the office opens a case itself) or 移送 (handed to the police or another authority)."""

    CASE = "case"
    TRANSFER = "transfer"


# A display status, never stored: issued or served, and the deadline has passed.
OVERDUE = "overdue"


rectification_status_label = labeller(
    lambda: {
        RectificationStatus.ISSUED.value: tr("issued"),
        RectificationStatus.SERVED.value: tr("served"),
        RectificationStatus.REINSPECTED.value: tr("re-inspected"),
        RectificationStatus.CLOSED.value: tr("closed"),
        RectificationStatus.ESCALATED.value: tr("escalated"),
        OVERDUE: tr("overdue"),
    }
)


rectification_result_label = labeller(
    lambda: {
        RectificationResult.CORRECTED.value: tr("corrected"),
        RectificationResult.PARTLY.value: tr("partly corrected"),
        RectificationResult.NOT_CORRECTED.value: tr("not corrected"),
    }
)


escalation_label = labeller(
    lambda: {
        EscalationKind.CASE.value: tr("case opened (立案)"),
        EscalationKind.TRANSFER.value: tr("transferred (移送)"),
    }
)
