"""Signing in: user name and password, with the reason shown when it is refused.

The user name last signed in on this computer is filled in (kept in the computer's settings, not in
the database), so the person at their own laptop types only the password.

A refusal (wrong password, locked account with the time it opens again, deactivated account) stays in
the dialog so the person can read it and try again; the failed attempt is already counted in the
database by :func:`inspector.services.auth.sign_in`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import UserError
from inspector.services import auth
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui.field_errors import ERROR_STYLE
from inspector.ui.screen_fit import fit_contents, fit_to_screen

# The last user name signed in on this computer (not the password), proposed at the next sign-in.
USER_KEY = "sign_in/user"


def remembered_user() -> str:
    return str(QSettings().value(USER_KEY, "") or "")


def remember_user(username: str) -> None:
    QSettings().setValue(USER_KEY, username)


class SignInDialog(QDialog):
    """Modal sign-in. ``signed_in(Actor)`` is emitted and :attr:`actor` set when it succeeds."""

    signed_in = Signal(object)

    def __init__(
        self,
        db: Database | None,
        parent: QWidget | None = None,
        username: str | None = None,
        *,
        signer: Callable[[str, str], Actor] | None = None,
    ) -> None:
        """``signer(name, password)`` signs in when the database is not open yet (an encrypted
        directory: the password first unwraps its key); else the open ``db`` is asked."""
        super().__init__(parent)
        self._db = db
        self._signer = signer
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in"))
        username = remembered_user() if username is None else username
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 400)
        (self.password if username else self.username).setFocus()

    def try_sign_in(self) -> bool:
        """Check the typed name and password; on success close the dialog, else show why not."""
        name = self.username.text().strip()
        if not name:
            self._show(self.tr("Type your user name."))
            return False
        try:
            if self._signer is not None:
                actor = self._signer(name, self.password.text())
            else:
                assert self._db is not None
                actor = auth.sign_in(self._db, name, self.password.text())
        except UserError as err:
            self.password.clear()
            self.password.setFocus()
            self._show(err.message)
            return False
        self.actor = actor
        remember_user(name)
        self.signed_in.emit(actor)
        self.accept()
        return True

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        fit_contents(self)

    def _on_buttons_accepted(self) -> None:
        self.try_sign_in()
