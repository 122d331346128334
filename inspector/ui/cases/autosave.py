"""Autosave of what is typed at the site into a case: kept items and interviews, field by field.

The same guarantee as the findings (:class:`~inspector.ui.autosave_queue.AutosaveQueue` serves both):
a change is written :data:`TYPING_DELAY_MS` after the last keystroke and at least every
:data:`MAX_WAIT_MS` while typing goes on, and at once when the field loses focus, another record is
chosen or the page closes (:meth:`PendingWrites.flush`). A kill loses at most two seconds of typing.

One instance serves one kind of record: it is given the workflow that writes a record's fields
(``write(session, record_id, fields)``), so the kept-items list and the interview entry share the
timing and the retry, and differ only in what they write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.ui.autosave_queue import MAX_WAIT_MS, TYPING_DELAY_MS, AutosaveQueue
from inspector.ui.context import UiContext
from inspector.ui.timefmt import local_text

Write = Callable[[Session, uuid.UUID, dict[str, Any]], workflows.Changes]

__all__ = ["MAX_WAIT_MS", "TYPING_DELAY_MS", "PendingWrites"]


class PendingWrites(AutosaveQueue[uuid.UUID, workflows.Changes]):
    """Typed changes of several records, written shortly after the typing.

    Signals (besides :class:`~inspector.ui.autosave_queue.AutosaveQueue`'s ``saving_started``,
    ``saved`` and ``save_failed``):
        written(Changes): one record's changes were committed (what the workflow returned).
    """

    written = Signal(object)

    def __init__(self, ctx: UiContext, write: Write, parent: QObject | None = None) -> None:
        super().__init__(ctx, parent)
        self._write_fields = write

    def report_to(self, label: QLabel) -> None:
        """Show in ``label`` whether the typing is being saved, was saved (when) or was refused."""
        self.saving_started.connect(lambda: label.setText(self.tr("Saving…")))
        self.saved.connect(lambda when: label.setText(self.tr("Saved %1").replace("%1", local_text(when))))
        self.save_failed.connect(lambda msg: label.setText(self.tr("Not saved: %1").replace("%1", msg)))

    def _commit(self, record_id: uuid.UUID, fields: dict[str, Any]) -> workflows.Changes:
        return workflows.perform(self._ctx.db, lambda s: self._write_fields(s, record_id, fields))

    def _committed(self, result: workflows.Changes) -> None:
        self.written.emit(result)
