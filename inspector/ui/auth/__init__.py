"""Signing in and managing accounts in the desktop app.

Entry points for the main window:

- :func:`sign_in_at_start` at start-up, after the database is open: on a fresh database it first
  offers :class:`FirstAdminDialog`, then shows :class:`SignInDialog`; returns the signed-in
  :class:`~inspector.services.actor.Actor`, or None when the person cancelled (quit the app).
- :class:`UserManagementDialog` (``Accounts…``, for administrators; the services refuse others).
- :class:`ChangePasswordDialog` (``Change my password…``) and :class:`SignInDialog` again to switch
  the person at the laptop.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from inspector.services import users
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui.auth.first_admin_dialog import FirstAdminDialog
from inspector.ui.auth.password_dialog import ChangePasswordDialog
from inspector.ui.auth.sign_in_dialog import SignInDialog
from inspector.ui.auth.users_dialog import AddUserDialog, UserManagementDialog

__all__ = [
    "AddUserDialog",
    "ChangePasswordDialog",
    "FirstAdminDialog",
    "SignInDialog",
    "UserManagementDialog",
    "sign_in_at_start",
]


def sign_in_at_start(db: Database, parent: QWidget | None = None, username: str = "") -> Actor | None:
    """First-run administrator if needed, then sign-in; None when cancelled."""
    with db.read() as s:
        first_run = users.needs_first_admin(s)
    if first_run:
        first = FirstAdminDialog(db, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.created is None:
            return None
        username = first.created.username
    dialog = SignInDialog(db, parent, username=username)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor
