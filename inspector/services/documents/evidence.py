"""Issued documents as evidence: render one again from what was stored at issue, check a stored file
against its recorded SHA-256, put back a lost one, write a verified copy.

An issued document never changes. :func:`regenerate` renders it again from its stored context with
the archived template and the same photos, and must give the same bytes (same SHA-256); that is how a
lost file is restored and how an export proves each file is the one that was issued.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto import files
from inspector.documents.context import cn_date, local
from inspector.documents.package import write_atomic, write_refused
from inspector.documents.render import render_docx
from inspector.documents.templates import TemplateFile, template_by_sha
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import audit
from inspector.services import photos as photos_service
from inspector.services.actor import Actor
from inspector.services.documents.building import image_source, relative_path
from inspector.services.documents.views import DocumentView, get_document, load, load_view
from inspector.storage.models import Document


@dataclass(frozen=True)
class Regenerated:
    document: DocumentView
    data: bytes
    sha256: str

    @property
    def identical(self) -> bool:
        return self.sha256 == self.document.sha256


def regenerate(session: Session, config: Config, document_id: uuid.UUID | str) -> Regenerated:
    """Render an issued document again from its stored context and the template it was issued with."""
    doc = load(session, document_id)
    view = load_view(session, config, doc)
    template: TemplateFile = template_by_sha(config, doc.kind, doc.template_name, doc.template_sha256)
    photo_list = photos_service.list_photos(session, doc.inspection_id, include_deleted=True)
    data = render_docx(
        template.data,
        doc.context,
        image_source(config, {str(p.id): p for p in photo_list}),
        template_name=doc.template_name,
    )
    return Regenerated(document=view, data=data, sha256=hashlib.sha256(data).hexdigest())


@contextlib.contextmanager
def issued_file(
    session: Session, config: Config, kind: DocumentKind, number: str, *, issued_at: dt.datetime, data: bytes
) -> Iterator[str]:
    """Store an issued document's file and yield its path relative to the documents folder (a new
    name when the usual one is taken); when recording it in the database fails, the file is removed
    again, so no file is left that no row names."""
    relative = relative_path(kind, number, issued_at)
    if session.execute(select(Document.id).where(Document.file_path == relative)).first() is not None:
        relative = relative.removesuffix(".docx") + f"_{uuid.uuid4().hex[:8]}.docx"
    path = config.documents_dir / relative
    store_issued(config, path, data)
    try:
        yield relative
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def replacement_note(old: Document) -> str:
    """The sentence a correction carries about the voided document it replaces."""
    day = cn_date(local(old.issued_at).date())
    return f"本文书更正并取代{day}出具的{old.number or ''}（已作废）。"


def store_issued(config: Config, path: Path, data: bytes) -> None:
    """Write an issued document into the data directory (sealed when it is encrypted)."""
    try:
        files.write(config.key, path, data, mode=0o644)
    except OSError as err:
        raise write_refused(path, err) from err


def read_issued(config: Config, view: DocumentView) -> bytes:
    """The stored file's bytes, decrypted in memory (``FileNotFoundError`` when missing,
    :class:`~inspector.crypto.sealed.SealedFileError` when the sealed file was altered)."""
    return files.read(config.key, view.file_path)


def plain_copy_for_outside(config: Config, view: DocumentView) -> Path:
    """A plain copy of the issued document for Word or LibreOffice, in a private folder removed when
    the app ends (the stored file itself when the directory is not encrypted)."""
    return files.plain_copy_for_outside(config.key, view.file_path)


def verify_file(config: Config, view: DocumentView) -> str:
    """``"ok"``, ``"missing"`` or ``"altered"``: the stored file against the hash recorded at issue."""
    try:
        digest, _size = files.hash_file(config.key, view.file_path)
    except files.SealedFileError:
        return "altered"
    except OSError:
        return "missing"
    return "ok" if digest == view.sha256 else "altered"


def issued_bytes(session: Session, config: Config, view: DocumentView) -> bytes:
    """The issued document's bytes: the stored file when intact, else an identical regeneration."""
    if verify_file(config, view) == "ok":
        return read_issued(config, view)
    again = regenerate(session, config, view.id)
    if not again.identical:
        raise UserError(
            tr(
                "The stored file of {number} is missing or altered, and regenerating it gives "
                "different content (the photos or the template changed). Restore {path} from a backup.",
                number=view.number,
                path=str(view.file_path),
            )
        )
    return again.data


def restore_file(
    session: Session, actor: Actor, config: Config, document_id: uuid.UUID | str
) -> DocumentView:
    """Put back a missing or altered stored file, if regenerating it gives exactly the issued bytes."""
    view = get_document(session, config, document_id)
    state = verify_file(config, view)
    if state == "ok":
        return view
    data = issued_bytes(session, config, view)
    store_issued(config, view.file_path, data)
    audit.record(
        session, actor, "document.restore", "document", view.id, detail={"was": state, "sha256": view.sha256}
    )
    return view


def write_copy(session: Session, config: Config, document_id: uuid.UUID | str, out: Path) -> Regenerated:
    """Regenerate an issued document from its stored data and write the issued bytes to ``out``.

    When regeneration is identical it is what gets written; otherwise the intact stored file is
    (``identical`` tells which); when neither is possible a :class:`UserError` says so.
    """
    again = regenerate(session, config, document_id)
    if again.identical:
        write_atomic(out, again.data)
        return again
    if verify_file(config, again.document) != "ok":
        raise UserError(
            tr(
                "The stored file of {number} is missing or altered, and regenerating it gives "
                "different content (the photos or the template changed). Restore {path} from a backup.",
                number=again.document.number,
                path=str(again.document.file_path),
            )
        )
    write_atomic(out, read_issued(config, again.document))
    return again
