"""Issuing one case document: number, render, file, row and what it fixes, in the caller's
transaction (see :mod:`inspector.services.cases.documents` for what each kind records and when it may
be issued). The file written is removed again by whoever runs the transaction if it does not commit
(:func:`inspector.workflows.perform` does)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import audit, permissions
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
from inspector.services.documents.filing import Issue
from inspector.services.documents.views import DocumentView, load_view
from inspector.storage.case_models import CaseDocument, Interview, KeptItem
from inspector.storage.models import Document
from inspector.storage.types import utcnow


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


def release(session: Session, actor: Actor, document_id: uuid.UUID) -> uuid.UUID | None:
    """After a case document was voided: the items and the interview it fixed may change again, so
    that its correction can be issued (the voided document keeps what it said in its stored context).
    Returns the case, or ``None`` for a document that is not a case's."""
    link = session.get(CaseDocument, document_id)
    if link is None:
        return None
    freed: list[str] = []
    for item in session.execute(select(KeptItem).where(KeptItem.case_id == link.case_id)).scalars():
        if item.preservation_document_id == document_id:
            item.preservation_document_id = None
            freed.append(str(item.id))
        if item.decision_document_id == document_id:
            item.decision_document_id = None
            freed.append(str(item.id))
    for talk in session.execute(select(Interview).where(Interview.document_id == document_id)).scalars():
        talk.document_id = None
        freed.append(str(talk.id))
    session.flush()
    audit.record(
        session,
        actor,
        "case.release",
        "case",
        link.case_id,
        detail={"document": str(document_id), "freed": freed},
    )
    return link.case_id


def _replaced(
    session: Session,
    case: CaseView,
    kind: DocumentKind,
    interview_id: uuid.UUID | None,
    given: uuid.UUID | None,
) -> Document | None:
    """The voided document of the same kind (for a 询问笔录: of the same interview) this one corrects:
    ``given``, or the case's one voided and not yet replaced."""
    q = (
        select(Document)
        .join(CaseDocument, CaseDocument.document_id == Document.id)
        .where(CaseDocument.case_id == case.id, Document.kind == kind.value)
        .where(Document.voided_at.is_not(None), Document.replaced_by.is_(None))
    )
    found = [
        d
        for d in session.execute(q.order_by(Document.voided_at.desc())).scalars()
        if interview_id is None or (d.context or {}).get("interview", {}).get("id") == str(interview_id)
    ]
    if given is None:
        return found[0] if found else None
    old = next((d for d in found if d.id == given), None)
    if old is None:
        raise UserError(
            tr("A correction replaces a voided document of the same kind of the same case, not yet replaced.")
        )
    return old


def issue(
    session: Session,
    config: Config,
    actor: Actor,
    case_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    interview_id: uuid.UUID | None = None,
    issued_at: dt.datetime | None = None,
    replaces: uuid.UUID | None = None,
) -> DocumentView:
    """Issue the case document of ``kind`` (``interview``: of ``interview_id``); it corrects a voided
    one of the kind (``replaces``, else the latest), naming it."""
    kind = case_kind(kind)
    case = _issuable(session, actor, case_id, kind, interview_id)
    numbered = Issue.begin(session, config, actor, kind, issued_at or utcnow())
    context = build_context(
        session,
        config,
        case,
        kind,
        number=numbered.number,
        issued_at=numbered.issued_at,
        interview_id=interview_id,
    )
    old = _replaced(session, case, kind, interview_id, replaces)
    with numbered.filed(context, no_pictures, replaces=old, inspection_id=case.inspections[0].id) as doc:
        talk = str(interview_id) if interview_id else None
        _record(session, actor, case, doc, old, detail={**numbered.number_detail, "interview": talk})
        _fix(session, case, kind, doc, interview_id)
        return load_view(session, config, doc)


def _issuable(
    session: Session, actor: Actor, case_id: uuid.UUID, kind: DocumentKind, interview_id: uuid.UUID | None
) -> CaseView:
    """The case, locked, once the actor may issue the document and what it records is done."""
    permissions.require(actor, permissions.issuing(kind))
    load(session, case_id, for_update=True)
    case = get_case(session, case_id)
    problem = refusal(session, case, kind, interview_id)
    if problem is not None:
        raise UserError(problem)
    return case


def _record(
    session: Session,
    actor: Actor,
    case: CaseView,
    doc: Document,
    old: Document | None,
    *,
    detail: dict[str, Any],
) -> None:
    """Store the document's row and its link to the case (and the voided one's link to it), and audit
    the issue."""
    session.add(doc)
    session.flush()
    if old is not None:
        old.replaced_by = doc.id
        detail["replaces"] = old.number or str(old.id)
    session.add(CaseDocument(document_id=doc.id, case_id=case.id))
    session.flush()
    after = {"kind": doc.kind, "number": doc.number, "sha256": doc.sha256, "case": str(case.id)}
    after |= {"template": doc.template_name, "template_sha256": doc.template_sha256}
    audit.record(session, actor, "document.issue", "document", doc.id, after=after, detail=detail)
