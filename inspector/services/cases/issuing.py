"""Issuing one case document: number, render, file, row and what it fixes, in the caller's
transaction (see :mod:`inspector.services.cases.documents` for what each kind records and when it may
be issued). The file written is removed again by whoever runs the transaction if it does not commit
(:func:`inspector.workflows.perform` does)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.render import render_docx
from inspector.documents.templates import archive_template, resolve_template
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.services import audit, numbering, permissions
from inspector.services import settings as settings_service
from inspector.services.actor import Actor
from inspector.services.cases.documents import (
    build_context,
    case_kind,
    decision_items,
    no_pictures,
    preservation_items,
    refusal,
)
from inspector.services.cases.views import CaseView, get_case, load
from inspector.services.documents.building import relative_path
from inspector.services.documents.evidence import store_issued
from inspector.services.documents.views import DocumentView, load_view
from inspector.storage.case_models import CaseDocument, Interview, KeptItem
from inspector.storage.models import Document
from inspector.storage.types import utcnow


def _free_path(session: Session, relative: str) -> str:
    if session.execute(select(Document.id).where(Document.file_path == relative)).first() is not None:
        return relative.removesuffix(".docx") + f"_{uuid.uuid4().hex[:8]}.docx"
    return relative


def _fix(
    session: Session, case: CaseView, kind: DocumentKind, doc: Document, interview_id: uuid.UUID | None
) -> None:
    """What the document records no longer changes: its items, its interview."""
    if kind is DocumentKind.PRESERVATION:
        for item in preservation_items(case):
            row = session.get(KeptItem, item.id)
            assert row is not None
            row.preservation_document_id = doc.id
    elif kind is DocumentKind.KEPT_DECISION:
        for item in decision_items(case):
            row = session.get(KeptItem, item.id)
            assert row is not None
            row.decision_document_id = doc.id
    elif kind is DocumentKind.INTERVIEW:
        talk = session.get(Interview, interview_id)
        assert talk is not None
        talk.document_id = doc.id
    session.flush()


def issue(
    session: Session,
    config: Config,
    actor: Actor,
    case_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    interview_id: uuid.UUID | None = None,
    issued_at: dt.datetime | None = None,
) -> DocumentView:
    """Issue the case document of ``kind`` (for ``interview``: of the interview ``interview_id``)."""
    kind = case_kind(kind)
    permissions.require(actor, permissions.issuing(kind))
    load(session, case_id, for_update=True)
    case = get_case(session, case_id)
    problem = refusal(session, case, kind, interview_id)
    if problem is not None:
        raise UserError(problem)
    when = issued_at or utcnow()
    template = resolve_template(config, kind)
    number, series, year, seq = numbering.next_number(session, settings_service.load(session), kind, when)
    context = build_context(
        session, config, case, kind, number=number, issued_at=when, interview_id=interview_id
    )
    data = render_docx(template.data, context, no_pictures, template_name=template.name)
    archive_template(config, template)
    relative = _free_path(session, relative_path(kind, number, when))
    path = config.documents_dir / relative
    store_issued(config, path, data)
    try:
        doc = Document(
            id=uuid.uuid4(),
            kind=kind.value,
            number=number,
            inspection_id=case.inspections[0].id,
            file_path=relative,
            sha256=hashlib.sha256(data).hexdigest(),
            template_name=template.name,
            template_sha256=template.sha256,
            context=context,
            issued_by=actor.user_id,
            issued_at=when,
        )
        talk = str(interview_id) if interview_id else None
        _record(
            session, actor, case, doc, detail={"series": series, "year": year, "seq": seq, "interview": talk}
        )
        _fix(session, case, kind, doc, interview_id)
        return load_view(session, config, doc)
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _record(session: Session, actor: Actor, case: CaseView, doc: Document, *, detail: dict[str, Any]) -> None:
    """Store the document's row and its link to the case, and audit the issue."""
    session.add(doc)
    session.flush()
    session.add(CaseDocument(document_id=doc.id, case_id=case.id))
    session.flush()
    after = {"kind": doc.kind, "number": doc.number, "sha256": doc.sha256, "case": str(case.id)}
    after |= {"template": doc.template_name, "template_sha256": doc.template_sha256}
    audit.record(session, actor, "document.issue", "document", doc.id, after=after, detail=detail)
