"""Voiding (作废) an issued document: it stays in the register, marked with who, when and why.

An issued document is a legal record and is never deleted or changed; a mistake is corrected by
voiding it and issuing the corrected document, which gets a new number and names the one it
replaces (:func:`inspector.services.documents.issuing.issue_document` with ``replaces``). Its number
stays taken: numbers are never reused. Voiding is for the office or a supervisor.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import cn_date, local
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions
from inspector.services.actor import Actor
from inspector.services.documents.views import DocumentView, by_number, load_view
from inspector.storage.types import utcnow

MAX_REASON = 1000


def void_document(
    session: Session, actor: Actor, config: Config, number_or_id: str, reason: str
) -> DocumentView:
    """Mark the document numbered ``number_or_id`` (or with that id) void, with ``reason``."""
    permissions.require(actor, permissions.Action.VOID_DOCUMENT)
    reason = reason.strip()
    if not reason:
        raise ValidationError([("reason", tr("Say why the document is voided (--reason)."))])
    if len(reason) > MAX_REASON:
        raise ValidationError([("reason", tr("Too long: at most {limit} characters.", limit=MAX_REASON))])
    doc = by_number(session, number_or_id)
    if doc.voided_at is not None:
        raise UserError(
            tr(
                "{number} was already voided on {date}.",
                number=doc.number or "",
                date=cn_date(local(doc.voided_at).date()),
            )
        )
    doc.voided_at = utcnow()
    doc.voided_by = actor.user_id
    doc.void_reason = reason
    session.flush()
    audit.record(
        session,
        actor,
        "document.void",
        "document",
        doc.id,
        before={"voided_at": None},
        after={"voided_at": doc.voided_at.isoformat(), "reason": reason, "number": doc.number},
    )
    return load_view(session, config, doc)


def document_id(session: Session, number_or_id: str) -> uuid.UUID:
    return by_number(session, number_or_id).id
