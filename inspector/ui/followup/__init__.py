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
from PySide6.QtWidgets import QTabWidget, QWidget

from inspector.ui.context import UiContext
from inspector.ui.followup.board import SupervisorBoard
from inspector.ui.followup.dashboard import DashboardPage
from inspector.ui.followup.history import HistoryDialog
from inspector.ui.followup.original import OriginalFindingPanel

if TYPE_CHECKING:
    from inspector.workflows import Changes


class FollowupPage(QTabWidget):
    """Board first; the dashboard is built the first time its tab is shown, so start-up stays fast."""

    counts_changed = Signal(int, int)
    reinspection_started = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.board = SupervisorBoard(ctx)
        self.dashboard: DashboardPage | None = None
        self.addTab(self.board, self.tr("Supervisor board"))
        self.addTab(QWidget(), self.tr("Statistics"))
        self.board.counts_changed.connect(self.counts_changed)
        self.board.reinspection_started.connect(self.reinspection_started)
        self.currentChanged.connect(self._on_current_changed)

    def counts(self) -> tuple[int, int]:
        return self.board.counts.open, self.board.counts.overdue

    def refresh(self) -> None:
        self.board.refresh()
        if self.dashboard is not None:
            self.dashboard.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """The board reloads when rectifications changed, the dashboard when the figures may differ."""
        self.board.apply_changes(changes)
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
