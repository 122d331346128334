"""A lazily fetched table of rectifications for the supervisor board.

With 100,000 rectifications the model never loads them all: one page (200 rows) at a time through
``canFetchMore``/``fetchMore``, sorted by the database (a header click becomes ORDER BY). Overdue rows
are red, rows due within three days amber; "overdue" is computed from the deadline on each load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from inspector.domain import (
    rectification_status_label,
    site_kind_label,
)
from inspector.i18n import tr
from inspector.services import followup
from inspector.storage.db import Database
from inspector.ui.timefmt import local_text

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
OVERDUE_BACKGROUND = QColor("#ffcdd2")
OVERDUE_TEXT = QColor("#b71c1c")
DUE_SOON_BACKGROUND = QColor("#ffe0b2")
# Columns and the database ordering a click on their header asks for (None: not sortable).
COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("deadline", "deadline"),
    ("days", "deadline"),
    ("status", "status"),
    ("site", "site"),
    ("kind", None),
    ("district", "district"),
    ("items", None),
    ("inspectors", None),
    ("notice", None),
    ("created", "created"),
)


class RectificationsModel(QAbstractTableModel):
    """Rows are :class:`~inspector.services.followup.RectificationRow`; ``total_changed(int)`` carries
    the number matching the filter."""

    total_changed = Signal(int)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._filter = followup.RectificationFilter()
        self._today = followup.local_today()
        self._rows: list[followup.RectificationRow] = []
        self._total = 0
        self._exhausted = True
        self._loaded = False

    @staticmethod
    def headers() -> list[str]:
        return [
            tr("Deadline"),
            tr("Days left"),
            tr("Status"),
            tr("Site"),
            tr("Kind"),
            tr("District"),
            tr("Items"),
            tr("Inspectors"),
            tr("Notice no."),
            tr("Issued"),
        ]

    # -- filter ---------------------------------------------------------------------------------------
    def set_filter(self, f: followup.RectificationFilter, today: dt.date | None = None) -> None:
        self.beginResetModel()
        self._filter = f
        self._today = today or followup.local_today()
        with self._db.read() as s:
            self._rows = followup.list_rectifications(s, f, today=self._today, limit=PAGE)
            self._total = followup.count_rectifications(s, f, today=self._today)
        self._exhausted = len(self._rows) < PAGE
        self._loaded = True
        self.endResetModel()
        self.total_changed.emit(self._total)

    def current_filter(self) -> followup.RectificationFilter:
        return self._filter

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> followup.RectificationRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # -- lazy fetching ----------------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        with self._db.read() as s:
            more = followup.list_rectifications(
                s, self._filter, today=self._today, limit=PAGE, offset=len(self._rows)
            )
        if not more:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        self._exhausted = len(more) < PAGE

    # -- table ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    @staticmethod
    def days_text(r: followup.RectificationRow) -> str:
        if r.overdue:
            return tr("{n} days overdue", n=-r.days_left)
        if r.status in followup.AWAITING_CORRECTION:
            return tr("{n} days left", n=r.days_left)
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            values = {
                "deadline": r.deadline.isoformat(),
                "days": self.days_text(r),
                "status": rectification_status_label(r.display_status),
                "site": r.site_name,
                "kind": site_kind_label(r.site_kind),
                "district": r.district,
                "items": "、".join(r.item_codes),
                "inspectors": "、".join(r.inspectors),
                "notice": r.notice_number or "",
                "created": local_text(r.created_at, with_time=False),
            }
            return values[col]
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.overdue:
                return OVERDUE_BACKGROUND
            if r.due_soon:
                return DUE_SOON_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return OVERDUE_TEXT
        if role == Qt.ItemDataRole.ToolTipRole and col in ("site", "items"):
            return f"{r.site_name}\n{'、'.join(r.item_codes)}"
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (
            self._loaded and (key, descending) == (self._filter.order_by, self._filter.descending)
        ):
            return
        self.set_filter(replace(self._filter, order_by=key, descending=descending), self._today)
