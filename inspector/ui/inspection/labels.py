"""How answer states are marked in the outline and the finalize summary (the words for results,
severities and questions are the core's: :mod:`inspector.domain` and :mod:`inspector.forms.labels`)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from inspector.domain import AnswerResult

# A glyph and colour per state, for the outline and the finalize summary.
RESULT_MARK = {
    AnswerResult.COMPLIANT: ("✓", QColor("#1b7f3b")),
    AnswerResult.NON_COMPLIANT: ("✗", QColor("#b3261e")),
    AnswerResult.NOT_APPLICABLE: ("–", QColor("#6b6b6b")),
    AnswerResult.UNANSWERED: ("○", QColor("#6b6b6b")),
}
RECORDED_MARK = ("●", QColor("#1f5fa8"))
