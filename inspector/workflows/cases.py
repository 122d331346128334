"""A case's actions, from the proposal to 结案, each one function in the caller's transaction.

A case's state changes only here (through :mod:`inspector.services.cases.machine`), with who, when
and why in its history and the audit trail. Where a case was opened from a failed re-inspection, the
supervisor's decision on the case is also the decision on the rectification: approving 立案
escalates it as a case, a transfer escalates it as a transfer, so the follow-up board and the case
page never disagree. Escalating a rectification from the follow-up board proposes the case in turn
(:func:`case_for_escalation`).

The field steps (keeping an item, typing its fields, questioning a person) go through here too, so
every screen and command learns what changed the same way (:class:`~inspector.workflows.Changes`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import (
    CaseStatus,
    DocumentKind,
    EscalationKind,
    PartyKind,
    RectificationStatus,
    TransferTarget,
)
from inspector.errors import ValidationError
from inspector.i18n import tr
from inspector.services.actor import Actor
from inspector.services.cases import evidence, interviews, machine, opening, views
from inspector.services.cases import issuing as case_issuing
from inspector.services.cases.views import CaseView
from inspector.services.followup import machine as followup_machine
from inspector.services.followup import views as followup_views
from inspector.workflows.changes import Changes, ids


def _changed(view: CaseView, *, created: uuid.UUID | None = None, **more: Any) -> Changes:
    return Changes(
        cases=ids(view.id),
        sites=ids(view.party.site_id),
        board=True,
        statistics=True,
        created=created,
        **more,
    )


def propose_case(
    session: Session, actor: Actor, data: opening.CaseInput, *, at: dt.datetime | None = None
) -> Changes:
    """Propose a case (待立案), now or ``at``; ``created`` is the case."""
    view = opening.propose(session, actor, data, at=at)
    return _changed(view, created=view.id, inspections=frozenset(data.inspection_ids))


def update_case(session: Session, actor: Actor, case_id: uuid.UUID, data: opening.CaseInput) -> Changes:
    """Correct a proposal before it is approved."""
    return _changed(opening.update(session, actor, case_id, data))


def add_inspection(session: Session, actor: Actor, case_id: uuid.UUID, inspection_id: uuid.UUID) -> Changes:
    """A later visit belongs to the case too (its photos become the case's)."""
    view = opening.add_inspection(session, actor, case_id, inspection_id)
    return _changed(view, inspections=ids(inspection_id))


def _escalate_rectification(
    session: Session, actor: Actor, view: CaseView, kind: EscalationKind, note: str
) -> Changes:
    """The rectification the case came from, escalated the same way (if still waiting for that)."""
    if view.rectification_id is None:
        return Changes()
    rect = followup_views.load(session, view.rectification_id)
    if rect.status != RectificationStatus.REINSPECTED.value:
        return Changes()
    followup_machine.escalate(session, actor, rect.id, kind, note)
    return Changes(rectifications=ids(rect.id), sites=ids(rect.site_id))


def approve_case(
    session: Session, actor: Actor, case_id: uuid.UUID, note: str = "", *, at: dt.datetime | None = None
) -> Changes:
    """立案 (supervisor). A case from a failed re-inspection escalates its rectification as a case."""
    view = machine.approve(session, actor, case_id, note, at=at)
    follow = _escalate_rectification(
        session, actor, view, EscalationKind.CASE, tr("Case opened (立案): {cause}", cause=view.cause)
    )
    return _changed(view) | follow


def refuse_case(session: Session, actor: Actor, case_id: uuid.UUID, reason: str) -> Changes:
    """不予立案 (supervisor): the proposal is closed with the reason."""
    return _changed(machine.refuse(session, actor, case_id, reason))


def transfer_case(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    target: TransferTarget | str,
    reason: str,
    *,
    at: dt.datetime | None = None,
) -> Changes:
    """移送 (supervisor); a case from a failed re-inspection escalates it as a transfer."""
    view = machine.transfer(session, actor, case_id, target, reason, at=at)
    note = tr("Case transferred (移送) to {body}: {reason}", body=view.transfer_body, reason=reason.strip())
    return _changed(view) | _escalate_rectification(session, actor, view, EscalationKind.TRANSFER, note)


def decide_case(session: Session, actor: Actor, case_id: uuid.UUID, result: str) -> Changes:
    """已作出处理 (supervisor): what the office decided."""
    return _changed(machine.decide(session, actor, case_id, result))


def close_case(session: Session, actor: Actor, case_id: uuid.UUID, result: str) -> Changes:
    """结案 (supervisor). A case still under investigation records ``result`` as the office's decision
    first (已作出处理), then closes."""
    view = views.get_case(session, case_id)
    if view.status in (CaseStatus.OPENED.value, CaseStatus.INVESTIGATING.value):
        machine.decide(session, actor, view.id, result)
    return _changed(machine.close(session, actor, view.id, result))


def keep_item(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    *,
    kept_at: dt.datetime | None = None,
    photo_ids: Sequence[uuid.UUID] = (),
    **fields: Any,
) -> Changes:
    """A new line of the kept-items list (证据先行登记保存); ``created`` is the item."""
    item = evidence.add_item(session, actor, case_id, kept_at=kept_at, photo_ids=photo_ids, **fields)
    return Changes(cases=ids(item.case_id), board=True, statistics=True, created=item.id)


def update_item(session: Session, actor: Actor, item_id: uuid.UUID, **fields: Any) -> Changes:
    """Save typed fields of a kept item (the evidence list's autosave)."""
    item = evidence.update_item(session, actor, item_id, **fields)
    return Changes(cases=ids(item.case_id))


def remove_item(session: Session, actor: Actor, item_id: uuid.UUID) -> Changes:
    """Take back a line entered by mistake."""
    case_id = evidence.remove_item(session, actor, item_id)
    return Changes(cases=ids(case_id), board=True, statistics=True)


def set_item_photos(
    session: Session, actor: Actor, item_id: uuid.UUID, photo_ids: Sequence[uuid.UUID]
) -> Changes:
    """The photos that show a kept item."""
    item = evidence.set_photos(session, actor, item_id, photo_ids)
    return Changes(cases=ids(item.case_id))


def decide_kept(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID,
    decision: str,
    note: str = "",
    *,
    item_ids: Sequence[uuid.UUID] | None = None,
    at: dt.datetime | None = None,
) -> Changes:
    """先行登记保存处理决定 (supervisor): 返还, 移送 or 没收 for the undecided items."""
    evidence.decide(session, actor, case_id, decision, note, item_ids=item_ids, at=at)
    return Changes(cases=ids(views.load(session, case_id).id), board=True, statistics=True)


def start_interview(
    session: Session, actor: Actor, case_id: uuid.UUID, data: interviews.InterviewInput
) -> Changes:
    """A new 询问笔录 of the case; ``created`` is the interview."""
    view = interviews.start_interview(session, actor, case_id, data)
    return Changes(cases=ids(view.case_id), created=view.id)


def update_interview(session: Session, actor: Actor, interview_id: uuid.UUID, **fields: Any) -> Changes:
    """Save typed fields or pairs of an interview (the interview entry's autosave)."""
    view = interviews.update_interview(session, actor, interview_id, **fields)
    return Changes(cases=ids(view.case_id))


def case_for_escalation(
    session: Session, actor: Actor, rectification_id: uuid.UUID, reinspection_id: uuid.UUID | None, note: str
) -> Changes:
    """A rectification was escalated (立案 or 移送): the case it proposes. An existing case of the
    rectification is kept; otherwise one is proposed from its re-inspection (the site as the party
    when the operator's identity is not known yet; the inspectors add it before approval). When the
    proposal cannot be made from the records alone, ``case_proposed`` asks a person to make it."""
    existing = views.case_of_rectification(session, rectification_id)
    if existing is not None:
        return Changes(cases=ids(existing))
    if reinspection_id is None:
        return Changes()
    data = opening.suggestion(session, reinspection_id)
    if data.party_kind == PartyKind.PERSON.value and not data.party_id_number:
        site_name = views.site_name(session, data.site_id)
        data = replace(data, party_kind=PartyKind.SITE.value, party_name=site_name)
    data = replace(data, rectification_id=rectification_id, opinion=(note.strip() or data.opinion))
    try:
        view = opening.propose(session, actor, data)
    except ValidationError:
        return Changes(case_proposed=ids(reinspection_id))
    return _changed(view, created=view.id, inspections=frozenset(data.inspection_ids))


def calls_for_case(session: Session, inspection_id: uuid.UUID) -> bool:
    """A finalized inspection whose findings (or failed re-inspection) call for a case and which
    belongs to no open case yet: the screens offer 立案."""
    return (
        opening.calls_for_case(session, inspection_id)
        and opening.open_case_of(session, inspection_id) is None
    )


def case_advice(changes: Changes) -> str | None:
    """What a screen or a command says when an inspection calls for a case."""
    if not changes.case_proposed:
        return None
    return tr(
        "The findings call for a case (立案查处). Propose it now: on the case page (立案), or with "
        "“inspector cases open INSPECTION_ID --cause …”; a supervisor then approves it."
    )


def issue_case_document(
    session: Session,
    actor: Actor,
    config: Config,
    case_id: uuid.UUID,
    kind: DocumentKind | str,
    *,
    interview_id: uuid.UUID | None = None,
    issued_at: dt.datetime | None = None,
    replaces: uuid.UUID | None = None,
) -> Changes:
    """Issue one of the case's documents (see :mod:`inspector.services.cases.documents`); ``created``
    is the document, its file in ``files`` until the caller's transaction commits. After a document of
    the kind was voided, this is its correction (``replaces`` names which, if several)."""
    doc = case_issuing.issue(
        session,
        config,
        actor,
        case_id,
        kind,
        interview_id=interview_id,
        issued_at=issued_at,
        replaces=replaces,
    )
    return Changes(
        cases=ids(case_id),
        documents=ids(doc.id),
        sites=ids(doc.site_id),
        created=doc.id,
        files=(doc.file_path,),
    )
