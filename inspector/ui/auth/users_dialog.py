"""Account management for administrators: add accounts, set passwords, change roles, deactivate,
unlock.

Every action goes through :mod:`inspector.services.users`, which checks that the signed-in person is
an administrator and refuses to leave the office without one; this dialog only shows the refusal.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.domain import Role, role_label
from inspector.errors import UserError, ValidationError
from inspector.i18n import join
from inspector.services import users
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.ui import messages
from inspector.ui.auth.account_form import PasswordFormDialog, password_edit
from inspector.ui.boxes import STRETCH, hbox, vbox
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.submit import write_and_accept
from inspector.ui.tables import listing


def _role_combo() -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role_label(role), role.value)
    return combo


class AddUserDialog(PasswordFormDialog):
    """A new account with its first password; :attr:`created` holds it afterwards."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._actor = actor
        self.created: users.UserView | None = None
        self.setWindowTitle(self.tr("New account"))
        self.username = QLineEdit()
        self.name = QLineEdit()
        self.role = _role_combo()
        self.cert_no = QLineEdit()
        self.unit = QLineEdit()
        self.lay_out(
            (
                (self.tr("User name"), "username", self.username),
                (self.tr("Name"), "name", self.name),
                (self.tr("Role"), "role", self.role),
                (self.tr("Law-enforcement certificate no."), "cert_no", self.cert_no),
                (self.tr("Unit"), "unit", self.unit),
            ),
            (self.tr("Password"), self.tr("Repeat the password")),
            on_ok=self._on_buttons_accepted,
            width=520,
        )

    def create_account(self) -> bool:
        if not self.passwords_match(self.tr("The two passwords differ.")):
            return False
        data = users.UserInput(
            username=self.username.text(),
            name=self.name.text(),
            role=self.role.currentData(),
            cert_no=self.cert_no.text() or None,
            unit=self.unit.text(),
        )

        def write(s: Session) -> None:
            self.created = users.create_user(s, self._actor, data, password=self.password.text())

        return write_and_accept(self, self._db, write, self.errors, inline_user_errors=True)

    def _on_buttons_accepted(self) -> None:
        self.create_account()


