"""The supervisor board: every open rectification by deadline, filtered, with overdue ones in red.

Opening it costs one page of rows and two counts, whatever the number of rectifications (see
``bench/bench_followup.py``). Double-click (or Enter) opens the history dialog, which offers the
next step the signed-in user may take.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from inspector.domain import SiteKind, site_kind_label
from inspector.services import permissions
from inspector.services.followup import board, views
from inspector.ui.boxes import button, hbox, vbox
from inspector.ui.collation import sorted_zh
from inspector.ui.context import UiContext
from inspector.ui.followup.board_model import RectificationsModel
from inspector.ui.followup.history import HistoryDialog
from inspector.ui.place_filter import PlaceFilter
from inspector.ui.tables import apply_on_change, choice_combo, compact, fill_choices, record_table, search_box

if TYPE_CHECKING:
    from inspector.workflows import Changes

SEARCH_DELAY_MS = 200


class SupervisorBoard(QWidget):
    """Signals: ``counts_changed(open, overdue)`` for the navigation after every load;
    ``reinspection_started(uuid.UUID)`` when a re-inspection was started from a history dialog."""

    counts_changed = Signal(int, int)
    reinspection_started = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.counts = board.BoardCounts(0, 0, 0)
        self.model = RectificationsModel(ctx.db, self)
        self._build_filters()
        self.refresh_button = button(self.tr("Refresh"), self.refresh)
        self.count_label = QLabel()
        legend = QLabel(self.tr("Red: overdue. Amber: due within 3 days."))
        self.table = record_table(self.model, (90, 90, 80, 220, 110, 170, 130, 120, 160), alternating=False)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        # Two rows of filters: in one, at 150 % on a 1366×768 screen, they squeezed each other
        # (the search box and the place combos were cut to a few letters).
        filters = hbox((self.search, 3), (self.status, 1), (self.place, 2))
        more = hbox((self.kind, 1), (self.inspector, 1), (self.item, 1), self.refresh_button)
        vbox(filters, more, (self.table, 1), hbox((self.count_label, 1), legend), owner=self)
        self._connect_filters()
        self._loading = True
        self.reload_choices()
        self._loading = False
        self.apply_filter()
        self.table.setSortingEnabled(True)  # after the first load: the same order is not fetched twice

    def _build_filters(self) -> None:
        self.status = choice_combo(
            self.tr("All open"), ((label, value) for value, label in board.status_choices())
        )
        self.place = PlaceFilter(self._ctx.db)
        self.kind = choice_combo(
            self.tr("All kinds"), ((site_kind_label(k.value), k.value) for k in SiteKind)
        )
        self.inspector = compact(QComboBox())
        self.item = compact(QComboBox())
        self.search = search_box(self.tr("Search site name, address or licence…"))

    def _connect_filters(self) -> None:
        combos = (self.status, self.kind, self.inspector, self.item)
        self._timer = apply_on_change(
            self,
            self.apply_filter,
            self.search,
            *(combo.currentIndexChanged for combo in combos),
            self.place.changed,
            delay_ms=SEARCH_DELAY_MS,
        )
        self.model.total_changed.connect(self._on_model_total_changed)

    def reload_choices(self) -> None:
        """Places, inspectors and item codes for the filters (cheap: a few small queries)."""
        with self._ctx.db.read() as s:
            people = permissions.officers(s)
            codes = board.board_item_codes(s)
        self.place.reload()
        people = sorted_zh(people, key=lambda u: u.name)
        fill_choices(self.inspector, self.tr("All inspectors"), [(u.name, u.id) for u in people])
        fill_choices(self.item, self.tr("All items"), [(c, c) for c in codes])

    def current_filter(self) -> board.RectificationFilter:
        status = self.status.currentData()
        f = board.RectificationFilter(
            statuses=(status,) if status else (),
            district=self.place.current_district(),
            township=self.place.current_township(),
            site_kind=self.kind.currentData(),
            inspector_id=self.inspector.currentData(),
            item_code=self.item.currentData(),
            text=self.search.text(),
        )
        return self.model.in_shown_order(f)

    def apply_filter(self) -> None:
        if self._loading:
            return
        self._timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def refresh(self) -> None:
        self.reload_choices()
        self.model.refresh()
        self._update_counts()

    def apply_changes(self, changes: Changes) -> None:
        """Reload when an action changed what the board shows (the main window calls this)."""
        if changes.board or changes.rectifications or changes.sites_changed:
            self.refresh()

    def _update_counts(self) -> None:
        with self._ctx.db.read() as s:
            self.counts = board.board_counts(s)
        self.counts_changed.emit(self.counts.open, self.counts.overdue)
        self._on_model_total_changed(self.model.total())

    def _on_model_total_changed(self, total: int) -> None:
        self.count_label.setText(
            self.tr("%1 shown; %2 open, %3 overdue, %4 due within 3 days.")
            .replace("%1", str(total))
            .replace("%2", str(self.counts.open))
            .replace("%3", str(self.counts.overdue))
            .replace("%4", str(self.counts.due_soon))
        )

    def selected(self) -> views.RectificationRow | None:
        idx = self.table.currentIndex()
        return self.model.row_at(idx.row()) if idx.isValid() else None

    def open_history(self, rectification_id: uuid.UUID) -> HistoryDialog:
        """Open the history dialog (window-modal, not blocking); its actions announce their changes,
        which reach the board through the main window."""
        dialog = HistoryDialog(self._ctx, rectification_id, self)
        dialog.reinspection_started.connect(self.reinspection_started)
        dialog.open()
        return dialog

    def _on_table_double_clicked(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_history(row.id)
