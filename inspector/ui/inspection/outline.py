"""The left side of the walk-through: sections with how many items are done ("3/8"), their items
with a mark for each answer, and a progress bar over the required items."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import AnswerResult
from inspector.forms import AnswerState, Form, Item, effective_result, summarize, visible_items
from inspector.forms.labels import item_question

CODE_ROLE = Qt.ItemDataRole.UserRole
# A glyph and colour per answer state beside each item (the words are the core's labels).
RESULT_MARK = {
    AnswerResult.COMPLIANT: ("✓", QColor("#1b7f3b")),
    AnswerResult.NON_COMPLIANT: ("✗", QColor("#b3261e")),
    AnswerResult.NOT_APPLICABLE: ("–", QColor("#6b6b6b")),
    AnswerResult.UNANSWERED: ("○", QColor("#6b6b6b")),
}
RECORDED_MARK = ("●", QColor("#1f5fa8"))


def section_title(form: Form, section_id: str, english: bool) -> str:
    section = form.section(section_id)
    return section.title_en if english and section.title_en else section.title


class ChecklistOutline(QWidget):
    """Signals: ``item_activated(code)`` when the person picks an item in the tree."""

    item_activated = Signal(str)

    def __init__(self, form: Form, english: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self._english = english
        self._updating = False
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._sections: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        for section in form.sections:
            top = QTreeWidgetItem([section_title(form, section.id, english), ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFont(1, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            self._sections[section.id] = top
            for item in section.items:
                child = QTreeWidgetItem([f"{item.code}  {item_question(item)}", ""])
                child.setData(0, CODE_ROLE, item.code)
                child.setToolTip(0, item_question(item))
                top.addChild(child)
                self._items[item.code] = child
        self.tree.expandAll()
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.tree, 1)

    def update_answers(self, answers: Mapping[str, AnswerState]) -> list[Item]:
        """Refresh marks, counts, progress and hidden conditional items; returns the visible items."""
        visible = visible_items(self._form, answers)
        shown = {item.code for item in visible}
        done_by_section: dict[str, int] = {}
        total_by_section: dict[str, int] = {}
        for item in self._form.items:
            child = self._items[item.code]
            child.setHidden(item.code not in shown)
            if item.code not in shown:
                continue
            result = effective_result(item, answers.get(item.code))
            mark, colour = RECORDED_MARK if result is None else RESULT_MARK[result]
            child.setText(0, f"{mark} {item.code}  {item_question(item)}")
            child.setForeground(0, colour)
            total_by_section[item.section] = total_by_section.get(item.section, 0) + 1
            if result is not AnswerResult.UNANSWERED:
                done_by_section[item.section] = done_by_section.get(item.section, 0) + 1
        for section_id, top in self._sections.items():
            total = total_by_section.get(section_id, 0)
            top.setText(1, f"{done_by_section.get(section_id, 0)}/{total}")
            top.setHidden(total == 0)
        summary = summarize(self._form, answers)
        self.progress.setMaximum(max(summary.required_total, 1))
        self.progress.setValue(summary.required_answered)
        self.progress.setFormat(f"{summary.required_answered}/{summary.required_total}")
        self.progress_label.setText(
            self.tr("%n of %1 required items answered", "", summary.required_answered).replace(
                "%1", str(summary.required_total)
            )
        )
        return visible

    def select(self, code: str) -> None:
        """Highlight ``code`` without emitting ``item_activated``."""
        child = self._items.get(code)
        if child is None:
            return
        self._updating = True
        try:
            self.tree.setCurrentItem(child)
            self.tree.scrollToItem(child)
        finally:
            self._updating = False

    def _on_tree_current_item_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if self._updating or current is None:
            return
        code = current.data(0, CODE_ROLE)
        if code:
            self.item_activated.emit(str(code))
