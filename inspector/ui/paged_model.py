"""The one table model of the app's lists: rows fetched a page at a time from a service.

Sites, inspections, the follow-up board and the documents list show tables that can hold 100,000
rows. A :class:`PagedTableModel` never loads them all: :meth:`reload` reads the first page (and the
count, where the service has one), and Qt asks for the next page through ``canFetchMore`` /
``fetchMore`` as the view scrolls. Sorting is a new query (a header click becomes ORDER BY), never a
proxy model that would need every row. A subclass says only what is specific to its list: how a page
is read, how many match, and its :class:`Column` table (each column's heading, the text a row shows
in it, the database ordering a click on its header asks for), with colours or tips beside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy.orm import Session

from inspector.storage.db import Database

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

PAGE = 200
F = TypeVar("F", bound="DataclassInstance")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``key`` names it for the code that sizes or hides it, and is the row's attribute it shows unless
    ``text`` says otherwise. ``heading`` is ``lambda self: self.tr("…")``: written in the model's
    class, its text is filed under the model by the translation tools, and it is translated each
    time Qt asks, so a change of language shows at the next repaint.
    ``sort`` is the ordering a click on the header asks the service for (``None``: not sortable);
    ``tip`` the tooltip of the column's cells, if any.
    """

    key: str
    heading: Callable[[QObject], str]
    text: Callable[[Any], str] | None = None
    sort: str | None = None
    tip: Callable[[Any], str] | None = None

    def shown(self, row: Any) -> str:
        if self.text is not None:
            return self.text(row)
        value: str | None = getattr(row, self.key)
        return value or ""


class PagedTableModel(QAbstractTableModel):
    """Rows are frozen service views; ``data(index, UserRole)`` is the row itself.

    Signals:
        total_changed(int): the number matching, after each reload (the rows loaded so far where the
            list has no count, also after each further page).
    """

    total_changed = Signal(int)
    page_size = PAGE
    columns: ClassVar[tuple[Column, ...]] = ()

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._rows: list[Any] = []
        self._total = 0
        self._exhausted = True
        self._loaded = False
        self._counted = False
        self._filter: Any = None
        """What the service is asked for: a frozen filter, with ``order_by`` and ``descending``
        where the list sorts."""

    # --- what a list says about itself ------------------------------------------------------

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        raise NotImplementedError

    def count(self, session: Session) -> int | None:
        """How many rows match; ``None`` when the list counts the rows it loaded."""
        return None

    def headers(self) -> list[str]:
        return [c.heading(self) for c in self.columns]

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role`` (not UserRole: that is the row): by default
        its column's text and tip; a subclass adds colours."""
        col = self.columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.shown(row)
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            return col.tip(row)
        return None

    # --- filter and order -------------------------------------------------------------------

    def set_filter(self, f: Any) -> None:
        self._filter = f
        self.reload()

    def current_filter(self) -> Any:
        return self._filter

    def in_shown_order(self, f: F) -> F:
        """``f`` sorted as the list is now (the order the last header click chose), for a filter
        the page built from its controls."""
        return replace(f, order_by=self._filter.order_by, descending=self._filter.descending)

    def refresh(self) -> None:
        """Read the list again with the same filter (after a change elsewhere)."""
        self.set_filter(self._filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A header click: the same filter in the column's database order (nothing if the column
        does not sort, or the list is already in that order)."""
        key = self.columns[column].sort
        descending = order == Qt.SortOrder.DescendingOrder
        f = self._filter
        if key is None or (self._loaded and (key, descending) == (f.order_by, f.descending)):
            return
        self._filter = replace(f, order_by=key, descending=descending)
        self.reload()

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the first page again (after a filter, a sort or a change)."""
        self.beginResetModel()
        with self._db.read() as s:
            self._rows = self.fetch_page(s, limit=self.page_size, offset=0)
            counted = self.count(s)
        self._total = len(self._rows) if counted is None else counted
        self._counted = counted is not None
        self._exhausted = len(self._rows) < self.page_size
        self._loaded = True
        self.endResetModel()
        self.total_changed.emit(self._total)

    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        with self._db.read() as s:
            more = self.fetch_page(s, limit=self.page_size, offset=len(self._rows))
        if not more:
            self._exhausted = True
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
        self._exhausted = len(more) < self.page_size
        if not self._counted:
            self._total = len(self._rows)
            self.total_changed.emit(self._total)

    # --- Qt's table interface ---------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        return self.cell(row, index.column(), role)
