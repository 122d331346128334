"""The list of inspections, newest first, filterable by status and site text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import (
    InspectionStatus,
    inspection_status_label,
    site_kind_label,
)
from inspector.services import inspections
from inspector.storage.db import Database
from inspector.ui.timefmt import local_text

Index = QModelIndex | QPersistentModelIndex


class InspectionsModel(QAbstractTableModel):
    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._rows: list[inspections.InspectionRow] = []

    def load(self, f: inspections.InspectionFilter) -> None:
        self.beginResetModel()
        with self._db.read() as s:
            self._rows = inspections.list_inspections(s, f, limit=2000)
        self.endResetModel()

    def row_at(self, row: int) -> inspections.InspectionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return [
                self.tr("Started"),
                self.tr("Site"),
                self.tr("Kind"),
                self.tr("District"),
                self.tr("Status"),
                self.tr("Non-compliant"),
            ][section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                local_text(r.started_at),
                r.site_name,
                site_kind_label(r.site_kind),
                r.district,
                inspection_status_label(r.status),
                str(r.non_compliant),
            ][index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None


class InspectionsPage(QWidget):
    """Emits ``inspection_activated(InspectionRow)`` when a row is opened."""

    inspection_activated = Signal(object)
    count_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.model = InspectionsModel(db, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by site…"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for st in InspectionStatus:
            self.status.addItem(inspection_status_label(st.value), st.value)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((140, 260, 150, 90, 80)):
            self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._on_table_activated)  # double-click or Enter
        self.count_label = QLabel()
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 3)
        self.toolbar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._timer.start)
        self.status.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.load(
            inspections.InspectionFilter(status=self.status.currentData(), text=self.search.text())
        )
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%n inspection(s)", "", n))
        self.count_changed.emit(n)

    def selected(self) -> inspections.InspectionRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def _on_table_activated(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.inspection_activated.emit(row)
