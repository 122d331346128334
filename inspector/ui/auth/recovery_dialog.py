"""Showing a recovery code once: at the creation of an encrypted data directory, and when an
administrator issues a new one.

The code is the only way into the data when every administrator's password is lost, and it opens
encrypted backups; it is never stored in clear anywhere, so this dialog is the one moment it can be
written down. The text can be selected and copied; the dialog says what to do with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inspector.ui.screen_fit import fit_to_screen


class RecoveryCodeDialog(QDialog):
    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery code"))
        intro = QLabel(
            self.tr(
                "The data on this computer is encrypted. Write down this recovery code and keep it in "
                "the office's safe, away from the laptop. It opens the data and its backups if every "
                "administrator's password is lost. It is shown only now."
            )
        )
        intro.setWordWrap(True)
        self.code = QLabel(code)
        self.code.setObjectName("code")
        font = QFont(self.code.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setFamilies(["Noto Sans Mono", "Consolas", "monospace"])
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("I have written it down"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addWidget(buttons)
        fit_to_screen(self, 480)
