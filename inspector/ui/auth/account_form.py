"""What the account dialogs share: named rows with their error lines, hidden password fields, the
check that a password was typed twice the same, and OK / Cancel under the form.

The first administrator, a new account and a changed password each ask for a password twice and show
the services' problems under the fields they name. Each row's widget carries that field name as its
object name (tests and the error lines find it by that name), so it is set once, here, with the row.
:class:`PasswordFormDialog` is that dialog's frame; each dialog keeps its own words (its ``self.tr``
strings stay in its own translation context) and passes them in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from inspector.storage.db import Database
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen


def password_edit() -> QLineEdit:
    """A line edit that hides what is typed."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def field_rows(errors: FieldErrors, rows: Iterable[tuple[str, str, QWidget]]) -> QFormLayout:
    """A form of (label, field name, widget) rows, each widget named and wrapped with its error line."""
    form = QFormLayout()
    for label, name, widget in rows:
        widget.setObjectName(name)
        form.addRow(label, errors.wrap(name, widget))
    return form


def same_password(errors: FieldErrors, password: QLineEdit, repeat: QLineEdit, differ: str) -> bool:
    """Clear the shown problems; False (``differ`` under the repeat field) when the two differ."""
    errors.clear()
    if password.text() != repeat.text():
        errors.show([("repeat", differ)])
        return False
    return True


def ok_cancel_layout(
    dialog: QDialog,
    errors: FieldErrors,
    form: QFormLayout,
    on_ok: Callable[[], object],
    intro: QWidget | None = None,
) -> None:
    """Lay out ``dialog``: the intro if any, the form, the general error line, OK / Cancel."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if intro is not None:
        layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(errors.general)
    layout.addWidget(buttons)


class PasswordFormDialog(QDialog):
    """An account dialog on ``db``: its own rows, then a password typed twice (``password`` and
    ``repeat``), the error lines and OK / Cancel. A subclass sets its title, makes its fields, calls
    :meth:`lay_out` and checks :meth:`passwords_match` before it writes."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.errors = FieldErrors()
        self.password = password_edit()
        self.repeat = password_edit()

    def lay_out(
        self,
        rows: Sequence[tuple[str, str, QWidget]],
        passwords: tuple[str, str],
        *,
        on_ok: Callable[[], object],
        width: int,
        intro: QWidget | None = None,
    ) -> None:
        """``rows`` above the two password rows labelled ``passwords``; OK calls ``on_ok``."""
        password_label, repeat_label = passwords
        password_rows = ((password_label, "password", self.password), (repeat_label, "repeat", self.repeat))
        form = field_rows(self.errors, (*rows, *password_rows))
        ok_cancel_layout(self, self.errors, form, on_ok, intro)
        fit_to_screen(self, width)

    def passwords_match(self, differ: str) -> bool:
        """Clear the shown problems; False (``differ`` under the repeat field) when the two differ."""
        return same_password(self.errors, self.password, self.repeat, differ)
