"""On the supervisor's board: the kept items (证据先行登记保存) waiting for a decision since day 5.

行政处罚法 第五十六条 gives 7 days to decide. A list still undecided on day 5 appears here, amber;
after the due day it is red. Double-click (or Enter) opens the case. Hidden when nothing waits.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QTableWidgetItem, QVBoxLayout, QWidget

from inspector.services.cases import board
from inspector.services.cases.deadlines import KeptState
from inspector.ui.context import UiContext
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text

OVERDUE = QColor("#ffcdd2")
OVERDUE_TEXT = QColor("#b71c1c")
DUE_SOON = QColor("#ffe0b2")


class KeptDuePanel(QGroupBox):
    """Signals: ``case_activated(uuid.UUID)``."""

    case_activated = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[board.CaseRow] = []
        self.setTitle(self.tr("Kept evidence awaiting a decision (7 days, 行政处罚法 第五十六条)"))
        self.table = listing(
            [self.tr("Decide by"), self.tr("Cause"), self.tr("Party"), self.tr("Undecided"), self.tr("Kept")]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)
        self.refresh()

    def refresh(self) -> None:
        with self._ctx.db.read() as s:
            self.rows = board.kept_due(s)
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            late = r.kept_state is KeptState.OVERDUE
            due = r.kept_due.isoformat() if r.kept_due else ""
            label = self.tr("%1 (overdue)").replace("%1", due) if late else due
            kept = local_text(r.oldest_undecided, False)
            for col, text in enumerate((label, r.cause, r.party_name, str(r.undecided), kept)):
                cell = QTableWidgetItem(text)
                cell.setBackground(OVERDUE if late else DUE_SOON)
                if late:
                    cell.setForeground(OVERDUE_TEXT)
                self.table.setItem(row, col, cell)
        rows = max(1, min(len(self.rows), 4))  # up to four rows without scrolling, never a blank area
        height = (
            self.table.horizontalHeader().height() + rows * self.table.verticalHeader().defaultSectionSize()
        )
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)
        self.setVisible(bool(self.rows))

    def _on_table_activated(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if 0 <= row < len(self.rows):
            self.case_activated.emit(self.rows[row].id)
