"""The document tasks the issue dialog runs off the UI thread: issuing, previews, PDFs, page images.

Rendering a notice with twenty photos takes a fraction of a second, but LibreOffice's PDF conversion
takes seconds; either on the UI thread would freeze the window. Each function here returns a task
for :class:`inspector.ui.jobs.Job` (on the ``documents`` pool: one LibreOffice at a time); the steps
are plain functions, so the dialog and the tests call the same code.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from inspector import workflows
from inspector.config import Config
from inspector.documents.notice import FindingOverride
from inspector.documents.pdf import convert_to_pdf, rasterize
from inspector.errors import UserError
from inspector.services.actor import Actor
from inspector.services.documents import evidence, issuing, views
from inspector.storage.db import Database
from inspector.ui.jobs import Control

POOL = "documents"
PREVIEW_DPI = 60
PRINT_DPI = 200

Progress = Callable[[str], None]


@dataclass
class Rendered:
    """What a job produced: the .docx, its PDF and page images when LibreOffice is there, and the
    issued document when the job issued one."""

    docx: Path
    pdf: Path | None = None
    pages: list[Path] = field(default_factory=list)
    pdf_message: str = ""  # why there is no PDF (LibreOffice missing or failed), translated
    issued: views.DocumentView | None = None
    changes: workflows.Changes | None = None  # what issuing changed, for the dialog to announce


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
    overrides: Mapping[str, FindingOverride],
    *,
    with_pdf: bool,
) -> Callable[[Control], Rendered]:
    def run(job: Control) -> Rendered:
        job.progress(QCoreApplication.translate("documents", "Filling in the template…"))
        out = scratch_dir() / f"preview-{kind}.docx"
        with db.read() as s:
            issuing.preview_document(s, config, inspection_id, kind, out, overrides=overrides)
        result = Rendered(docx=out)
        if with_pdf:
            return add_pdf(result, job.progress)
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
    overrides: Mapping[str, FindingOverride],
    with_pdf: bool,
) -> Callable[[Control], Rendered]:
    def run(job: Control) -> Rendered:
        job.progress(
            QCoreApplication.translate(
                "documents", "Issuing: allocating the number and writing the document…"
            )
        )
        changes = workflows.perform(
            db,
            lambda s: workflows.issue_document(s, actor, config, inspection_id, kind, overrides=overrides),
        )
        assert changes.created is not None
        with db.read() as s:
            view = views.get_document(s, config, changes.created)
        # LibreOffice and the word processor get a private plain copy (the stored file is sealed)
        result = Rendered(docx=evidence.plain_copy_for_outside(config, view), issued=view, changes=changes)
        return add_pdf(result, job.progress) if with_pdf else result

    return run


def issued_pdf_job(
    config: Config, view: views.DocumentView, *, dpi: int = PREVIEW_DPI
) -> Callable[[Control], Rendered]:
    """Page images of an issued document (its stored file, never a new rendering)."""

    def run(job: Control) -> Rendered:
        if evidence.verify_file(config, view) != "ok":
            raise UserError(
                QCoreApplication.translate(
                    "documents", "The stored file of this document is missing or altered; restore it first."
                )
            )
        docx = evidence.plain_copy_for_outside(config, view)
        return add_pdf(Rendered(docx=docx, issued=view), job.progress, dpi=dpi)

    return run


def pages_from_pdf_job(done: Rendered, *, dpi: int = PRINT_DPI) -> Callable[[Control], Rendered]:
    """Page images at print resolution of a PDF already made (no second LibreOffice run)."""

    def run(job: Control) -> Rendered:
        assert done.pdf is not None
        job.progress(QCoreApplication.translate("documents", "Drawing the pages…"))
        pages = rasterize(done.pdf, scratch_dir() / "print", dpi=dpi)
        return Rendered(docx=done.docx, pdf=done.pdf, pages=pages, issued=done.issued)

    return run


def pdf_pages_job(docx: Path, *, dpi: int = PRINT_DPI) -> Callable[[Control], Rendered]:
    def run(job: Control) -> Rendered:
        return add_pdf(Rendered(docx=docx), job.progress, dpi=dpi)

    return run
