"""The site registry page: search as you type, filters, a lazily fetched table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
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

from inspector.services import sites
from inspector.storage.db import Database
from inspector.storage.models import SiteKind
from inspector.ui.sites_model import SitesModel

SEARCH_DELAY_MS = 150


class SitesPage(QWidget):
    """Emits ``site_activated(SiteView)`` on double-click or Enter, ``count_changed(int)`` after a filter."""

    site_activated = Signal(object)
    count_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.model = SitesModel(db, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, address, licence no. or credit code…"))
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), None)
        for k in SiteKind:
            self.kind.addItem(sites.kind_label(k.value), k.value)
        self.district = QComboBox()
        self.designation = QComboBox()
        self.designation.addItem(self.tr("Any designation"), None)
        self.designation.addItem(self.tr("Designated: ultrasound/chromosome"), "ultrasound")
        self.designation.addItem(self.tr("Designated: termination"), "termination")
        self.designation.addItem(self.tr("Designated: delivery"), "delivery")
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((230, 150, 80, 130, 150, 240)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 3)
        self.toolbar.addWidget(self.kind, 1)
        self.toolbar.addWidget(self.district, 1)
        self.toolbar.addWidget(self.designation, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.district.currentIndexChanged.connect(self.apply_filter)
        self.designation.currentIndexChanged.connect(self.apply_filter)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.reload_districts()
        self.apply_filter()

    def reload_districts(self) -> None:
        current = self.district.currentData()
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(self.tr("All districts"), None)
        with self._db.read() as s:
            for d in sites.districts(s):
                self.district.addItem(d, d)
        idx = self.district.findData(current)
        self.district.setCurrentIndex(max(idx, 0))
        self.district.blockSignals(False)

    def current_filter(self) -> sites.SiteFilter:
        kind = self.kind.currentData()
        old = self.model.current_filter()
        return sites.SiteFilter(text=self.search.text(), kinds=(kind,) if kind else (),
                                district=self.district.currentData(), designation=self.designation.currentData(),
                                order_by=old.order_by, descending=old.descending)

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())

    def selected_site(self) -> sites.SiteView | None:
        idx = self.table.currentIndex()
        return self.model.site_at(idx.row()) if idx.isValid() else None

    def _on_model_total_changed(self, total: int) -> None:
        self.count_label.setText(self.tr("%n site(s)", "", total))
        self.count_changed.emit(total)

    def _on_table_double_clicked(self, index: Any) -> None:
        site = self.model.site_at(index.row())
        if site is not None:
            self.site_activated.emit(site)
