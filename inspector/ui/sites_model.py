"""A lazily fetched table of sites.

With 100,000 sites the model never loads them all: it asks the service for one page (200 rows) at a
time through ``canFetchMore``/``fetchMore`` as the view scrolls, and a filter change resets to the
first page. Sorting is done by the database (header click → ORDER BY), not by a proxy model that
would need every row. The count stops at :data:`COUNT_CAP` ("1000+"): nobody reads an exact number of
thousands of matches, and counting them all would slow every keystroke.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from inspector.services import sites
from inspector.storage.db import Database

PAGE = 200
COUNT_CAP = 1000
Index = QModelIndex | QPersistentModelIndex


class SitesModel(QAbstractTableModel):
    """Rows are :class:`SiteView`; ``total_changed(int)`` carries the count matching the filter, at most
    :data:`COUNT_CAP` (see :meth:`total_is_capped`)."""

    total_changed = Signal(int)

    COLUMNS = ("name", "kind", "district", "licence_no", "designations", "address", "legal_rep")

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = sites.SiteFilter()
        self._rows: list[sites.SiteView] = []
        self._total = 0
        self._exhausted = False

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("District"),
            self.tr("Licence no."),
            self.tr("Designated for"),
            self.tr("Address"),
            self.tr("Legal representative"),
        ]

    # -- filter -------------------------------------------------------------------------------------------
    def set_filter(self, f: sites.SiteFilter) -> None:
        self.beginResetModel()
        self._filter = f
        with self._db.read() as s:
            self._rows = sites.search_sites(s, f, limit=PAGE)
            self._total = sites.count_sites(s, f, cap=COUNT_CAP)
        self._exhausted = len(self._rows) < PAGE
        self.endResetModel()
        self.total_changed.emit(self._total)

    def current_filter(self) -> sites.SiteFilter:
        return self._filter

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def total(self) -> int:
        return self._total

    def total_is_capped(self) -> bool:
        """Whether there are at least :data:`COUNT_CAP` matches (the count stopped there)."""
        return self._total >= COUNT_CAP

    def site_at(self, row: int) -> sites.SiteView | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- lazy fetching --------------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        with self._db.read() as s:
            more = sites.search_sites(s, self._filter, limit=PAGE, offset=len(self._rows))
        if not more:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        self._exhausted = len(more) < PAGE

    # -- table ----------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        site = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "kind":
                return site.kind_label
            if col == "designations":
                return "、".join(site.designations())
            return getattr(site, col) or ""
        if role == Qt.ItemDataRole.ToolTipRole and col in ("name", "address"):
            return f"{site.name}\n{site.address}"
        if role == Qt.ItemDataRole.UserRole:
            return site
        if role == Qt.ItemDataRole.ForegroundRole and not site.active:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column]
        if key not in ("name", "kind", "district", "licence_no", "address", "legal_rep"):
            return
        from dataclasses import replace

        self.set_filter(replace(self._filter, order_by=key, descending=order == Qt.SortOrder.DescendingOrder))
