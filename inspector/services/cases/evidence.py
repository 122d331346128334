"""证据先行登记保存: the list of items kept at the site, the photos of each, and the decision on them.

Items are entered at the site, on the laptop, one field at a time: :func:`add_item` makes a line and
:func:`update_item` saves each field as it is typed (the case page's autosave calls it), so a crash
loses at most the last two seconds of typing, as with findings. A line listed in an issued
证据先行登记保存决定书 is a legal record and never changes; it can still be decided.

The law gives 7 days to decide (行政处罚法 第五十六条): :func:`decide` records 返还, 移送 or 没收 for
items with who and when; the 7-day rule itself is :mod:`~inspector.services.cases.deadlines`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import KeptDecision
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, permissions, photos
from inspector.services.actor import Actor
from inspector.services.cases.machine import clean_text, refuse_finished, start_investigation
from inspector.services.cases.typed_fields import field_text, save_changes
from inspector.services.cases.views import KeptItemView, get_item, item_row, kept_items, load
from inspector.services.permissions import Action
from inspector.services.photo_views import PhotoView
from inspector.storage.case_models import Case, CaseInspection, KeptItem, KeptItemPhoto
from inspector.storage.models import Photo
from inspector.storage.types import utcnow

TEXT_FIELDS = {
    "name": 100,
    "brand": 100,
    "model": 100,
    "serial_no": 100,
    "unit": 16,
    "condition": 200,
    "storage_place": 200,
}
MAX_QUANTITY = 1_000_000


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "quantity":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_QUANTITY:
                problems.append(("quantity", tr("The quantity is a whole number, 0 or more.")))
            else:
                out[name] = value
        elif name in TEXT_FIELDS:
            out[name] = field_text(name, value, TEXT_FIELDS[name], problems)
        else:
            raise ValueError(f"not a field of a kept item: {name}")
    if problems:
        raise ValidationError(problems)
    return out


def _editable(case: Case, row: KeptItem) -> None:
    refuse_finished(case)
    if row.preservation_document_id is not None:
        raise UserError(
            tr(
                "This item is listed in an issued 证据先行登记保存决定书; the list is a legal record and no "
                "longer changes."
            )
        )
    if row.decided_at is not None:
        raise UserError(tr("This item was decided already; it no longer changes."))


def add_item(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    *,
    kept_at: dt.datetime | None = None,
    photo_ids: Sequence[uuid.UUID] = (),
    **fields: Any,
) -> KeptItemView:
    """A new line of the item list (kept now, or at ``kept_at``); the fields may follow as typed."""
    permissions.require(actor, Action.KEEP_EVIDENCE)
    case = load(session, case_id, for_update=True)
    refuse_finished(case)
    values = _clean_fields(fields)
    when = kept_at or utcnow()
    if when > utcnow() + dt.timedelta(minutes=5):
        raise ValidationError([("kept_at", tr("The time of keeping is in the future; check the date."))])
    last = session.execute(select(func.max(KeptItem.position)).where(KeptItem.case_id == case.id)).scalar()
    row = KeptItem(
        id=uuid.uuid4(),
        case_id=case.id,
        position=(last or 0) + 1,
        kept_at=when,
        created_by=actor.user_id,
        created_at=when,
        updated_at=utcnow(),
        **{"quantity": 1, **values},
    )
    session.add(row)
    session.flush()
    _link(session, case, row, photo_ids)
    audit.record(session, actor, "case.keep", "kept_item", row.id, after=audit.state_of(row))
    start_investigation(session, actor, case, tr("Evidence kept (先行登记保存)."), when)
    return get_item(session, row.id)


def update_item(session: Session, actor: Actor, item_id: uuid.UUID | str, **fields: Any) -> KeptItemView:
    """Save typed fields of a line (``name=``, ``model=``, ``quantity=``, …)."""
    permissions.require(actor, Action.KEEP_EVIDENCE)
    row = item_row(session, item_id)
    case = load(session, row.case_id, for_update=True)
    _editable(case, row)
    changed = save_changes(row, _clean_fields(fields))
    if changed:
        session.flush()
        audit.record(session, actor, "case.item", "kept_item", row.id, after=changed)
    return get_item(session, row.id)


def remove_item(session: Session, actor: Actor, item_id: uuid.UUID | str) -> uuid.UUID:
    """Take back a line entered by mistake (only before it is listed in an issued document)."""
    permissions.require(actor, Action.KEEP_EVIDENCE)
    row = item_row(session, item_id)
    case = load(session, row.case_id, for_update=True)
    _editable(case, row)
    before = audit.state_of(row)
    for link in session.execute(select(KeptItemPhoto).where(KeptItemPhoto.item_id == row.id)).scalars():
        session.delete(link)
    session.delete(row)
    session.flush()
    audit.record(session, actor, "case.item_removed", "kept_item", item_id, before=before)
    return case.id


def case_photo_ids(session: Session, case_id: uuid.UUID) -> set[uuid.UUID]:
    """The photos (not removed) of the case's inspections: those a kept item may show."""
    q = (
        select(Photo.id)
        .join(CaseInspection, CaseInspection.inspection_id == Photo.inspection_id)
        .where(CaseInspection.case_id == case_id, Photo.deleted_at.is_(None))
    )
    return set(session.execute(q).scalars())


