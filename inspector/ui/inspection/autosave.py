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

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QObject, Signal

from inspector.domain import AnswerResult
from inspector.errors import UserError
from inspector.services import inspections
from inspector.storage.types import utcnow
from inspector.ui.context import UiContext
from inspector.ui.tables import debounced

TYPING_DELAY_MS = 400
MAX_WAIT_MS = 2000


class AnswerSaver(QObject):
    """Writes the answers of one inspection.

    Signals:
        saving_started(): a change is waiting to be written or being written.
        saved(datetime): everything so far is committed (UTC time of the last commit).
        answer_saved(AnswerView): one item's answer as committed.
        save_failed(str): a write was refused (translated message); the change is kept for a retry.
    """

    saving_started = Signal()
    saved = Signal(object)
    answer_saved = Signal(object)
    save_failed = Signal(str)

    def __init__(self, ctx: UiContext, inspection_id: uuid.UUID, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._id = inspection_id
        self._pending: dict[str, dict[str, Any]] = {}
        self._timer = debounced(self, self.flush, TYPING_DELAY_MS)
        # Started by the first pending change and never restarted by later keys: the upper bound.
        self._deadline = debounced(self, self.flush, MAX_WAIT_MS - TYPING_DELAY_MS // 2)
        self.last_saved: dt.datetime | None = None

    def has_pending(self) -> bool:
        return bool(self._pending)

    def queue(self, code: str, **fields: Any) -> None:
        """Remember a typed change (``finding=``, ``value=``, ``correction=``) and write it shortly."""
        self._pending.setdefault(code, {}).update(fields)
        self.saving_started.emit()
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def save(self, code: str, **fields: Any) -> inspections.AnswerView | None:
        """Write a change to ``code`` now, together with anything still pending for that item."""
        merged = {**self._pending.pop(code, {}), **fields}
        return self._write(code, merged)

    def flush(self) -> bool:
        """Write everything pending now; returns whether all of it was committed."""
        self._timer.stop()
        self._deadline.stop()
        batch, self._pending = self._pending, {}
        ok = True
        for code, fields in batch.items():
            if self._write(code, fields) is None:
                ok = False
        return ok

    def _keep(self, code: str, fields: dict[str, Any]) -> None:
        """Put a change that failed back, so the next flush retries it; newer edits win."""
        self._pending[code] = {**fields, **self._pending.get(code, {})}

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
        try:
            with self._ctx.db.write() as s:
                view = inspections.record_answer(s, self._ctx.actor, self._id, code, **fields)
        except UserError as err:
            self._keep(code, fields)
            self.save_failed.emit(err.message)
            return None
        except BaseException:
            self._keep(code, fields)
            raise
        self.last_saved = utcnow()
        self.answer_saved.emit(view)
        if not self._pending:
            self.saved.emit(self.last_saved)
        return view
