"""Issuing the inspection's documents (现场检查笔录, 整改通知书 / 卫生监督意见书, 复查意见书).

Issuing is one transaction: the number is allocated, the document is rendered and written (atomically)
under ``documents_dir``, its row stores the SHA-256, the render context (plain JSON) and the template's
name and hash. Anything failing rolls the transaction back, so the number is not consumed and no row
points at a file that is not there (the file written before the failure is removed again).

Issuing a notice opens the rectification and issuing a 复查意见书 records the re-inspection's result;
both are the rectification's business, so the issue workflow (:mod:`inspector.workflows`) does them
after :func:`issue_document`, in the same transaction. Nothing here calls the follow-up service.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import FindingOverride, NoticeItem, cn_date, local, notice_items, title_for
from inspector.documents.package import write_atomic
from inspector.documents.render import render_docx
from inspector.documents.templates import archive_template, resolve_template
from inspector.domain import DocumentKind, InspectionKind, InspectionStatus
from inspector.errors import NotFoundError, UserError
from inspector.forms import load_snapshot
from inspector.i18n import tr
from inspector.services import audit, numbering, permissions
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.documents.building import PREVIEW_NUMBER, build, image_source, relative_path
from inspector.services.documents.evidence import store_issued
from inspector.services.documents.views import DocumentView, find_issued, kind_of, load, load_view
from inspector.services.inspections import get_inspection
from inspector.storage.models import Document, Inspection, Rectification, Site
from inspector.storage.types import utcnow


def _inspection(session: Session, inspection_id: uuid.UUID, *, lock: bool = False) -> Inspection:
    q = select(Inspection).where(Inspection.id == inspection_id)
    if lock and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update()
    insp = session.execute(q).scalar_one_or_none()
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    return insp


def _reinspection_refusal(session: Session, insp: Inspection) -> str | None:
    if insp.kind != InspectionKind.REINSPECTION.value or insp.rectification_id is None:
        return tr(
            "A re-inspection opinion is issued for a re-inspection of a rectification; this "
            "inspection is not one."
        )
    rect = session.get(Rectification, insp.rectification_id)
    if rect is None or rect.notice_id is None or session.get(Document, rect.notice_id) is None:
        return tr("The rectification this re-inspection checks has no issued notice to refer to.")
    return None


def refusals(session: Session, insp: Inspection, kind: DocumentKind) -> list[str]:
    """Why a document of ``kind`` cannot be issued for ``insp`` (empty: it can)."""
    problems: list[str] = []
    if insp.status != InspectionStatus.FINALIZED.value:
        problems.append(
            tr(
                "The inspection is still a draft: finalize it before issuing documents (they state "
                "what the finalized record says)."
            )
        )
    if kind is DocumentKind.NOTICE and insp.kind == InspectionKind.REINSPECTION.value:
        # A second notice would give the party a fresh deadline for what it already failed to correct.
        problems.append(
            tr(
                "A re-inspection does not issue a new notice with a new deadline: issue the "
                "re-inspection opinion; if the findings were not corrected, the supervisor decides "
                "on a case (立案) or a transfer (移送)."
            )
        )
    if kind is DocumentKind.REINSPECTION:
        refusal = _reinspection_refusal(session, insp)
        if refusal is not None:
            problems.append(refusal)
    return problems


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


def _citation_warnings(items: list[NoticeItem]) -> list[str]:
    warnings: list[str] = []
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
    return list(dict.fromkeys(warnings))


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
    problems = refusals(session, insp, kind)
    items: list[NoticeItem] = []
    rect_items: tuple[dict[str, Any], ...] = ()
    if kind is DocumentKind.NOTICE and insp.kind != InspectionKind.REINSPECTION.value:
        view = get_inspection(session, inspection_id)
        items = notice_items(load_snapshot(session, insp.form_sha256), view, overrides)
        if not items:
            problems.append(
                tr("The inspection has no non-compliant findings, so there is nothing to order corrected.")
            )
    if kind is DocumentKind.REINSPECTION and not problems:
        rect = session.get(Rectification, insp.rectification_id)
        assert rect is not None
        rect_items = tuple(dict(i) for i in (rect.items or {}).get("items", []))
    try:
        preview = numbering.preview_number(session, settings, kind, utcnow())
    except UserError as err:
        preview = ""
        problems.append(err.message)
    return IssueDraft(
        inspection_id=insp.id,
        kind=kind.value,
        title=title_for(kind, settings),
        site_name=site.name,
        number_preview=preview,
        findings=tuple(items),
        reinspection_items=rect_items,
        refusals=tuple(problems),
        warnings=tuple(_citation_warnings(items)),
        existing=find_issued(session, config, insp.id, kind),
    )


@dataclass(frozen=True)
class Issued:
    """An issued document and, for a notice, the findings it orders corrected (each with its
    correction and deadline as issued: the rectification is opened from them)."""

    document: DocumentView
    items: tuple[NoticeItem, ...] = ()


def _refuse_issuing(session: Session, config: Config, insp: Inspection, kind: DocumentKind) -> None:
    problems = refusals(session, insp, kind)
    if problems:
        raise UserError(problems[0])
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


def check_can_issue(
    session: Session, config: Config, inspection_id: uuid.UUID, kind: DocumentKind | str
) -> None:
    """Refuse now what :func:`issue_document` would refuse, before anything is written."""
    _refuse_issuing(session, config, _inspection(session, inspection_id), kind_of(kind))


def _free_path(session: Session, relative: str) -> str:
    if session.execute(select(Document.id).where(Document.file_path == relative)).first() is not None:
        return relative.removesuffix(".docx") + f"_{uuid.uuid4().hex[:8]}.docx"
    return relative


def issue_document(
    session: Session,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
    issued_at: dt.datetime | None = None,
) -> Issued:
    """Issue the document of ``kind`` for a finalized inspection, in the caller's transaction.

    ``overrides`` (notice only) changes the correction or deadline of findings by item code. The file
    is written before this returns; if the caller's transaction then fails, the caller removes
    ``document.file_path`` (:func:`inspector.workflows.perform` does). A 复查意见书 is linked to the
    rectification it follows up; a notice is linked by :func:`link_rectification` once opened.
    """
    kind = kind_of(kind)
    permissions.require(actor, permissions.issuing(kind))
    insp = _inspection(session, inspection_id, lock=True)
    _refuse_issuing(session, config, insp, kind)
    when = issued_at or utcnow()
    template = resolve_template(config, kind)
    number, series, year, seq = numbering.next_number(session, settings_service.load(session), kind, when)
    built = build(session, insp, kind, number, issued_at=when, overrides=overrides)
    data = render_docx(
        template.data, built.context, image_source(config, built.photos), template_name=template.name
    )
    sha = hashlib.sha256(data).hexdigest()
    archive_template(config, template)
    relative = _free_path(session, relative_path(kind, number, when))
    path = config.documents_dir / relative
    store_issued(config, path, data)
    try:
        doc = Document(
            id=uuid.uuid4(),
            kind=kind.value,
            number=number,
            inspection_id=insp.id,
            rectification_id=insp.rectification_id if kind is DocumentKind.REINSPECTION else None,
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
        after = {"kind": kind.value, "number": number, "sha256": sha, "inspection": str(insp.id)}
        after |= {"template": template.name, "template_sha256": template.sha256}
        detail = {"series": series, "year": year, "seq": seq, "overrides": sorted((overrides or {}).keys())}
        audit.record(session, actor, "document.issue", "document", doc.id, after=after, detail=detail)
        return Issued(load_view(session, config, doc), tuple(built.items))
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def link_rectification(
    session: Session, actor: Actor, config: Config, document_id: uuid.UUID, rectification_id: uuid.UUID
) -> DocumentView:
    """Point an issued document at the rectification it opened or follows up."""
    doc = load(session, document_id)
    if doc.rectification_id == rectification_id:
        return load_view(session, config, doc)
    if doc.rectification_id is not None:
        raise UserError(tr("This document already refers to another rectification."))
    doc.rectification_id = rectification_id
    session.flush()
    after = {"rectification": str(rectification_id)}
    audit.record(session, actor, "document.rectification", "document", doc.id, after=after)
    return load_view(session, config, doc)


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
    return build(session, insp, kind, number, issued_at=issued_at or utcnow(), overrides=overrides).context


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
    problems = refusals(session, insp, kind)
    if problems:
        raise UserError(problems[0])
    template = resolve_template(config, kind)
    built = build(session, insp, kind, PREVIEW_NUMBER, issued_at=utcnow(), overrides=overrides)
    data = render_docx(
        template.data, built.context, image_source(config, built.photos), template_name=template.name
    )
    write_atomic(out, data)
    return out
