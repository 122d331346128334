"""The document tasks the issue dialog runs off the UI thread: issuing, previews, PDFs.

Rendering a notice takes a fraction of a second; the PDF comes from the session's warm LibreOffice
(:mod:`inspector.documents.warm_pdf`: seconds for the first, well under one for every later one),
which on the UI thread would still freeze the window. Each function here returns a task for
:class:`inspector.ui.jobs.Job` (on the ``documents`` pool: one conversion at a time); the pages are
then drawn from the PDF by QtPdf in the dialog (:mod:`inspector.ui.documents.pages`).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from inspector import workflows
from inspector.config import Config
from inspector.documents import warm_pdf
from inspector.documents.notice import FindingOverride
from inspector.errors import UserError
from inspector.services.actor import Actor
from inspector.services.documents import evidence, issuing, views
from inspector.storage.db import Database
from inspector.ui.jobs import Control

POOL = "documents"

Progress = Callable[[str], None]


@dataclass
class Rendered:
    """What a job produced: the .docx, its PDF when LibreOffice is there, and the issued document when
    the job issued one."""

    docx: Path
    pdf: Path | None = None
    pdf_message: str = ""  # why there is no PDF (LibreOffice missing or failed), translated
    issued: views.DocumentView | None = None
    changes: workflows.Changes | None = None  # what issuing changed, for the dialog to announce


def scratch_dir() -> Path:
    """A fresh folder for previews and print images (removed by the OS's temp clean-up)."""
    return Path(tempfile.mkdtemp(prefix="inspector-documents-"))


def add_pdf(result: Rendered, progress: Progress) -> Rendered:
    """Convert ``result.docx`` to PDF; a missing LibreOffice is a message, not a failure."""
    progress(QCoreApplication.translate("documents", "Converting to PDF with LibreOffice…"))
    try:
        result.pdf = warm_pdf.convert(result.docx, scratch_dir() / f"{result.docx.stem}.pdf")
    except UserError as err:
        result.pdf_message = err.message
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
    replaces: uuid.UUID | None = None,
) -> Callable[[Control], Rendered]:
    def run(job: Control) -> Rendered:
        job.progress(
            QCoreApplication.translate(
                "documents", "Issuing: allocating the number and writing the document…"
            )
        )
        changes = workflows.perform(
            db,
            lambda s: workflows.issue_document(
                s, actor, config, inspection_id, kind, overrides=overrides, replaces=replaces
            ),
        )
        assert changes.created is not None
        with db.read() as s:
            view = views.get_document(s, config, changes.created)
        # LibreOffice and the word processor get a private plain copy (the stored file is sealed)
        result = Rendered(docx=evidence.plain_copy_for_outside(config, view), issued=view, changes=changes)
        return add_pdf(result, job.progress) if with_pdf else result

    return run


def issued_pdf_job(config: Config, view: views.DocumentView) -> Callable[[Control], Rendered]:
    """The PDF of an issued document (its stored file, never a new rendering)."""

    def run(job: Control) -> Rendered:
        if evidence.verify_file(config, view) != "ok":
            raise UserError(
                QCoreApplication.translate(
                    "documents", "The stored file of this document is missing or altered; restore it first."
                )
            )
        docx = evidence.plain_copy_for_outside(config, view)
        return add_pdf(Rendered(docx=docx, issued=view), job.progress)

    return run


def pdf_job(docx: Path) -> Callable[[Control], Rendered]:
    """The PDF of a document already rendered (a preview), for printing."""

    def run(job: Control) -> Rendered:
        return add_pdf(Rendered(docx=docx), job.progress)

    return run
