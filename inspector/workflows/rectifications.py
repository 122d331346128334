"""The rest of a rectification's life: the re-inspection, and the supervisor's decisions.

Starting a re-inspection creates an inspection; finalizing one records its result at once when the
rectification has no notice (there is then no 复查意见书 to issue, and it would otherwise wait
forever), else the result follows with the opinion (:mod:`inspector.workflows.issuing`). Closing,
escalating and changing a deadline are one service call each, but go through here like every other
action so that the interface learns what changed the same way.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from inspector.domain import EscalationKind, InspectionKind, InspectionStatus, RectificationResult
from inspector.i18n import tr
from inspector.services import inspections, signing
from inspector.services.actor import Actor
from inspector.services.followup import machine, reinspection, views
from inspector.workflows import cases
from inspector.workflows.changes import Changes, ids


def _rectification_changed(view: views.RectificationView) -> Changes:
    proposed = ids(view.id) if view.result == RectificationResult.NOT_CORRECTED.value else frozenset()
    return Changes(
        sites=ids(view.site_id),
        rectifications=ids(view.id),
        board=True,
        statistics=True,
        escalation_proposed=proposed if view.status == machine.S.REINSPECTED.value else frozenset(),
    )


def start_reinspection(
    session: Session,
    actor: Actor,
    rectification_id: uuid.UUID,
    inspector_ids: Sequence[uuid.UUID],
    started_at: dt.datetime,
) -> Changes:
    """Start the re-inspection of a served rectification; ``created`` is the new inspection."""
    view = reinspection.start_reinspection(session, actor, rectification_id, inspector_ids, started_at)
    return Changes(
        sites=ids(view.site_id),
        inspections=ids(view.id),
        rectifications=ids(rectification_id),
        board=True,
        created=view.id,
    )


def finalize_inspection(
    session: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    *,
    finished_at: dt.datetime | None = None,
    details: signing.SigningDetails | None = None,
) -> Changes:
    """Finalize an inspection (a re-inspection too) and what must follow it; ``details`` (who was
    present, the 回避 answer, the signing) are recorded first, in the same transaction."""
    if details is not None:
        signing.record_signing(session, actor, inspection_id, details)
    view = inspections.finalize(session, actor, inspection_id, finished_at=finished_at)
    changes = Changes(sites=ids(view.site_id), inspections=ids(view.id), statistics=True)
    if cases.calls_for_case(session, view.id):
        changes |= Changes(case_proposed=ids(view.id))
    if view.kind != InspectionKind.REINSPECTION.value or view.rectification_id is None:
        return changes
    rect = views.load(session, view.rectification_id)
    if rect.notice_id is None:
        return changes | _rectification_changed(reinspection.record_result(session, actor, view.id))
    return changes | Changes(rectifications=ids(rect.id), board=True)


def close(session: Session, actor: Actor, rectification_id: uuid.UUID, note: str = "") -> Changes:
    """Close a re-inspected rectification (结案)."""
    return _rectification_changed(machine.close(session, actor, rectification_id, note))


def escalate(
    session: Session, actor: Actor, rectification_id: uuid.UUID, kind: EscalationKind | str, note: str
) -> Changes:
    """Escalate a re-inspected rectification: a case (立案) or a transfer (移送). Either way the matter
    becomes a case awaiting approval (the transfer is then the case's), proposed from the latest
    re-inspection unless the rectification already has one."""
    view = machine.escalate(session, actor, rectification_id, kind, note)
    done = [r.inspection_id for r in view.reinspections if r.status == InspectionStatus.FINALIZED.value]
    follow = cases.case_for_escalation(session, actor, view.id, done[-1] if done else None, note)
    return _rectification_changed(view) | follow


def change_deadline(
    session: Session, actor: Actor, rectification_id: uuid.UUID, deadline: dt.date, note: str
) -> Changes:
    """Extend or correct the deadline before the re-inspection."""
    return _rectification_changed(machine.change_deadline(session, actor, rectification_id, deadline, note))


def escalation_advice(changes: Changes) -> str | None:
    """What a screen or a command says when a re-inspection found a rectification not corrected."""
    if not changes.escalation_proposed:
        return None
    return tr(
        "The re-inspection found the findings not corrected. A supervisor now decides whether to "
        "open a case (立案) or transfer it (移送), on the follow-up board or with “inspector "
        "rectifications escalate ID --kind case|transfer --note …”."
    )
