"""The store of originals: atomic, durable, deduplicated, read-only; a crash mid-import leaves no
partial original and no row."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from inspector import durable
from inspector.crypto import files
from inspector.crypto.keys import DataKey
from inspector.photos import store
from inspector.services import audit, photos
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Photo
from tests.photos.photo_samples import plain_jpeg


def _all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        rows = s.execute(select(func.count()).select_from(Photo)).scalar_one()
        events = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        return int(rows), int(events)


KEYS = [None, DataKey.generate()]


@pytest.mark.parametrize("key", KEYS, ids=["plain", "sealed"])
def test_store_original_is_atomic_deduplicated_and_read_only(tmp_path: Path, key: DataKey | None) -> None:
    data = b"\xff\xd8 not really a jpeg, the store does not care \xff\xd9"
    sha = store.sha256_bytes(data)
    assert store.store_original(tmp_path, sha, data, key=key) is True
    path = store.original_path(tmp_path, sha)
    assert path == tmp_path / "originals" / sha[:2] / sha
    assert store.read_original(tmp_path, sha, key=key) == data
    assert (path.read_bytes() == data) is (key is None)  # sealed: not a byte of it in the clear
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # read-only
    assert store.store_original(tmp_path, sha, data, key=key) is False
    assert _all_files(tmp_path) == [path]
    with pytest.raises(ValueError):
        store.store_original(tmp_path, sha, data + b"x", key=key)


@pytest.mark.parametrize("key", KEYS, ids=["plain", "sealed"])
def test_a_damaged_file_under_the_right_name_is_replaced_by_the_true_bytes(
    tmp_path: Path, key: DataKey | None
) -> None:
    data = b"evidence bytes" * 100
    sha = store.sha256_bytes(data)
    store.store_original(tmp_path, sha, data, key=key)
    path = store.original_path(tmp_path, sha)
    path.chmod(0o644)
    path.write_bytes(b"X" * path.stat().st_size)
    assert store.store_original(tmp_path, sha, data, key=key) is True
    assert store.read_original(tmp_path, sha, key=key) == data
    assert any(".damaged-" in p.name for p in _all_files(tmp_path))


@pytest.mark.parametrize("crash", [RuntimeError("simulated crash"), KeyboardInterrupt()])
def test_crash_after_the_temp_write_leaves_no_original_and_no_row(  # noqa: PLR0917
    sqlite_db: Database,
    actor: Actor,
    inspection: uuid.UUID,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    crash: BaseException,
) -> None:
    photo = plain_jpeg(tmp_path / "a.jpg")
    temps: list[Path] = []

    def crash_at_rename(tmp: Path, final: Path) -> None:
        written = files.read(sqlite_db.config.key, tmp)
        assert tmp.exists() and written == photo.read_bytes()  # the temp file was written (sealed)
        temps.append(tmp)
        raise crash

    monkeypatch.setattr(durable, "publish", crash_at_rename)
    before = _counts(sqlite_db)
    if isinstance(crash, Exception):
        report = photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [photo])
        assert [p.name for p, _ in report.failed] == ["a.jpg"] and not report.added
    else:
        with pytest.raises(KeyboardInterrupt):
            photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [photo])
    assert temps and not temps[0].exists()
    assert _all_files(sqlite_db.config.photo_dir / "originals") == []
    assert _counts(sqlite_db) == before

    monkeypatch.undo()  # after the "crash", the same file imports cleanly
    report = photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [photo])
    assert len(report.added) == 1


def test_database_failure_after_storing_removes_the_new_original(
    sqlite_db: Database,
    actor: Actor,
    inspection: uuid.UUID,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = plain_jpeg(tmp_path / "good.jpg", (1, 2, 3))
    bad = plain_jpeg(tmp_path / "bad.jpg", (200, 2, 3))
    real_record = audit.record

    def failing_record(*args: Any, **kw: Any) -> Any:
        if kw.get("detail", {}).get("file") == "bad.jpg":
            raise RuntimeError("database went away")
        return real_record(*args, **kw)

    monkeypatch.setattr(audit, "record", failing_record)
    report = photos.ingest_files(sqlite_db, sqlite_db.config, actor, inspection, [bad, good])
    assert [v.original_filename for v in report.added] == ["good.jpg"]
    assert [p.name for p, _ in report.failed] == ["bad.jpg"]
    assert [p.name for p in _all_files(sqlite_db.config.photo_dir / "originals")] == [report.added[0].sha256]
    assert _counts(sqlite_db)[0] == 1


def test_store_full_disk_is_a_reported_failure(
    sqlite_db: Database,
    actor: Actor,
    inspection: uuid.UUID,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_space(tmp: Path, final: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(durable, "publish", no_space)
    report = photos.ingest_files(
        sqlite_db, sqlite_db.config, actor, inspection, [plain_jpeg(tmp_path / "a.jpg")]
    )
    assert "磁盘空间已满" in report.failed[0][1]  # the reason, in the user's language
    assert _all_files(sqlite_db.config.photo_dir / "originals") == []


@pytest.mark.parametrize("key", KEYS, ids=["plain", "sealed"])
def test_a_staged_original_is_hashed_once_and_published_only_on_commit(
    tmp_path: Path, key: DataKey | None
) -> None:
    data = b"\xff\xd8\xff staged original " + uuid.uuid4().bytes
    staged = store.stage_original(tmp_path, data, key=key)
    assert staged.sha == store.sha256_bytes(data)
    final = store.original_path(tmp_path, staged.sha)
    assert not final.exists()
    assert staged.commit() is True
    assert files.read(key, final) == data and not final.stat().st_mode & stat.S_IWUSR
    again = store.stage_original(tmp_path, data, key=key)  # already stored: nothing written again
    assert again.commit() is False
    dropped = store.stage_original(tmp_path, data + b"x", key=key)
    dropped.discard()
    assert _all_files(tmp_path) == [final]


def test_a_failed_staged_write_is_raised_by_commit_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_a: Any, **_k: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_into", full)
    staged = store.stage_original(tmp_path, b"photo bytes", key=None)
    with pytest.raises(OSError, match="No space"):
        staged.commit()
    assert _all_files(tmp_path) == []
