"""The re-inspection (复查) of a rectification: only the items that failed, then its result.

:func:`start_reinspection` derives a checklist holding just the failed items from the original
inspection's frozen form. Once the re-inspection is finalized, :func:`record_result` turns its answers
into the rectification's result and moves it on to re-inspected; the workflow that issues the
复查意见书 calls it in the same transaction, so the opinion and the status can never disagree.
:func:`stranded` finds the rectifications where they do disagree (data from before that workflow).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from inspector.domain import (
    AnswerResult,
    DocumentKind,
    InspectionKind,
    InspectionStatus,
    RectificationResult,
    RectificationStatus,
    rectification_result_label,
    rectification_status_label,
)
from inspector.errors import NotFoundError, UserError
from inspector.forms import Form
from inspector.i18n import tr
from inspector.services import audit, inspections
from inspector.services import photos as photos_service
from inspector.services.actor import Actor
from inspector.services.followup.machine import check_transition, clean_note, transition
from inspector.services.followup.views import (
    AWAITING_CORRECTION,
    RectificationView,
    get_rectification,
    load,
    parse_items,
)
from inspector.services.form_snapshots import load_snapshot
from inspector.storage.models import Answer, Document, Inspection, Rectification

S = RectificationStatus
REINSPECTION_SUFFIX = "-reinspection"


def reinspection_form(form: Form, codes: Iterable[str]) -> Form:
    """A checklist holding only ``codes`` of ``form``, in its order, each required and unconditional
    (the item failed, so it must be looked at again whatever the other answers)."""
    wanted = set(codes)
    unknown = sorted(wanted - {i.code for i in form.items})
    if unknown:
        raise UserError(
            tr(
                "The items {codes} are not in the checklist {form_id}; the re-inspection cannot be prepared.",
                codes=", ".join(unknown),
                form_id=form.id,
            )
        )
    if not wanted:
        raise UserError(tr("The rectification lists no items to re-inspect."))
    sections = []
    for section in form.sections:
        items = tuple(replace(i, condition=None, required=True) for i in section.items if i.code in wanted)
        if items:
            sections.append(replace(section, items=items))
    refs = {ref for s in sections for i in s.items for ref in i.legal}
    base = form.id.removesuffix(REINSPECTION_SUFFIX)[: 64 - len(REINSPECTION_SUFFIX)]
    return Form(
        id=base + REINSPECTION_SUFFIX,
        version=form.version,
        title=f"{form.title}（复查）",
        title_en=f"{form.title_en} (re-inspection)",
        site_kinds=form.site_kinds,
        designations=form.designations,
        sections=tuple(sections),
        articles=tuple(a for a in form.articles if a.ref in refs),
        description=form.description,
        format=form.format,
    )


def _refuse_start(session: Session, actor: Actor, rect: Rectification) -> None:
    if rect.status != S.SERVED.value:
        if rect.status == S.ISSUED.value:
            raise UserError(tr("Record the service (签收) of the notice before the re-inspection."))
        raise UserError(
            tr(
                "This rectification is {status}; it cannot be re-inspected again.",
                status=rectification_status_label(rect.status),
            )
        )
    check_transition(actor, S.SERVED.value, S.REINSPECTED)
    running = session.execute(
        select(Inspection.id).where(
            Inspection.rectification_id == rect.id, Inspection.status == InspectionStatus.DRAFT.value
        )
    ).first()
    if running is not None:
        raise UserError(
            tr("A re-inspection of this rectification is already in progress; continue that one.")
        )


def start_reinspection(
    session: Session,
    actor: Actor,
    rectification_id: uuid.UUID,
    inspector_ids: Sequence[uuid.UUID],
    started_at: dt.datetime,
) -> inspections.InspectionView:
    """Start the re-inspection (复查) of a served rectification: a draft inspection of the same site whose
    checklist holds only the failed items."""
    rect = load(session, rectification_id, for_update=True)
    _refuse_start(session, actor, rect)
    original = session.get(Inspection, rect.inspection_id)
    assert original is not None
    codes = [i.code for i in parse_items(rect.items)]
    derived = reinspection_form(load_snapshot(session, original.form_sha256), codes)
    view = inspections.start_inspection(
        session,
        actor,
        inspections.StartInput(
            site_id=rect.site_id,
            form=derived,
            inspector_ids=inspector_ids,
            started_at=started_at,
            party_name=original.party_name,
            party_title=original.party_title,
            party_phone=original.party_phone,
            location_note=original.location_note,
            kind=InspectionKind.REINSPECTION.value,
            rectification_id=rect.id,
        ),
    )
    after = {"inspection": str(view.id), "items": codes}
    audit.record(session, actor, "reinspection", "rectification", rect.id, after=after)
    return view


class OriginalFinding(NamedTuple):
    """What the first inspection found for an item, shown beside the re-inspection's answer."""

    finding: str
    photos: list[photos_service.PhotoView]


