"""Addenda: how a finalized inspection is corrected or completed without changing it.

A finalized inspection is a legal record and never changes; a correction is appended as an
:class:`~inspector.storage.models.Addendum` with who, when and why, shown beside the record.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from inspector.domain import InspectionStatus
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions
from inspector.services.actor import Actor
from inspector.services.form_snapshots import load_snapshot
from inspector.services.inspections import AddendumView, load_inspection
from inspector.services.permissions import Action
from inspector.storage.models import Addendum
from inspector.storage.types import utcnow


def add_addendum(
    session: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    *,
    text: str,
    reason: str,
    item_code: str | None = None,
) -> AddendumView:
    permissions.require(actor, Action.INSPECT)
    insp = load_inspection(session, inspection_id)
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("A draft inspection is corrected directly; addenda are for finalized ones."))
    problems = []
    if not text.strip():
        problems.append(("text", tr("Write what the addendum corrects or adds.")))
    if not reason.strip():
        problems.append(("reason", tr("Give the reason for the addendum.")))
    if item_code and not load_snapshot(session, insp.form_sha256).has_item(item_code):
        problems.append(
            ("item_code", tr("The checklist {form} has no item {code}.", form=insp.form_id, code=item_code))
        )
    if problems:
        raise ValidationError(problems)
    add = Addendum(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        item_code=item_code,
        text=text.strip(),
        reason=reason.strip(),
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(add)
    session.flush()
    audit.record(
        session,
        actor,
        "addendum",
        "inspection",
        inspection_id,
        after={"text": add.text, "reason": add.reason, "item": item_code},
    )
    return AddendumView(add.id, item_code, add.text, add.reason, actor.name, add.created_at)
