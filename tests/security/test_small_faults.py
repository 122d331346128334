"""The smaller faults of issue 12 (point 7), each shown fixed: restore reads the database's own schema
version, an interrupted demo starts again, a killed backup's leftovers go at the next backup,
failed sign-ins slow down one source instead of locking the account for everyone, ``sites list``
says when it shows a page of a larger total, library warnings go to the log, and a full disk on a
laptop is not blamed on "the server"."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from inspector import backup, demo
from inspector.archive import writing
from inspector.backup import leftovers
from inspector.backup.snapshot import DB_MEMBER, MANIFEST
from inspector.config import Config, resolve
from inspector.errors import DatabaseError
from inspector.services import auth, sites, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, connect_file, open_database
from inspector.storage.models import Site, User
from tests.security.cli_helpers import ADMIN, ADMIN_PASSWORD, Office, files, make_office, rows, run, verified
from tests.world import jpeg

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office(sqlite_db: Database, sqlite_config: Config, tmp_path: Path) -> Office:
    return make_office(sqlite_db, sqlite_config, tmp_path)


# --- restore reads the schema of the database it restores --------------------------------------


def test_restore_refuses_a_database_newer_than_its_manifest_says(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    honest = tmp_path / "honest.zip"
    backup.create_backup(office.config, honest)
    checked = backup.check_backup(honest)
    newer = tmp_path / "db-from-the-future.sqlite3"
    with checked.open() as zf:
        newer.write_bytes(zf.read(DB_MEMBER))
    conn = connect_file(newer, office.config.key)  # the backup's database is encrypted like the directory's
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_a_newer_app'")
    conn.commit()
    conn.close()
    forged = tmp_path / "forged.zip"  # every hash right, the manifest claiming the old schema
    with checked.open() as zf, writing(forged, MANIFEST) as w:
        for name in sorted(checked.files):
            if name == DB_MEMBER:
                w.add_file(name, newer)
            else:
                w.add_bytes(name, zf.read(name))
        w.commit({k: v for k, v in checked.manifest.items() if k != "files"})
    backup.check_backup(forged)  # the archive itself is intact: only the database inside says otherwise
    target = tmp_path / "restored"
    code, _, err = run(capsys, "restore", str(forged), "--data-dir", str(target))
    assert code == 2 and "9999_from_a_newer_app" in err and "未作任何更改" in err
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restored.restoring-")]
    assert run(capsys, "restore", str(honest), "--data-dir", str(target))[0] == 0


# --- the demo starts again after a kill, and never goes into real data --------------------------


@pytest.mark.slow
def test_an_interrupted_demo_starts_again_from_a_clean_slate(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = resolve(data_dir)
    db = open_database(config)

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies here, after the office and its documents

    monkeypatch.setattr(demo, "seed_followup", killed)
    with pytest.raises(KeyboardInterrupt):
        demo.seed(db, config)
    db.close()
    monkeypatch.undo()
    half = verified(config)
    assert half.ok  # what is there is consistent, only unfinished
    code, out, err = run(capsys, "demo", "--data-dir", str(data_dir))
    assert code == 0, err
    assert "中断" in out and "30 次检查" in out
    seeded = re.search(r"(\d+) 个场所", out)
    assert seeded is not None
    assert verified(config).ok  # no orphan of the first run is left
    db = open_database(config)
    try:
        with db.read() as s:  # the demo's sites once each: none of the first run's left beside them
            assert s.execute(select(func.count()).select_from(Site)).scalar_one() == int(seeded[1])
            names = s.execute(select(func.count(func.distinct(Site.name)))).scalar_one()
            assert names == int(seeded[1]) > 40
            assert s.execute(select(func.count()).select_from(User)).scalar_one() == 9
    finally:
        db.close()
    code, out, _ = run(capsys, "demo", "--data-dir", str(data_dir))
    assert code == 0 and "未作任何改动" in out


def test_the_demo_never_goes_into_real_records(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    before = (rows(office.config), files(office.config))
    code, _, err = run(capsys, "demo", *office.dir)
    assert code == 2 and "非演示的记录" in err
    assert (rows(office.config), files(office.config)) == before
    assert verified(office.config).ok


# --- a killed backup's leftovers go at the next backup ------------------------------------------


def _leftovers(folder: Path, name: str) -> list[str]:
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(leftovers.SNAPSHOT_PREFIX)
        or (p.name.startswith(f".{name}.") and p.name.endswith(".part"))
    )


def test_a_killed_backup_leaves_nothing_behind_after_the_next_one(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bulk = office.config.documents_dir / "scans"
    bulk.mkdir(parents=True)
    for i in range(12):
        (bulk / f"scan-{i}.bin").write_bytes(os.urandom(1 << 20))
    out_dir = tmp_path / "usb"
    out = out_dir / "backup.zip"
    env = {**os.environ, "INSPECTOR_LANG": "en", "PYTHONUNBUFFERED": "1"}
    child = ROOT / "tests" / "backup" / "kill_child.py"
    for _ in range(5):  # until a kill lands while the backup works (it nearly always does at once)
        proc = subprocess.Popen(
            [sys.executable, str(child), "backup", str(office.config.data_dir), str(out)],
            cwd=ROOT,
            env=env,
            text=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert proc.stderr is not None
        for line in proc.stderr:
            if "Copying" in line:
                break
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stderr.close()
        if _leftovers(out_dir, out.name):
            break
    assert _leftovers(out_dir, out.name), "no kill landed inside the backup"
    with leftovers.snapshot(out_dir) as live:  # another backup still running there is left alone
        code, _, err = run(capsys, "backup", "--out", str(out), *office.dir)
        assert code == 0, err
        assert _leftovers(out_dir, out.name) == [live.path.name]
    assert _leftovers(out_dir, out.name) == []
    assert sorted(p.name for p in out_dir.iterdir()) == ["backup.zip"]
    backup.check_backup(out)


# --- failed sign-ins slow down one source, and an administrator lifts the delay -----------------


def test_nobody_can_lock_the_administrator_out(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(office.config)
    try:
        for _ in range(auth.throttle.FREE_FAILURES + 6):  # someone guessing at another desk
            with pytest.raises(auth.SignInError):
                auth.sign_in(db, ADMIN, "guess-guess", source="mallory@desk-9")
        with pytest.raises(auth.SignInError, match="请等待"):
            auth.sign_in(db, ADMIN, ADMIN_PASSWORD, source="mallory@desk-9")
    finally:
        db.close()
    # the administrator, at this computer, is not held up and can lift the delay of the other desk
    monkeypatch.setenv("INSPECTOR_PASSWORD", ADMIN_PASSWORD)
    code, out, _ = run(capsys, "users", "list", "--as", ADMIN, *office.dir)
    assert code == 0 and "登录须等待至" in out
    assert run(capsys, "users", "unlock", ADMIN, "--as", ADMIN, *office.dir)[0] == 0
    db = open_database(office.config)
    try:
        assert auth.sign_in(db, ADMIN, ADMIN_PASSWORD, source="mallory@desk-9").name == "管理员"
        with db.read() as s:
            assert users.find_user(s, ADMIN).locked_until is None
    finally:
        db.close()


# --- sites list says when it shows a page -------------------------------------------------------


def test_sites_list_says_when_it_shows_a_page_of_a_larger_total(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(office.config)
    try:
        with db.write() as s:
            for i in range(11):
                sites.create_site(
                    s, SYSTEM, sites.SiteInput(kind="pharmacy", name=f"药店{i:02d}", licence_no=f"YD{i:03d}")
                )
    finally:
        db.close()
    code, out, _ = run(capsys, "sites", "list", "--limit", "5", *office.dir)
    assert code == 0 and out.strip().endswith("共 12 个场所，仅显示前 5 个；用 --limit N 可显示更多。")
    code, out, err = run(capsys, "sites", "list", "--limit", "5", "--json", *office.dir)
    assert len(json.loads(out)) == 5 and "共 12 个场所" in err
    code, out, err = run(capsys, "sites", "list", *office.dir)
    assert out.strip().endswith("12 个场所") and "仅显示" not in out + err


# --- library warnings go to the log -------------------------------------------------------------


def _jpeg_with_broken_exif(path: Path) -> Path:
    good = jpeg(path.with_suffix(".tmp"), 5, (120, 90)).read_bytes()
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x05\x00\x0f\x01\x02\x00\xff\xff\x00\x00\x10\x00\x00\x00"
    path.write_bytes(good[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + good[2:])
    return path


def test_library_warnings_go_to_the_log_not_the_terminal(office: Office, tmp_path: Path) -> None:
    photo = _jpeg_with_broken_exif(tmp_path / "odd-exif.jpg")
    env = {
        **os.environ,
        "INSPECTOR_PASSWORD": ADMIN_PASSWORD,
        "INSPECTOR_LANG": "en",
        "PYTHONWARNINGS": "default",
    }
    args = ["photos", "add", str(office.world.inspection_id), str(photo), "--as", ADMIN, *office.dir]
    done = subprocess.run(
        [sys.executable, "-m", "inspector", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 photo(s) added" in done.stdout
    assert "Warning" not in done.stderr and done.stderr.strip() == ""
    log = (office.config.data_dir / "logs" / "cli.log").read_text(encoding="utf-8")
    assert "Corrupt EXIF data" in log


# --- a full disk on a laptop ----------------------------------------------------------------------


def test_a_full_disk_on_sqlite_does_not_talk_about_a_server(office: Office) -> None:
    db = open_database(office.config)
    db.engine.dispose()

    @event.listens_for(db.engine, "connect")
    def _no_room(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    before = rows(office.config)
    try:
        with pytest.raises(DatabaseError) as info, db.write() as s:
            sites.create_site(s, SYSTEM, sites.SiteInput(kind="clinic", name="大", notes="记" * 400_000))
    finally:
        db.close()
    assert "磁盘已满" in info.value.message and "服务器" not in info.value.message
    assert rows(office.config) == before


def test_a_full_server_says_server() -> None:
    from inspector.storage.db_errors import environment_error

    full = environment_error(
        Exception("could not extend file: No space left on device"), "pg://x", server=True
    )
    assert full is not None and "服务器" in full.message