def original_findings(session: Session, reinspection_id: uuid.UUID) -> dict[str, OriginalFinding]:
    """For each item of a re-inspection: the original finding and its photos."""
    insp = session.get(Inspection, reinspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=reinspection_id))
    if insp.rectification_id is None:
        raise UserError(tr("This inspection is not a re-inspection."))
    rect = load(session, insp.rectification_id)
    codes = [i.code for i in load_snapshot(session, insp.form_sha256).items]
    findings = dict(
        session.execute(
            select(Answer.item_code, Answer.finding).where(
                Answer.inspection_id == rect.inspection_id, Answer.item_code.in_(codes)
            )
        ).all()
    )
    by_item: dict[str, list[photos_service.PhotoView]] = {}
    for photo in photos_service.list_photos(session, rect.inspection_id):
        if photo.item_code in codes:
            by_item.setdefault(photo.item_code, []).append(photo)
    stored = {i.code: i.finding for i in parse_items(rect.items)}
    return {c: OriginalFinding(findings.get(c) or stored.get(c, ""), by_item.get(c, [])) for c in codes}


def reinspection_result(session: Session, reinspection_id: uuid.UUID) -> RectificationResult:
    """All re-checked items compliant: corrected; none: not corrected; otherwise partly."""
    counts = dict(
        session.execute(
            select(Answer.result, func.count())
            .where(Answer.inspection_id == reinspection_id)
            .group_by(Answer.result)
        ).all()
    )
    good = counts.get(AnswerResult.COMPLIANT.value, 0)
    bad = counts.get(AnswerResult.NON_COMPLIANT.value, 0)
    if bad == 0:
        return RectificationResult.CORRECTED
    if good == 0:
        return RectificationResult.NOT_CORRECTED
    return RectificationResult.PARTLY


def finalized_reinspection(session: Session, inspection_id: uuid.UUID) -> tuple[Inspection, Rectification]:
    """The finalized re-inspection ``inspection_id`` and its rectification (locked), or a refusal."""
    insp = session.get(Inspection, inspection_id)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    if insp.kind != InspectionKind.REINSPECTION.value or insp.rectification_id is None:
        raise UserError(tr("This inspection is not a re-inspection."))
    if insp.status != InspectionStatus.FINALIZED.value:
        raise UserError(tr("Finalize the re-inspection first."))
    return insp, load(session, insp.rectification_id, for_update=True)


def check_result_can_be_recorded(session: Session, actor: Actor, reinspection_id: uuid.UUID) -> None:
    """Refuse now what :func:`record_result` would refuse (before a document file is written)."""
    _, rect = finalized_reinspection(session, reinspection_id)
    check_transition(actor, rect.status, S.REINSPECTED)


def record_result(
    session: Session, actor: Actor, reinspection_id: uuid.UUID, *, note: str = ""
) -> RectificationView:
    """Move the rectification on to re-inspected, with the result computed from its finalized
    re-inspection's answers (when the 复查意见书 is issued, or at once when there is no notice)."""
    insp, rect = finalized_reinspection(session, reinspection_id)
    check_transition(actor, rect.status, S.REINSPECTED)
    result = reinspection_result(session, reinspection_id)
    rect.result = result.value
    rect.reinspected_at = insp.started_at
    note = clean_note(note, required=False) or tr(
        "Re-inspection result: {result}", result=rectification_result_label(result)
    )
    transition(session, actor, rect, S.REINSPECTED, note, detail={"reinspection": str(reinspection_id)})
    return get_rectification(session, rect.id)


def stranded(session: Session) -> list[uuid.UUID]:
    """Rectifications still awaiting correction although their re-inspection is done: a 复查意见书
    was issued for one of their re-inspections, a result is recorded, or (without a notice, so
    without an opinion to issue) a re-inspection was finalized. Nothing in the app leaves one so
    any more; ``inspector verify`` reports those left by older versions."""
    reinsp = aliased(Inspection)
    opinion = exists().where(
        reinsp.rectification_id == Rectification.id,
        Document.inspection_id == reinsp.id,
        Document.kind == DocumentKind.REINSPECTION.value,
    )
    finalized = exists().where(
        reinsp.rectification_id == Rectification.id,
        reinsp.kind == InspectionKind.REINSPECTION.value,
        reinsp.status == InspectionStatus.FINALIZED.value,
    )
    q = (
        select(Rectification.id)
        .where(
            Rectification.status.in_(AWAITING_CORRECTION),
            or_(
                opinion, Rectification.result.is_not(None), and_(Rectification.notice_id.is_(None), finalized)
            ),
        )
        .order_by(Rectification.created_at, Rectification.id)
    )
    return list(session.execute(q).scalars())
