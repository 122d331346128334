"""Recording that a document was handed to the party (送达).

Only the document is stamped here. For a notice, the rectification it opened moves on to served at
the same time; that is the serve workflow's second step (:mod:`inspector.workflows`), so this module
knows nothing of rectifications.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import cn_date, local
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions
from inspector.services.actor import Actor
from inspector.services.documents.views import DocumentView, load, load_view
from inspector.services.permissions import Action
from inspector.storage.types import utcnow


def mark_served(
    session: Session,
    actor: Actor,
    config: Config,
    document_id: uuid.UUID | str,
    served_at: dt.datetime | None = None,
) -> DocumentView:
    """Stamp the document served at ``served_at`` (default now); refused twice or before its issue."""
    permissions.require(actor, Action.SERVE)
    doc = load(session, document_id)
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
    return load_view(session, config, doc)
