"""A signed-in person changes their own password (proving the current one)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from inspector.services import users
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui.auth.account_form import PasswordFormDialog, password_edit
from inspector.ui.submit import write_and_accept


class ChangePasswordDialog(PasswordFormDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._actor = actor
        self.setWindowTitle(self.tr("Change my password"))
        self.current = password_edit()
        self.new = self.password  # the new password, typed twice
        self.lay_out(
            ((self.tr("Current password"), "current", self.current),),
            (self.tr("New password"), self.tr("Repeat the new password")),
            on_ok=self._on_buttons_accepted,
            width=480,
        )

    def change(self) -> bool:
        if not self.passwords_match(self.tr("The two passwords differ.")):
            return False

        def write(s: Session) -> None:
            users.change_own_password(s, self._actor, self.current.text(), self.new.text())

        return write_and_accept(self, self._db, write, self.errors, inline_user_errors=True)

    def _on_buttons_accepted(self) -> None:
        self.change()
