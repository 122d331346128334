"""The follow-up area of the main window: the supervisor board and the statistics dashboard.

Entry point for the main window: :class:`FollowupPage` (a tab widget holding both), built with the
app's :class:`~inspector.ui.context.UiContext`. Its ``counts_changed(open, overdue)`` feeds the
navigation's count; ``reinspection_started(inspection_id)`` asks the main window to open the new
re-inspection in the walk-through; :meth:`FollowupPage.apply_changes` is how the main window tells it
what an action anywhere in the app changed. :class:`~inspector.ui.followup.original.OriginalFindingPanel`
shows a re-inspected item's original finding and photos beside the new answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from inspector.ui.cases.kept_panel import KeptDuePanel
from inspector.ui.context import UiContext
from inspector.ui.followup.board import SupervisorBoard
from inspector.ui.followup.dashboard import DashboardPage
from inspector.ui.followup.history import HistoryDialog
from inspector.ui.followup.original import OriginalFindingPanel

if TYPE_CHECKING:
    from inspector.workflows import Changes


class FollowupPage(QTabWidget):
    """Board first (above it, the kept evidence of cases waiting for a decision since day 5); the
    dashboard is built the first time its tab is shown, so start-up stays fast. ``case_activated``
    asks the main window to open a case from that list."""

    counts_changed = Signal(int, int)
    reinspection_started = Signal(object)
    case_activated = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.board = SupervisorBoard(ctx)
        self.kept = KeptDuePanel(ctx)
        self.kept.case_activated.connect(self.case_activated)
        self.dashboard: DashboardPage | None = None
        board_tab = QWidget()
        column = QVBoxLayout(board_tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.kept)
        column.addWidget(self.board, 1)
        self.addTab(board_tab, self.tr("Supervisor board"))
        self.addTab(QWidget(), self.tr("Statistics"))
        self.board.counts_changed.connect(self.counts_changed)
        self.board.reinspection_started.connect(self.reinspection_started)
        self.currentChanged.connect(self._on_current_changed)

    def counts(self) -> tuple[int, int]:
        return self.board.counts.open, self.board.counts.overdue

    def refresh(self) -> None:
        self.board.refresh()
        self.kept.refresh()
        if self.dashboard is not None:
            self.dashboard.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """The board reloads when rectifications changed, the dashboard when the figures may differ."""
        self.board.apply_changes(changes)
        if changes.cases or changes.board:
            self.kept.refresh()
        if self.dashboard is not None and changes.statistics:
            self.dashboard.refresh()

    def show_dashboard(self) -> DashboardPage:
        self.setCurrentIndex(1)
        assert self.dashboard is not None
        return self.dashboard

    def _on_current_changed(self, index: int) -> None:
        if index == 1 and self.dashboard is None:
            self.dashboard = DashboardPage(self._ctx)
            self.blockSignals(True)
            self.removeTab(1)
            self.insertTab(1, self.dashboard, self.tr("Statistics"))
            self.setCurrentIndex(1)
            self.blockSignals(False)


__all__ = ["DashboardPage", "FollowupPage", "HistoryDialog", "OriginalFindingPanel", "SupervisorBoard"]
