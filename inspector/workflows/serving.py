"""Serving (送达 / 签收): the notice is stamped served and its rectification moves on, together.

The documents page serves a document and the follow-up dialog serves a rectification; both end in
:func:`_serve_notice`, so a notice is never served without its rectification or the reverse.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import DocumentKind, RectificationStatus
from inspector.services import office_days
from inspector.services.actor import Actor
from inspector.services.documents import serving
from inspector.services.documents.views import DocumentView, get_document
from inspector.services.followup import machine, views
from inspector.storage.types import utcnow
from inspector.workflows.changes import Changes, ids


def _serve_notice(
    session: Session,
    actor: Actor,
    config: Config,
    rectification_id: uuid.UUID,
    *,
    notice: DocumentView | None,
    when: dt.datetime,
    note: str,
) -> Changes:
    machine.serve(session, actor, rectification_id, when, note)
    if notice is not None and not notice.served:
        # Never stamped before its own issue (a demo's rectification may be dated further back).
        serving.mark_served(session, actor, config, notice.id, max(when, notice.issued_at))
    return Changes(
        documents=ids(notice.id if notice is not None else None),
        rectifications=ids(rectification_id),
        board=True,
        statistics=True,
    )


def serve_rectification(
    session: Session,
    actor: Actor,
    config: Config,
    rectification_id: uuid.UUID,
    *,
    served_on: dt.date | dt.datetime,
    note: str = "",
) -> Changes:
    """The party signed for the notice (签收) on ``served_on`` (a day means that day, after the issue)."""
    rect = views.get_rectification(session, rectification_id)
    notice = get_document(session, config, rect.notice_id) if rect.notice_id is not None else None
    when = machine.as_instant(served_on)
    if notice is not None and office_days.local_date(when) == office_days.local_date(notice.issued_at):
        when = max(when, notice.issued_at)  # served that day, so not before the notice existed
    return _serve_notice(session, actor, config, rectification_id, notice=notice, when=when, note=note)


def serve_document(
    session: Session,
    actor: Actor,
    config: Config,
    document_id: uuid.UUID | str,
    served_at: dt.datetime | None = None,
) -> Changes:
    """The document was handed to the party at ``served_at`` (default now); a notice's rectification
    moves on to served with it."""
    doc = get_document(session, config, document_id)
    when = served_at or utcnow()
    if doc.kind == DocumentKind.NOTICE.value and doc.rectification_id is not None and not doc.served:
        rect = views.load(session, doc.rectification_id)
        if rect.status == RectificationStatus.ISSUED.value:
            return _serve_notice(session, actor, config, rect.id, notice=doc, when=when, note=doc.number)
    serving.mark_served(session, actor, config, doc.id, when)
    return Changes(documents=ids(doc.id))
