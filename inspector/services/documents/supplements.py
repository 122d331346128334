"""The 补充笔录: an addendum made after the 现场检查笔录 was issued reaches a document of its own.

A finalized inspection changes only by addendum; once its 笔录 was issued, the addendum would change
nothing on paper, silently. So the addenda recorded after the last issued 笔录 (or 补充笔录) are
*pending*: the inspection's page and the issue dialog offer the 补充笔录, which states them, names the
笔录 it completes and is numbered in its own series. A voided 笔录 or 补充笔录 does not count: its
addenda are pending again for the corrected one.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import DocumentKind
from inspector.i18n import tr
from inspector.services.inspections import AddendumView, get_inspection
from inspector.storage.models import Document, Inspection

_RECORDS = (DocumentKind.RECORD.value, DocumentKind.SUPPLEMENT.value)


def _valid(session: Session, insp: Inspection, kinds: tuple[str, ...]) -> list[Document]:
    return list(
        session.execute(
            select(Document)
            .where(
                Document.inspection_id == insp.id,
                Document.kind.in_(kinds),
                Document.voided_at.is_(None),
            )
            .order_by(Document.issued_at)
        ).scalars()
    )


def issued_record(session: Session, insp: Inspection) -> Document | None:
    """The inspection's issued 笔录 in force (not voided), if any."""
    records = _valid(session, insp, (DocumentKind.RECORD.value,))
    return records[-1] if records else None


def pending(session: Session, insp: Inspection) -> tuple[Document, list[AddendumView]]:
    """The 笔录 in force and the addenda recorded after it and after every 补充笔录 since."""
    record = issued_record(session, insp)
    assert record is not None
    last = max(d.issued_at for d in _valid(session, insp, _RECORDS))
    addenda = [a for a in get_inspection(session, insp.id).addenda if a.created_at > last]
    return record, addenda


def pending_count(session: Session, inspection_id: uuid.UUID) -> int:
    """How many addenda no issued record states yet (0 while the 笔录 itself is not issued)."""
    insp = session.get(Inspection, inspection_id)
    if insp is None or issued_record(session, insp) is None:
        return 0
    return len(pending(session, insp)[1])


def problems(session: Session, insp: Inspection) -> list[str]:
    """Why no 补充笔录 can be issued now (empty: it can)."""
    if issued_record(session, insp) is None:
        return [
            tr(
                "A supplementary record completes an issued on-site record; this inspection has none "
                "in force. Issue the on-site record, which states the addenda too."
            )
        ]
    if not pending(session, insp)[1]:
        return [tr("Every addendum of this inspection is already in an issued record: nothing to add.")]
    return []
