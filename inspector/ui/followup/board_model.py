"""The table of rectifications on the supervisor board: a
:class:`~inspector.ui.paged_model.PagedTableModel` over ``list_rectifications``.

With 100,000 rectifications the model never loads them all (one page at a time as the view scrolls),
sorted by the database (a header click becomes ORDER BY). Overdue rows
are red, rows due within three days amber; "overdue" is computed from the deadline on each load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from sqlalchemy.orm import Session

from inspector.domain import (
    rectification_status_label,
    site_kind_label,
)
from inspector.i18n import join
from inspector.services.followup import board, views
from inspector.services.sites import place_label
from inspector.storage.db import Database
from inspector.ui.paged_model import PagedTableModel
from inspector.ui.timefmt import local_text

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
    ("place", "district"),
    ("items", None),
    ("inspectors", None),
    ("notice", None),
    ("created", "created"),
)


class RectificationsModel(PagedTableModel):
    """Rows are :class:`~inspector.services.followup.views.RectificationRow`; ``total_changed(int)`` carries
    the number matching the filter."""

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(db, parent)
        self._filter = board.RectificationFilter()
        self._today = views.local_today()

    def headers(self) -> list[str]:
        return [
            self.tr("Deadline"),
            self.tr("Days left"),
            self.tr("Status"),
            self.tr("Site"),
            self.tr("Kind"),
            self.tr("County / township"),
            self.tr("Items"),
            self.tr("Inspectors"),
            self.tr("Notice no."),
            self.tr("Issued"),
        ]

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        f, today = self._filter, self._today
        return board.list_rectifications(session, f, today=today, limit=limit, offset=offset)

    def count(self, session: Session) -> int | None:
        return board.count_rectifications(session, self._filter, today=self._today)

    # -- filter ---------------------------------------------------------------------------------------
    def set_filter(self, f: board.RectificationFilter, today: dt.date | None = None) -> None:
        self._filter = f
        self._today = today or views.local_today()
        self.reload()

    def current_filter(self) -> board.RectificationFilter:
        return self._filter

    def refresh(self) -> None:
        self.set_filter(self._filter)

    @staticmethod
    def days_text(r: views.RectificationRow) -> str:
        if r.overdue:
            return QCoreApplication.translate("RectificationsModel", "%1 days overdue").replace(
                "%1", str(-r.days_left)
            )
        if r.status in views.AWAITING_CORRECTION:
            return QCoreApplication.translate("RectificationsModel", "%1 days left").replace(
                "%1", str(r.days_left)
            )
        return ""

    def cell(self, row: Any, column: int, role: int) -> Any:
        r: views.RectificationRow = row
        col = COLUMNS[column][0]
        if role == Qt.ItemDataRole.DisplayRole:
            values = {
                "deadline": r.deadline.isoformat(),
                "days": self.days_text(r),
                "status": rectification_status_label(r.display_status),
                "site": r.site_name,
                "kind": site_kind_label(r.site_kind),
                "place": place_label(r.district, r.township),
                "items": join(r.item_codes),
                "inspectors": join(r.inspectors),
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
            return f"{r.site_name}\n{join(r.item_codes)}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (
            self._loaded and (key, descending) == (self._filter.order_by, self._filter.descending)
        ):
            return
        self.set_filter(replace(self._filter, order_by=key, descending=descending), self._today)
