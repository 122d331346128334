"""The site registry page: search as you type, filters, a lazily fetched table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Designation, SiteKind, designation_label, site_kind_label
from inspector.services import sites
from inspector.storage.db import Database
from inspector.ui.place_filter import PlaceFilter
from inspector.ui.sites_model import SitesModel
from inspector.ui.tables import choice_combo, debounced, record_table, search_box

if TYPE_CHECKING:
    from inspector.workflows import Changes


class SitesPage(QWidget):
    """The registry's table with its search, filters and buttons; the main window opens the dialogs.

    Signals:
        site_activated(SiteView): a row was double-clicked or Enter was pressed on it (edit it).
        count_changed(int): the number of sites matching the filter.
        new_site_requested(): "New site" was pressed.
        import_requested(): "Import…" was pressed.
        inspect_requested(SiteView): "Inspect" was pressed with a site selected.
    """

    site_activated = Signal(object)
    count_changed = Signal(int)
    new_site_requested = Signal()
    import_requested = Signal()
    inspect_requested = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._may_inspect = True
        self._db = db
        self.model = SitesModel(db, self)
        self._build_filters()
        self.count_label = QLabel()
        self.table = record_table(self.model, (230, 130, 150, 130, 170, 220))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        buttons = self._build_buttons()

        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 3)
        self.toolbar.addWidget(self.kind, 1)
        self.toolbar.addWidget(self.place, 2)
        self.toolbar.addWidget(self.designation, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.toolbar)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)

        self._timer = debounced(self, self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.place.changed.connect(self.apply_filter)
        self.designation.currentIndexChanged.connect(self.apply_filter)
        self.model.total_changed.connect(self._on_model_total_changed)
        self.reload_districts()
        self.apply_filter()

    def _build_filters(self) -> None:
        self.search = search_box(self.tr("Search name, address, licence no. or credit code…"))
        self.kind = choice_combo(
            self.tr("All kinds"), ((site_kind_label(k.value), k.value) for k in SiteKind)
        )
        self.place = PlaceFilter(self._db)
        designated = self.tr("Designated: %1")
        self.designation = choice_combo(
            self.tr("Any designation"),
            ((designated.replace("%1", designation_label(d)), d.value) for d in Designation),
        )

    def _build_buttons(self) -> QHBoxLayout:
        self.new_button = QPushButton(self.tr("New site…"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.inspect_button = QPushButton(self.tr("Inspect this site…"))
        self.import_button = QPushButton(self.tr("Import from Excel/CSV…"))
        self.new_button.clicked.connect(self.new_site_requested)
        self.import_button.clicked.connect(self.import_requested)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.inspect_button.clicked.connect(self._on_inspect_button_clicked)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.inspect_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        return buttons

    def reload_districts(self) -> None:
        """Refill the 区县 / 乡镇 filters (after sites were added, imported or moved)."""
        self.place.reload()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when an action changed sites (the main window calls this)."""
        if changes.sites_changed:
            self.reload_districts()
            self.model.refresh()

    def current_filter(self) -> sites.SiteFilter:
        kind = self.kind.currentData()
        old = self.model.current_filter()
        return sites.SiteFilter(
            text=self.search.text(),
            kinds=(kind,) if kind else (),
            district=self.place.current_district(),
            township=self.place.current_township(),
            designation=self.designation.currentData(),
            order_by=old.order_by,
            descending=old.descending,
        )

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_buttons()

    def selected_site(self) -> sites.SiteView | None:
        idx = self.table.currentIndex()
        return self.model.site_at(idx.row()) if idx.isValid() else None

    def set_may_inspect(self, allowed: bool) -> None:
        """Whether the signed-in person may start inspections (the main window asks the rule)."""
        self._may_inspect = allowed
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_site() is not None
        self.edit_button.setEnabled(chosen)
        self.inspect_button.setEnabled(chosen and self._may_inspect)

    def _on_edit_button_clicked(self) -> None:
        site = self.selected_site()
        if site is not None:
            self.site_activated.emit(site)

    def _on_inspect_button_clicked(self) -> None:
        site = self.selected_site()
        if site is not None:
            self.inspect_requested.emit(site)

    def _on_model_total_changed(self, total: int) -> None:
        if self.model.total_is_capped():
            self.count_label.setText(
                self.tr("More than %1 sites; type more to narrow the list").replace("%1", str(total))
            )
        else:
            self.count_label.setText(self.tr("%n site(s)", "", total))
        self.count_changed.emit(total)

    def _on_table_activated(self, index: Any) -> None:
        site = self.model.site_at(index.row())
        if site is not None:
            self.site_activated.emit(site)
