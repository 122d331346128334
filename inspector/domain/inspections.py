"""An inspection's life (draft, finalized), its kind, and what each checklist item was found to be."""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import labeller
from inspector.i18n import tr


class InspectionStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"


class InspectionKind(StrEnum):
    ROUTINE = "routine"
    REINSPECTION = "reinspection"


class AnswerResult(StrEnum):
    COMPLIANT = "compliant"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"


inspection_status_label = labeller(
    lambda: {
        InspectionStatus.DRAFT.value: tr("Draft"),
        InspectionStatus.FINALIZED.value: tr("Finalized"),
    }
)


inspection_kind_label = labeller(
    lambda: {
        InspectionKind.ROUTINE.value: tr("Inspection"),
        InspectionKind.REINSPECTION.value: tr("Re-inspection"),
    }
)


# 合格 / 不合格 / 不适用 / 未检查; any other text (a choice value a condition names) unchanged.
answer_result_label = labeller(
    lambda: {
        AnswerResult.COMPLIANT.value: tr("Compliant"),
        AnswerResult.NON_COMPLIANT.value: tr("Non-compliant"),
        AnswerResult.NOT_APPLICABLE.value: tr("Not applicable"),
        AnswerResult.UNANSWERED.value: tr("Not checked yet"),
    }
)


class Recusal(StrEnum):
    """The party's answer when told of the right to ask for the officers' 回避, as the 笔录 records it."""

    DECLINED = "declined"  # 不申请回避
    REQUESTED = "requested"  # 申请回避


recusal_label = labeller(
    lambda: {
        Recusal.DECLINED.value: tr("Does not ask for recusal"),
        Recusal.REQUESTED.value: tr("Asks for recusal"),
    }
)
