"""The kept-items list (证据先行登记保存 物品清单), entered at the site by keyboard, saved as typed.

Left, the items (name, model, serial number, quantity, what became of them, the 7-day due day);
right, the selected item's fields and the photos of the case's inspections, ticked for those that
show it. Keys: Ctrl+Return adds an item and puts the cursor in its name; Tab walks the fields; Return
in the list edits the selected item; Escape goes back to the list. Every field is saved as typed
(:class:`~inspector.ui.cases.autosave.PendingWrites`), a tick at once. A line listed in an issued
证据先行登记保存决定书 or already decided is shown read-only.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)

from inspector import workflows
from inspector.domain import kept_decision_label
from inspector.services import office_days, permissions
from inspector.services import photos as photo_service
from inspector.services.cases import deadlines, evidence
from inspector.services.cases.views import CaseView, KeptItemView
from inspector.services.permissions import Action
from inspector.ui import messages
from inspector.ui.boxes import STRETCH, hbox, vbox
from inspector.ui.cases.record_editor import CaseRecordEditor
from inspector.ui.context import UiContext
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text

OVERDUE = QColor("#ffcdd2")
DUE_SOON = QColor("#ffe0b2")
TEXT_FIELDS = ("name", "brand", "model", "serial_no", "unit", "condition", "storage_place")


class EvidenceEditor(CaseRecordEditor):
    """Signals: ``changed(Changes)`` after an item was added, removed or its photos changed (the case
    view reloads and announces); typed fields are only saved, not announced."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, lambda s, item_id, f: workflows.cases.update_item(s, ctx.actor, item_id, **f), parent
        )
        self.table = listing(
            [
                self.tr("Item"),
                self.tr("Model"),
                self.tr("Serial no."),
                self.tr("Qty"),
                self.tr("Decision"),
                self.tr("Due / decided"),
            ],
            single=True,
        )
        self.add_button = QPushButton(self.tr("Add item (Ctrl+Return)"))
        self.remove_button = QPushButton(self.tr("Remove item"))
        self.save_state = QLabel()
        self.fields: dict[str, QLineEdit] = {name: QLineEdit() for name in TEXT_FIELDS}
        self.quantity = QSpinBox()
        self.quantity.setRange(0, evidence.MAX_QUANTITY)
        self.kept_label = QLabel()
        self.photos = QListWidget()
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(96, 72))
        self.photos.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.photos.setMinimumHeight(110)
        self._layout()
        self._connect()

    def _layout(self) -> None:
        form = QFormLayout()
        labels = {
            "name": self.tr("Name"),
            "brand": self.tr("Brand"),
            "model": self.tr("Model"),
            "serial_no": self.tr("Serial no."),
            "unit": self.tr("Unit"),
            "condition": self.tr("Condition"),
            "storage_place": self.tr("Kept at"),
        }
        for name in ("name", "brand", "model", "serial_no"):
            form.addRow(labels[name], self.fields[name])
        qty = QHBoxLayout()
        qty.addWidget(self.quantity)
        qty.addWidget(QLabel(labels["unit"]))
        qty.addWidget(self.fields["unit"])
        form.addRow(self.tr("Quantity"), qty)
        for name in ("condition", "storage_place"):
            form.addRow(labels[name], self.fields[name])
        form.addRow(self.tr("Kept"), self.kept_label)
        form.addRow(self.tr("Photos showing it"), self.photos)
        self.form_box = QWidget()
        self.form_box.setLayout(form)
        buttons = hbox(self.add_button, self.remove_button, STRETCH, self.save_state)
        body = hbox((self.table, 3), (self.form_box, 2))
        vbox(buttons, (body, 1), owner=self)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self._save_typing(self.fields, self._queue)
        self.quantity.valueChanged.connect(lambda value: self._queue("quantity", int(value)))
        self.photos.itemChanged.connect(self._on_photos_item_changed)
        self.saver.report_to(self.save_state)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.add_item)
        QShortcut(QKeySequence("Ctrl+Enter"), self).activated.connect(self.add_item)
        back = QShortcut(QKeySequence("Escape"), self.form_box)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._back_to_list)
        enter = QShortcut(QKeySequence("Return"), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(self.focus_name)

    # -- showing ------------------------------------------------------------------------------------
    def show_case(self, case: CaseView) -> None:
        """Show ``case``'s items (keeping the selection), after writing anything still pending."""
        self.saver.flush()
        keep = self.current_item()
        self.case = case
        self._loading = True
        self.table.setRowCount(len(case.items))
        for row, item in enumerate(case.items):
            self._fill_row(row, item)
        self._loading = False
        self._load_photos()
        ids = [i.id for i in case.items]
        row = ids.index(keep.id) if keep is not None and keep.id in ids else (0 if ids else -1)
        self.table.setCurrentCell(row, 0)
        self._show_item(case.items[row] if row >= 0 else None)
        self.add_button.setEnabled(self._active() and permissions.may(self._ctx.actor, Action.KEEP_EVIDENCE))

    def _fill_row(self, row: int, item: KeptItemView) -> None:
        today = office_days.local_today()
        state = item.state(today)
        decided = kept_decision_label(item.decision) if item.decision else ""
        cells = (
            item.name,
            item.model,
            item.serial_no,
            f"{item.quantity}{item.unit}",
            decided,
            item.due.isoformat(),
        )
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            if state is deadlines.KeptState.OVERDUE:
                cell.setBackground(OVERDUE)
            elif state is deadlines.KeptState.DUE_SOON:
                cell.setBackground(DUE_SOON)
            self.table.setItem(row, col, cell)

    def _load_photos(self) -> None:
        assert self.case is not None
        with self._ctx.db.read() as s:
            shots = evidence.case_photos(s, self.case.id)
        self._loading = True
        self.photos.clear()
        for photo in shots:
            entry = QListWidgetItem(self._icon(photo.sha256), photo.item_code or photo.original_filename)
            entry.setData(Qt.ItemDataRole.UserRole, photo.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            entry.setToolTip(photo.original_filename)
            self.photos.addItem(entry)
        self._loading = False

    def _icon(self, sha: str) -> QIcon:
        data = photo_service.thumb_bytes(self._ctx.config, sha)
        pixmap = QPixmap()
        if data:
            pixmap.loadFromData(data)
        return QIcon(pixmap)

    def current_item(self) -> KeptItemView | None:
        return self._selected(lambda case: case.items, self.table.currentRow())

    def _show_item(self, item: KeptItemView | None) -> None:
        self._loading = True
        self._show_typed(self.fields, item)
        self.quantity.setValue(item.quantity if item is not None else 1)
        if item is not None:
            when = local_text(item.kept_at)
            self.kept_label.setText(
                self.tr("%1; decide by %2").replace("%1", when).replace("%2", item.due.isoformat())
            )
        else:
            self.kept_label.clear()
        linked = set(item.photo_ids) if item is not None else set()
        for i in range(self.photos.count()):
            entry = self.photos.item(i)
            entry.setCheckState(
                Qt.CheckState.Checked
                if entry.data(Qt.ItemDataRole.UserRole) in linked
                else Qt.CheckState.Unchecked
            )
        editable = self._editable(item)
        for edit in self.fields.values():
            edit.setReadOnly(not editable)
        self.quantity.setReadOnly(not editable)
        self.photos.setEnabled(editable)
        self.remove_button.setEnabled(editable)
        self._loading = False

    def _editable(self, item: KeptItemView | None) -> bool:
        if item is None or item.listed or item.decision is not None:
            return False
        return self._active() and permissions.may(self._ctx.actor, Action.KEEP_EVIDENCE)

    # -- editing ------------------------------------------------------------------------------------
    def _queue(self, name: str, value: Any) -> None:
        item = self.current_item()
        if self._loading or item is None or not self._editable(item):
            return
        self.saver.queue(item.id, **{name: value})
        row = self.table.currentRow()
        column = {"name": 0, "model": 1, "serial_no": 2}.get(name)
        cell = self.table.item(row, column) if column is not None else None
        if cell is not None:
            cell.setText(str(value))

    def _on_table_current_cell_changed(self, row: int, _col: int, previous: int, _pcol: int) -> None:
        if self._loading or row == previous:
            return
        self.saver.flush()
        self._show_item(self.current_item())

    def add_item(self) -> None:
        """A new line, kept now; the cursor goes to its name."""
        if self.case is None or not self.add_button.isEnabled():
            return
        case_id, actor = self.case.id, self._ctx.actor
        changes = self._run(lambda s: workflows.cases.keep_item(s, actor, case_id))
        if changes is not None and changes.created is not None:
            self.select(changes.created)
            self.focus_name()

    def select(self, item_id: uuid.UUID) -> None:
        if self.case is None:
            return
        ids = [i.id for i in self.case.items]
        if item_id in ids:
            self.table.setCurrentCell(ids.index(item_id), 0)

    def remove_item(self) -> None:
        item = self.current_item()
        if item is None or not self._editable(item):
            return
        question = self.tr("Remove “%1” from the list?").replace("%1", item.name or self.tr("(unnamed)"))
        if not messages.confirm(self, self.tr("Remove item"), question):
            return
        actor = self._ctx.actor
        self._run(lambda s: workflows.cases.remove_item(s, actor, item.id))

    def _on_photos_item_changed(self, _entry: QListWidgetItem) -> None:
        item = self.current_item()
        if self._loading or item is None:
            return
        chosen = [
            self.photos.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.photos.count())
            if self.photos.item(i).checkState() == Qt.CheckState.Checked
        ]
        actor = self._ctx.actor
        # Not inside the list's own signal: the reload that follows rebuilds the list.
        QTimer.singleShot(
            0, lambda: self._run(lambda s: workflows.cases.set_item_photos(s, actor, item.id, chosen))
        )

    def focus_name(self) -> None:
        self.fields["name"].setFocus()
        self.fields["name"].selectAll()

    def _back_to_list(self) -> None:
        self.saver.flush()
        self.table.setFocus()