class UserManagementDialog(QDialog):
    """The account list with the actions on the selected account. ``users_changed`` after each change."""

    users_changed = Signal()
    COLUMNS = 5

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._rows: list[users.UserView] = []
        self.setWindowTitle(self.tr("Accounts"))
        self.table = listing(
            [
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Law-enforcement certificate no."),
                self.tr("Status"),
            ],
            single=True,
            fit_contents=False,
            stretch_last=False,
        )
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.show_inactive = QCheckBox(self.tr("Show deactivated accounts"))
        self.show_inactive.toggled.connect(self._on_show_inactive_toggled)
        self.add_button = QPushButton(self.tr("New account…"))
        self.add_button.clicked.connect(self._on_add_clicked)
        panel = self._build_panel()

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = hbox(self.add_button, STRETCH, self.show_inactive)
        body = hbox((self.table, 3), (panel, 2))
        vbox(top, body, close, owner=self)
        self.reload()
        fit_to_screen(self, 900, 480)

    def _build_panel(self) -> QGroupBox:
        """The actions on the selected account: role, password, (de)activation, unlock."""
        self.role = _role_combo()
        self.role_button = QPushButton(self.tr("Change role"))
        self.role_button.clicked.connect(self._on_role_clicked)
        self.new_password = password_edit()
        self.new_password.setPlaceholderText(self.tr("New password"))
        self.repeat_password = password_edit()
        self.repeat_password.setPlaceholderText(self.tr("Repeat the new password"))
        self.password_button = QPushButton(self.tr("Set password"))
        self.password_button.clicked.connect(self._on_password_clicked)
        self.active_button = QPushButton(self.tr("Deactivate"))
        self.active_button.clicked.connect(self._on_active_clicked)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self._on_unlock_clicked)

        panel = QGroupBox(self.tr("Selected account"))
        form = QFormLayout(panel)
        role_row = QHBoxLayout()
        role_row.addWidget(self.role, 1)
        role_row.addWidget(self.role_button)
        form.addRow(self.tr("Role"), role_row)
        form.addRow(self.tr("New password"), self.new_password)
        form.addRow(self.tr("Repeat the new password"), self.repeat_password)
        form.addRow("", self.password_button)
        form.addRow("", self.active_button)
        form.addRow("", self.unlock_button)
        return panel

    # --- data ---

    def reload(self, select: uuid.UUID | None = None) -> None:
        current = self.selected()
        keep = select or (current.id if current else None)
        with self._db.read() as s:
            self._rows = users.list_users(s, active_only=not self.show_inactive.isChecked())
        self.table.setRowCount(len(self._rows))
        for r, u in enumerate(self._rows):
            cells = [
                u.username,
                u.name,
                role_label(Role(u.role)),
                u.cert_no or "",
                join(u.flags) or self.tr("active"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(u.id))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if keep is not None:
            self.select_user(keep)
        self._update_panel()

    def select_user(self, user_id: uuid.UUID) -> bool:
        for r, u in enumerate(self._rows):
            if u.id == user_id:
                self.table.selectRow(r)
                return True
        return False

    def selected(self) -> users.UserView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self._rows):
            return None
        return self._rows[rows[0].row()]

    def _update_panel(self) -> None:
        u = self.selected()
        for w in (
            self.role,
            self.role_button,
            self.new_password,
            self.repeat_password,
            self.password_button,
            self.active_button,
            self.unlock_button,
        ):
            w.setEnabled(u is not None)
        if u is None:
            return
        self.role.setCurrentIndex(max(0, self.role.findData(u.role)))
        self.active_button.setText(self.tr("Deactivate") if u.active else self.tr("Activate"))
        self.unlock_button.setEnabled(u.locked_until is not None)

    # --- actions (each one transaction through the services) ---

    def _run(self, action: str) -> bool:
        u = self.selected()
        if u is None:
            return False
        try:
            with self._db.write() as s:
                if action == "role":
                    users.set_role(s, self._actor, u.id, self.role.currentData())
                elif action == "password":
                    if self.new_password.text() != self.repeat_password.text():
                        raise ValidationError([("repeat", self.tr("The two passwords differ."))])
                    users.set_password(s, self._actor, u.id, self.new_password.text())
                elif action == "active":
                    users.set_active(s, self._actor, u.id, not u.active)
                elif action == "unlock":
                    users.unlock(s, self._actor, u.id)
        except UserError as err:
            messages.show_error(self, err)
            return False
        if action == "password":
            self.new_password.clear()
            self.repeat_password.clear()
            messages.inform(
                self,
                self.tr("Password set"),
                (self.tr("The password of %1 was set.").replace("%1", str(u.username))),
            )
        self.reload(select=u.id)
        self.users_changed.emit()
        return True

    def change_role(self) -> bool:
        return self._run("role")

    def set_password(self) -> bool:
        return self._run("password")

    def toggle_active(self) -> bool:
        return self._run("active")

    def unlock(self) -> bool:
        return self._run("unlock")

    def add_account(self) -> bool:
        dialog = AddUserDialog(self._db, self._actor, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
            return False
        self.reload(select=dialog.created.id)
        self.users_changed.emit()
        return True

    # --- slots ---

    def _on_table_selection_changed(self) -> None:
        self._update_panel()

    def _on_show_inactive_toggled(self, _checked: bool) -> None:
        self.reload()

    def _on_add_clicked(self) -> None:
        self.add_account()

    def _on_role_clicked(self) -> None:
        self.change_role()

    def _on_password_clicked(self) -> None:
        self.set_password()

    def _on_active_clicked(self) -> None:
        self.toggle_active()

    def _on_unlock_clicked(self) -> None:
        self.unlock()
