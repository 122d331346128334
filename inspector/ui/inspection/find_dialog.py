"""Ctrl+F in the walk-through: jump to an item by its code or by words of its question or guidance."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.forms import Item
from inspector.forms.labels import item_question
from inspector.ui.screen_fit import fit_to_screen

CODE_ROLE = Qt.ItemDataRole.UserRole


def matches(item: Item, text: str) -> bool:
    """Every word of ``text`` occurs in the item's code, question, English question or guidance."""
    hay = " ".join((item.code, item.question, item.question_en, item.guidance, item.evidence)).lower()
    return all(word in hay for word in text.lower().split())


class FindItemDialog(QDialog):
    """Type to filter, Up/Down to choose, Enter to jump; ``chosen_code`` holds the answer."""

    def __init__(self, items: list[Item], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find an item"))
        self._items = items
        self.chosen_code: str | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Code or words, e.g. US-05 or 登记"))
        self.search.installEventFilter(self)
        self.results = QListWidget()
        self.count = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept_current)
        buttons.rejected.connect(self.reject)
        self.results.itemActivated.connect(lambda _i: self.accept_current())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._on_search_text_changed)
        self._on_search_text_changed("")
        fit_to_screen(self, 620, 420)

    def _on_search_text_changed(self, text: str) -> None:
        self.results.clear()
        for item in self._items:
            if matches(item, text):
                row = QListWidgetItem(f"{item.code}  {item_question(item)}")
                row.setData(CODE_ROLE, item.code)
                self.results.addItem(row)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.count.setText(self.tr("%n item(s) found", "", self.results.count()))

    def accept_current(self) -> None:
        if self.results.currentRow() < 0:
            return
        row = self.results.currentItem()
        self.chosen_code = str(row.data(CODE_ROLE))
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
        return super().eventFilter(watched, event)
