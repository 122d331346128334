"""Correcting a finalized inspection: an addendum with what is corrected, why, by whom and when.

The inspection itself never changes after finalizing; :func:`addenda.add_addendum` appends the
correction with the acting user and the time, and it is listed under the inspection.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.forms import Form
from inspector.forms.labels import item_question
from inspector.services import addenda, inspections
from inspector.ui.boxes import vbox
from inspector.ui.context import UiContext
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.submit import save_cancel, write_and_accept


class AddendumDialog(QDialog):
    """After ``accept`` the recorded addendum is in ``saved``."""

    def __init__(
        self,
        ctx: UiContext,
        inspection_id: uuid.UUID,
        form: Form,
        item_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._id = inspection_id
        self.saved: inspections.AddendumView | None = None
        self.setWindowTitle(self.tr("Addendum to a finalized inspection"))
        self.errors = FieldErrors()
        self.item = QComboBox()
        self.item.addItem(self.tr("The whole inspection"), None)
        for it in form.items:
            self.item.addItem(f"{it.code}  {item_question(it)}", it.code)
        if item_code:
            self.item.setCurrentIndex(max(self.item.findData(item_code), 0))
        self.item.setMaximumWidth(560)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("What is corrected or added, e.g. 检查发现更正为：……"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText(self.tr("Why, e.g. 笔误；当事人补充提供了证明材料"))
        who = QLabel(self.tr("Recorded as %1, now.").replace("%1", ctx.actor.name))
        who.setStyleSheet("color: #555;")
        form_layout = QFormLayout()
        form_layout.addRow(self.tr("Concerns"), self.errors.wrap("item_code", self.item))
        form_layout.addRow(self.tr("Correction"), self.errors.wrap("text", self.text))
        form_layout.addRow(self.tr("Reason"), self.errors.wrap("reason", self.reason))
        self.buttons = save_cancel(self, self.submit)
        vbox(form_layout, who, self.errors.general, self.buttons, owner=self)
        fit_to_screen(self, 640, 380)

    def submit(self) -> bool:
        def write(s: Session) -> None:
            self.saved = addenda.add_addendum(
                s,
                self._ctx.actor,
                self._id,
                text=self.text.toPlainText(),
                reason=self.reason.toPlainText(),
                item_code=self.item.currentData(),
            )

        return write_and_accept(self, self._ctx.db, write, self.errors)
