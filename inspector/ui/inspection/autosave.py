"""Autosave of one inspection's answers: every change is committed at once, typing shortly after.

A tap on 合格 / 不合格 / 不适用 is written immediately, one ``db.write()`` transaction per change. Text
being typed (a finding, a value, a correction) is written :data:`TYPING_DELAY_MS` after the last
keystroke, and at least every :data:`MAX_WAIT_MS` while the typing goes on (a pause timer alone,
restarted by every key, would save nothing during three minutes of continuous dictation); it is also
written at once when the field loses focus, the item changes or the window closes
(:meth:`AnswerSaver.flush`). Quit, crash or power loss therefore lose at most two seconds of typing,
never an answer.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector.domain import AnswerResult
from inspector.services import inspections
from inspector.ui.autosave_queue import MAX_WAIT_MS, TYPING_DELAY_MS, AutosaveQueue
from inspector.ui.context import UiContext

__all__ = ["MAX_WAIT_MS", "TYPING_DELAY_MS", "AnswerSaver"]


class AnswerSaver(AutosaveQueue[str, inspections.AnswerView]):
    """Writes the answers of one inspection, keyed by item code.

    Signals (besides :class:`~inspector.ui.autosave_queue.AutosaveQueue`'s ``saving_started``,
    ``saved`` and ``save_failed``):
        answer_saved(AnswerView): one item's answer as committed.
    """

    answer_saved = Signal(object)

    def __init__(self, ctx: UiContext, inspection_id: uuid.UUID, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self._id = inspection_id

    def save(self, code: str, **fields: Any) -> inspections.AnswerView | None:
        """Write a change to ``code`` now, together with anything still pending for that item."""
        merged = {**self._pending.pop(code, {}), **fields}
        return self._write(code, merged)

    def set_result(self, code: str, result: AnswerResult) -> inspections.AnswerView | None:
        return self.save(code, result=result)

    def remember_position(self, code: str) -> None:
        """Record where the walk-through is, so the inspection reopens at this item."""
        with self._ctx.db.write() as s:
            inspections.set_position(s, self._id, code)

    def _write(self, code: str, fields: dict[str, Any]) -> inspections.AnswerView | None:
        if not fields:
            return None
        self.saving_started.emit()
        return super()._write(code, fields)

    def _commit(self, code: str, fields: dict[str, Any]) -> inspections.AnswerView:
        with self._ctx.db.write() as s:
            return inspections.record_answer(s, self._ctx.actor, self._id, code, **fields)

    def _committed(self, result: inspections.AnswerView) -> None:
        self.answer_saved.emit(result)
