"""Names of answer results, severities and answer states as people read them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from inspector import i18n
from inspector.forms import Item
from inspector.storage.models import AnswerResult


def question_text(item: Item) -> str:
    """The item's question in the UI language (checklists are written in Chinese; English is optional)."""
    return item.question_en if i18n.language() == "en" and item.question_en else item.question


def result_label(result: AnswerResult | str) -> str:
    """合格 / 不合格 / 不适用 / 未检查."""
    return {
        AnswerResult.COMPLIANT.value: QCoreApplication.translate("result", "Compliant"),
        AnswerResult.NON_COMPLIANT.value: QCoreApplication.translate("result", "Non-compliant"),
        AnswerResult.NOT_APPLICABLE.value: QCoreApplication.translate("result", "Not applicable"),
        AnswerResult.UNANSWERED.value: QCoreApplication.translate("result", "Not checked yet"),
    }.get(str(AnswerResult(result).value), str(result))


def serious_label() -> str:
    return QCoreApplication.translate("result", "Serious")


# A glyph and colour per state, for the outline and the finalize summary.
RESULT_MARK = {
    AnswerResult.COMPLIANT: ("✓", QColor("#1b7f3b")),
    AnswerResult.NON_COMPLIANT: ("✗", QColor("#b3261e")),
    AnswerResult.NOT_APPLICABLE: ("–", QColor("#6b6b6b")),
    AnswerResult.UNANSWERED: ("○", QColor("#6b6b6b")),
}
RECORDED_MARK = ("●", QColor("#1f5fa8"))
