"""Autosave of what is typed at the site into a case: kept items and interviews, field by field.

The same guarantee as the findings (:mod:`inspector.ui.inspection.autosave`, whose delays it uses):
a change is written :data:`TYPING_DELAY_MS` after the last keystroke and at least every
:data:`MAX_WAIT_MS` while typing goes on, and at once when the field loses focus, another record is
chosen or the page closes (:meth:`PendingWrites.flush`). A kill loses at most two seconds of typing.

One instance serves one kind of record: it is given the workflow that writes a record's fields
(``write(session, record_id, fields)``), so the kept-items list and the interview entry share the
timing and the retry, and differ only in what they write.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.errors import UserError
from inspector.storage.types import utcnow
from inspector.ui.context import UiContext
from inspector.ui.inspection.autosave import MAX_WAIT_MS, TYPING_DELAY_MS
from inspector.ui.tables import debounced
from inspector.ui.timefmt import local_text

Write = Callable[[Session, uuid.UUID, dict[str, Any]], workflows.Changes]

__all__ = ["MAX_WAIT_MS", "TYPING_DELAY_MS", "PendingWrites"]


class PendingWrites(QObject):
    """Typed changes of several records, written shortly after the typing.

    Signals:
        saving_started(): a change waits to be written or is being written.
        saved(datetime): everything so far is committed (UTC time of the last commit).
        written(Changes): one record's changes were committed (what the workflow returned).
        save_failed(str): a write was refused (translated message); the change is kept for a retry.
    """

    saving_started = Signal()
    saved = Signal(object)
    written = Signal(object)
    save_failed = Signal(str)

    def __init__(self, ctx: UiContext, write: Write, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._write_fields = write
        self._pending: dict[uuid.UUID, dict[str, Any]] = {}
        self._timer = debounced(self, self.flush, TYPING_DELAY_MS)
        # Started by the first pending change, never restarted by later keys: the upper bound.
        self._deadline = debounced(self, self.flush, MAX_WAIT_MS - TYPING_DELAY_MS // 2)
        self.last_saved: dt.datetime | None = None

    def report_to(self, label: QLabel) -> None:
        """Show in ``label`` whether the typing is being saved, was saved (when) or was refused."""
        self.saving_started.connect(lambda: label.setText(self.tr("Saving…")))
        self.saved.connect(lambda when: label.setText(self.tr("Saved %1").replace("%1", local_text(when))))
        self.save_failed.connect(lambda msg: label.setText(self.tr("Not saved: %1").replace("%1", msg)))

    def has_pending(self) -> bool:
        return bool(self._pending)

    def queue(self, record_id: uuid.UUID, **fields: Any) -> None:
        """Remember typed fields of ``record_id`` and write them shortly."""
        self._pending.setdefault(record_id, {}).update(fields)
        self.saving_started.emit()
        self._timer.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> bool:
        """Write everything pending now; returns whether all of it was committed."""
        self._timer.stop()
        self._deadline.stop()
        batch, self._pending = self._pending, {}
        ok = True
        for record_id, fields in batch.items():
            ok = self._write(record_id, fields) and ok
        return ok

    def _write(self, record_id: uuid.UUID, fields: dict[str, Any]) -> bool:
        try:
            changes = workflows.perform(self._ctx.db, lambda s: self._write_fields(s, record_id, fields))
        except UserError as err:
            self._pending[record_id] = {**fields, **self._pending.get(record_id, {})}  # newer edits win
            self.save_failed.emit(err.message)
            return False
        except BaseException:
            self._pending[record_id] = {**fields, **self._pending.get(record_id, {})}
            raise
        self.last_saved = utcnow()
        self.written.emit(changes)
        if not self._pending:
            self.saved.emit(self.last_saved)
        return True
