"""Issued documents as the UI and the command line see them: one document, the one of a kind for an
inspection, and the filtered list of the documents page (the register: a voided document stays in
it, marked 作废 with who, when and why, and the number of its correction).

A view carries the stored file's absolute path and the SHA-256 recorded at issue, so whoever opens or
exports it can check it is the document as issued (:mod:`inspector.services.documents.evidence`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.kinds import title_for
from inspector.domain import DocumentKind
from inspector.errors import NotFoundError, UserError
from inspector.i18n import tr
from inspector.services import settings as settings_service
from inspector.storage.models import Document, Inspection, Site, User
from inspector.storage.rows import view_of


@dataclass(frozen=True)
class DocumentView:
    """An issued document as the UI and the CLI see it."""

    id: uuid.UUID
    kind: str
    title: str
    number: str
    inspection_id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    rectification_id: uuid.UUID | None
    file_path: Path
    relative_path: str
    sha256: str
    template_name: str
    template_sha256: str
    issued_at: dt.datetime
    issued_by: uuid.UUID | None
    issued_by_name: str
    served_at: dt.datetime | None
    voided_at: dt.datetime | None = None
    voided_by_name: str = ""
    void_reason: str = ""
    replaced_by: uuid.UUID | None = None
    replaces: uuid.UUID | None = None

    @property
    def served(self) -> bool:
        return self.served_at is not None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "title": self.title,
            "number": self.number,
            "inspection_id": str(self.inspection_id),
            "site_id": str(self.site_id),
            "site_name": self.site_name,
            "rectification_id": str(self.rectification_id) if self.rectification_id else None,
            "file": str(self.file_path),
            "sha256": self.sha256,
            "template": self.template_name,
            "template_sha256": self.template_sha256,
            "issued_at": self.issued_at.isoformat(),
            "issued_by": self.issued_by_name,
            "served_at": self.served_at.isoformat() if self.served_at else None,
            "voided_at": self.voided_at.isoformat() if self.voided_at else None,
            "voided_by": self.voided_by_name or None,
            "void_reason": self.void_reason or None,
            "replaced_by": str(self.replaced_by) if self.replaced_by else None,
            "replaces": str(self.replaces) if self.replaces else None,
        }


def kind_of(value: DocumentKind | str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        raise UserError(
            tr(
                "Unknown document kind “{kind}”: use one of {kinds}.",
                kind=value,
                kinds=", ".join(k.value for k in DocumentKind),
            )
        ) from None


def _title(doc: Document, notice_title: str) -> str:
    stored = doc.context.get("title") if isinstance(doc.context, dict) else None
    if isinstance(stored, str) and stored:
        return stored
    return _kind_title(doc.kind, notice_title)


def _kind_title(kind: str, notice_title: str) -> str:
    if kind == DocumentKind.NOTICE.value:
        return notice_title
    try:
        return title_for(kind)
    except ValueError:
        return kind


def to_view(
    config: Config, doc: Document, site: Site, issuer: str, title: str, *, voider: str = ""
) -> DocumentView:
    return view_of(
        DocumentView,
        doc,
        title=title,
        number=doc.number or "",
        site_id=site.id,
        site_name=site.name,
        file_path=config.documents_dir / doc.file_path,
        relative_path=doc.file_path,
        issued_by_name=issuer,
        voided_by_name=voider,
        void_reason=doc.void_reason or "",
    )


def load_view(session: Session, config: Config, doc: Document) -> DocumentView:
    insp = session.get(Inspection, doc.inspection_id)
    assert insp is not None
    site = session.get(Site, insp.site_id)
    assert site is not None
    names = {}
    for uid in (doc.issued_by, doc.voided_by):
        if uid is not None and (user := session.get(User, uid)) is not None:
            names[uid] = user.name
    issuer = names.get(doc.issued_by, "") if doc.issued_by else ""
    voider = names.get(doc.voided_by, "") if doc.voided_by else ""
    return to_view(
        config, doc, site, issuer, _title(doc, settings_service.load(session).notice_title), voider=voider
    )


def load(session: Session, document_id: uuid.UUID | str) -> Document:
    try:
        did = document_id if isinstance(document_id, uuid.UUID) else uuid.UUID(str(document_id).strip())
    except ValueError:
        raise NotFoundError(tr("{value} is not a valid document id.", value=document_id)) from None
    doc = session.get(Document, did)
    if doc is None:
        raise NotFoundError(tr("No document with id {id}.", id=did))
    return doc


def get_document(session: Session, config: Config, document_id: uuid.UUID | str) -> DocumentView:
    return load_view(session, config, load(session, document_id))


def by_number(session: Session, number: str) -> Document:
    """The document numbered ``number`` (numbers are unique), or its id."""
    doc = session.execute(select(Document).where(Document.number == number.strip())).scalar_one_or_none()
    if doc is not None:
        return doc
    try:
        return load(session, number)
    except NotFoundError:
        raise NotFoundError(tr("No document numbered {number}.", number=number)) from None


def find_issued(
    session: Session, config: Config, inspection_id: uuid.UUID, kind: DocumentKind | str
) -> DocumentView | None:
    """The document of ``kind`` in force for the inspection, if any (one per kind; a voided one does
    not count, so its correction can be issued). A 补充笔录 is one of several: the latest."""
    doc = session.execute(
        select(Document)
        .where(
            Document.inspection_id == inspection_id,
            Document.kind == kind_of(kind).value,
            Document.voided_at.is_(None),
        )
        .order_by(Document.issued_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return load_view(session, config, doc) if doc is not None else None


@dataclass(frozen=True)
class DocumentFilter:
    kind: str | None = None
    issued_from: dt.datetime | None = None  # inclusive
    issued_to: dt.datetime | None = None  # exclusive
    served: bool | None = None
    voided: bool | None = None
    inspection_id: uuid.UUID | None = None
    text: str = ""  # words matched against the site's search text and the number


def _filtered(f: DocumentFilter) -> Any:
    q = (
        select(Document, Site, User.name)
        .join(Inspection, Inspection.id == Document.inspection_id)
        .join(Site, Site.id == Inspection.site_id)
        .outerjoin(User, User.id == Document.issued_by)
    )
    if f.kind:
        q = q.where(Document.kind == kind_of(f.kind).value)
    if f.issued_from is not None:
        q = q.where(Document.issued_at >= f.issued_from)
    if f.issued_to is not None:
        q = q.where(Document.issued_at < f.issued_to)
    if f.served is True:
        q = q.where(Document.served_at.is_not(None))
    elif f.served is False:
        q = q.where(Document.served_at.is_(None))
    if f.voided is True:
        q = q.where(Document.voided_at.is_not(None))
    elif f.voided is False:
        q = q.where(Document.voided_at.is_(None))
    if f.inspection_id is not None:
        q = q.where(Document.inspection_id == f.inspection_id)
    for word in f.text.lower().split():
        q = q.where(
            Site.search_text.contains(word, autoescape=True) | Document.number.contains(word, autoescape=True)
        )
    return q


def list_documents(
    session: Session, config: Config, f: DocumentFilter | None = None, *, limit: int = 500, offset: int = 0
) -> list[DocumentView]:
    """Issued documents, newest first. The title of a notice is the office's current notice title
    (the stored context is not loaded for a list)."""
    notice_title = settings_service.load(session).notice_title
    q = _filtered(f or DocumentFilter()).order_by(Document.issued_at.desc(), Document.id)
    q = q.limit(limit).offset(offset)
    rows = session.execute(q).all()
    voiders = {doc.voided_by for doc, _, _ in rows if doc.voided_by is not None}
    names = (
        {u.id: u.name for u in session.execute(select(User).where(User.id.in_(voiders))).scalars()}
        if voiders
        else {}
    )
    out = []
    for doc, site, issuer in rows:
        title = _kind_title(doc.kind, notice_title)
        voider = names.get(doc.voided_by, "") if doc.voided_by else ""
        out.append(to_view(config, doc, site, issuer or "", title, voider=voider))
    return out
