"""Accounts, passwords and sign-in: hashing, lock-out, the first administrator, the admin's powers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from inspector.domain import Role
from inspector.errors import PermissionDenied, UserError, ValidationError
from inspector.services import auth, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, User
from inspector.storage.types import utcnow


def test_password_hash_is_salted_scrypt_with_parameters_inside() -> None:
    a, b = auth.hash_password("correct horse"), auth.hash_password("correct horse")
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert auth.verify_password("correct horse", a) and auth.verify_password("correct horse", b)
    assert not auth.verify_password("correct hors", a)
    assert not auth.verify_password("x", "garbage") and not auth.verify_password("x", None)
    assert not auth.needs_rehash(a)
    weak = "scrypt$1024$8$1$" + a.split("$", 4)[4]
    assert auth.needs_rehash(weak)


def test_first_admin_only_while_nobody_can_administer(db: Database) -> None:
    with db.read() as s:
        assert users.needs_first_admin(s)
    with db.write() as s:
        admin = users.create_first_admin(s, users.UserInput("admin", "管理员"), "s3cret-pass")
    assert admin.role == "admin" and admin.has_password
    with db.read() as s:
        assert not users.needs_first_admin(s)
    with db.write() as s, pytest.raises(PermissionDenied):
        users.create_first_admin(s, users.UserInput("mallory", "坏人"), "another-pass")
    assert auth.sign_in(db, "admin", "s3cret-pass").role is Role.ADMIN


def test_failures_slow_down_one_source_not_the_account(sqlite_db: Database) -> None:
    with sqlite_db.write() as s:
        users.create_user(
            s, SYSTEM, users.UserInput("zhang", "张伟", cert_no="41010020200001"), password="good-pass1"
        )
    here, there = "mallory@desk-9", "zhang@desk-1"
    for _ in range(auth.throttle.FREE_FAILURES):
        with pytest.raises(auth.SignInError, match="用户名或密码错误"):
            auth.sign_in(sqlite_db, "zhang", "wrong", source=here)
    with pytest.raises(auth.SignInError, match="请等待 5 秒") as info:
        auth.sign_in(sqlite_db, "zhang", "wrong", source=here)
    until = info.value.locked_until
    assert until is not None and dt.timedelta(seconds=4) < until - utcnow() <= dt.timedelta(seconds=5)
    assert auth.local_time_text(until) in info.value.message
    # even the right password waits, from that source ...
    with pytest.raises(auth.SignInError, match="请等待"):
        auth.sign_in(sqlite_db, "zhang", "good-pass1", source=here)
    # ... but the account is not locked for everyone: zhang signs in at his own desk
    assert auth.sign_in(sqlite_db, "zhang", "good-pass1", source=there).name == "张伟"
    # each further failure doubles the wait, up to a cap
    waits = []
    for _ in range(12):
        with sqlite_db.write() as s:
            result = auth.authenticate(s, "zhang", "wrong", now=until + dt.timedelta(seconds=1), source=here)
        assert not result.ok and result.locked_until is not None
        waits.append((result.locked_until - until - dt.timedelta(seconds=1)).total_seconds())
        until = result.locked_until
    assert waits[:3] == [10, 20, 40] and max(waits) == auth.throttle.MAX_DELAY_S
    with sqlite_db.read() as s:
        actions = s.execute(select(AuditEvent.action).where(AuditEvent.entity == "user")).scalars().all()
        uid = s.execute(select(User.id).where(User.username == "zhang")).scalar_one()
        assert users.get_user(s, uid).locked_until is not None  # the account list shows the wait
    assert actions.count("sign_in.failed") == 4 + 12
    # the wait ends by itself ...
    with sqlite_db.write() as s:
        result = auth.authenticate(s, "zhang", "good-pass1", now=until + dt.timedelta(seconds=1), source=here)
    assert result.ok
    # ... or an administrator lifts it, for every source at once
    for _ in range(auth.throttle.FREE_FAILURES + 1):
        with pytest.raises(auth.SignInError):
            auth.sign_in(sqlite_db, "zhang", "wrong", source=here)
    with sqlite_db.write() as s:
        assert users.get_user(s, uid).locked_until is not None
        users.unlock(s, SYSTEM, uid)
    with sqlite_db.read() as s:
        assert users.get_user(s, uid).locked_until is None
    assert auth.sign_in(sqlite_db, "zhang", "good-pass1", source=here).name == "张伟"


def test_unknown_names_are_slowed_down_like_known_ones(sqlite_db: Database) -> None:
    for _ in range(auth.throttle.FREE_FAILURES):
        with pytest.raises(auth.SignInError, match="用户名或密码错误"):
            auth.sign_in(sqlite_db, "nobody", "whatever1", source="x@y")
    with pytest.raises(auth.SignInError, match="请等待"):
        auth.sign_in(sqlite_db, "nobody", "whatever1", source="x@y")


def test_unknown_inactive_and_passwordless_accounts(sqlite_db: Database) -> None:
    with pytest.raises(auth.SignInError, match="用户名或密码错误"):
        auth.sign_in(sqlite_db, "nobody", "whatever1")
    with sqlite_db.write() as s:
        u = users.create_user(
            s, SYSTEM, users.UserInput("li", "李芳", cert_no="41010020200002"), password="pass-word1"
        )
        users.create_user(s, SYSTEM, users.UserInput("wang", "王", role="office"))
        users.set_active(s, SYSTEM, u.id, False)
    with pytest.raises(auth.SignInError, match="已停用"):
        auth.sign_in(sqlite_db, "li", "pass-word1")
    with pytest.raises(auth.SignInError, match="尚未设置密码"):
        auth.sign_in(sqlite_db, "wang", "anything1")


def test_only_admins_manage_accounts_and_the_last_admin_stays(db: Database) -> None:
    with db.write() as s:
        admin = users.create_first_admin(s, users.UserInput("admin", "管理员"), "admin-pass1")
        boss = users.create_user(
            s,
            SYSTEM,
            users.UserInput("boss", "陈强", role="supervisor", cert_no="41010020180003"),
            password="boss-pass1",
        )
    boss_actor = auth.sign_in(db, "boss", "boss-pass1")
    admin_actor = auth.sign_in(db, "admin", "admin-pass1")
    with db.write() as s, pytest.raises(PermissionDenied):
        users.create_user(s, boss_actor, users.UserInput("x1", "某", role="admin"), password="pass-word1")
    with db.write() as s, pytest.raises(PermissionDenied):
        users.set_role(s, boss_actor, boss.id, "admin")
    with db.write() as s, pytest.raises(UserError, match="没有可登录的在用管理员"):
        users.set_role(s, admin_actor, admin.id, "office")
    with db.write() as s, pytest.raises(UserError, match="不能停用自己"):
        users.set_active(s, admin_actor, admin.id, False)
    with db.write() as s:
        users.set_role(s, admin_actor, boss.id, "admin")
        users.set_role(s, admin_actor, admin.id, "office")  # another admin exists now
        users.set_password(s, admin_actor, boss.id, "new-boss-pass")
    assert auth.sign_in(db, "boss", "new-boss-pass").role is Role.ADMIN
    with db.write() as s, pytest.raises(ValidationError):
        users.set_password(s, SYSTEM, boss.id, "short")
    with db.write() as s, pytest.raises(ValidationError, match="当前密码不正确"):
        users.change_own_password(s, admin_actor, "wrong", "whatever-123")
    with db.write() as s:
        users.change_own_password(s, admin_actor, "admin-pass1", "whatever-123")
    assert auth.sign_in(db, "admin", "whatever-123").role is Role.OFFICE
