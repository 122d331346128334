"""A signed-in person changes their own password (proving the current one)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy.orm import Session

from inspector.services import users
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui.auth.account_form import field_rows, ok_cancel_layout, password_edit, same_password
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.submit import write_and_accept


class ChangePasswordDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.setWindowTitle(self.tr("Change my password"))
        self.errors = FieldErrors()
        self.current = password_edit()
        self.new = password_edit()
        self.repeat = password_edit()
        form = field_rows(
            self.errors,
            (
                (self.tr("Current password"), "current", self.current),
                (self.tr("New password"), "password", self.new),
                (self.tr("Repeat the new password"), "repeat", self.repeat),
            ),
        )
        ok_cancel_layout(self, self.errors, form, self._on_buttons_accepted)
        fit_to_screen(self, 480)

    def change(self) -> bool:
        if not same_password(self.errors, self.new, self.repeat, self.tr("The two passwords differ.")):
            return False

        def write(s: Session) -> None:
            users.change_own_password(s, self._actor, self.current.text(), self.new.text())

        return write_and_accept(self, self._db, write, self.errors, inline_user_errors=True)

    def _on_buttons_accepted(self) -> None:
        self.change()
