"""An inspection's life (draft, finalized), its kind, and what each checklist item was found to be."""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import label_for
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


def inspection_status_label(status: InspectionStatus | str) -> str:
    labels = {
        InspectionStatus.DRAFT.value: tr("Draft"),
        InspectionStatus.FINALIZED.value: tr("Finalized"),
    }
    return label_for(status, labels)


def inspection_kind_label(kind: InspectionKind | str) -> str:
    labels = {
        InspectionKind.ROUTINE.value: tr("Inspection"),
        InspectionKind.REINSPECTION.value: tr("Re-inspection"),
    }
    return label_for(kind, labels)


def answer_result_label(result: AnswerResult | str) -> str:
    """合格 / 不合格 / 不适用 / 未检查; any other text (a choice value a condition names) unchanged."""
    labels = {
        AnswerResult.COMPLIANT.value: tr("Compliant"),
        AnswerResult.NON_COMPLIANT.value: tr("Non-compliant"),
        AnswerResult.NOT_APPLICABLE.value: tr("Not applicable"),
        AnswerResult.UNANSWERED.value: tr("Not checked yet"),
    }
    return label_for(result, labels)


class Recusal(StrEnum):
    """The party's answer when told of the right to ask for the officers' 回避, as the 笔录 records it."""

    DECLINED = "declined"  # 不申请回避
    REQUESTED = "requested"  # 申请回避


def recusal_label(answer: Recusal | str) -> str:
    labels = {
        Recusal.DECLINED.value: tr("Does not ask for recusal"),
        Recusal.REQUESTED.value: tr("Asks for recusal"),
    }
    return label_for(answer, labels)
