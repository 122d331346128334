"""What ``inspector verify`` checks of the cases beyond the audit seals every row carries.

The seals prove that no row changed behind the app's back; these checks prove the rows still tell
one story: a case's status is where its history last moved it, and every photo shown for a kept
item is a photo of one of the case's inspections.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import CaseStatus
from inspector.i18n import tr
from inspector.storage.case_models import Case, CaseEvent, CaseInspection, KeptItem, KeptItemPhoto
from inspector.storage.models import Photo


def problems(session: Session) -> tuple[int, list[tuple[str, str]]]:
    """How many cases were checked, and ``(subject, reason)`` for each that tells two stories."""
    found: list[tuple[str, str]] = []
    last: dict[object, tuple[object, int, str]] = {}
    order = {s.value: n for n, s in enumerate(CaseStatus)}  # two steps at one instant: the later state
    for case_id, at, to_status in session.execute(
        select(CaseEvent.case_id, CaseEvent.at, CaseEvent.to_status)
    ):
        step = (at, order.get(to_status, -1), to_status)
        if case_id not in last or step[:2] > last[case_id][:2]:
            last[case_id] = step
    last_status = {case_id: step[2] for case_id, step in last.items()}
    n = 0
    for case_id, status in session.execute(select(Case.id, Case.status).order_by(Case.id)):
        n += 1
        if last_status.get(case_id) != status:
            found.append(
                (
                    f"case {case_id}",
                    tr("its status ({status}) is not where its history last moved it", status=status),
                )
            )
    belongs = (
        select(KeptItemPhoto.item_id, KeptItemPhoto.photo_id)
        .join(KeptItem, KeptItem.id == KeptItemPhoto.item_id)
        .join(Photo, Photo.id == KeptItemPhoto.photo_id)
        .outerjoin(
            CaseInspection,
            (CaseInspection.case_id == KeptItem.case_id)
            & (CaseInspection.inspection_id == Photo.inspection_id),
        )
        .where(CaseInspection.case_id.is_(None))
    )
    for item_id, photo_id in session.execute(belongs):
        found.append(
            (f"kept_item {item_id}", tr("photo {id} is not a photo of the case's inspections", id=photo_id))
        )
    return n, found
