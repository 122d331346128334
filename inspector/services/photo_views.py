"""What every photo service shares: the frozen view of a row, the checks that guard a change, and where
a photo's files are.

Apart from the services themselves so that import, the changes and the store's maintenance can each
live in a module of its own without importing one another.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto.sealed import SealedFileError
from inspector.domain import InspectionStatus
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.i18n import tr
from inspector.photos import annotate as annotation
from inspector.photos import store
from inspector.photos.decode import PhotoRejectedError
from inspector.photos.derive import ensure_derived
from inspector.storage import lookup
from inspector.storage.models import Inspection, Photo
from inspector.storage.rows import view_of

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
MAX_CAPTION = 500
MAX_ITEM_CODE = 32


@dataclass(frozen=True)
class PhotoView:
    """A photo row as the UI and documents see it (never the ORM object)."""

    id: uuid.UUID
    inspection_id: uuid.UUID
    item_code: str | None
    sha256: str
    size: int
    original_filename: str
    format: str
    width: int
    height: int
    captured_at: dt.datetime | None
    captured_local: str | None
    captured_offset: str | None
    gps: tuple[float, float] | None
    camera_model: str | None
    caption: str
    annotation: dict[str, Any] | None
    imported_at: dt.datetime
    imported_by: uuid.UUID | None
    deleted: bool
    deleted_at: dt.datetime | None
    deleted_by: uuid.UUID | None

    @property
    def shapes(self) -> list[dict[str, Any]]:
        if not self.annotation:
            return []
        shapes = self.annotation.get("shapes", [])
        return shapes if isinstance(shapes, list) else []

    @property
    def annotation_key(self) -> str | None:
        return annotation.annotation_key(self.shapes) if self.shapes else None


def view(row: Photo) -> PhotoView:
    gps = (row.gps_lat, row.gps_lon) if row.gps_lat is not None and row.gps_lon is not None else None
    return view_of(
        PhotoView,
        row,
        gps=gps,
        caption=row.caption or "",
        annotation=dict(row.annotation) if row.annotation else None,
        deleted=row.deleted_at is not None,
    )


def state(row: Photo) -> dict[str, Any]:
    return {
        "inspection_id": str(row.inspection_id),
        "item_code": row.item_code,
        "sha256": row.sha256,
        "caption": row.caption,
        "annotation": row.annotation,
        "deleted_at": row.deleted_at.isoformat() if row.deleted_at else None,
    }


def as_uuid(value: uuid.UUID | str, what: str = "id") -> uuid.UUID:
    return lookup.as_uuid(value, lambda: tr("{value} is not a valid {what}.", value=value, what=what))


def clean_item_code(item_code: str | None) -> str | None:
    if item_code is None:
        return None
    code = item_code.strip()
    if not code:
        return None
    if len(code) > MAX_ITEM_CODE or any(ch.isspace() for ch in code):
        raise ValidationError([("item_code", tr("Item code {code} is not valid.", code=code))])
    return code


def open_inspection(session: Session, inspection_id: uuid.UUID, *, lock: bool = False) -> Inspection:
    """The inspection, refusing a missing or finalized one (its evidence is closed)."""
    query = select(Inspection).where(Inspection.id == inspection_id)
    if lock:
        query = query.with_for_update()
    inspection = session.execute(query).scalar_one_or_none()
    if inspection is None:
        raise NotFoundError(tr("Inspection {id} does not exist.", id=inspection_id))
    if inspection.status != InspectionStatus.DRAFT.value:
        raise UserError(
            tr(
                "Inspection {id} is finalized, so its photo evidence can no longer change. "
                "Add or correct evidence through an addendum.",
                id=inspection_id,
            )
        )
    return inspection


def photo_row(session: Session, photo_id: uuid.UUID | str) -> Photo:
    pid = as_uuid(photo_id, tr("photo id"))
    return lookup.row_or_missing(session, Photo, pid, lambda: tr("Photo {id} does not exist.", id=pid))


# --- paths -------------------------------------------------------------------------------------


def original_path(config: Config, sha: str) -> Path:
    return store.original_path(config.photo_dir, sha)


def working_path(config: Config, sha: str) -> Path:
    return store.working_path(config.photo_dir, sha)


def thumb_path(config: Config, sha: str) -> Path:
    return store.thumb_path(config.photo_dir, sha)


def annotated_path(config: Config, photo: PhotoView) -> Path | None:
    key = photo.annotation_key
    return store.annotated_path(config.photo_dir, photo.sha256, key) if key else None


def read_original(config: Config, sha: str) -> bytes:
    """The original's bytes as imported, decrypted in memory (``FileNotFoundError`` when missing,
    :class:`~inspector.crypto.sealed.SealedFileError` when altered)."""
    return store.read_original(config.photo_dir, sha, key=config.key)


def thumb_bytes(config: Config, sha: str) -> bytes | None:
    """The thumbnail's JPEG bytes (decrypted in memory), None when it is missing or unreadable."""
    try:
        return store.read_stored(thumb_path(config, sha), key=config.key)
    except (OSError, SealedFileError):
        return None


def working_bytes(config: Config, sha: str) -> bytes:
    """The working copy's JPEG bytes (decrypted in memory)."""
    return store.read_stored(working_path(config, sha), key=config.key)


def evidence_image(config: Config, photo: PhotoView, *, annotated: bool = True) -> bytes:
    """The JPEG to show or print for ``photo``: the annotated copy when it has annotations (and
    ``annotated``), else the working copy; either is rebuilt first if missing, and decrypted in
    memory. Raises :class:`UserError` when the original itself is missing or unreadable."""
    try:
        ensure_derived(config.photo_dir, photo.sha256, photo.original_filename, key=config.key)
        path = annotated_path(config, photo) if annotated else None
        if path is None:
            path = working_path(config, photo.sha256)
        elif not path.exists():
            render_annotated(config, photo.sha256, photo.shapes)
        return store.read_stored(path, key=config.key)
    except SealedFileError:
        raise UserError(
            tr(
                "A stored image of photo {name} fails its check (altered or damaged). Run “inspector "
                "photos rebuild”; if the original is altered, restore it from a backup.",
                name=photo.original_filename,
            )
        ) from None
    except FileNotFoundError:
        raise UserError(
            tr(
                "The original of photo {name} is missing from the photo store. Run “inspector photos "
                "verify” and restore the photo directory from a backup.",
                name=photo.original_filename,
            )
        ) from None
    except PhotoRejectedError as err:
        raise UserError(err.reason) from None


def render_annotated(config: Config, sha: str, shapes: list[dict[str, Any]]) -> Path:
    import io

    from PIL import Image

    from inspector.photos.derive import WORKING_QUALITY, encode_jpeg

    with Image.open(io.BytesIO(working_bytes(config, sha))) as base:
        base.load()
        rendered = annotation.render(base, shapes)
    path = store.annotated_path(config.photo_dir, sha, annotation.annotation_key(shapes))
    store.write_derived(path, encode_jpeg(rendered, WORKING_QUALITY), key=config.key)
    return path
