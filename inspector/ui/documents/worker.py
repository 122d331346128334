"""Making documents off the UI thread: issuing, previews, PDFs and page images.

Rendering a notice with twenty photos takes a fraction of a second, but LibreOffice's PDF conversion
takes seconds; either on the UI thread would freeze the window. A :class:`DocumentJob` runs one such
task on a one-thread pool (jobs queue instead of competing for the CPU and for LibreOffice) and
reports through queued signals, so its slots run on the UI thread. The steps themselves are plain
functions here (no Qt), so the dialog and the tests call the same code.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal

from inspector.config import Config
from inspector.documents.pdf import PdfUnavailableError, convert_to_pdf, rasterize
from inspector.errors import UserError
from inspector.services import documents
from inspector.services.actor import Actor
from inspector.storage.db import Database

_pool: QThreadPool | None = None
PREVIEW_DPI = 60
PRINT_DPI = 200

Progress = Callable[[str], None]


def document_pool() -> QThreadPool:
    """The one-thread pool every document job shares."""
    global _pool  # noqa: PLW0603 - one pool per process, created on first use
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setObjectName("documents")
    return _pool


@dataclass
class Rendered:
    """What a job produced: the .docx, its PDF and page images when LibreOffice is there, and the
    issued document when the job issued one."""

    docx: Path
    pdf: Path | None = None
    pages: list[Path] = field(default_factory=list)
    pdf_message: str = ""  # why there is no PDF (LibreOffice missing or failed), translated
    issued: documents.DocumentView | None = None


def scratch_dir() -> Path:
    """A fresh folder for previews and print images (removed by the OS's temp clean-up)."""
    return Path(tempfile.mkdtemp(prefix="inspector-documents-"))


def add_pdf(result: Rendered, progress: Progress, *, dpi: int = PREVIEW_DPI) -> Rendered:
    """Convert ``result.docx`` to PDF and page images; a missing LibreOffice is a message, not a failure."""
    progress(QCoreApplication.translate("documents", "Converting to PDF with LibreOffice…"))
    folder = scratch_dir()
    try:
        (pdf,) = convert_to_pdf([(result.docx, folder / f"{result.docx.stem}.pdf")])
    except UserError as err:
        result.pdf_message = err.message
        return result
    result.pdf = pdf
    progress(QCoreApplication.translate("documents", "Drawing the pages…"))
    result.pages = rasterize(pdf, folder / "pages", dpi=dpi)
    return result


def preview_job(
    db: Database,
    config: Config,
    inspection_id: uuid.UUID,
    kind: str,
    overrides: Mapping[str, documents.FindingOverride],
    *,
    with_pdf: bool,
) -> Callable[[Progress], Rendered]:
    def run(progress: Progress) -> Rendered:
        progress(QCoreApplication.translate("documents", "Filling in the template…"))
        out = scratch_dir() / f"preview-{kind}.docx"
        with db.read() as s:
            documents.preview_document(s, config, inspection_id, kind, out, overrides=overrides)
        result = Rendered(docx=out)
        if with_pdf:
            return add_pdf(result, progress)
        result.pdf_message = QCoreApplication.translate(
            "documents", "LibreOffice is not installed, so the pages cannot be shown here."
        )
        return result

    return run


def issue_job(
    db: Database,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: str,
    *,
    overrides: Mapping[str, documents.FindingOverride],
    with_pdf: bool,
) -> Callable[[Progress], Rendered]:
    def run(progress: Progress) -> Rendered:
        progress(
            QCoreApplication.translate(
                "documents", "Issuing: allocating the number and writing the document…"
            )
        )
        view = documents.issue(db, config, actor, inspection_id, kind, overrides=overrides)
        result = Rendered(docx=view.file_path, issued=view)
        return add_pdf(result, progress) if with_pdf else result

    return run


def issued_pdf_job(view: documents.DocumentView, *, dpi: int = PREVIEW_DPI) -> Callable[[Progress], Rendered]:
    """Page images of an issued document (its stored file, never a new rendering)."""

    def run(progress: Progress) -> Rendered:
        if documents.verify_file(view) != "ok":
            raise UserError(
                QCoreApplication.translate(
                    "documents", "The stored file of this document is missing or altered; restore it first."
                )
            )
        return add_pdf(Rendered(docx=view.file_path, issued=view), progress, dpi=dpi)

    return run


def pages_from_pdf_job(done: Rendered, *, dpi: int = PRINT_DPI) -> Callable[[Progress], Rendered]:
    """Page images at print resolution of a PDF already made (no second LibreOffice run)."""

    def run(progress: Progress) -> Rendered:
        assert done.pdf is not None
        progress(QCoreApplication.translate("documents", "Drawing the pages…"))
        pages = rasterize(done.pdf, scratch_dir() / "print", dpi=dpi)
        return Rendered(docx=done.docx, pdf=done.pdf, pages=pages, issued=done.issued)

    return run


def pdf_pages_job(docx: Path, *, dpi: int = PRINT_DPI) -> Callable[[Progress], Rendered]:
    def run(progress: Progress) -> Rendered:
        return add_pdf(Rendered(docx=docx), progress, dpi=dpi)

    return run


class DocumentJob(QObject):
    """One task on the document pool.

    Signals:
        progressed(text): a step started (translated, for a status line).
        finished(result): the task's result (:class:`Rendered`).
        failed(message): a translated message (a user error) or the name of a bug.
    """

    progressed = Signal(str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, task: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task = task
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        self.running = True
        (pool or document_pool()).start(self._run)

    def _run(self) -> None:  # on the pool's thread
        try:
            result = self._task(self.progressed.emit)
        except PdfUnavailableError as err:
            self.running = False
            self.failed.emit(err.message)
            return
        except UserError as err:
            self.running = False
            self.failed.emit(err.message)
            return
        except Exception as err:  # a bug: say so rather than lose it on a pool thread
            self.running = False
            self.failed.emit(f"{type(err).__name__}: {err}")
            return
        self.running = False
        self.finished.emit(result)
