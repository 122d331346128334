"""Importing photos off the UI thread, with a progress dialog that can cancel.

Hashing, decoding and writing a batch of phone photos takes seconds; done on the UI thread it would
freeze the window. :func:`import_job` makes a :class:`~inspector.ui.jobs.Job` that runs
:func:`inspector.services.photos.ingest_files` on the ``photo-import`` pool (imports queue rather than
compete for the two CPU cores and the database writer), at a lower CPU priority than the UI.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from inspector.services import photos
from inspector.ui.context import UiContext
from inspector.ui.jobs import Control, Job, pool

POOL = "photo-import"


def import_job(
    parent: QWidget | None,
    ctx: UiContext,
    inspection_id: uuid.UUID,
    paths: Sequence[Path],
    item_code: str | None = None,
) -> Job:
    """A job importing ``paths`` as ``ctx``'s user; its result is the
    :class:`~inspector.services.photos.IngestReport` (also when cancelled); its progress is
    ``(done, total, name)``, before each file and at the end."""
    files = [Path(p) for p in paths]
    db, config, actor = ctx.db, ctx.config, ctx.actor

    def run(job: Control) -> photos.IngestReport:
        return photos.ingest_files(
            db, config, actor, inspection_id, files, item_code, progress=job.progress, cancel=job.cancelled
        )

    return Job(parent, run, pool_name=POOL).in_background_priority()


def wait_for_imports(msecs: int) -> bool:
    """Block until running imports end (on close, so no thread outlives the window)."""
    return pool(POOL).waitForDone(msecs)


def attach_progress_dialog(job: Job, parent: QWidget | None) -> QProgressDialog:
    """A progress dialog for ``job`` whose Cancel button cancels it; closes itself at the end.

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
        job.cancel()

    def on_done(_ok: bool) -> None:
        dialog.canceled.disconnect(on_cancel)  # closing emits canceled; the work is over anyway
        dialog.reset()
        dialog.close()
        dialog.deleteLater()

    job.with_progress(on_progress).ended(on_done)
    dialog.canceled.connect(on_cancel)
    return dialog
