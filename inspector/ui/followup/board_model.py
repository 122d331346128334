"""The table of rectifications on the supervisor board: a
:class:`~inspector.ui.paged_model.PagedTableModel` over ``list_rectifications``.

With 100,000 rectifications the model never loads them all (one page at a time as the view scrolls),
sorted by the database (a header click becomes ORDER BY). Overdue rows
are red, rows due within three days amber; "overdue" is computed from the deadline on each load.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from sqlalchemy.orm import Session

from inspector.domain import (
    rectification_status_label,
    site_kind_label,
)
from inspector.i18n import join
from inspector.services import office_days
from inspector.services.followup import board, views
from inspector.services.sites import place_label
from inspector.storage.db import Database
from inspector.ui.paged_model import Column, PagedTableModel
from inspector.ui.timefmt import local_text

OVERDUE_BACKGROUND = QColor("#ffcdd2")
OVERDUE_TEXT = QColor("#b71c1c")
DUE_SOON_BACKGROUND = QColor("#ffe0b2")


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


def site_and_items(r: views.RectificationRow) -> str:
    return f"{r.site_name}\n{join(r.item_codes)}"


class RectificationsModel(PagedTableModel):
    """Rows are :class:`~inspector.services.followup.views.RectificationRow`; ``total_changed(int)`` carries
    the number matching the filter."""

    columns = (
        Column(
            "deadline",
            lambda self: self.tr("Deadline"),
            lambda r: r.deadline.isoformat(),
            sort="deadline",
        ),
        Column("days", lambda self: self.tr("Days left"), days_text, sort="deadline"),
        Column(
            "status",
            lambda self: self.tr("Status"),
            lambda r: rectification_status_label(r.display_status),
            sort="status",
        ),
        Column("site", lambda self: self.tr("Site"), sort="site", tip=site_and_items),
        Column("kind", lambda self: self.tr("Kind"), lambda r: site_kind_label(r.site_kind)),
        Column(
            "place",
            lambda self: self.tr("County / township"),
            lambda r: place_label(r.district, r.township),
            sort="district",
        ),
        Column("items", lambda self: self.tr("Items"), lambda r: join(r.item_codes), tip=site_and_items),
        Column("inspectors", lambda self: self.tr("Inspectors"), lambda r: join(r.inspectors)),
        Column("notice", lambda self: self.tr("Notice no."), lambda r: r.notice_number or ""),
        Column(
            "created",
            lambda self: self.tr("Issued"),
            lambda r: local_text(r.created_at, with_time=False),
            sort="created",
        ),
    )

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(db, parent)
        self._filter = board.RectificationFilter()
        self._today = office_days.local_today()

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        f, today = self._filter, self._today
        return board.list_rectifications(session, f, today=today, limit=limit, offset=offset)

    def count(self, session: Session) -> int | None:
        return board.count_rectifications(session, self._filter, today=self._today)

    def set_filter(self, f: board.RectificationFilter, today: dt.date | None = None) -> None:
        """The filter, counting days from ``today`` (by default the office's date now)."""
        self._today = today or office_days.local_today()
        super().set_filter(f)

    def cell(self, row: Any, column: int, role: int) -> Any:
        r: views.RectificationRow = row
        if role == Qt.ItemDataRole.BackgroundRole:
            if r.overdue:
                return OVERDUE_BACKGROUND
            if r.due_soon:
                return DUE_SOON_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ForegroundRole and r.overdue:
            return OVERDUE_TEXT
        return super().cell(row, column, role)
