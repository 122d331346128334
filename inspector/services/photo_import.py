"""Importing photos into an inspection, file by file.

Each file is handled on its own: read, hash, decode fully and make the derived images in memory; only
a file that passed every check is stored (original durably, then its derived images) and gets its row
in one short transaction, with its audit event. A file that fails leaves nothing (no original, no row)
and the batch goes on; the report lists every failure with its reason. If the row's transaction fails
after the original was stored, the new original is removed again, so the store never fills with
files no row explains.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import os_reason, tr
from inspector.photos import store
from inspector.photos.decode import PhotoRejectedError
from inspector.photos.ingest import PreparedPhoto, expand_sources, prepare_data, read_source, store_files
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.photo_views import (
    Cancel,
    PhotoView,
    Progress,
    as_uuid,
    clean_item_code,
    open_inspection,
    state,
    view,
)
from inspector.storage.db import Database
from inspector.storage.models import Photo
from inspector.storage.types import utcnow

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class _Batch:
    """What every file of one import shares."""

    db: Database
    config: Config
    actor: Actor
    inspection_id: uuid.UUID
    item_code: str | None
    report: IngestReport


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
        open_inspection(session, iid)
    files = expand_sources([Path(p) for p in paths])
    report = IngestReport(total=len(files))
    batch = _Batch(db, config, actor, iid, code, report)
    for index, path in enumerate(files):
        if cancel is not None and cancel():
            report.cancelled = True
            break
        if progress is not None:
            progress(index, len(files), path.name)
        _ingest_one(batch, path)
    if progress is not None:
        progress(len(files), len(files), "")
    return report


def _ingest_one(batch: _Batch, path: Path) -> None:
    prepared = _read(batch, path)
    if prepared is None:
        return
    photo, staged = prepared
    with batch.db.read() as session:
        existing = _find_active(session, batch.inspection_id, photo.sha256)
        existing_view = view(existing) if existing is not None else None
    if existing_view is not None:
        staged.discard()
        batch.report.duplicates.append((path, existing_view))
        return
    created = _store(batch, path, photo, staged)
    if created is not None:
        _record(batch, path, photo, created=created)


def _name(path: Path) -> str:
    return path.name or str(path)


def _read(batch: _Batch, path: Path) -> tuple[PreparedPhoto, store.StagedOriginal] | None:
    """Read, hash and decode one file while its original is written aside; ``None`` when it failed
    (the reason is in the report, nothing is left in the store)."""
    staged: store.StagedOriginal | None = None
    try:
        data = read_source(path)
        # The durable write of the original runs while the file is decoded; it is published only
        # if the decoding succeeds. Staging hashes the original (its content address), once.
        staged = store.stage_original(batch.config.photo_dir, data, key=batch.config.key)
        return prepare_data(path, data, staged.sha), staged
    except BaseException as err:
        if staged is not None:
            staged.discard()
        if not isinstance(err, Exception):
            raise
        batch.report.failed.append((path, _read_failure(err, path)))
        return None


def _read_failure(err: Exception, path: Path) -> str:
    if isinstance(err, PhotoRejectedError):
        return err.reason
    if isinstance(err, MemoryError):
        return tr("{name}: not enough memory to read this image.", name=_name(path))
    # a decoder bug on a strange file must not end the batch
    log.error("unexpected error reading %s", path, exc_info=err)
    return tr(
        "{name}: the file could not be read as a photo ({detail}).",
        name=_name(path),
        detail=type(err).__name__,
    )


def _store(batch: _Batch, path: Path, photo: PreparedPhoto, staged: store.StagedOriginal) -> bool | None:
    """Publish the original and write its derived images: whether the original is new, or ``None``
    when storing failed (the reason is in the report)."""
    try:
        return store_files(batch.config.photo_dir, photo, staged, key=batch.config.key)
    except Exception as err:
        if isinstance(err, OSError):
            reason = os_reason(err)
        else:
            log.error("unexpected error storing %s", path, exc_info=err)
            reason = type(err).__name__
        batch.report.failed.append(
            (
                path,
                tr(
                    "{name}: could not be saved in the photo store {where}: {reason}. "
                    "Check the free disk space and the folder's permissions.",
                    name=_name(path),
                    where=str(batch.config.photo_dir),
                    reason=reason,
                ),
            )
        )
        return None


def _insert(session: Session, batch: _Batch, path: Path, photo: PreparedPhoto) -> PhotoView | None:
    """The photo's row and audit event; ``None`` when someone imported the same photo meanwhile."""
    open_inspection(session, batch.inspection_id, lock=True)
    duplicate = _find_active(session, batch.inspection_id, photo.sha256)
    if duplicate is not None:
        batch.report.duplicates.append((path, view(duplicate)))
        return None
    row = _new_row(photo, batch.inspection_id, batch.item_code, batch.actor)
    session.add(row)
    session.flush()
    audit.record(
        session,
        batch.actor,
        "photo.add",
        "photo",
        row.id,
        after=state(row),
        detail={"file": photo.name, "size": photo.size},
    )
    return view(row)


def _record(batch: _Batch, path: Path, photo: PreparedPhoto, *, created: bool) -> None:
    """Write the row in one short transaction; if it fails, remove the original this import stored."""
    try:
        with batch.db.write() as session:
            added = _insert(session, batch, path, photo)
    except BaseException as err:
        if created:
            _undo_store(batch.db, batch.config, photo.sha256)
        if isinstance(err, UserError):
            batch.report.failed.append((path, tr("{name}: {reason}", name=_name(path), reason=err.message)))
            return
        if not isinstance(err, Exception):
            raise
        log.error("unexpected error recording %s", path, exc_info=err)
        batch.report.failed.append(
            (
                path,
                tr(
                    "{name}: the photo could not be recorded in the database ({detail}); nothing was kept.",
                    name=_name(path),
                    detail=type(err).__name__,
                ),
            )
        )
        return
    if added is not None:
        batch.report.added.append(added)
