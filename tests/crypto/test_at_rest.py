"""Encryption at rest, shown as an attacker with a copy of the folder would see it: after ``demo``
no file holds a site name, a finding, or a JPEG or Word signature; a wrong password opens nothing;
passwords, deactivation and the recovery code do what the README says."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector import durable
from inspector.cli import main
from inspector.config import resolve
from inspector.crypto.keyfile import KeyFile
from inspector.crypto.keys import SCRYPT_N, KdfParams
from inspector.errors import DatabaseError, UserError
from inspector.services import auth, throttle, unlock, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import open_database
from inspector.storage.models import Answer, Site
from inspector.storage.types import utcnow

SIGNATURES = {
    "JPEG (JFIF)": b"JFIF\x00",
    "JPEG (Exif)": b"Exif\x00\x00",
    "JPEG start": b"\xff\xd8\xff\xe0\x00\x10",
    "zip / docx": b"PK\x03\x04",
    "docx part": b"[Content_Types].xml",
    "SQLite": b"SQLite format 3",
}


def test_demo_leaves_no_plaintext_in_any_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data)]) == 0
    opened = unlock.sign_in(resolve(data), "admin", "demo1234")
    with opened.db.read() as s:
        names = [n for (n,) in s.execute(select(Site.name))]
        findings = [f for (f,) in s.execute(select(Answer.finding).where(Answer.finding != ""))]
    opened.db.close()
    assert names and findings
    needles = {**SIGNATURES, "site name": names[0].encode(), "finding": findings[0].encode()}
    needles.update({f"site {n}": n.encode() for n in names[:10]})
    scanned = 0
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        content = path.read_bytes()
        scanned += 1
        found = [what for what, needle in needles.items() if needle in content]
        assert not found, f"{path.relative_to(data)} holds {found}"
    assert scanned > 20  # photos, derived images, documents, database, key file


def _office(tmp_path: Path) -> tuple[unlock.Unlocked, str]:
    config, code = unlock.create_office(resolve(tmp_path / "office"))
    db = open_database(config)
    with db.write() as s:
        users.create_first_admin(s, users.UserInput("admin", "管理员"), "admin-pass-1")
        users.create_user(
            s, SYSTEM, users.UserInput("li", "李芳", cert_no="41010020200002"), password="li-pass-12"
        )
        users.create_user(
            s, SYSTEM, users.UserInput("wang", "王强", cert_no="41010020200003"), password="wang-pass-1"
        )
    db.close()
    return unlock.Unlocked(config, db, None), code


def test_a_wrong_password_opens_nothing_and_is_counted(tmp_path: Path) -> None:
    office, _code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    for name, password in (("li", "wrong-pass"), ("nobody", "li-pass-12"), ("", "")):
        with pytest.raises(auth.SignInError):
            unlock.sign_in(plain, name, password)
    with pytest.raises(UserError):  # the database itself refuses without the key
        open_database(plain)
    for _ in range(4):
        with pytest.raises(auth.SignInError):
            unlock.unlock(plain, "li", "wrong-again")
    with pytest.raises(auth.SignInError) as waited:  # now it waits, even with the right password
        unlock.unlock(plain, "li", "li-pass-12")
    assert waited.value.locked_until is not None


def test_failed_unlocks_follow_the_one_throttle_per_source(tmp_path: Path) -> None:
    """The key file's door slows down exactly like the database's sign-in (one throttle): per source
    and user name, doubling, never a lock-out of the account for everyone; an administrator lifts it."""
    office, _code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    here, there = "mallory@desk-9", "li@desk-1"
    now = utcnow()
    for _ in range(throttle.FREE_FAILURES):
        with pytest.raises(auth.SignInError, match="用户名或密码错误"):
            unlock.unlock(plain, "li", "wrong-pass", now=now, source=here)
    waits = []
    for _ in range(8):
        with pytest.raises(auth.SignInError, match="请等待") as info:
            unlock.unlock(plain, "li", "wrong-pass", now=now, source=here)
        assert info.value.locked_until is not None
        waits.append((info.value.locked_until - now).total_seconds())
        now = info.value.locked_until + dt.timedelta(seconds=1)
    assert waits == [throttle.delay_after(n).total_seconds() for n in range(4, 12)]
    assert waits[:3] == [5, 10, 20]
    with pytest.raises(auth.SignInError, match="请等待"):  # the right password waits too, from there
        unlock.unlock(plain, "li", "li-pass-12", now=now - dt.timedelta(seconds=2), source=here)
    # li is not locked out: at her own desk her password opens the data
    assert unlock.unlock(plain, "li", "li-pass-12", now=now, source=there).key is not None
    # the counts live in a file beside the key file: the database is shut until the key unwraps
    assert (plain.data_dir / throttle.ATTEMPTS_FILE).exists()
    # an administrator lifts the wait, for every source
    with pytest.raises(auth.SignInError, match="请等待"):
        unlock.unlock(plain, "li", "wrong-pass", now=now, source=here)
    admin = unlock.sign_in(plain, "admin", "admin-pass-1")
    assert admin.actor is not None
    with admin.db.write() as s:
        users.unlock(s, admin.actor, users.find_user(s, "li").id)
    admin.db.close()
    assert unlock.unlock(plain, "li", "li-pass-12", now=now, source=here).key is not None


def test_password_change_and_deactivation_keep_the_others_access(tmp_path: Path) -> None:
    office, _code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    li = unlock.sign_in(plain, "li", "li-pass-12")
    assert li.actor is not None
    with li.db.write() as s:
        users.change_own_password(s, li.actor, "li-pass-12", "li-new-pass")
    li.db.close()
    with pytest.raises(auth.SignInError):
        unlock.unlock(plain, "li", "li-pass-12")  # the old password no longer unwraps the key
    unlock.sign_in(plain, "li", "li-new-pass").db.close()
    admin = unlock.sign_in(plain, "admin", "admin-pass-1")
    assert admin.actor is not None
    with admin.db.write() as s:
        wang = users.find_user(s, "wang")
        users.set_active(s, admin.actor, wang.id, False)
    admin.db.close()
    assert "wang" not in KeyFile.load(plain.key_file).users()
    with pytest.raises(auth.SignInError):
        unlock.sign_in(plain, "wang", "wang-pass-1")
    unlock.sign_in(plain, "li", "li-new-pass").db.close()  # the others keep their access
    unlock.sign_in(plain, "admin", "admin-pass-1").db.close()


def test_a_full_disk_during_a_password_change_says_so_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office, _code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    before = plain.key_file.read_bytes()
    li = unlock.sign_in(plain, "li", "li-pass-12")
    assert li.actor is not None

    def disk_full(path: Path, data: bytes, **_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable, "write_atomic", disk_full)
    with pytest.raises(DatabaseError) as refused, li.db.write() as s:
        users.change_own_password(s, li.actor, "li-pass-12", "li-new-pass")
    li.db.close()
    monkeypatch.undo()
    assert "磁盘空间已满" in str(refused.value) and "Errno" not in str(refused.value)
    assert plain.key_file.read_bytes() == before
    unlock.sign_in(plain, "li", "li-pass-12").db.close()  # the old password still opens the data


def test_a_damaged_key_file_is_explained_in_chinese(tmp_path: Path) -> None:
    office, _code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    plain.key_file.write_text("{not json", encoding="utf-8")
    with pytest.raises(DatabaseError) as refused:
        unlock.unlock(plain, "li", "li-pass-12")
    assert "不是密钥文件（已损坏）" in str(refused.value) and "Expecting" not in str(refused.value)
    plain.key_file.unlink()
    with pytest.raises(DatabaseError) as missing:
        unlock.unlock(plain, "li", "li-pass-12")
    assert "文件不存在" in str(missing.value)


def test_the_recovery_code_opens_the_data_and_can_be_reissued(tmp_path: Path) -> None:
    office, code = _office(tmp_path)
    plain = resolve(office.config.data_dir)
    with pytest.raises(UserError):
        unlock.unlock_with_recovery(plain, "0000-0000-0000-0000-0000-0000")
    keyed = unlock.unlock_with_recovery(plain, code.lower().replace("-", " "))  # typed loosely
    db = open_database(keyed)
    with db.write() as s:
        assert users.find_user(s, "li").active
        admin = users.actor_for(users.find_user(s, "admin"))
        from inspector.services import key_slots

        new_code = key_slots.reissue_recovery_code(s, admin)
    db.close()
    with pytest.raises(UserError):
        unlock.unlock_with_recovery(plain, code)
    assert unlock.unlock_with_recovery(plain, new_code).key is not None


def test_slots_record_their_parameters(tmp_path: Path) -> None:
    office, _code = _office(tmp_path)
    params = KeyFile.load(office.config.key_file).slot_params("admin")
    assert params is not None and params.n == 2**10 and params.r == 8  # the tests' cheap scrypt
    assert SCRYPT_N == 2**16 and KdfParams.fresh().r == 8  # the app's default, measured by make bench


def test_killing_the_conversion_at_random_points_leaves_a_whole_directory(tmp_path: Path) -> None:
    """``inspector db encrypt`` killed at random moments: after each kill the directory opens whole,
    either still plain or encrypted, with every row and every file, and ``verify`` finds nothing."""
    import random
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from inspector.services import verify

    template = tmp_path / "template"
    config = resolve(template)
    db = open_database(config)
    from tests.world import build_world

    build_world(db, config, tmp_path)
    with db.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("boss", "管理员", role="admin"), password="boss-pass-1")
    db.close()
    rng = random.Random(17)
    outcomes = []
    env = {"INSPECTOR_PASSWORD": "boss-pass-1", "PATH": "/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}
    for run in range(6):
        target = tmp_path / f"run{run}"
        shutil.copytree(template, target)
        cmd = [sys.executable, "-m", "inspector", "--data-dir", str(target), "db", "encrypt", "--as", "boss"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = unlock.data_state(resolve(target))  # finishes or undoes an interrupted swap
        opened = (
            unlock.sign_in(resolve(target), "boss", "boss-pass-1")
            if state is unlock.DataState.ENCRYPTED
            else unlock.Unlocked(resolve(target), open_database(resolve(target)), None)
        )
        with opened.db.read() as s:
            report = verify.verify_all(s, opened.config)
        opened.db.close()
        assert report.ok, (run, state, report.problems)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(f".run{run}.")]  # no leftovers
        outcomes.append(state)
    assert unlock.DataState.ENCRYPTED in outcomes or unlock.DataState.PLAIN in outcomes
