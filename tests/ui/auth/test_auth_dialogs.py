"""The sign-in, first-run and account dialogs, driven through their real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from inspector.domain import Role
from inspector.errors import UserError
from inspector.services import auth, users
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent
from inspector.ui import auth as ui_auth
from inspector.ui import messages
from inspector.ui.auth import (
    ChangePasswordDialog,
    FirstAdminDialog,
    SignInDialog,
    UserManagementDialog,
)

pytestmark = pytest.mark.usefixtures("zh_ui")  # the dialogs in Chinese, as a user sees them by default


def _ok(dialog: QDialog, qtbot: QtBot) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_first_run_creates_the_admin_who_is_signed_in_at_once(
    qtbot: QtBot, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def first_exec(self: FirstAdminDialog) -> int:
        self.name.setText("系统管理员")
        self.password.setText("admin-pass-1")
        self.repeat.setText("admin-pass-2")
        assert not self.create_account()  # the two passwords differ: shown, nothing created
        assert self.findChild(type(self.errors.general), "error_repeat").text() == "两次输入的密码不一致。"
        self.repeat.setText("admin-pass-1")
        _ok(self, qtbot)
        return int(self.result())

    def sign_exec(self: SignInDialog) -> int:
        raise AssertionError("the new administrator was asked to sign in again")

    monkeypatch.setattr(FirstAdminDialog, "exec", first_exec)
    monkeypatch.setattr(SignInDialog, "exec", sign_exec)
    actor = ui_auth.sign_in_at_start(sqlite_db)
    assert actor is not None and actor.role is Role.ADMIN and actor.name == "系统管理员"
    with sqlite_db.read() as s:
        assert not users.needs_first_admin(s)
        signed = s.execute(select(AuditEvent).where(AuditEvent.action == "sign_in")).scalars().all()
    assert [e.actor_id for e in signed] == [actor.user_id]  # a sign-in like any other, recorded
    # The next start proposes the administrator's name: only the password is typed.
    again = SignInDialog(sqlite_db)
    qtbot.addWidget(again)
    assert again.username.text() == "admin" and again.focusWidget() is again.password


def test_the_last_user_name_is_proposed_and_switching_user_starts_empty(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    with sqlite_db.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("zhao", "赵敏", role="office"), password="zhao-pass-1")
    first = SignInDialog(sqlite_db)
    qtbot.addWidget(first)
    assert first.username.text() == ""  # nobody signed in on this computer yet
    first.username.setText("zhao")
    first.password.setText("zhao-pass-1")
    assert first.try_sign_in()
    later = SignInDialog(sqlite_db)
    qtbot.addWidget(later)
    assert later.username.text() == "zhao"
    other = SignInDialog(sqlite_db, username="")  # "Switch user…": someone else sits down
    qtbot.addWidget(other)
    assert other.username.text() == ""


def test_cancelling_the_first_run_returns_none(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FirstAdminDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert ui_auth.sign_in_at_start(sqlite_db) is None


def test_repeated_failures_say_how_long_to_wait(qtbot: QtBot, sqlite_db: Database) -> None:
    with sqlite_db.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("zhao", "赵敏", role="office"), password="zhao-pass-1")
    dialog = SignInDialog(sqlite_db, username="zhao")
    qtbot.addWidget(dialog)
    signals: list[object] = []
    dialog.signed_in.connect(signals.append)
    for _ in range(auth.throttle.FREE_FAILURES + 1):
        dialog.password.setText("nope-nope")
        assert not dialog.try_sign_in()
    assert "请等待" in dialog.message.text() and not signals
    dialog.password.setText("zhao-pass-1")
    assert not dialog.try_sign_in()  # waits even with the right password
    assert "请等待" in dialog.message.text()


@pytest.fixture
def admin(sqlite_db: Database) -> Actor:
    with sqlite_db.write() as s:
        users.create_first_admin(s, users.UserInput("admin", "管理员"), "admin-pass-1")
        users.create_user(
            s, SYSTEM, users.UserInput("wang", "王伟", cert_no="41010020210001"), password="wang-pass-1"
        )
    return auth.sign_in(sqlite_db, "admin", "admin-pass-1")


def test_admin_manages_accounts(
    qtbot: QtBot, sqlite_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, title=None: shown.append(err.message))
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: shown.append(text))
    dialog = UserManagementDialog(sqlite_db, admin)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    with sqlite_db.read() as s:
        wang = users.find_user(s, "wang")
    assert dialog.select_user(wang.id)
    dialog.role.setCurrentIndex(dialog.role.findData("supervisor"))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    dialog.new_password.setText("wang-pass-2")
    dialog.repeat_password.setText("wang-pass-2")
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert shown == ["已设置 wang 的密码。"]
    assert auth.sign_in(sqlite_db, "wang", "wang-pass-2").role is Role.SUPERVISOR
    with qtbot.waitSignal(dialog.users_changed):
        qtbot.mouseClick(dialog.active_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1  # deactivated accounts are hidden by default
    dialog.show_inactive.setChecked(True)
    assert dialog.table.rowCount() == 2
    # the last administrator cannot demote itself: the service refuses, the dialog shows why
    dialog.select_user(admin.user_id)  # type: ignore[arg-type]
    dialog.role.setCurrentIndex(dialog.role.findData("office"))
    assert not dialog.change_role()
    assert "没有可登录的在用管理员" in shown[-1]


def test_admin_lifts_a_sign_in_delay_in_the_dialog(
    qtbot: QtBot, sqlite_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(messages, "inform", lambda _p, _t, _text: None)
    for _ in range(auth.throttle.FREE_FAILURES + 1):
        with pytest.raises(auth.SignInError):
            auth.sign_in(sqlite_db, "wang", "not-his-1")
    dialog = UserManagementDialog(sqlite_db, admin)
    qtbot.addWidget(dialog)
    with sqlite_db.read() as s:
        wang = users.find_user(s, "wang")
    assert dialog.select_user(wang.id)
    row = next(r for r in range(dialog.table.rowCount()) if "wang" in dialog.table.item(r, 0).text())
    cells = [dialog.table.item(row, c) for c in range(dialog.table.columnCount())]
    assert "登录须等待至" in " ".join(c.text() for c in cells if c is not None)
    assert dialog.unlock_button.isEnabled()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not dialog.unlock_button.isEnabled()
    assert auth.sign_in(sqlite_db, "wang", "wang-pass-1").name == "王伟"


def test_non_admins_are_refused_by_the_services(
    qtbot: QtBot, sqlite_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[UserError] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, title=None: shown.append(err))
    inspector = auth.sign_in(sqlite_db, "wang", "wang-pass-1")
    dialog = UserManagementDialog(sqlite_db, inspector)
    qtbot.addWidget(dialog)
    dialog.select_user(admin.user_id)  # type: ignore[arg-type]
    assert not dialog.toggle_active()
    assert shown and "无权" in shown[0].message


def test_change_own_password(qtbot: QtBot, sqlite_db: Database, admin: Actor) -> None:
    inspector = auth.sign_in(sqlite_db, "wang", "wang-pass-1")
    dialog = ChangePasswordDialog(sqlite_db, inspector)
    qtbot.addWidget(dialog)
    dialog.current.setText("wrong")
    dialog.new.setText("wang-pass-9")
    dialog.repeat.setText("wang-pass-9")
    assert not dialog.change()
    dialog.current.setText("wang-pass-1")
    _ok(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert auth.sign_in(sqlite_db, "wang", "wang-pass-9").name == "王伟"
