"""The site registry page: search as you type, filters, a lazily fetched table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from inspector.domain import Designation, SiteKind, designation_label, site_kind_label
from inspector.services import sites
from inspector.storage.db import Database
from inspector.ui.boxes import STRETCH, button, hbox, vbox
from inspector.ui.place_filter import PlaceFilter
from inspector.ui.sites_model import SitesModel
from inspector.ui.tables import apply_on_change, choice_combo, record_table, search_box

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
        self.toolbar = hbox((self.search, 3), (self.kind, 1), (self.place, 2), (self.designation, 1))
        vbox(self.toolbar, self._build_buttons(), self.table, self.count_label, owner=self)

        self._timer = apply_on_change(
            self,
            self.apply_filter,
            self.search,
            self.kind.currentIndexChanged,
            self.place.changed,
            self.designation.currentIndexChanged,
        )
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
        self.new_button = button(self.tr("New site…"), self.new_site_requested)
        self.edit_button = button(self.tr("Edit…"), self._on_edit_button_clicked)
        self.inspect_button = button(self.tr("Inspect this site…"), self._on_inspect_button_clicked)
        self.import_button = button(self.tr("Import from Excel/CSV…"), self.import_requested)
        return hbox(self.new_button, self.edit_button, self.inspect_button, STRETCH, self.import_button)

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
        f = sites.SiteFilter(
            text=self.search.text(),
            kinds=(kind,) if kind else (),
            district=self.place.current_district(),
            township=self.place.current_township(),
            designation=self.designation.currentData(),
        )
        return self.model.in_shown_order(f)

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
