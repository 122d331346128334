"""Backup while the app runs, and a restore that refuses anything doubtful before touching the target."""

from __future__ import annotations

import datetime as dt
import json
import stat
import zipfile
from pathlib import Path

import pytest

from inspector import backup
from inspector.cli import main
from inspector.config import Config, resolve
from inspector.domain import AnswerResult
from inspector.errors import UserError
from inspector.photos import store
from inspector.services import inspections, verify
from inspector.services.actor import SYSTEM
from inspector.services.unlock import unlock_with_recovery
from inspector.storage.db import Database, open_database
from tests.conftest import RECOVERY_CODES
from tests.world import World, sqlite_file


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_backup_while_writing_then_restore_verifies(
    world: World, sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    out = tmp_path / "b" / "backup.zip"
    # an open write transaction in the app does not block the backup, and is not in it
    with sqlite_db.write() as s:
        inspections.record_answer(
            s,
            SYSTEM,
            world.inspection_id,
            world.item_codes[1],
            result=AnswerResult.NON_COMPLIANT,
            finding="备份时正在写",
        )
        result = backup.create_backup(sqlite_config, out)
    assert result.photos == 1 and not result.missing_photos and out.is_file()
    assert not [p for p in out.parent.iterdir() if p.name != "backup.zip"]  # no temporaries left
    target = tmp_path / "restored"
    with pytest.raises(UserError, match="加密"):  # encrypted: nothing opens it without a secret
        backup.restore_backup(out, target)
    code = RECOVERY_CODES[sqlite_config.data_dir]
    restored = backup.restore_backup(out, target, secret=backup.BackupSecret(None, code))
    assert restored.moved_aside is None and (target / "inspector.sqlite3").is_file()
    original = store.original_path(target / "photos", world.photo_sha)
    assert not original.stat().st_mode & stat.S_IWUSR
    cfg = unlock_with_recovery(resolve(target), code)
    db = open_database(cfg)
    try:
        with db.read() as s:
            report = verify.verify_all(s, cfg)
            view = inspections.get_inspection(s, world.inspection_id)
        assert report.ok, report.problems
        assert (
            view.answers[world.item_codes[1]].result == AnswerResult.COMPLIANT.value
        )  # the snapshot's state
    finally:
        db.close()


def test_restore_refuses_a_non_empty_directory_unless_forced_and_keeps_the_old(
    world: World, sqlite_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backup.zip"
    backup.create_backup(sqlite_config, out)
    target = tmp_path / "busy"
    target.mkdir()
    (target / "precious.txt").write_text("keep me")
    code = main(["restore", str(out), "--data-dir", str(target)])
    assert code == 2 and "不是空的" in capsys.readouterr().err
    assert _tree(target) == {"precious.txt": b"keep me"}
    code = main(["restore", str(out), "--force", "--data-dir", str(target)])
    out_text = capsys.readouterr().out
    assert code == 0
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("busy.before-restore-")]
    assert len(aside) == 1 and (aside[0] / "precious.txt").read_text() == "keep me"
    assert str(aside[0]) in out_text and (target / "inspector.sqlite3").is_file()


def _rewrite(
    src: Path,
    dst: Path,
    change: dict[str, bytes | None],
    *,
    manifest: dict | None = None,
    extra: list[zipfile.ZipInfo] | None = None,
) -> Path:
    """Copy a zip member by member, replacing or dropping some (the manifest stays as it was)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                data = change[info.filename]
                if data is not None:
                    zout.writestr(info.filename, data)
            elif manifest is not None and info.filename == "manifest.json":
                zout.writestr(info.filename, json.dumps(manifest))
            else:
                zout.writestr(info, zin.read(info.filename))
        for x in extra or []:
            zout.writestr(x, b"evil")
    return dst


@pytest.fixture
def good_backup(world: World, sqlite_config: Config, tmp_path: Path) -> Path:
    out = tmp_path / "good.zip"
    backup.create_backup(sqlite_config, out)
    return out


def _refused(path: Path, target: Path, match: str) -> None:
    with pytest.raises(UserError, match=match):
        backup.restore_backup(
            path, target, secret=backup.BackupSecret(None, next(iter(RECOVERY_CODES.values())))
        )
    assert not target.exists() or not any(target.iterdir())
    assert not [p for p in target.parent.iterdir() if ".restoring-" in p.name]


def test_damaged_backups_are_refused_before_anything_is_written(good_backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "t"
    raw = good_backup.read_bytes()
    (tmp_path / "truncated.zip").write_bytes(raw[: len(raw) * 2 // 3])
    _refused(tmp_path / "truncated.zip", target, "不完整")
    with zipfile.ZipFile(good_backup) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    photo = next(n for n in names if n.startswith("photos/"))
    _refused(_rewrite(good_backup, tmp_path / "altered.zip", {photo: b"not the photo"}), target, "哈希不符")
    _refused(_rewrite(good_backup, tmp_path / "missing.zip", {photo: None}), target, "在清单中列出但缺失")
    evil = zipfile.ZipInfo("../../evil.txt")
    _refused(
        _rewrite(good_backup, tmp_path / "traversal.zip", {}, extra=[evil]), target, "不是普通的相对文件名"
    )
    link = zipfile.ZipInfo("documents/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    manifest_link = {
        **manifest,
        "files": {**manifest["files"], "documents/link": {"sha256": store.sha256_bytes(b"evil"), "size": 4}},
    }
    _refused(
        _rewrite(good_backup, tmp_path / "link.zip", {}, manifest=manifest_link, extra=[link]),
        target,
        "符号链接",
    )
    newer = {**manifest, "schema": "9999_from_the_future"}
    _refused(_rewrite(good_backup, tmp_path / "newer.zip", {}, manifest=newer), target, "更新版本")
    assert not (tmp_path.parent / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()


def test_postgresql_is_refused_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = resolve(tmp_path, "postgresql+psycopg://u:secret@db.example/x")
    with pytest.raises(UserError, match="pg_dump") as info:
        backup.create_backup(cfg, tmp_path / "x.zip")
    assert "secret" not in str(info.value)
    assert backup.auto_backup_if_due(cfg) is None


def test_a_damaged_key_file_is_named_with_its_reason_and_no_backup_is_made(
    world: World, sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    """The key file is damaged after the app was unlocked: the backup says why it cannot be made
    (the key file's own translated reason) and leaves no file behind."""
    sqlite_config.key_file.write_text("{ 半个文件", encoding="utf-8")
    out = tmp_path / "b" / "backup.zip"
    with pytest.raises(UserError) as info:
        backup.create_backup(sqlite_config, out)
    assert (
        info.value.message
        == f"无法读取密钥文件 {sqlite_config.key_file}（不是密钥文件（已损坏）），因此未生成备份。"
    )
    assert not out.exists() and not (out.parent.exists() and any(out.parent.iterdir()))  # no temporaries


def test_auto_backup_keeps_the_newest_and_never_manual_ones(
    world: World, sqlite_config: Config, sqlite_db: Database
) -> None:
    t0 = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)
    made = backup.auto_backup_if_due(sqlite_config, sqlite_db, 24, 3, now=t0)
    assert made is not None and made.name == "auto-20261101T080000Z.zip"
    assert backup.auto_backup_if_due(sqlite_config, sqlite_db, 24, 3, now=t0 + dt.timedelta(hours=5)) is None
    manual = sqlite_config.backups_dir / "before-upgrade.zip"
    manual.write_bytes(b"a person's own backup")
    for day in range(1, 5):
        assert backup.auto_backup_if_due(sqlite_config, sqlite_db, 24, 3, now=t0 + dt.timedelta(days=day))
    names = sorted(p.name for p in sqlite_config.backups_dir.iterdir())
    assert names == [
        "auto-20261103T080000Z.zip",
        "auto-20261104T080000Z.zip",
        "auto-20261105T080000Z.zip",
        "before-upgrade.zip",
    ]
    backup.check_backup(sqlite_config.backups_dir / names[0])


def test_cli_backup_and_check(
    world: World, sqlite_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.zip"
    assert main(["backup", "--out", str(out), "--data-dir", str(sqlite_config.data_dir)]) == 0
    assert "备份已写入" in capsys.readouterr().out
    assert main(["restore", "--check", str(out)]) == 0
    assert "完整无损" in capsys.readouterr().out
    assert main(["backup", "--auto", "--keep", "2", "--data-dir", str(sqlite_config.data_dir)]) == 0
    assert len(list(sqlite_config.backups_dir.glob("auto-*.zip"))) == 1
    assert sqlite_file(sqlite_config).is_file()


def test_archive_names_are_checked() -> None:
    from inspector.archive import is_safe_name

    for bad in ("../x", "/etc/passwd", "a/../../b", "C:/x", "a\\b", "", "a//b", "./a", "a/", "x\x00y"):
        assert not is_safe_name(bad), bad
    for good in ("db/inspector.sqlite3", "documents/通知书/2026.docx", "photos/originals/ab/" + "a" * 64):
        assert is_safe_name(good), good
