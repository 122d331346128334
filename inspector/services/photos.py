"""Photo evidence on the database: import, list, caption, link, annotate, remove, verify, rebuild.

The one entry point callers use (``photos.ingest_files``, ``photos.list_photos``...). The parts live
apart by what they hold: the view and the checks every part shares (``photo_views``), import
(``photo_import``), the store's upkeep (``photo_maintenance``); this module holds the queries and the
changes to one photo, and names the others' public functions so callers need not know the split.

The evidence of a finalized inspection cannot change here (adding, captioning, linking, removing):
that goes through an addendum.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto.sealed import SealedFileError
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.photos import annotate as annotation
from inspector.photos.decode import PhotoRejectedError
from inspector.photos.derive import ensure_derived
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.photo_import import IngestReport, ingest_files
from inspector.services.photo_maintenance import (
    OriginalProblem,
    RebuildReport,
    VerifyReport,
    rebuild_derived,
    verify_originals,
)
from inspector.services.photo_views import (
    MAX_CAPTION,
    MAX_ITEM_CODE,
    Cancel,
    PhotoView,
    Progress,
    annotated_path,
    as_uuid,
    clean_item_code,
    evidence_image,
    open_inspection,
    original_path,
    photo_row,
    read_original,
    render_annotated,
    state,
    thumb_bytes,
    thumb_path,
    view,
    working_bytes,
    working_path,
)
from inspector.storage.models import Photo
from inspector.storage.types import utcnow

__all__ = [
    "MAX_CAPTION",
    "MAX_ITEM_CODE",
    "Cancel",
    "IngestReport",
    "OriginalProblem",
    "PhotoView",
    "Progress",
    "RebuildReport",
    "VerifyReport",
    "annotate",
    "annotated_path",
    "as_uuid",
    "clean_item_code",
    "delete_photo",
    "evidence_image",
    "get_photo",
    "ingest_files",
    "link_photo",
    "list_photos",
    "original_path",
    "photo_counts",
    "read_original",
    "rebuild_derived",
    "restore_photo",
    "set_caption",
    "thumb_bytes",
    "thumb_path",
    "verify_originals",
    "working_bytes",
    "working_path",
]


# --- queries -----------------------------------------------------------------------------------


def list_photos(
    session: Session,
    inspection_id: uuid.UUID | str,
    item_code: str | None = None,
    include_deleted: bool = False,
    *,
    unlinked_only: bool = False,
) -> list[PhotoView]:
    """Photos of an inspection in import order: all of them, or those of one item
    (``item_code``), or those linked to the inspection as a whole (``unlinked_only``)."""
    iid = as_uuid(inspection_id, tr("inspection id"))
    query = select(Photo).where(Photo.inspection_id == iid)
    if item_code is not None:
        query = query.where(Photo.item_code == item_code)
    elif unlinked_only:
        query = query.where(Photo.item_code.is_(None))
    if not include_deleted:
        query = query.where(Photo.deleted_at.is_(None))
    query = query.order_by(Photo.imported_at, Photo.original_filename, Photo.id)
    return [view(row) for row in session.execute(query).scalars()]


def get_photo(session: Session, photo_id: uuid.UUID | str) -> PhotoView:
    return view(photo_row(session, photo_id))


def photo_counts(session: Session, inspection_id: uuid.UUID | str) -> dict[str | None, int]:
    """Non-deleted photos per item code (``None``: linked to the inspection as a whole)."""
    iid = as_uuid(inspection_id, tr("inspection id"))
    rows = session.execute(
        select(Photo.item_code, func.count())
        .where(Photo.inspection_id == iid, Photo.deleted_at.is_(None))
        .group_by(Photo.item_code)
    ).all()
    return {code: int(count) for code, count in rows}


# --- changes -----------------------------------------------------------------------------------


def _change(
    session: Session, actor: Actor, photo_id: uuid.UUID | str, action: str, apply: Callable[[Photo], bool]
) -> PhotoView:
    """Change one photo of a draft inspection: ``apply`` changes the row and says whether anything
    changed; only then is the change flushed and audited (before and after)."""
    row = photo_row(session, photo_id)
    open_inspection(session, row.inspection_id)
    before = state(row)
    if not apply(row):
        return view(row)
    session.flush()
    audit.record(session, actor, action, "photo", row.id, before=before, after=state(row))
    return view(row)


def set_caption(session: Session, actor: Actor, photo_id: uuid.UUID | str, caption: str) -> PhotoView:
    text = " ".join(caption.split()) if "\n" not in caption else caption.strip()

    def apply(row: Photo) -> bool:
        if len(text) > MAX_CAPTION:
            raise ValidationError(
                [("caption", tr("The caption is too long (at most {limit} characters).", limit=MAX_CAPTION))]
            )
        changed = text != row.caption
        row.caption = text
        return changed

    return _change(session, actor, photo_id, "photo.caption", apply)


def link_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str, item_code: str | None) -> PhotoView:
    """Link a photo to a checklist item, or with ``None`` to the inspection as a whole."""

    def apply(row: Photo) -> bool:
        code = clean_item_code(item_code)
        changed = code != row.item_code
        row.item_code = code
        return changed

    return _change(session, actor, photo_id, "photo.link", apply)


def delete_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str) -> PhotoView:
    """Remove a photo from the inspection: a soft delete (who and when); the original stays."""

    def apply(row: Photo) -> bool:
        if row.deleted_at is not None:
            return False
        row.deleted_at, row.deleted_by = utcnow(), actor.user_id
        return True

    return _change(session, actor, photo_id, "photo.delete", apply)


def restore_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str) -> PhotoView:
    """Undo :func:`delete_photo`."""

    def apply(row: Photo) -> bool:
        if row.deleted_at is None:
            return False
        row.deleted_at, row.deleted_by = None, None
        return True

    return _change(session, actor, photo_id, "photo.restore", apply)


def annotate(
    session: Session, config: Config, actor: Actor, photo_id: uuid.UUID | str, shapes: Sequence[Any]
) -> PhotoView:
    """Save the annotation shapes of a photo (an empty list removes them) and render the annotated
    copy. The original and the working copy are untouched."""
    row = photo_row(session, photo_id)
    open_inspection(session, row.inspection_id)
    clean = annotation.normalize_shapes(list(shapes))
    new_doc = annotation.annotation_document(clean) if clean else None
    if new_doc == row.annotation:
        return view(row)
    if clean:
        try:
            ensure_derived(config.photo_dir, row.sha256, row.original_filename, key=config.key)
            render_annotated(config, row.sha256, clean)
        except (FileNotFoundError, PhotoRejectedError, SealedFileError):
            raise UserError(
                tr(
                    "The original of photo {name} is missing from the photo store. Run “inspector photos "
                    "verify” and restore the photo directory from a backup.",
                    name=row.original_filename,
                )
            ) from None
    before = state(row)
    row.annotation = new_doc
    session.flush()
    audit.record(
        session,
        actor,
        "photo.annotate",
        "photo",
        row.id,
        before=before,
        after=state(row),
        detail={"shapes": len(clean)},
    )
    return view(row)
