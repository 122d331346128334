"""The settings page for exchange trust: this computer's key, and the computers whose packages it
accepts.

What ``inspector exchange key|enrol|keys|revoke`` do, for the office staff at a desk: show this
computer's fingerprint (to read out over the telephone), export the public key to a file for the
other side, enrol the other side's key file under a name, and revoke an enrolled key. The rules
(who may enrol, what a key file must hold) are the core's (:mod:`inspector.exchange.enrolment`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.errors import UserError
from inspector.exchange import enrolment
from inspector.exchange.device_key import show_fingerprint
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.tables import listing
from inspector.ui.user_folders import chosen_file, suggested


class ExchangeKeysPage(QWidget):
    """Own fingerprint and export, the enrolled keys, enrol from a file, revoke."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.own = QLabel()
        self.own.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.own.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export this computer's key…"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.table = listing(
            [self.tr("Computer"), self.tr("Fingerprint"), self.tr("Enrolled"), self.tr("State")], single=True
        )
        self.enrol_button = QPushButton(self.tr("Enrol a key from a file…"))
        self.enrol_button.clicked.connect(self._on_enrol_clicked)
        self.revoke_button = QPushButton(self.tr("Revoke"))
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        note = QLabel(
            self.tr(
                "Packages are imported only when signed by a computer enrolled here. Enrol a laptop "
                "from the key file it exported, and compare the fingerprint shown on both computers "
                "before trusting it. Enrolling and revoking are for office staff and administrators."
            )
        )
        note.setWordWrap(True)
        own_row = QHBoxLayout()
        own_row.addWidget(self.own, 1)
        own_row.addWidget(self.export_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enrol_button)
        buttons.addWidget(self.revoke_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(own_row)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._fingerprints: list[str] = []
        self.reload()

    def reload(self) -> None:
        try:
            own = enrolment.own_key(self._ctx.config).fingerprint
            self.own.setText(self.tr("This computer's key: %1").replace("%1", show_fingerprint(own)))
        except UserError as err:
            self.own.setText(err.message)
        with self._ctx.db.read() as s:
            keys = enrolment.list_keys(s)
        self._fingerprints = [k.fingerprint for k in keys]
        self.table.setRowCount(len(keys))
        for row, k in enumerate(keys):
            state = k.state
            enrolled = f"{k.enrolled_at.astimezone().strftime('%Y-%m-%d')} {k.enrolled_by}"
            for col, text in enumerate((k.name, k.shown, enrolled, state)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def export_key(self, path: Path) -> bool:
        """Write this computer's public key to ``path`` and say its fingerprint."""
        import platform

        try:
            with self._ctx.db.write() as s:
                key = enrolment.write_key_file(s, self._ctx.config, path, platform.node()[:64])
        except UserError as err:
            messages.show_error(self, err)
            return False
        messages.inform(
            self,
            self.tr("Key exported"),
            self.tr("The public key was written to %1. Its fingerprint: %2")
            .replace("%1", str(path))
            .replace("%2", show_fingerprint(key.fingerprint)),
        )
        return True

    def enrol_file(self, path: Path, name: str) -> bool:
        """Enrol the key in ``path`` under ``name``; problems are shown and nothing is written."""
        actor, config = self._ctx.actor, self._ctx.config
        return self._write_and_reload(
            lambda s: enrolment.enrol(s, actor, config, enrolment.read_key_file(path), name)
        )

    def revoke_selected(self) -> bool:
        row = self.table.currentRow()
        if row < 0 or row >= len(self._fingerprints):
            return False
        name = self.table.item(row, 0).text()  # type: ignore[union-attr]
        if not messages.confirm(
            self,
            self.tr("Revoke"),
            self.tr("Refuse every package signed by “%1” from now on? This cannot be undone.").replace(
                "%1", name
            ),
        ):
            return False
        actor, fingerprint = self._ctx.actor, self._fingerprints[row]
        return self._write_and_reload(lambda s: enrolment.revoke(s, actor, fingerprint))

    def _write_and_reload(self, write: Callable[[Session], object]) -> bool:
        """Run ``write`` in one transaction and list the keys again; a refusal is shown, nothing written."""
        try:
            with self._ctx.db.write() as s:
                write(s)
        except UserError as err:
            messages.show_error(self, err)
            return False
        self.reload()
        return True

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export this computer's key"),
            suggested("inspector-key.json"),
            self.tr("Key files (*.json)"),
        )
        if name:
            self.export_key(Path(name))

    def _on_enrol_clicked(self) -> None:
        path = chosen_file(
            self,
            self.tr("Choose the other computer's key file"),
            self.tr("Key files (*.json);;All files (*)"),
        )
        if path is None:
            return
        label, ok = QInputDialog.getText(
            self, self.tr("Enrol"), self.tr("Name of that computer (e.g. 笔记本3):")
        )
        if ok:
            self.enrol_file(path, label)

    def _on_revoke_clicked(self) -> None:
        self.revoke_selected()
