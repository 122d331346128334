"""Photo evidence on the database: import, list, caption, link, annotate, remove, verify, rebuild.

Import (:func:`ingest_files`) handles each file on its own: read, hash, decode fully and make the
derived images in memory; only a file that passed every check is stored (original durably, then its
derived images) and gets its row in one short transaction, with its audit event. A file that fails
leaves nothing (no original, no row) and the batch goes on; the report lists every failure with its
reason. If the row's transaction fails after the original was stored, the new original is removed
again, so the store never fills with files no row explains.

The evidence of a finalized inspection cannot change here (adding, captioning, linking, removing):
that goes through an addendum.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import InspectionStatus
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.i18n import tr
from inspector.photos import annotate as annotation
from inspector.photos import store
from inspector.photos.decode import PhotoRejectedError
from inspector.photos.derive import ensure_derived, rebuild
from inspector.photos.ingest import PreparedPhoto, expand_sources, prepare_data, read_source, store_files
from inspector.photos.verify import OriginalState, check_original, stored_originals
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import Inspection, Photo
from inspector.storage.types import utcnow

log = logging.getLogger(__name__)

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


@dataclass
class IngestReport:
    """What happened to every file of a batch."""

    total: int = 0
    added: list[PhotoView] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, PhotoView]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        head = tr(
            "{added} photo(s) added, {duplicates} already present, {failed} failed.",
            added=len(self.added),
            duplicates=len(self.duplicates),
            failed=len(self.failed),
        )
        lines = [head]
        if self.cancelled:
            skipped = self.total - len(self.added) - len(self.duplicates) - len(self.failed)
            lines.append(tr("Import cancelled; {skipped} file(s) were not imported.", skipped=skipped))
        lines.extend(reason for _path, reason in self.failed)
        return "\n".join(lines)


def _view(row: Photo) -> PhotoView:
    gps = (row.gps_lat, row.gps_lon) if row.gps_lat is not None and row.gps_lon is not None else None
    return PhotoView(
        id=row.id,
        inspection_id=row.inspection_id,
        item_code=row.item_code,
        sha256=row.sha256,
        size=row.size,
        original_filename=row.original_filename,
        format=row.format,
        width=row.width,
        height=row.height,
        captured_at=row.captured_at,
        captured_local=row.captured_local,
        captured_offset=row.captured_offset,
        gps=gps,
        camera_model=row.camera_model,
        caption=row.caption or "",
        annotation=dict(row.annotation) if row.annotation else None,
        imported_at=row.imported_at,
        imported_by=row.imported_by,
        deleted=row.deleted_at is not None,
        deleted_at=row.deleted_at,
        deleted_by=row.deleted_by,
    )


def _state(row: Photo) -> dict[str, Any]:
    return {
        "inspection_id": str(row.inspection_id),
        "item_code": row.item_code,
        "sha256": row.sha256,
        "caption": row.caption,
        "annotation": row.annotation,
        "deleted_at": row.deleted_at.isoformat() if row.deleted_at else None,
    }


def as_uuid(value: uuid.UUID | str, what: str = "id") -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFoundError(tr("{value} is not a valid {what}.", value=value, what=what)) from None


def clean_item_code(item_code: str | None) -> str | None:
    if item_code is None:
        return None
    code = item_code.strip()
    if not code:
        return None
    if len(code) > MAX_ITEM_CODE or any(ch.isspace() for ch in code):
        raise ValidationError([("item_code", tr("Item code {code} is not valid.", code=code))])
    return code


def _open_inspection(session: Session, inspection_id: uuid.UUID, *, lock: bool = False) -> Inspection:
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


def _photo(session: Session, photo_id: uuid.UUID | str) -> Photo:
    pid = as_uuid(photo_id, tr("photo id"))
    row = session.get(Photo, pid)
    if row is None:
        raise NotFoundError(tr("Photo {id} does not exist.", id=pid))
    return row


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


def evidence_image(config: Config, photo: PhotoView) -> Path:
    """The image to show or print for ``photo``: the annotated copy when it has annotations, else
    the working copy; either is rebuilt first if missing. Raises :class:`UserError` when the
    original itself is missing or unreadable."""
    try:
        ensure_derived(config.photo_dir, photo.sha256, photo.original_filename)
        path = annotated_path(config, photo)
        if path is None:
            return working_path(config, photo.sha256)
        if not path.exists():
            _render_annotated(config, photo.sha256, photo.shapes)
        return path
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


def _render_annotated(config: Config, sha: str, shapes: list[dict[str, Any]]) -> Path:
    from PIL import Image

    from inspector.photos.derive import WORKING_QUALITY, encode_jpeg

    with Image.open(working_path(config, sha)) as base:
        base.load()
        rendered = annotation.render(base, shapes)
    path = store.annotated_path(config.photo_dir, sha, annotation.annotation_key(shapes))
    store.write_derived(path, encode_jpeg(rendered, WORKING_QUALITY))
    return path


# --- import ------------------------------------------------------------------------------------


def _find_active(session: Session, inspection_id: uuid.UUID, sha: str) -> Photo | None:
    return session.execute(
        select(Photo)
        .where(Photo.inspection_id == inspection_id, Photo.sha256 == sha, Photo.deleted_at.is_(None))
        .limit(1)
    ).scalar_one_or_none()


def _new_row(photo: PreparedPhoto, inspection_id: uuid.UUID, item_code: str | None, actor: Actor) -> Photo:
    meta = photo.meta
    return Photo(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        item_code=item_code,
        sha256=photo.sha256,
        size=photo.size,
        original_filename=photo.name[:255],
        format=photo.format,
        width=photo.width,
        height=photo.height,
        captured_at=meta.captured_at,
        captured_local=meta.captured_local,
        captured_offset=meta.captured_offset,
        gps_lat=meta.gps_lat,
        gps_lon=meta.gps_lon,
        camera_model=meta.camera_model,
        caption="",
        annotation=None,
        imported_at=utcnow(),
        imported_by=actor.user_id,
    )


def _undo_store(db: Database, config: Config, sha: str) -> None:
    """Remove an original this import stored when its row could not be written, unless some row
    (written meanwhile by another process) refers to it."""
    try:
        with db.read() as session:
            referenced = session.execute(select(Photo.id).where(Photo.sha256 == sha).limit(1)).first()
    except Exception:
        referenced = None
    if referenced is None:
        store.remove_original(config.photo_dir, sha)


def ingest_files(  # noqa: PLR0917 - the agreed public signature
    db: Database,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID | str,
    paths: Sequence[Path],
    item_code: str | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> IngestReport:
    """Import photos (files or folders) into an inspection, optionally linked to one item.

    Raises :class:`UserError` only for what refuses the whole batch (unknown or finalized
    inspection, bad item code); a problem with one file is reported in ``failed``.
    ``progress(done, total, current_name)`` is called before each file and once at the end;
    ``cancel()`` is checked between files (a file is never left half-imported).
    """
    iid = as_uuid(inspection_id, tr("inspection id"))
    code = clean_item_code(item_code)
    with db.read() as session:
        _open_inspection(session, iid)
    files = expand_sources([Path(p) for p in paths])
    report = IngestReport(total=len(files))
    for index, path in enumerate(files):
        if cancel is not None and cancel():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, len(files), path.name)
        _ingest_one(
            db=db, config=config, actor=actor, inspection_id=iid, item_code=code, path=path, report=report
        )
    if progress is not None:
        progress(len(files), len(files), "")
    return report


def _ingest_one(
    *,
    db: Database,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    item_code: str | None,
    path: Path,
    report: IngestReport,
) -> None:
    name = path.name or str(path)
    staged: store.StagedOriginal | None = None
    try:
        data = read_source(path)
        sha = store.sha256_bytes(data)
        # The durable write of the original runs while the file is decoded; it is published only
        # if the decoding succeeds.
        staged = store.stage_original(config.photo_dir, sha, data)
        photo = prepare_data(path, data, sha)
    except PhotoRejectedError as err:
        if staged is not None:
            staged.discard()
        report.failed.append((path, err.reason))
        return
    except MemoryError:
        if staged is not None:
            staged.discard()
        report.failed.append((path, tr("{name}: not enough memory to read this image.", name=name)))
        return
    except Exception as err:  # a decoder bug on a strange file must not end the batch
        if staged is not None:
            staged.discard()
        log.exception("unexpected error reading %s", path)
        report.failed.append(
            (
                path,
                tr(
                    "{name}: the file could not be read as a photo ({detail}).",
                    name=name,
                    detail=type(err).__name__,
                ),
            )
        )
        return
    except BaseException:
        if staged is not None:
            staged.discard()
        raise

    assert staged is not None
    with db.read() as session:
        existing = _find_active(session, inspection_id, photo.sha256)
        existing_view = _view(existing) if existing is not None else None
    if existing_view is not None:
        staged.discard()
        report.duplicates.append((path, existing_view))
        return

    try:
        created = store_files(config.photo_dir, photo, staged)
    except OSError as err:
        report.failed.append(
            (
                path,
                tr(
                    "{name}: could not be saved in the photo store {where}: {reason}. "
                    "Check the free disk space and the folder's permissions.",
                    name=name,
                    where=str(config.photo_dir),
                    reason=err.strerror or str(err),
                ),
            )
        )
        return
    except Exception as err:
        log.exception("unexpected error storing %s", path)
        report.failed.append(
            (
                path,
                tr(
                    "{name}: could not be saved in the photo store {where}: {reason}. "
                    "Check the free disk space and the folder's permissions.",
                    name=name,
                    where=str(config.photo_dir),
                    reason=type(err).__name__,
                ),
            )
        )
        return

    try:
        with db.write() as session:
            _open_inspection(session, inspection_id, lock=True)
            duplicate = _find_active(session, inspection_id, photo.sha256)
            if duplicate is not None:  # imported by someone else since the check above
                report.duplicates.append((path, _view(duplicate)))
                return
            row = _new_row(photo, inspection_id, item_code, actor)
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor,
                "photo.add",
                "photo",
                row.id,
                after=_state(row),
                detail={"file": photo.name, "size": photo.size},
            )
            view = _view(row)
    except BaseException as err:
        if created:
            _undo_store(db, config, photo.sha256)
        if isinstance(err, UserError):
            report.failed.append((path, tr("{name}: {reason}", name=name, reason=err.message)))
            return
        if not isinstance(err, Exception):
            raise
        log.exception("unexpected error recording %s", path)
        report.failed.append(
            (
                path,
                tr(
                    "{name}: the photo could not be recorded in the database ({detail}); nothing was kept.",
                    name=name,
                    detail=type(err).__name__,
                ),
            )
        )
        return
    report.added.append(view)


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
    return [_view(row) for row in session.execute(query).scalars()]


def get_photo(session: Session, photo_id: uuid.UUID | str) -> PhotoView:
    return _view(_photo(session, photo_id))


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


def set_caption(session: Session, actor: Actor, photo_id: uuid.UUID | str, caption: str) -> PhotoView:
    row = _photo(session, photo_id)
    _open_inspection(session, row.inspection_id)
    text = " ".join(caption.split()) if "\n" not in caption else caption.strip()
    if len(text) > MAX_CAPTION:
        raise ValidationError(
            [("caption", tr("The caption is too long (at most {limit} characters).", limit=MAX_CAPTION))]
        )
    if text == row.caption:
        return _view(row)
    before = _state(row)
    row.caption = text
    session.flush()
    audit.record(session, actor, "photo.caption", "photo", row.id, before=before, after=_state(row))
    return _view(row)


def link_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str, item_code: str | None) -> PhotoView:
    """Link a photo to a checklist item, or with ``None`` to the inspection as a whole."""
    row = _photo(session, photo_id)
    _open_inspection(session, row.inspection_id)
    code = clean_item_code(item_code)
    if code == row.item_code:
        return _view(row)
    before = _state(row)
    row.item_code = code
    session.flush()
    audit.record(session, actor, "photo.link", "photo", row.id, before=before, after=_state(row))
    return _view(row)


def delete_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str) -> PhotoView:
    """Remove a photo from the inspection: a soft delete (who and when); the original stays."""
    row = _photo(session, photo_id)
    _open_inspection(session, row.inspection_id)
    if row.deleted_at is not None:
        return _view(row)
    before = _state(row)
    row.deleted_at = utcnow()
    row.deleted_by = actor.user_id
    session.flush()
    audit.record(session, actor, "photo.delete", "photo", row.id, before=before, after=_state(row))
    return _view(row)


def restore_photo(session: Session, actor: Actor, photo_id: uuid.UUID | str) -> PhotoView:
    """Undo :func:`delete_photo`."""
    row = _photo(session, photo_id)
    _open_inspection(session, row.inspection_id)
    if row.deleted_at is None:
        return _view(row)
    before = _state(row)
    row.deleted_at = None
    row.deleted_by = None
    session.flush()
    audit.record(session, actor, "photo.restore", "photo", row.id, before=before, after=_state(row))
    return _view(row)


def annotate(
    session: Session, config: Config, actor: Actor, photo_id: uuid.UUID | str, shapes: Sequence[Any]
) -> PhotoView:
    """Save the annotation shapes of a photo (an empty list removes them) and render the annotated
    copy. The original and the working copy are untouched."""
    row = _photo(session, photo_id)
    _open_inspection(session, row.inspection_id)
    clean = annotation.normalize_shapes(list(shapes))
    new_doc = annotation.annotation_document(clean) if clean else None
    if new_doc == row.annotation:
        return _view(row)
    if clean:
        try:
            ensure_derived(config.photo_dir, row.sha256, row.original_filename)
            _render_annotated(config, row.sha256, clean)
        except FileNotFoundError:
            raise UserError(
                tr(
                    "The original of photo {name} is missing from the photo store. Run “inspector photos "
                    "verify” and restore the photo directory from a backup.",
                    name=row.original_filename,
                )
            ) from None
    before = _state(row)
    row.annotation = new_doc
    session.flush()
    audit.record(
        session,
        actor,
        "photo.annotate",
        "photo",
        row.id,
        before=before,
        after=_state(row),
        detail={"shapes": len(clean)},
    )
    return _view(row)


# --- verification and rebuild -------------------------------------------------------------------


@dataclass(frozen=True)
class OriginalProblem:
    sha256: str
    photo_ids: tuple[uuid.UUID, ...]
    filenames: tuple[str, ...]
    state: OriginalState


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[OriginalProblem] = field(default_factory=list)
    altered: list[OriginalProblem] = field(default_factory=list)
    unreferenced: list[str] = field(default_factory=list)  # files in the store that no row names

    @property
    def ok(self) -> bool:
        return not self.missing and not self.altered


def _originals(session: Session) -> dict[str, list[tuple[uuid.UUID, str, int]]]:
    """Every stored original that rows refer to (deleted rows too: their originals stay evidence)."""
    by_sha: dict[str, list[tuple[uuid.UUID, str, int]]] = {}
    for pid, sha, name, size in session.execute(
        select(Photo.id, Photo.sha256, Photo.original_filename, Photo.size).order_by(Photo.sha256)
    ):
        by_sha.setdefault(sha, []).append((pid, name, size))
    return by_sha


def verify_originals(
    session: Session, config: Config, progress: Progress | None = None, cancel: Cancel | None = None
) -> VerifyReport:
    """Hash every original again; report missing and altered ones and files no row refers to."""
    by_sha = _originals(session)
    report = VerifyReport()
    total = len(by_sha)
    for index, (sha, rows) in enumerate(by_sha.items()):
        if cancel is not None and cancel():
            break
        if progress is not None:
            progress(index, total, rows[0][1])
        state = check_original(config.photo_dir, sha, rows[0][2])
        report.checked += 1
        if state is not OriginalState.OK:
            problem = OriginalProblem(sha, tuple(r[0] for r in rows), tuple(r[1] for r in rows), state)
            (report.missing if state is OriginalState.MISSING else report.altered).append(problem)
    report.unreferenced = sorted(stored_originals(config.photo_dir) - set(by_sha))
    if progress is not None:
        progress(total, total, "")
    return report


@dataclass
class RebuildReport:
    rebuilt: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (sha256, translated reason)


def rebuild_derived(
    session: Session,
    config: Config,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    *,
    only_missing: bool = False,
) -> RebuildReport:
    """Make the working copies, thumbnails and annotated copies again from the originals."""
    by_sha = _originals(session)
    annotated = session.execute(
        select(Photo.sha256, Photo.annotation).where(Photo.annotation.is_not(None))
    ).all()
    report = RebuildReport()
    total = len(by_sha)
    for index, (sha, rows) in enumerate(by_sha.items()):
        if cancel is not None and cancel():
            break
        name = rows[0][1]
        if progress is not None:
            progress(index, total, name)
        try:
            if only_missing:
                ensure_derived(config.photo_dir, sha, name)
            else:
                rebuild(config.photo_dir, sha, name)
            report.rebuilt += 1
        except FileNotFoundError:
            report.failed.append(
                (sha, tr("{name}: the original is missing from the photo store.", name=name))
            )
        except PhotoRejectedError as err:
            report.failed.append((sha, err.reason))
        except OSError as err:
            report.failed.append(
                (
                    sha,
                    tr(
                        "{name}: the derived images could not be written: {reason}.",
                        name=name,
                        reason=err.strerror or str(err),
                    ),
                )
            )
    failed = {sha for sha, _ in report.failed}
    for sha, doc in annotated:
        shapes = doc.get("shapes") if isinstance(doc, dict) else None
        if sha in failed or not shapes:
            continue
        key = annotation.annotation_key(shapes)
        if only_missing and store.annotated_path(config.photo_dir, sha, key).exists():
            continue
        try:
            _render_annotated(config, sha, shapes)
        except OSError as err:
            report.failed.append(
                (
                    sha,
                    tr(
                        "{name}: the derived images could not be written: {reason}.",
                        name=sha[:12],
                        reason=err.strerror or str(err),
                    ),
                )
            )
    if progress is not None:
        progress(total, total, "")
    return report