def case_photos(session: Session, case_id: uuid.UUID) -> list[PhotoView]:
    """The photos of the case's inspections (not removed), in the order they were taken there."""
    ids = session.execute(
        select(CaseInspection.inspection_id).where(CaseInspection.case_id == case_id)
    ).scalars()
    return [p for iid in ids for p in photos.list_photos(session, iid)]


def _link(session: Session, case: Case, row: KeptItem, photo_ids: Iterable[uuid.UUID]) -> None:
    wanted = list(dict.fromkeys(photo_ids))
    if not wanted:
        return
    allowed = case_photo_ids(session, case.id)
    strangers = [p for p in wanted if p not in allowed]
    if strangers:
        raise ValidationError(
            [("photo", tr("Photo {id} is not a photo of this case's inspections.", id=strangers[0]))]
        )
    have = set(
        session.execute(select(KeptItemPhoto.photo_id).where(KeptItemPhoto.item_id == row.id)).scalars()
    )
    for pid in wanted:
        if pid not in have:
            session.add(KeptItemPhoto(item_id=row.id, photo_id=pid))
    session.flush()


def set_photos(
    session: Session, actor: Actor, item_id: uuid.UUID | str, photo_ids: Sequence[uuid.UUID]
) -> KeptItemView:
    """The photos that show the item: exactly ``photo_ids`` (each of the case's inspections)."""
    permissions.require(actor, Action.KEEP_EVIDENCE)
    row = item_row(session, item_id)
    case = load(session, row.case_id, for_update=True)
    _editable(case, row)
    wanted = set(photo_ids)
    for link in session.execute(select(KeptItemPhoto).where(KeptItemPhoto.item_id == row.id)).scalars():
        if link.photo_id not in wanted:
            session.delete(link)
    session.flush()
    _link(session, case, row, photo_ids)
    audit.record(
        session, actor, "case.item_photos", "kept_item", row.id, after={"photos": sorted(map(str, wanted))}
    )
    return get_item(session, row.id)


def decide(
    session: Session,
    actor: Actor,
    case_id: uuid.UUID | str,
    decision: KeptDecision | str,
    note: str = "",
    *,
    item_ids: Sequence[uuid.UUID] | None = None,
    at: dt.datetime | None = None,
) -> tuple[KeptItemView, ...]:
    """先行登记保存处理决定: 返还, 移送 or 没收 for the undecided items (all of them, or ``item_ids``)."""
    permissions.require(actor, Action.DECIDE_KEPT)
    case = load(session, case_id, for_update=True)
    if str(decision) not in KeptDecision._value2member_map_:
        raise ValidationError([("decision", tr('Decide "return", "transfer" or "confiscate".'))])
    if case.status == "closed":
        raise UserError(tr("The case is closed; its kept items were decided before."))
    rows = [r for r in session.execute(select(KeptItem).where(KeptItem.case_id == case.id)).scalars()]
    chosen = [r for r in rows if r.decided_at is None and (item_ids is None or r.id in set(item_ids))]
    if not chosen:
        raise UserError(tr("No kept item of this case waits for a decision."))
    unnamed = [r for r in chosen if not r.name.strip()]
    if unnamed:
        raise ValidationError([("items", tr("Name every item before deciding on it."))])
    note = clean_text(note, "note", required=False)
    when = at or utcnow()
    for row in chosen:
        if when < row.kept_at:
            raise ValidationError([("decided_at", tr("A decision cannot come before the item was kept."))])
        row.decision = str(decision)
        row.decision_note = note
        row.decided_at = when
        row.decided_by = actor.user_id
    session.flush()
    detail = {"decision": str(decision), "items": [str(r.id) for r in chosen], "note": note}
    audit.record(session, actor, "case.decide_kept", "case", case.id, detail=detail)
    wanted = {r.id for r in chosen}
    return tuple(i for i in kept_items(session, case.id) if i.id in wanted)
