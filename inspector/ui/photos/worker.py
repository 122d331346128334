"""Importing photos off the UI thread.

Hashing, decoding and writing a batch of phone photos takes seconds; done on the UI thread it would
freeze the window. :class:`ImportWorker` runs :func:`inspector.services.photos.ingest_files` on a
thread pool with a single thread (imports queue rather than compete for the two CPU cores and the
database writer) and reports back through queued signals, so slots always run on the UI thread.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from inspector.config import Config
from inspector.errors import UserError
from inspector.services import photos
from inspector.services.actor import Actor
from inspector.storage.db import Database

_pool: QThreadPool | None = None
IMPORT_NICE = 10


def import_pool() -> QThreadPool:
    """The one-thread pool all photo imports share."""
    global _pool  # noqa: PLW0603 - one pool per process, created on first use
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setObjectName("photo-import")
    return _pool


def _lower_thread_priority() -> None:
    """Let the UI thread win when it competes with an import for a CPU core (two cores are common
    on these laptops). On Linux a thread has its own nice value; elsewhere this does nothing.
    The pool's thread serves only photo imports, so the lower priority staying with it is intended."""
    if not hasattr(os, "setpriority") or not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < IMPORT_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, IMPORT_NICE)


class ImportWorker(QObject):
    """One import batch.

    Signals:
        progressed(done, total, name): before each file and once at the end (name empty).
        finished(report): the :class:`~inspector.services.photos.IngestReport`, also when cancelled.
        failed(message): the whole batch was refused (unknown or finalized inspection) or a bug
            stopped it; the message is translated.
    """

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(  # noqa: PLR0917 - Qt objects take their parent positionally
        self,
        db: Database,
        config: Config,
        actor: Actor,
        inspection_id: uuid.UUID,
        paths: Sequence[Path],
        item_code: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._config = config
        self._actor = actor
        self._inspection_id = inspection_id
        self._paths = [Path(p) for p in paths]
        self._item_code = item_code
        self._cancel = threading.Event()
        self._running = False
        self.report: photos.IngestReport | None = None

    @property
    def running(self) -> bool:
        return self._running

    def start(self, pool: QThreadPool | None = None) -> None:
        self._running = True
        (pool or import_pool()).start(self._run)

    def cancel(self) -> None:
        """Stop after the file being imported (a file is never left half-imported)."""
        self._cancel.set()

    def _run(self) -> None:  # on the pool's thread
        _lower_thread_priority()
        try:
            report = photos.ingest_files(
                self._db,
                self._config,
                self._actor,
                self._inspection_id,
                self._paths,
                self._item_code,
                progress=self.progressed.emit,
                cancel=self._cancel.is_set,
            )
        except UserError as err:
            self._running = False
            self.failed.emit(err.message)
            return
        except Exception as err:  # a bug: report it rather than lose it on a pool thread
            self._running = False
            self.failed.emit(f"{type(err).__name__}: {err}")
            return
        self.report = report
        self._running = False
        self.finished.emit(report)


def attach_progress_dialog(worker: ImportWorker, parent: QWidget | None) -> QProgressDialog:
    """A progress dialog for ``worker`` whose Cancel button cancels it; closes itself at the end.

    It appears only if the import takes longer than half a second.
    """
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(QCoreApplication.translate("ImportProgress", "Importing photos"))
    dialog.setLabelText(QCoreApplication.translate("ImportProgress", "Preparing…"))
    dialog.setCancelButtonText(QCoreApplication.translate("ImportProgress", "Cancel"))
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setRange(0, 0)

    def on_progress(done: int, total: int, name: str) -> None:
        dialog.setRange(0, max(1, total))
        dialog.setValue(done)
        if name:
            text = QCoreApplication.translate("ImportProgress", "Importing %1 (%2 of %3)…")
            dialog.setLabelText(
                text.replace("%1", name).replace("%2", str(done + 1)).replace("%3", str(total))
            )

    def on_cancel() -> None:
        dialog.setLabelText(
            QCoreApplication.translate("ImportProgress", "Cancelling after the current photo…")
        )
        worker.cancel()

    def on_done(*_args: object) -> None:
        dialog.canceled.disconnect(on_cancel)  # closing emits canceled; the work is over anyway
        dialog.reset()
        dialog.close()
        dialog.deleteLater()

    worker.progressed.connect(on_progress)
    dialog.canceled.connect(on_cancel)
    worker.finished.connect(on_done)
    worker.failed.connect(on_done)
    return dialog
