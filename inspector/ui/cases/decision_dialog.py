"""The supervisor's decisions on a case, each one small dialog: a choice (where there is one) and the
text the history keeps (审批意见, the reason, the result).

立案 (approve), 不予立案 (refuse), 移送 (to the police or the drug regulator), 作出处理 (decide), 结案
(close) and the decision on the kept items (返还, 移送, 没收) all take the same shape, so one class
serves them, given the workflow to run. The service's problems appear beside the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.ui.context import UiContext
from inspector.ui.field_errors import FieldErrors
from inspector.ui.submit import write_and_accept

Run = Callable[[Session, str | None, str], workflows.Changes]


class DecisionDialog(QDialog):
    """``changes`` holds what the workflow changed once the dialog was accepted."""

    def __init__(
        self,
        ctx: UiContext,
        title: str,
        intro: str,
        run: Run,
        parent: QWidget | None = None,
        *,
        choices: Sequence[tuple[str, str]] = (),
        choice_label: str = "",
        text_label: str = "",
        text: str = "",
        fields: tuple[str, str] = ("choice", "note"),
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._run = run
        self.changes: workflows.Changes | None = None
        self.setWindowTitle(title)
        self.resize(560, 320)
        self.errors = FieldErrors()
        self.choice = QComboBox()
        for value, label in choices:
            self.choice.addItem(label, value)
        self.text = QPlainTextEdit(text)
        self.text.setTabChangesFocus(True)
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        form = QFormLayout()
        if choices:
            form.addRow(choice_label, self.errors.wrap(fields[0], self.choice))
        form.addRow(text_label, self.errors.wrap(fields[1], self.text))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        (self.choice if choices else self.text).setFocus()

    def submit(self) -> bool:
        choice = self.choice.currentData() if self.choice.count() else None
        text = self.text.toPlainText()

        def write(s: Session) -> None:
            self.changes = self._run(s, choice, text)

        saved = write_and_accept(self, self._ctx.db, write, self.errors)
        if saved and self.changes is not None:
            self._ctx.announce(self.changes)
        return saved
