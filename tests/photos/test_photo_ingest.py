"""Import through the service, on SQLite and PostgreSQL: each file on its own, nothing stored for a
refused file, duplicates recognised, finalized inspections closed, the audit trail written."""

from __future__ import annotations

import datetime as dt
import os
import stat
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import InspectionStatus
from inspector.errors import NotFoundError, UserError
from inspector.services import photos
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Photo
from tests.photos.photo_rows import make_inspection
from tests.photos.photo_samples import CST, broken_corpus, oriented_jpeg, plain_jpeg


def _originals(config: Config) -> list[Path]:
    root = config.photo_dir / "originals"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _rows(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Photo)).scalar_one())


def test_batch_with_good_and_broken_files(
    any_db: Database, any_actor: Actor, any_inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = any_db.config
    when = dt.datetime(2024, 5, 1, 10, 30, tzinfo=CST)
    good = [oriented_jpeg(tmp_path / f"good{i}.jpg", i, when=when, gps=(30.5, 114.3)) for i in (1, 6)]
    broken = list(broken_corpus(tmp_path / "broken").values())
    calls: list[tuple[int, int, str]] = []
    report = photos.ingest_files(
        any_db,
        config,
        any_actor,
        any_inspection,
        [good[0], *broken, good[1]],
        item_code="A1",
        progress=lambda done, total, name: calls.append((done, total, name)),
    )
    assert [v.original_filename for v in report.added] == ["good1.jpg", "good6.jpg"]
    assert {p.name for p, _ in report.failed} == {p.name for p in broken}
    for path, reason in report.failed:
        assert path.name in reason
    assert calls[0] == (0, len(broken) + 2, "good1.jpg") and calls[-1] == (
        len(broken) + 2,
        len(broken) + 2,
        "",
    )
    # nothing stored for the refused files
    assert [p.name for p in _originals(config)] == sorted(v.sha256 for v in report.added)
    assert _rows(any_db) == 2

    view = report.added[1]
    assert view.item_code == "A1" and view.format == "JPEG" and (view.width, view.height) == (480, 320)
    assert view.captured_local == "2024-05-01 10:30:00" and view.captured_offset == "+08:00"
    assert view.captured_at == dt.datetime(2024, 5, 1, 2, 30, tzinfo=dt.UTC)
    assert view.gps is not None
    assert view.gps[0] == pytest.approx(30.5) and view.gps[1] == pytest.approx(114.3)
    assert view.imported_by == any_actor.user_id and not view.deleted
    assert photos.read_original(config, view.sha256) == good[1].read_bytes()  # byte for byte
    original = photos.original_path(config, view.sha256)
    assert not original.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert photos.working_path(config, view.sha256).is_file()
    assert photos.thumb_path(config, view.sha256).is_file()
    with any_db.read() as s:
        listed = photos.list_photos(s, any_inspection)
        assert [v.id for v in listed] == [v.id for v in report.added]
        assert photos.photo_counts(s, any_inspection) == {"A1": 2}
        actions = s.execute(select(AuditEvent.action).where(AuditEvent.entity == "photo")).scalars().all()
        assert actions == ["photo.add", "photo.add"]


def test_duplicates_are_stored_once(
    any_db: Database, any_actor: Actor, any_inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = any_db.config
    a = plain_jpeg(tmp_path / "a.jpg")
    copy = tmp_path / "copy_of_a.jpeg"
    copy.write_bytes(a.read_bytes())
    report = photos.ingest_files(any_db, config, any_actor, any_inspection, [a, copy])
    assert len(report.added) == 1 and len(report.duplicates) == 1
    assert report.duplicates[0][1].id == report.added[0].id
    again = photos.ingest_files(any_db, config, any_actor, any_inspection, [a])
    assert not again.added and len(again.duplicates) == 1
    # the same photo in another inspection: a new row, the same stored original
    other = make_inspection(any_db)
    third = photos.ingest_files(any_db, config, any_actor, other, [copy])
    assert len(third.added) == 1
    assert len(_originals(config)) == 1 and _rows(any_db) == 2


def test_unknown_and_finalized_inspections_are_refused(
    sqlite_db: Database, actor: Actor, tmp_path: Path
) -> None:
    a = plain_jpeg(tmp_path / "a.jpg")
    with pytest.raises(NotFoundError):
        photos.ingest_files(sqlite_db, sqlite_db.config, actor, uuid.uuid4(), [a])
    with pytest.raises(NotFoundError):
        photos.ingest_files(sqlite_db, sqlite_db.config, actor, "not-a-uuid", [a])
    final = make_inspection(sqlite_db, status=InspectionStatus.FINALIZED)
    with pytest.raises(UserError, match=r"addendum|补充"):
        photos.ingest_files(sqlite_db, sqlite_db.config, actor, final, [a])
    assert _rows(sqlite_db) == 0 and not _originals(sqlite_db.config)


def test_folder_import_walks_subfolders_and_skips_other_files(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    (folder / "Camera").mkdir(parents=True)
    plain_jpeg(folder / "IMG_1.jpg", (10, 200, 10))
    plain_jpeg(folder / "Camera" / "IMG_2.JPG", (200, 10, 10))
    (folder / "notes.txt").write_text("not a photo")
    (folder / ".hidden.jpg").write_bytes(b"")
    report = photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [folder])
    assert sorted(v.original_filename for v in report.added) == ["IMG_1.jpg", "IMG_2.JPG"]
    assert report.ok and report.total == 2


def test_cancel_stops_between_files(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    files = [plain_jpeg(tmp_path / f"{i}.jpg", (i * 40, 0, 0)) for i in range(5)]
    seen: list[str] = []
    report = photos.ingest_files(
        sqlite_db,
        sqlite_db.config,
        actor,
        inspection,
        files,
        progress=lambda _d, _t, name: seen.append(name),
        cancel=lambda: len(seen) >= 2,
    )
    assert report.cancelled and len(report.added) == 2
    assert "2" in report.summary().splitlines()[0] and len(report.summary().splitlines()) == 2
    assert _rows(sqlite_db) == 2


def test_caption_link_delete_restore_and_counts(
    any_db: Database, any_actor: Actor, any_inspection: uuid.UUID, tmp_path: Path
) -> None:
    files = [plain_jpeg(tmp_path / f"{i}.jpg", (i * 60, 20, 20)) for i in range(3)]
    report = photos.ingest_files(any_db, any_db.config, any_actor, any_inspection, files, item_code="B2")
    first, second, _third = report.added
    with any_db.write() as s:
        v = photos.set_caption(s, any_actor, first.id, "  药品柜  未登记  ")
        assert v.caption == "药品柜 未登记"
        v = photos.link_photo(s, any_actor, second.id, None)
        assert v.item_code is None
        v = photos.delete_photo(s, any_actor, first.id)
        assert v.deleted and v.deleted_by == any_actor.user_id and v.deleted_at is not None
    with any_db.read() as s:
        assert photos.photo_counts(s, any_inspection) == {"B2": 1, None: 1}
        assert [p.id for p in photos.list_photos(s, any_inspection, "B2")] == [_third.id]
        assert [p.id for p in photos.list_photos(s, any_inspection, unlinked_only=True)] == [second.id]
        assert len(photos.list_photos(s, any_inspection, include_deleted=True)) == 3
        actions = s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars().all()
        assert actions[-3:] == ["photo.caption", "photo.link", "photo.delete"]
    # the original of a removed photo stays: it is evidence
    assert photos.original_path(any_db.config, first.sha256).exists()
    with any_db.write() as s:
        assert not photos.restore_photo(s, any_actor, first.id).deleted
    with any_db.write() as s, pytest.raises(UserError):
        photos.set_caption(s, any_actor, first.id, "x" * 501)


def test_evidence_of_a_finalized_inspection_cannot_change(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    report = photos.ingest_files(
        sqlite_db, sqlite_db.config, actor, inspection, [plain_jpeg(tmp_path / "a.jpg")]
    )
    pid = report.added[0].id
    with sqlite_db.write() as s:
        s.execute(select(Photo)).scalars().first()
        from inspector.storage.models import Inspection

        insp = s.get(Inspection, inspection)
        assert insp is not None
        insp.status = InspectionStatus.FINALIZED.value
    changes: list[Callable[[Session], object]] = [
        lambda s: photos.set_caption(s, actor, pid, "new"),
        lambda s: photos.link_photo(s, actor, pid, "C3"),
        lambda s: photos.delete_photo(s, actor, pid),
        lambda s: photos.annotate(s, sqlite_db.config, actor, pid, []),
    ]
    for change in changes:
        with sqlite_db.write() as s, pytest.raises(UserError, match="补充"):
            change(s)


def test_unknown_photo_ids_are_user_errors(sqlite_db: Database, actor: Actor) -> None:
    with sqlite_db.write() as s:
        with pytest.raises(NotFoundError):
            photos.set_caption(s, actor, uuid.uuid4(), "x")
        with pytest.raises(NotFoundError):
            photos.delete_photo(s, actor, "nonsense")


def test_unreadable_source_is_reported_not_raised(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.jpg"
    locked = plain_jpeg(tmp_path / "locked.jpg")
    locked.chmod(0)
    try:
        report = photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [missing, locked])
    finally:
        locked.chmod(0o644)
    names = {p.name for p, _ in report.failed}
    assert "gone.jpg" in names
    if os.geteuid() != 0:  # root reads anything
        assert "locked.jpg" in names
