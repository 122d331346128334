"""Signing in and managing accounts in the desktop app.

Entry points for the main window:

- :func:`open_data` at start-up, before the database is open: an encrypted directory is opened by
  the sign-in itself (the password unwraps the key), a new laptop directory is created encrypted
  (its recovery code shown once), a server database or an unconverted directory is opened and then
  signed in to as before (:func:`sign_in_at_start`). Returns what the window needs, or None when the
  person cancelled (quit the app).
- :func:`sign_in_at_start` with an open database: on a fresh database it first offers
  :class:`FirstAdminDialog`, then shows :class:`SignInDialog`; returns the signed-in
  :class:`~inspector.services.actor.Actor`, or None when the person cancelled.
- :class:`UserManagementDialog` (``Accounts…``, for administrators; the services refuse others).
- :class:`ChangePasswordDialog` (``Change my password…``) and :class:`SignInDialog` again to switch
  the person at the laptop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from inspector.config import Config
from inspector.domain import Role
from inspector.services import unlock, users
from inspector.services.actor import Actor
from inspector.storage.db import Database, open_database
from inspector.ui.auth.first_admin_dialog import FirstAdminDialog
from inspector.ui.auth.password_dialog import ChangePasswordDialog
from inspector.ui.auth.recovery_dialog import RecoveryCodeDialog
from inspector.ui.auth.sign_in_dialog import SignInDialog
from inspector.ui.auth.users_dialog import AddUserDialog, UserManagementDialog

__all__ = [
    "AddUserDialog",
    "ChangePasswordDialog",
    "FirstAdminDialog",
    "RecoveryCodeDialog",
    "SignInDialog",
    "UserManagementDialog",
    "open_data",
    "sign_in_at_start",
]


def sign_in_at_start(
    db: Database, parent: QWidget | None = None, username: str | None = None
) -> Actor | None:
    """First-run administrator if needed, then sign-in; None when cancelled."""
    with db.read() as s:
        first_run = users.needs_first_admin(s)
    if first_run:
        first = FirstAdminDialog(db, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.created is None:
            return None
        if first.actor is not None:  # signed in with the password just chosen: not asked again
            return first.actor
        username = first.created.username
    dialog = SignInDialog(db, parent, username=username)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def open_data(
    config: Config, parent: QWidget | None = None, on_open: Callable[[Database], None] | None = None
) -> unlock.Unlocked | None:
    """Open the data directory as a person (see the module docstring); None when cancelled.
    ``on_open(db)`` runs as soon as the database is open, before any dialog of an unencrypted one
    (the app reads the office's language there). Raises :class:`~inspector.errors.UserError` when
    the database cannot be opened."""
    state = unlock.data_state(config)
    if state is unlock.DataState.ENCRYPTED:
        return _sign_in_encrypted(config, parent)
    if state is unlock.DataState.NEW:
        return _create_encrypted(config, parent)
    db = open_database(config)
    if on_open is not None:
        on_open(db)
    actor = sign_in_at_start(db, parent)
    if actor is None:
        db.close()
        return None
    if state is unlock.DataState.PLAIN and actor.role is Role.ADMIN:
        return _offer_encryption(unlock.Unlocked(config, db, actor), parent)
    return unlock.Unlocked(config, db, actor)


def _offer_encryption(opened: unlock.Unlocked, parent: QWidget | None) -> unlock.Unlocked:
    """An administrator opening an unencrypted laptop directory is offered the conversion."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from inspector.errors import UserError

    # Called as QCoreApplication.translate (not through an alias): lupdate files a text under its
    # context only when it sees that name.
    title = QCoreApplication.translate("open_data", "Encrypt this data directory?")
    answer = QMessageBox.question(
        parent,
        title,
        QCoreApplication.translate(
            "open_data",
            "The data on this computer is not encrypted: anyone who copies the folder can read it. "
            "Encrypt it now? A checked backup is made first; every account keeps its password.",
        ),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return opened
    opened.db.close()
    try:
        done = _encrypt_off_the_ui_thread(opened.config, parent)
    except UserError as err:
        QMessageBox.warning(parent, title, err.message)
        return unlock.Unlocked(opened.config, open_database(opened.config), opened.actor)
    RecoveryCodeDialog(done.recovery_code, parent).exec()
    return unlock.Unlocked(done.config, open_database(done.config), opened.actor)


def _encrypt_off_the_ui_thread(config: Config, parent: QWidget | None) -> Any:
    """Convert the directory in a background job while a busy dialog keeps the window painted: the
    backup, the encrypted copy and its check take a minute on a year's data. Returns what
    ``encrypt_directory`` returned; its :class:`UserError` is raised here, a bug goes to the crash
    handler as every job's does."""
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QProgressDialog

    from inspector.backup import encrypt
    from inspector.errors import UserError
    from inspector.ui.jobs import Control, Job

    busy = QProgressDialog(
        QCoreApplication.translate("open_data", "Encrypting the data directory…"), "", 0, 0, parent
    )
    busy.setCancelButton(None)
    busy.setMinimumDuration(0)
    busy.setModal(True)
    busy.show()
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def convert(control: Control) -> Any:
        return encrypt.encrypt_directory(config, control.progress)

    job = Job(parent, convert, pool_name="encrypt")
    job.with_progress(busy.setLabelText)
    job.success(lambda result: outcome.update(result=result))
    job.failure(lambda err: outcome.update(error=err))
    job.ended(lambda _ok: loop.quit())
    job.run_in_background()
    loop.exec()  # the job's callbacks arrive queued on this thread: none can run before this line
    busy.close()
    if "result" in outcome:
        return outcome["result"]
    error = outcome.get("error")
    raise (
        error
        if isinstance(error, UserError)
        else UserError(
            QCoreApplication.translate(
                "open_data",
                "The conversion did not finish (the details are in the log). Start the app again.",
            )
        )
    )


def _sign_in_encrypted(config: Config, parent: QWidget | None) -> unlock.Unlocked | None:
    opened: list[unlock.Unlocked] = []

    def signer(name: str, password: str) -> Actor:
        result = unlock.sign_in(config, name, password)
        opened.append(result)
        if result.actor is None:  # created, but killed before its first account: finish it now
            return Actor(None, name, Role.ADMIN)
        return result.actor

    dialog = SignInDialog(None, parent, signer=signer)
    if dialog.exec() != QDialog.DialogCode.Accepted or not opened:
        for result in opened:
            result.db.close()
        return None
    result = opened[-1]
    if result.actor is None:
        actor = sign_in_at_start(result.db, parent)
        if actor is None:
            result.db.close()
            return None
        result = unlock.Unlocked(result.config, result.db, actor)
    return result


def _create_encrypted(config: Config, parent: QWidget | None) -> unlock.Unlocked | None:
    """A new laptop directory: made encrypted, then its administrator; nothing is left behind when
    the person cancels."""
    keyed, code = unlock.create_office(config)
    db = open_database(keyed)
    first = FirstAdminDialog(db, parent)
    if first.exec() != QDialog.DialogCode.Accepted or first.created is None:
        db.close()
        unlock.abandon_new_office(keyed)
        return None
    RecoveryCodeDialog(code, parent).exec()
    actor = first.actor or sign_in_at_start(db, parent, username=first.created.username)
    if actor is None:
        db.close()
        return None
    return unlock.Unlocked(keyed, db, actor)
