"""Names of answer results, severities and answer states as people read them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from inspector.domain import AnswerResult
from inspector.forms import Item
from inspector.forms.labels import item_question


def question_text(item: Item) -> str:
    """The item's question in the UI language (checklists are written in Chinese; English is optional)."""
    return item_question(item)


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
