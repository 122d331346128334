"""The one autosave queue for what is typed: fields pending per record, written shortly after the typing.

A change is written :data:`TYPING_DELAY_MS` after the last keystroke and at least every
:data:`MAX_WAIT_MS` while the typing goes on (a pause timer alone, restarted by every key, would
save nothing during minutes of continuous dictation), and at once on :meth:`AutosaveQueue.flush`
(the field loses focus, another record is chosen, the window closes). A write that fails keeps its
change for the next flush, newer edits winning. The inspection's answers
(:mod:`inspector.ui.inspection.autosave`) and a case's kept items and interviews
(:mod:`inspector.ui.cases.autosave`) share this timing and retry, which the kill-and-resume tests
rely on; they differ only in what one write commits and what they announce.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from inspector.errors import UserError
from inspector.storage.types import utcnow
from inspector.ui.context import UiContext
from inspector.ui.tables import debounced

TYPING_DELAY_MS = 400
MAX_WAIT_MS = 2000

Key = TypeVar("Key")
Result = TypeVar("Result")


class AutosaveQueue(QObject, Generic[Key, Result]):
    """Typed changes keyed by record, each record's fields written in one transaction.

    Signals:
        saving_started(): a change waits to be written or is being written.
        saved(datetime): everything so far is committed (UTC time of the last commit).
        save_failed(str): a write was refused (translated message); the change is kept for a retry.

    A subclass commits one record's fields in :meth:`_commit` and announces what was committed in
    :meth:`_committed`.
    """

    saving_started = Signal()
    saved = Signal(object)
    save_failed = Signal(str)

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._pending: dict[Key, dict[str, Any]] = {}
        self._timer = debounced(self, self.flush, TYPING_DELAY_MS)
        # Started by the first pending change, never restarted by later keys: the upper bound.
        self._deadline = debounced(self, self.flush, MAX_WAIT_MS - TYPING_DELAY_MS // 2)
        self.last_saved: dt.datetime | None = None

    def has_pending(self) -> bool:
        return bool(self._pending)

    def queue(self, key: Key, **fields: Any) -> None:
        """Remember typed fields of ``key`` and write them shortly."""
        self._pending.setdefault(key, {}).update(fields)
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
        for key, fields in batch.items():
            ok = self._write(key, fields) is not None and ok
        return ok

    def _keep(self, key: Key, fields: dict[str, Any]) -> None:
        """Put a change that failed back, so the next flush retries it; newer edits win."""
        self._pending[key] = {**fields, **self._pending.get(key, {})}

    def _write(self, key: Key, fields: dict[str, Any]) -> Result | None:
        """Commit ``fields`` of ``key``; None when it was refused (the change is kept)."""
        try:
            result = self._commit(key, fields)
        except UserError as err:
            self._keep(key, fields)
            self.save_failed.emit(err.message)
            return None
        except BaseException:
            self._keep(key, fields)
            raise
        self.last_saved = utcnow()
        self._committed(result)
        if not self._pending:
            self.saved.emit(self.last_saved)
        return result

    def _commit(self, key: Key, fields: dict[str, Any]) -> Result:
        """Write ``fields`` of ``key`` in one transaction and return what was committed."""
        raise NotImplementedError

    def _committed(self, result: Result) -> None:
        """Announce one committed write (before ``saved``, when nothing else is pending)."""
