"""The list of inspections, newest first, filterable by status and site text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from inspector.domain import (
    InspectionStatus,
    inspection_status_label,
    site_kind_label,
)
from inspector.services import inspection_list
from inspector.storage.db import Database
from inspector.ui.boxes import hbox, vbox
from inspector.ui.paged_model import Column, PagedTableModel
from inspector.ui.tables import apply_on_change, choice_combo, record_table, search_box
from inspector.ui.timefmt import local_text

if TYPE_CHECKING:
    from inspector.workflows import Changes


class InspectionsModel(PagedTableModel):
    """Inspections newest first, 2000 a page (the count shown is of the rows loaded)."""

    page_size = 2000

    columns = (
        Column("started_at", lambda self: self.tr("Started"), lambda r: local_text(r.started_at)),
        Column("site_name", lambda self: self.tr("Site")),
        Column("site_kind", lambda self: self.tr("Kind"), lambda r: site_kind_label(r.site_kind)),
        Column("district", lambda self: self.tr("District")),
        Column("status", lambda self: self.tr("Status"), lambda r: inspection_status_label(r.status)),
        Column("non_compliant", lambda self: self.tr("Non-compliant"), lambda r: str(r.non_compliant)),
    )

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(db, parent)
        self._filter = inspection_list.InspectionFilter()

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        return inspection_list.list_inspections(session, self._filter, limit=limit, offset=offset)


class InspectionsPage(QWidget):
    """Emits ``inspection_activated(InspectionRow)`` when a row is opened."""

    inspection_activated = Signal(object)
    count_changed = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = InspectionsModel(db, self)
        self.search = search_box(self.tr("Search by site…"))
        self.status = choice_combo(
            self.tr("All statuses"),
            ((inspection_status_label(st.value), st.value) for st in InspectionStatus),
        )
        self.table = record_table(self.model, (140, 260, 150, 90, 80))
        self.table.activated.connect(self._on_table_activated)  # double-click or Enter
        self.count_label = QLabel()
        self.toolbar = hbox((self.search, 3), (self.status, 1))
        vbox(self.toolbar, self.table, self.count_label, owner=self)
        self._timer = apply_on_change(self, self.refresh, self.search, self.status.currentIndexChanged)
        self.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when an action changed inspections (the main window calls this)."""
        if changes.inspections or changes.sites_changed:
            self.refresh()

    def refresh(self) -> None:
        self.model.set_filter(
            inspection_list.InspectionFilter(status=self.status.currentData(), text=self.search.text())
        )
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%n inspection(s)", "", n))
        self.count_changed.emit(n)

    def selected(self) -> inspection_list.InspectionRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def _on_table_activated(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.inspection_activated.emit(row)
