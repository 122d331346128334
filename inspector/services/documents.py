"""Issuing the inspection's documents (现场检查笔录, 整改通知书 / 卫生监督意见书, 复查意见书), and
keeping them as evidence.

Issuing is one transaction: the number is allocated, the document is rendered and written (atomically)
under ``documents_dir``, its row stores the SHA-256, the render context (plain JSON) and the template's
name and hash, and for a notice the rectification is opened. Anything failing rolls the transaction
back, so the number is not consumed and no row points at a file that is not there (the file written
before the failure is removed again).

Issued documents (and the archived templates beside them) are stored through
:mod:`inspector.crypto.files`: sealed in an encrypted data directory; :func:`read_issued` gives the
bytes and :func:`plain_copy_for_outside` a private plain file for Word or LibreOffice. Copies the
person asks for (export, "save as") are plain.

An issued document never changes. :func:`regenerate` renders it again from its stored context with
the archived template and the same photos, and must give the same bytes (same SHA-256); that is how a
lost file is restored and how an export proves each file is the one that was issued.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto import files
from inspector.documents.context import (
    KIND_LABELS,
    FindingOverride,
    NoticeItem,
    NoticeRef,
    SiteData,
    Sources,
    build_context,
    cn_date,
    local,
    notice_items,
    title_for,
)
from inspector.documents.package import write_atomic
from inspector.documents.render import render_docx
from inspector.documents.templates import TemplateFile, archive_template, resolve_template, template_by_sha
from inspector.domain import DocumentKind, InspectionKind, InspectionStatus, RectificationStatus, Role
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, numbering
from inspector.services import photos as photos_service
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.inspections import get_inspection
from inspector.storage.db import Database
from inspector.storage.models import Document, Inspection, Rectification, Site, User
from inspector.storage.types import utcnow

__all__ = [
    "DocumentFilter",
    "DocumentView",
    "ExportReport",
    "FindingOverride",
    "IssueDraft",
    "NoticeItem",
    "Regenerated",
    "draft_context",
    "export_documents",
    "find_issued",
    "get_document",
    "issue",
    "issue_document",
    "list_documents",
    "mark_served",
    "plain_copy_for_outside",
    "prepare_issue",
    "preview_document",
    "read_issued",
    "regenerate",
    "restore_file",
    "verify_file",
    "write_copy",
]

ISSUERS = (Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)
MAX_CORRECTION = 2000
MAX_DEADLINE_DAYS = 365
PREVIEW_NUMBER = "（预览，未编号）"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


# --------------------------------------------------------------------------------------- views


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

    @property
    def served(self) -> bool:
        return self.served_at is not None

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
        }


def kind_of(value: DocumentKind | str) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        raise UserError(
            tr("Unknown document kind “{kind}”: use record, notice or reinspection.", kind=value)
        ) from None


def _title(doc: Document, notice_title: str) -> str:
    stored = doc.context.get("title") if isinstance(doc.context, dict) else None
    if isinstance(stored, str) and stored:
        return stored
    return notice_title if doc.kind == DocumentKind.NOTICE.value else KIND_LABELS.get(doc.kind, doc.kind)


def _view(config: Config, doc: Document, site: Site, issuer: str, title: str) -> DocumentView:
    return DocumentView(
        id=doc.id,
        kind=doc.kind,
        title=title,
        number=doc.number or "",
        inspection_id=doc.inspection_id,
        site_id=site.id,
        site_name=site.name,
        rectification_id=doc.rectification_id,
        file_path=config.documents_dir / doc.file_path,
        relative_path=doc.file_path,
        sha256=doc.sha256,
        template_name=doc.template_name,
        template_sha256=doc.template_sha256,
        issued_at=doc.issued_at,
        issued_by=doc.issued_by,
        issued_by_name=issuer,
        served_at=doc.served_at,
    )


def _load_view(session: Session, config: Config, doc: Document) -> DocumentView:
    insp = session.get(Inspection, doc.inspection_id)
    assert insp is not None
    site = session.get(Site, insp.site_id)
    assert site is not None
    issuer = ""
    if doc.issued_by is not None:
        user = session.get(User, doc.issued_by)
        issuer = user.name if user is not None else ""
    return _view(config, doc, site, issuer, _title(doc, settings_service.load(session).notice_title))


def _doc(session: Session, document_id: uuid.UUID | str) -> Document:
    try:
        did = document_id if isinstance(document_id, uuid.UUID) else uuid.UUID(str(document_id).strip())
    except ValueError:
        raise NotFoundError(tr("{value} is not a valid document id.", value=document_id)) from None
    doc = session.get(Document, did)
    if doc is None:
        raise NotFoundError(tr("No document with id {id}.", id=did))
    return doc


def get_document(session: Session, config: Config, document_id: uuid.UUID | str) -> DocumentView:
    return _load_view(session, config, _doc(session, document_id))


def find_issued(
    session: Session, config: Config, inspection_id: uuid.UUID, kind: DocumentKind | str
) -> DocumentView | None:
    """The document of ``kind`` already issued for the inspection, if any (one per kind)."""
    doc = session.execute(
        select(Document)
        .where(Document.inspection_id == inspection_id, Document.kind == kind_of(kind).value)
        .order_by(Document.issued_at)
        .limit(1)
    ).scalar_one_or_none()
    return _load_view(session, config, doc) if doc is not None else None


@dataclass(frozen=True)
class DocumentFilter:
    kind: str | None = None
    issued_from: dt.datetime | None = None  # inclusive
    issued_to: dt.datetime | None = None  # exclusive
    served: bool | None = None
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
    out = []
    for doc, site, issuer in session.execute(q).all():
        title = notice_title if doc.kind == DocumentKind.NOTICE.value else KIND_LABELS.get(doc.kind, doc.kind)
        out.append(_view(config, doc, site, issuer or "", title))
    return out


# --------------------------------------------------------------------------------------- checks


def _inspection(session: Session, inspection_id: uuid.UUID, *, lock: bool = False) -> Inspection:
    q = select(Inspection).where(Inspection.id == inspection_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    insp = session.execute(q).scalar_one_or_none()
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    return insp


def _refusals(session: Session, insp: Inspection, kind: DocumentKind) -> list[str]:
    """Why a document of ``kind`` cannot be issued for ``insp`` (empty: it can)."""
    problems: list[str] = []
    if insp.status != InspectionStatus.FINALIZED.value:
        problems.append(
            tr(
                "The inspection is still a draft: finalize it before issuing documents (they state "
                "what the finalized record says)."
            )
        )
    if kind is DocumentKind.REINSPECTION:
        if insp.kind != InspectionKind.REINSPECTION.value or insp.rectification_id is None:
            problems.append(
                tr(
                    "A re-inspection opinion is issued for a re-inspection of a rectification; this "
                    "inspection is not one."
                )
            )
        else:
            rect = session.get(Rectification, insp.rectification_id)
            if rect is None or rect.notice_id is None or session.get(Document, rect.notice_id) is None:
                problems.append(
                    tr("The rectification this re-inspection checks has no issued notice to refer to.")
                )
    return problems


def _site_data(site: Site) -> SiteData:
    return SiteData(
        name=site.name,
        kind=site.kind,
        address=site.address or "",
        legal_rep=site.legal_rep or "",
        phone=site.phone or "",
        licence_no=site.licence_no or "",
        credit_code=site.credit_code or "",
        district=site.district or "",
        township=site.township or "",
    )


def _validate_overrides(items: Sequence[NoticeItem], overrides: Mapping[str, FindingOverride]) -> None:
    codes = {it.code for it in items}
    problems: list[tuple[str, str]] = []
    for code, ov in overrides.items():
        if code not in codes:
            problems.append((code, tr("{code} is not a non-compliant item of this inspection.", code=code)))
            continue
        if ov.deadline_days is not None and not 0 <= ov.deadline_days <= MAX_DEADLINE_DAYS:
            problems.append(
                (code, tr("The deadline must be 0 (immediately) to {limit} days.", limit=MAX_DEADLINE_DAYS))
            )
        if ov.correction is not None and len(ov.correction) > MAX_CORRECTION:
            problems.append(
                (code, tr("The correction is too long: at most {limit} characters.", limit=MAX_CORRECTION))
            )
    if problems:
        raise ValidationError(problems)


# --------------------------------------------------------------------------------------- drafts


@dataclass(frozen=True)
class IssueDraft:
    """What the issue dialog shows before issuing: editable findings, and why it cannot be issued."""

    inspection_id: uuid.UUID
    kind: str
    title: str
    site_name: str
    number_preview: str
    findings: tuple[NoticeItem, ...] = ()
    reinspection_items: tuple[dict[str, Any], ...] = ()
    refusals: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    existing: DocumentView | None = None

    @property
    def can_issue(self) -> bool:
        return not self.refusals and self.existing is None


def prepare_issue(
    session: Session,
    config: Config,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> IssueDraft:
    kind = kind_of(kind)
    insp = _inspection(session, inspection_id)
    site = session.get(Site, insp.site_id)
    assert site is not None
    settings = settings_service.load(session)
    refusals = _refusals(session, insp, kind)
    items: list[NoticeItem] = []
    warnings: list[str] = []
    rect_items: tuple[dict[str, Any], ...] = ()
    if kind is DocumentKind.NOTICE:
        view = get_inspection(session, inspection_id)
        from inspector.forms import load_snapshot

        items = notice_items(load_snapshot(session, insp.form_sha256), view, overrides)
        if not items:
            refusals.append(
                tr("The inspection has no non-compliant findings, so there is nothing to order corrected.")
            )
        for it in items:
            for article in it.articles:
                if not article.verified:
                    warnings.append(
                        tr(
                            "{code}: the article number of {citation} is not verified yet (待核实).",
                            code=it.code,
                            citation=article.citation,
                        )
                    )
            if not it.articles:
                warnings.append(tr("{code}: the checklist gives no legal basis for this item.", code=it.code))
    if kind is DocumentKind.REINSPECTION and not refusals:
        rect = session.get(Rectification, insp.rectification_id)
        assert rect is not None
        rect_items = tuple(dict(i) for i in (rect.items or {}).get("items", []))
    try:
        preview = numbering.preview_number(session, settings, kind, utcnow())
    except UserError as err:
        preview = ""
        refusals.append(err.message)
    return IssueDraft(
        inspection_id=insp.id,
        kind=kind.value,
        title=title_for(kind, settings),
        site_name=site.name,
        number_preview=preview,
        findings=tuple(items),
        reinspection_items=rect_items,
        refusals=tuple(refusals),
        warnings=tuple(dict.fromkeys(warnings)),
        existing=find_issued(session, config, insp.id, kind),
    )


# --------------------------------------------------------------------------------------- building


@dataclass
class _Built:
    context: dict[str, Any]
    items: list[NoticeItem] = field(default_factory=list)
    photos: dict[str, photos_service.PhotoView] = field(default_factory=dict)


def _image_source(
    config: Config, photos: Mapping[str, photos_service.PhotoView]
) -> Callable[[Mapping[str, Any]], bytes]:
    def source(entry: Mapping[str, Any]) -> bytes:
        photo = photos.get(str(entry.get("photo_id")))
        if photo is None:
            raise UserError(
                tr("Photo {id} of this document is no longer in the database.", id=entry.get("photo_id"))
            )
        return photos_service.evidence_image(config, photo)

    return source


def _build(
    session: Session,
    insp: Inspection,
    kind: DocumentKind,
    number: str,
    *,
    issued_at: dt.datetime,
    overrides: Mapping[str, FindingOverride] | None,
) -> _Built:
    from inspector.forms import load_snapshot

    settings = settings_service.load(session)
    view = get_inspection(session, insp.id)
    form = load_snapshot(session, insp.form_sha256)
    site = session.get(Site, insp.site_id)
    assert site is not None
    photo_list = photos_service.list_photos(session, insp.id)
    src = Sources(
        kind=kind,
        number=number,
        issued_at=issued_at,
        settings=settings,
        site=_site_data(site),
        inspection=view,
        form=form,
        photos=photo_list,
    )
    built = _Built(context={}, photos={str(p.id): p for p in photo_list})
    if kind is DocumentKind.NOTICE:
        built.items = notice_items(form, view, overrides)
        if overrides:
            _validate_overrides(built.items, overrides)
        if not built.items:
            raise UserError(
                tr("The inspection has no non-compliant findings, so there is nothing to order corrected.")
            )
        built.context = build_context(src, items=built.items)
    elif kind is DocumentKind.REINSPECTION:
        rect = session.get(Rectification, insp.rectification_id)
        assert rect is not None and rect.notice_id is not None
        notice = session.get(Document, rect.notice_id)
        assert notice is not None
        ref = NoticeRef(
            number=notice.number or "",
            title=str(notice.context.get("title") or settings.notice_title),
            issue_date=cn_date(local(notice.issued_at).date()),
        )
        built.context = build_context(
            src, notice=ref, rectification_items=(rect.items or {}).get("items", [])
        )
    else:
        built.context = build_context(src)
    return built


def _safe(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "document"


def _relative_path(kind: DocumentKind, number: str, issued_at: dt.datetime) -> str:
    return f"{local(issued_at).year}/{kind.value}/{_safe(number)}.docx"


# --------------------------------------------------------------------------------------- issue


def issue_document(
    session: Session,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
    issued_at: dt.datetime | None = None,
) -> DocumentView:
    """Issue the document of ``kind`` for a finalized inspection, in the caller's transaction.

    ``overrides`` (notice only) changes the correction or deadline of findings by item code. The file
    is written before this returns; if the caller's transaction then fails, remove
    ``view.file_path`` (:func:`issue` does both).
    """
    actor.require(*ISSUERS)
    kind = kind_of(kind)
    insp = _inspection(session, inspection_id, lock=True)
    refusals = _refusals(session, insp, kind)
    if refusals:
        raise UserError(refusals[0])
    existing = find_issued(session, config, insp.id, kind)
    if existing is not None:
        raise UserError(
            tr(
                "{title} {number} was already issued for this inspection on {date}; regenerate it "
                "instead of issuing it again.",
                title=existing.title,
                number=existing.number,
                date=cn_date(local(existing.issued_at).date()),
            )
        )
    when = issued_at or utcnow()
    settings = settings_service.load(session)
    template = resolve_template(config, kind)
    number, series, year, seq = numbering.next_number(session, settings, kind, when)
    built = _build(session, insp, kind, number, issued_at=when, overrides=overrides)
    data = render_docx(
        template.data, built.context, _image_source(config, built.photos), template_name=template.name
    )
    sha = hashlib.sha256(data).hexdigest()
    archive_template(config, template)
    relative = _relative_path(kind, number, when)
    if session.execute(select(Document.id).where(Document.file_path == relative)).first() is not None:
        relative = relative.removesuffix(".docx") + f"_{uuid.uuid4().hex[:8]}.docx"
    path = config.documents_dir / relative
    store_issued(config, path, data)
    try:
        doc = Document(
            id=uuid.uuid4(),
            kind=kind.value,
            number=number,
            inspection_id=insp.id,
            file_path=relative,
            sha256=sha,
            template_name=template.name,
            template_sha256=template.sha256,
            context=built.context,
            issued_by=actor.user_id,
            issued_at=when,
        )
        session.add(doc)
        session.flush()
        if kind is DocumentKind.NOTICE:
            doc.rectification_id = _open_rectification(session, actor, insp, doc, built.items, issued_at=when)
            session.flush()
        audit.record(
            session,
            actor,
            "document.issue",
            "document",
            doc.id,
            after={
                "kind": kind.value,
                "number": number,
                "sha256": sha,
                "inspection": str(insp.id),
                "template": template.name,
                "template_sha256": template.sha256,
            },
            detail={
                "series": series,
                "year": year,
                "seq": seq,
                "overrides": sorted((overrides or {}).keys()),
            },
        )
        return _load_view(session, config, doc)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _open_rectification(
    session: Session,
    actor: Actor,
    insp: Inspection,
    doc: Document,
    items: Sequence[NoticeItem],
    *,
    issued_at: dt.datetime,
) -> uuid.UUID:
    """Open the rectification through the follow-up service (its state machine writes the event).

    A rectification already opened for the inspection without a notice (the follow-up board allows
    that) gets this notice attached instead of a second one."""
    from inspector.services import followup

    existing = followup.rectification_for_inspection(session, insp.id)
    if existing is not None:
        rect = session.get(Rectification, existing)
        assert rect is not None
        if rect.notice_id is not None and rect.notice_id != doc.id:
            raise UserError(tr("This inspection's rectification already refers to another notice."))
        rect.notice_id = doc.id
        session.flush()
        audit.record(
            session,
            actor,
            "rectification.notice",
            "rectification",
            rect.id,
            after={"notice": str(doc.id), "number": doc.number},
        )
        return rect.id
    issued = local(issued_at).date()
    entries = [
        {
            "code": it.code,
            "question": it.question,
            "finding": it.finding,
            "correction": it.correction,
            "deadline_days": it.deadline_days,
            "deadline": it.deadline(issued).isoformat(),
            "serious": it.serious,
            "legal": [a.ref for a in it.articles],
        }
        for it in items
    ]
    deadline = issued + dt.timedelta(days=max(it.deadline_days for it in items))
    opened = followup.open_rectification(
        session,
        actor,
        insp.id,
        deadline=deadline,
        notice_id=doc.id,
        items={"items": entries},
        note=doc.number or "",
        issued_at=issued_at,
    )
    return opened.id


def issue(
    db: Database,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> DocumentView:
    """:func:`issue_document` in its own transaction; the written file is removed if the commit fails."""
    view: DocumentView | None = None
    try:
        with db.write() as session:
            view = issue_document(session, config, actor, inspection_id, kind, overrides=overrides)
        return view
    except BaseException:
        if view is not None:
            with contextlib.suppress(OSError):
                view.file_path.unlink()
        raise


def draft_context(
    session: Session,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    number: str = PREVIEW_NUMBER,
    issued_at: dt.datetime | None = None,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> dict[str, Any]:
    """The render context issuing would store, without allocating a number (previews, benchmarks)."""
    kind = kind_of(kind)
    insp = _inspection(session, inspection_id)
    return _build(session, insp, kind, number, issued_at=issued_at or utcnow(), overrides=overrides).context


def preview_document(
    session: Session,
    config: Config,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    out: Path,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> Path:
    """Render what issuing would produce, without a number and without writing to the database."""
    kind = kind_of(kind)
    insp = _inspection(session, inspection_id)
    refusals = _refusals(session, insp, kind)
    if refusals:
        raise UserError(refusals[0])
    template = resolve_template(config, kind)
    built = _build(session, insp, kind, PREVIEW_NUMBER, issued_at=utcnow(), overrides=overrides)
    data = render_docx(
        template.data, built.context, _image_source(config, built.photos), template_name=template.name
    )
    write_atomic(out, data)
    return out


# --------------------------------------------------------------------------------------- evidence


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
    doc = _doc(session, document_id)
    view = _load_view(session, config, doc)
    template: TemplateFile = template_by_sha(config, doc.kind, doc.template_name, doc.template_sha256)
    photo_list = photos_service.list_photos(session, doc.inspection_id, include_deleted=True)
    data = render_docx(
        template.data,
        doc.context,
        _image_source(config, {str(p.id): p for p in photo_list}),
        template_name=doc.template_name,
    )
    return Regenerated(document=view, data=data, sha256=hashlib.sha256(data).hexdigest())


def store_issued(config: Config, path: Path, data: bytes) -> None:
    """Write an issued document into the data directory (sealed when it is encrypted)."""
    try:
        files.write(config.key, path, data, mode=0o644)
    except OSError as err:
        raise UserError(
            tr(
                "Cannot write {path}: {reason}. Check the free disk space and that the file is not "
                "open in another program.",
                path=str(path),
                reason=err.strerror or str(err),
            )
        ) from err


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


def _issued_bytes(session: Session, config: Config, view: DocumentView) -> bytes:
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
    data = _issued_bytes(session, config, view)
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


# --------------------------------------------------------------------------------------- service


def mark_served(
    session: Session,
    actor: Actor,
    config: Config,
    document_id: uuid.UUID | str,
    served_at: dt.datetime | None = None,
) -> DocumentView:
    """Record that the document was handed to the party (送达). For a notice its rectification moves
    from issued to served."""
    actor.require(*ISSUERS)
    doc = _doc(session, document_id)
    when = served_at or utcnow()
    if when.tzinfo is None:
        raise ValidationError([("served_at", tr("The service time needs a time zone."))])
    if doc.served_at is not None:
        raise UserError(
            tr(
                "{number} was already marked as served on {date}.",
                number=doc.number or "",
                date=cn_date(local(doc.served_at).date()),
            )
        )
    if when < doc.issued_at:
        raise ValidationError([("served_at", tr("A document cannot be served before it was issued."))])
    rect = session.get(Rectification, doc.rectification_id) if doc.rectification_id is not None else None
    if (
        doc.kind == DocumentKind.NOTICE.value
        and rect is not None
        and rect.status == RectificationStatus.ISSUED.value
    ):
        from inspector.services import followup

        # The follow-up service moves the rectification to served and stamps the notice's served_at.
        followup.serve(session, actor, rect.id, when, note=doc.number or "")
    if doc.served_at is None:
        doc.served_at = when
        session.flush()
    audit.record(
        session,
        actor,
        "document.served",
        "document",
        doc.id,
        before={"served_at": None},
        after={"served_at": when.isoformat()},
    )
    return _load_view(session, config, doc)


# --------------------------------------------------------------------------------------- export


@dataclass
class ExportReport:
    folder: Path
    files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    manifest: Path | None = None


def local_day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """UTC bounds of local calendar days ``first`` to ``last`` inclusive."""
    start = dt.datetime.combine(first, dt.time.min).astimezone()
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min).astimezone()
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def export_documents(
    session: Session, config: Config, first: dt.date, last: dt.date, out_dir: Path, *, pdf: bool = False
) -> ExportReport:
    """Copy every document issued from ``first`` to ``last`` (local dates, inclusive) into ``out_dir``,
    each verified against its recorded SHA-256, with ``manifest.csv`` listing number, kind, site, date
    and hash. Documents that cannot be verified are listed in ``problems`` and not written."""
    if last < first:
        raise ValidationError([("to", tr("The end date is before the start date."))])
    start, end = local_day_bounds(first, last)
    docs = list_documents(session, config, DocumentFilter(issued_from=start, issued_to=end), limit=1_000_000)
    report = ExportReport(folder=out_dir)
    rows: list[list[str]] = []
    used: set[str] = set()
    for view in sorted(docs, key=lambda v: (v.issued_at, v.number)):
        try:
            data = _issued_bytes(session, config, view)
        except UserError as err:
            report.problems.append(err.message)
            continue
        name = _safe(f"{local(view.issued_at):%Y%m%d}_{view.title}_{view.number}_{view.site_name}")[:150]
        while name in used:
            name += "_"
        used.add(name)
        path = out_dir / f"{name}.docx"
        write_atomic(path, data)
        report.files.append(path)
        rows.append(
            [
                view.number,
                view.kind,
                view.title,
                view.site_name,
                local(view.issued_at).isoformat(timespec="seconds"),
                local(view.served_at).isoformat(timespec="seconds") if view.served_at else "",
                view.sha256,
                path.name,
            ]
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["number", "kind", "title", "site", "issued_at", "served_at", "sha256", "file"])
    writer.writerows(rows)
    report.manifest = out_dir / "manifest.csv"
    write_atomic(report.manifest, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    if pdf and report.files:
        from inspector.documents.pdf import convert_to_pdf

        report.pdfs = convert_to_pdf([(p, p.with_suffix(".pdf")) for p in report.files])
    return report
