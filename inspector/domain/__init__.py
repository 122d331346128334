"""The inspection domain's vocabulary: what kinds of things exist, and the one name each has.

Every layer speaks these words (storage keeps them as CHECK-guarded strings, checklists and services
decide with them, the UI and the documents show them), so they live below all of them and import
nothing but the core's translator. Each concept has exactly one label function here; a screen or a
command that shows a status asks it instead of keeping its own dictionary, so a word is never
translated two ways.
"""

from __future__ import annotations

from inspector.domain.cases import (
    CaseSource,
    CaseStatus,
    KeptDecision,
    PartyKind,
    TransferTarget,
    case_source_label,
    case_status_label,
    kept_decision_label,
    party_kind_label,
    transfer_target_label,
)
from inspector.domain.documents import (
    DEFAULT_NUMBER_PATTERNS,
    DocumentKind,
    default_number_pattern,
    document_kind_label,
)
from inspector.domain.followup import (
    OVERDUE,
    EscalationKind,
    RectificationResult,
    RectificationStatus,
    escalation_label,
    rectification_result_label,
    rectification_status_label,
)
from inspector.domain.inspections import (
    AnswerResult,
    InspectionKind,
    InspectionStatus,
    Recusal,
    answer_result_label,
    inspection_kind_label,
    inspection_status_label,
    recusal_label,
)
from inspector.domain.people import Role, role_label
from inspector.domain.sites import Designation, SiteKind, designation_label, site_kind_label

__all__ = [
    "DEFAULT_NUMBER_PATTERNS",
    "OVERDUE",
    "AnswerResult",
    "CaseSource",
    "CaseStatus",
    "Designation",
    "DocumentKind",
    "EscalationKind",
    "InspectionKind",
    "InspectionStatus",
    "KeptDecision",
    "PartyKind",
    "RectificationResult",
    "RectificationStatus",
    "Recusal",
    "Role",
    "SiteKind",
    "TransferTarget",
    "answer_result_label",
    "case_source_label",
    "case_status_label",
    "default_number_pattern",
    "designation_label",
    "document_kind_label",
    "escalation_label",
    "inspection_kind_label",
    "inspection_status_label",
    "kept_decision_label",
    "party_kind_label",
    "rectification_result_label",
    "rectification_status_label",
    "recusal_label",
    "role_label",
    "site_kind_label",
    "transfer_target_label",
]
