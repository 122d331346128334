"""The first start of a fresh database: create the administrator account.

Shown only while nobody can sign in as an administrator
(:func:`inspector.services.users.needs_first_admin`); the service refuses it otherwise, so this
dialog cannot be used to add a second administrator behind the office's back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session

from inspector.errors import UserError
from inspector.services import auth, users
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui.auth.account_form import PasswordFormDialog
from inspector.ui.auth.sign_in_dialog import remember_user
from inspector.ui.submit import write_and_accept


class FirstAdminDialog(PasswordFormDialog):
    """Creates the first administrator; :attr:`created` holds the account afterwards, and
    :attr:`actor` the administrator signed in with the password just typed twice (None if that
    sign-in failed, and the sign-in dialog follows)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.created: users.UserView | None = None
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Create the administrator account"))
        intro = QLabel(
            self.tr(
                "This database has no administrator yet. Create the account that will "
                "manage the other accounts. Keep its password safe: it is needed to "
                "add inspectors and to reset passwords."
            )
        )
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.name = QLineEdit()
        self.unit = QLineEdit()
        self.lay_out(
            (
                (self.tr("User name"), "username", self.username),
                (self.tr("Name"), "name", self.name),
                (self.tr("Unit"), "unit", self.unit),
            ),
            (self.tr("Password"), self.tr("Repeat the password")),
            on_ok=self._on_buttons_accepted,
            width=520,
            intro=intro,
        )

    def create_account(self) -> bool:
        if not self.passwords_match(self.tr("The two passwords differ.")):
            return False
        data = users.UserInput(
            username=self.username.text(), name=self.name.text(), unit=self.unit.text(), role="admin"
        )

        def write(s: Session) -> None:
            self.created = users.create_first_admin(s, data, self.password.text())

        if not write_and_accept(self, self._db, write, self.errors, accept=False, inline_user_errors=True):
            return False
        assert self.created is not None
        try:  # through the sign-in itself, so that it is recorded like any other
            self.actor = auth.sign_in(self._db, self.created.username, self.password.text())
        except UserError:
            self.actor = None
        remember_user(self.created.username)
        self.accept()
        return True

    def _on_buttons_accepted(self) -> None:
        self.create_account()
