"""The table of sites: a :class:`~inspector.ui.paged_model.PagedTableModel` over ``search_sites``.

With 100,000 sites the model never loads them all (one page at a time as the view scrolls); a filter
change resets to the first page, and a header click sorts in the database. The count stops at
:data:`COUNT_CAP` ("1000+"): nobody reads an exact number of thousands of matches, and counting them
all would slow every keystroke.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from inspector.i18n import join
from inspector.services import sites
from inspector.storage.db import Database
from inspector.ui.paged_model import Column, PagedTableModel

COUNT_CAP = 1000


def name_and_address(site: sites.SiteView) -> str:
    return f"{site.name}\n{site.address}"


class SitesModel(PagedTableModel):
    """Rows are :class:`SiteView`; ``total_changed(int)`` carries the count matching the filter, at most
    :data:`COUNT_CAP` (see :meth:`total_is_capped`). A header click sorts in the database; the place
    sorts by 区县, then by name."""

    columns = (
        Column("name", lambda self: self.tr("Name"), sort="name", tip=name_and_address),
        Column("kind", lambda self: self.tr("Kind"), lambda s: s.kind_label, sort="kind"),
        Column("place", lambda self: self.tr("County / township"), sort="district"),
        Column("licence_no", lambda self: self.tr("Licence no."), sort="licence_no"),
        Column("designations", lambda self: self.tr("Designated for"), lambda s: join(s.designations())),
        Column("address", lambda self: self.tr("Address"), sort="address", tip=name_and_address),
        Column("legal_rep", lambda self: self.tr("Legal representative"), sort="legal_rep"),
    )
    COLUMNS = tuple(c.key for c in columns)  # the new-inspection dialog hides and sizes columns by key

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(db, parent)
        self._filter = sites.SiteFilter()

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        return sites.search_sites(session, self._filter, limit=limit, offset=offset)

    def count(self, session: Session) -> int | None:
        return sites.count_sites(session, self._filter, cap=COUNT_CAP)

    def total_is_capped(self) -> bool:
        """Whether there are at least :data:`COUNT_CAP` matches (the count stopped there)."""
        return self._total >= COUNT_CAP

    def site_at(self, row: int) -> sites.SiteView | None:
        found: sites.SiteView | None = self.row_at(row)
        return found

    def cell(self, row: Any, column: int, role: int) -> Any:
        site: sites.SiteView = row
        if role == Qt.ItemDataRole.ForegroundRole and not site.active:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        return super().cell(row, column, role)
