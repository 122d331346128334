"""The table of sites: a :class:`~inspector.ui.paged_model.PagedTableModel` over ``search_sites``.

With 100,000 sites the model never loads them all (one page at a time as the view scrolls); a filter
change resets to the first page, and a header click sorts in the database. The count stops at
:data:`COUNT_CAP` ("1000+"): nobody reads an exact number of thousands of matches, and counting them
all would slow every keystroke.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from inspector.i18n import join
from inspector.services import sites
from inspector.storage.db import Database
from inspector.ui.paged_model import PagedTableModel

COUNT_CAP = 1000


class SitesModel(PagedTableModel):
    """Rows are :class:`SiteView`; ``total_changed(int)`` carries the count matching the filter, at most
    :data:`COUNT_CAP` (see :meth:`total_is_capped`)."""

    COLUMNS = ("name", "kind", "place", "licence_no", "designations", "address", "legal_rep")
    # The header a click sorts by (in the database); the place sorts by 区县, then by name.
    SORT_KEYS: ClassVar[dict[str, str]] = {
        "name": "name",
        "kind": "kind",
        "place": "district",
        "licence_no": "licence_no",
        "address": "address",
        "legal_rep": "legal_rep",
    }

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(db, parent)
        self._filter = sites.SiteFilter()

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("County / township"),
            self.tr("Licence no."),
            self.tr("Designated for"),
            self.tr("Address"),
            self.tr("Legal representative"),
        ]

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        return sites.search_sites(session, self._filter, limit=limit, offset=offset)

    def count(self, session: Session) -> int | None:
        return sites.count_sites(session, self._filter, cap=COUNT_CAP)

    def set_filter(self, f: sites.SiteFilter) -> None:
        self._filter = f
        self.reload()

    def current_filter(self) -> sites.SiteFilter:
        return self._filter

    def refresh(self) -> None:
        self.reload()

    def total_is_capped(self) -> bool:
        """Whether there are at least :data:`COUNT_CAP` matches (the count stopped there)."""
        return self._total >= COUNT_CAP

    def site_at(self, row: int) -> sites.SiteView | None:
        found: sites.SiteView | None = self.row_at(row)
        return found

    def cell(self, row: Any, column: int, role: int) -> Any:
        site: sites.SiteView = row
        col = self.COLUMNS[column]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "kind":
                return site.kind_label
            if col == "designations":
                return join(site.designations())
            if col == "place":
                return site.place
            return getattr(site, col) or ""
        if role == Qt.ItemDataRole.ToolTipRole and col in ("name", "address"):
            return f"{site.name}\n{site.address}"
        if role == Qt.ItemDataRole.ForegroundRole and not site.active:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(self.COLUMNS[column])
        if key is not None:
            descending = order == Qt.SortOrder.DescendingOrder
            self.set_filter(replace(self._filter, order_by=key, descending=descending))
