"""Issuing the inspection's documents (现场检查笔录, 卫生监督意见书, 复查意见书, 补充笔录).

Issuing is one transaction: the number is allocated, the document is rendered and written (atomically)
under ``documents_dir``, its row stores the SHA-256, the render context (plain JSON) and the template's
name and hash. Anything failing rolls the transaction back, so the number is not consumed and no row
points at a file that is not there (the file written before the failure is removed again).

Issuing a notice opens the rectification and issuing a 复查意见书 records the re-inspection's result;
both are the rectification's business, so the issue workflow (:mod:`inspector.workflows`) does them
after :func:`issue_document`, in the same transaction. Nothing here calls the follow-up service.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import cn_date, local
from inspector.documents.kinds import title_for
from inspector.documents.notice import FindingOverride, Flags, NoticeItem, enforcement_flags, notice_items
from inspector.documents.package import write_atomic
from inspector.documents.render import render_docx
from inspector.documents.templates import resolve_template
from inspector.domain import DocumentKind, InspectionKind, InspectionStatus
from inspector.domain.office import OfficeSettings
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import audit, numbering, permissions
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.documents import building
from inspector.services.documents.building import PREVIEW_NUMBER, build, image_source
from inspector.services.documents.filing import Issue
from inspector.services.documents.views import DocumentView, find_issued, kind_of, load, load_view
from inspector.services.inspections import load_inspection
from inspector.storage.models import Document, Inspection, Rectification, Site
from inspector.storage.types import utcnow


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
    flags: Flags = field(default_factory=Flags)

    @property
    def can_issue(self) -> bool:
        return not self.refusals and self.existing is None


def _warnings(settings: OfficeSettings, kind: DocumentKind) -> list[str]:
    if (
        kind is DocumentKind.NOTICE
        and settings.state_remedies
        and not (settings.review_body.strip() and settings.court.strip())
    ):
        return [
            tr(
                "The office settings name no review body (复议机关) or court: the notice leaves them blank "
                "to fill in by hand. Name them in Settings."
            )
        ]
    return []


def flag_messages(flags: Flags) -> list[str]:
    """What the findings call for beyond this document, for the person issuing it."""
    out = []
    if flags.case:
        out.append(tr("For a case (立案): {items}.", items="、".join(flags.case)))
    if flags.police:
        out.append(
            tr(
                "To the police if a crime is suspected (移送公安机关): {items}.",
                items="、".join(flags.police),
            )
        )
    if flags.drug:
        out.append(tr("To the drug regulator (移送药品监督管理部门): {items}.", items="、".join(flags.drug)))
    return out


def prepare_issue(
    session: Session,
    config: Config,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> IssueDraft:
    """What the issue dialog shows: the findings, the number it would get, and every reason it cannot
    be issued now (the same checks issuing makes, an unverified article named with how to confirm it)."""
    kind = kind_of(kind)
    insp = load_inspection(session, inspection_id)
    site = session.get(Site, insp.site_id)
    assert site is not None
    settings = settings_service.load(session)
    problems = refusals(session, insp, kind)
    items: list[NoticeItem] = []
    rect_items: tuple[dict[str, Any], ...] = ()
    src = building.draft_sources(session, config, insp, kind, utcnow())
    if kind is DocumentKind.NOTICE and not problems:
        items = notice_items(
            src.form,
            src.inspection,
            overrides,
            src.catalogue,
            default_deadline_days=src.settings.default_deadline_days,
        )
    if not problems:
        problems += building.problems(session, insp, src, items)
    if kind is DocumentKind.REINSPECTION and insp.rectification_id is not None:
        rect = session.get(Rectification, insp.rectification_id)
        if rect is not None:
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
        refusals=tuple(dict.fromkeys(problems)),
        warnings=tuple(_warnings(settings, kind)),
        existing=find_issued(session, config, insp.id, kind) if kind is not DocumentKind.SUPPLEMENT else None,
        flags=enforcement_flags(src.form, src.inspection),
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
    existing = find_issued(session, config, insp.id, kind) if kind is not DocumentKind.SUPPLEMENT else None
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
    _refuse_issuing(session, config, load_inspection(session, inspection_id), kind_of(kind))


def _replaced(session: Session, insp: Inspection, kind: DocumentKind, replaces: uuid.UUID) -> Document:
    """The voided document a correction replaces: same inspection and kind, voided, not replaced yet."""
    old = load(session, replaces)
    if old.inspection_id != insp.id or old.kind != kind.value:
        raise UserError(tr("A correction replaces a document of the same kind for the same inspection."))
    if old.voided_at is None:
        raise UserError(
            tr(
                "{number} is in force: void it first (with the reason), then issue its correction.",
                number=old.number or "",
            )
        )
    if old.replaced_by is not None:
        raise UserError(tr("{number} was already replaced by a corrected document.", number=old.number or ""))
    return old


def issue_document(
    session: Session,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
    issued_at: dt.datetime | None = None,
    replaces: uuid.UUID | None = None,
) -> Issued:
    """Issue the document of ``kind`` for a finalized inspection, in the caller's transaction.

    ``overrides`` (notice only) change a finding's correction, deadline or fact; ``replaces`` is the
    voided document this one corrects. The file is written before this returns; if the transaction
    then fails the caller removes it (:func:`inspector.workflows.perform` does)."""
    kind = kind_of(kind)
    permissions.require(actor, permissions.issuing(kind))
    insp = load_inspection(session, inspection_id, for_update=True)
    _refuse_issuing(session, config, insp, kind)
    old = _replaced(session, insp, kind, replaces) if replaces is not None else None
    numbered = Issue.begin(session, config, actor, kind, issued_at or utcnow())
    built = build(
        session, config, insp, kind, numbered.number, issued_at=numbered.issued_at, overrides=overrides
    )
    rectification_id = insp.rectification_id if kind is DocumentKind.REINSPECTION else None
    with numbered.filed(
        built.context,
        image_source(config, built.photos),
        replaces=old,
        inspection_id=insp.id,
        rectification_id=rectification_id,
    ) as doc:
        detail = {**numbered.number_detail, "overrides": sorted(overrides or {})}
        _record(session, actor, doc, old, detail=detail)
        return Issued(load_view(session, config, doc), tuple(built.items))


def _record(
    session: Session, actor: Actor, doc: Document, old: Document | None, *, detail: dict[str, Any]
) -> None:
    """Store the document's row (and the voided one's link to it) and audit the issue."""
    session.add(doc)
    session.flush()
    if old is not None:
        old.replaced_by = doc.id
        session.flush()
        detail["replaces"] = old.number or str(old.id)
    after = {
        "kind": doc.kind,
        "number": doc.number,
        "sha256": doc.sha256,
        "inspection": str(doc.inspection_id),
    }
    after |= {"template": doc.template_name, "template_sha256": doc.template_sha256}
    audit.record(session, actor, "document.issue", "document", doc.id, after=after, detail=detail)


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
    config: Config,
    inspection_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    number: str = PREVIEW_NUMBER,
    issued_at: dt.datetime | None = None,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> dict[str, Any]:
    """The render context issuing would store, without allocating a number (previews, benchmarks)."""
    kind = kind_of(kind)
    insp = load_inspection(session, inspection_id)
    return build(
        session, config, insp, kind, number, issued_at=issued_at or utcnow(), overrides=overrides
    ).context


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
    insp = load_inspection(session, inspection_id)
    problems = refusals(session, insp, kind)
    if problems:
        raise UserError(problems[0])
    template = resolve_template(config, kind)
    built = build(session, config, insp, kind, PREVIEW_NUMBER, issued_at=utcnow(), overrides=overrides)
    data = render_docx(
        template.data, built.context, image_source(config, built.photos), template_name=template.name
    )
    write_atomic(out, data)
    return out
