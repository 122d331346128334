"""A signed-in person changes their own password (proving the current one)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from inspector.services import users
from inspector.services.actor import Actor
from inspector.storage.db import Database
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
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        form = QFormLayout()
        for edit, name, label in (
            (self.current, "current", self.tr("Current password")),
            (self.new, "password", self.tr("New password")),
            (self.repeat, "repeat", self.tr("Repeat the new password")),
        ):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow(label, self.errors.wrap(name, edit))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        fit_to_screen(self, 480)

    def change(self) -> bool:
        self.errors.clear()
        if self.new.text() != self.repeat.text():
            self.errors.show([("repeat", self.tr("The two passwords differ."))])
            return False

        def write(s: Session) -> None:
            users.change_own_password(s, self._actor, self.current.text(), self.new.text())

        return write_and_accept(self, self._db, write, self.errors, inline_user_errors=True)

    def _on_buttons_accepted(self) -> None:
        self.change()
