"""The one way a dialog writes what was typed: one transaction, problems beside their fields, accept.

Every dialog that saves (a site, an account, an inspection, an addendum, the settings)
does the same steps: write in one ``db.write()`` block, show a :class:`ValidationError`'s problems
under their fields (nothing was written: the transaction rolled back), show any other
:class:`UserError` as a message, and close the dialog only when everything was saved. Keeping the
steps here means a dialog cannot forget one of them, and a change (a sound, a log line) is made once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton
from sqlalchemy.orm import Session

from inspector.errors import UserError, ValidationError
from inspector.storage.db import Database
from inspector.ui import messages
from inspector.ui.field_errors import FieldErrors


def write_and_accept(
    dialog: QDialog,
    db: Database,
    write: Callable[[Session], object],
    errors: FieldErrors | None = None,
    *,
    accept: bool = True,
    on_invalid: Callable[[ValidationError], None] | None = None,
    inline_user_errors: bool = False,
    error_title: str | None = None,
) -> bool:
    """Run ``write(session)`` in one transaction; True when it was saved (and the dialog accepted).

    A validation error's problems go to ``errors`` (and to ``on_invalid``); another user error is a
    message box titled ``error_title``, or with ``inline_user_errors`` the general line of ``errors``.
    """
    try:
        with db.write() as session:
            write(session)
    except ValidationError as err:
        if errors is not None:
            errors.show(err.problems)
        if on_invalid is not None:
            on_invalid(err)
        return False
    except UserError as err:
        if inline_user_errors and errors is not None:
            errors.show([("", err.message)])
        else:
            messages.show_error(dialog, err, error_title)
        return False
    if accept:
        dialog.accept()
    return True


def save_cancel(dialog: QDialog, submit: Callable[[], object]) -> QDialogButtonBox:
    """The Save / Cancel buttons of a dialog that writes: Save runs ``submit``, Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(submit)
    buttons.rejected.connect(dialog.reject)
    return buttons


def act_cancel(
    dialog: QDialog, label: str, submit: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel and one named action ("Start inspection", "Import"): the action runs ``submit``,
    Cancel rejects. Returns the button box and the action's button (to enable or rename it)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    action = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.accepted.connect(submit)
    buttons.rejected.connect(dialog.reject)
    return buttons, action
