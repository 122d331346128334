"""The list of cases with their state and time limits, and the inspections that call for a case.

Each row shows the 立案 due day while a case waits for approval and the kept items' due day while
they wait for a decision; late rows are red, rows due soon amber (the rules in
:mod:`inspector.services.cases.deadlines`, computed for today at every load). Above the list, the
finalized inspections whose findings call for a case and belong to none, each one click from the
立案 dialog, so a serious finding is never left without a proposal.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import CaseStatus, case_status_label, inspection_kind_label
from inspector.services import permissions
from inspector.services.cases import board
from inspector.services.cases.deadlines import KeptState
from inspector.services.permissions import Action
from inspector.ui.context import UiContext
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text

OVERDUE = QColor("#ffcdd2")
DUE_SOON = QColor("#ffe0b2")
OPEN = "open"


class CasesListPage(QWidget):
    """Signals: ``case_activated(uuid.UUID)``; ``propose_requested(uuid.UUID)`` with an inspection;
    ``counts_changed(int)`` with the open cases after every load."""

    case_activated = Signal(object)
    propose_requested = Signal(object)
    counts_changed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[board.CaseRow] = []
        self.counts = board.CaseCounts(0, 0, 0)
        self.status = QComboBox()
        self.status.addItem(self.tr("Open cases"), OPEN)
        for s in CaseStatus:
            self.status.addItem(case_status_label(s), s.value)
        self.status.addItem(self.tr("All cases"), None)
        self.count_label = QLabel()
        self.legend = QLabel(self.tr("Red: late (立案 or the decision on kept items). Amber: due soon."))
        self.table = listing(
            [
                self.tr("Status"),
                self.tr("Cause"),
                self.tr("Party"),
                self.tr("Place"),
                self.tr("Discovered"),
                self.tr("立案 due"),
                self.tr("Kept items"),
                self.tr("Decide by"),
                self.tr("Interviews"),
            ]
        )
        self.awaiting_label = QLabel()
        self.awaiting = QListWidget()
        self.awaiting.setMaximumHeight(96)
        self.propose_button = QPushButton(self.tr("立案…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.count_label)
        proposals = QHBoxLayout()
        proposals.addWidget(self.awaiting, 1)
        proposals.addWidget(self.propose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.awaiting_label)
        layout.addLayout(proposals)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        self.status.currentIndexChanged.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.propose_button.clicked.connect(self._on_propose_clicked)
        self.awaiting.itemActivated.connect(lambda _item: self._on_propose_clicked())
        self.refresh()

    def refresh(self) -> None:
        choice = self.status.currentData()
        statuses = board.OPEN if choice == OPEN else ((choice,) if choice else ())
        with self._ctx.db.read() as s:
            self.rows = board.list_cases(s, statuses=statuses)
            self.counts = board.counts(s)
            waiting = board.awaiting_case(s)
        self._fill()
        self.count_label.setText(
            self.tr("%1 shown; %2 open, %3 awaiting approval, %4 late.")
            .replace("%1", str(len(self.rows)))
            .replace("%2", str(self.counts.open))
            .replace("%3", str(self.counts.waiting))
            .replace("%4", str(self.counts.overdue))
        )
        self.awaiting.clear()
        for w in waiting:
            entry = QListWidgetItem(
                f"{local_text(w.started_at, False)}　{w.site_name}　{inspection_kind_label(w.kind)}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, w.inspection_id)
            self.awaiting.addItem(entry)
        if waiting:
            self.awaiting.setCurrentRow(0)
        self.awaiting_label.setText(
            self.tr("%1 finalized inspection(s) call for a case and have none yet:").replace(
                "%1", str(len(waiting))
            )
        )
        for widget in (self.awaiting_label, self.awaiting, self.propose_button):
            widget.setVisible(bool(waiting))
        self.propose_button.setEnabled(permissions.may(self._ctx.actor, Action.PROPOSE_CASE))
        self.counts_changed.emit(self.counts.open)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            waiting = r.status == CaseStatus.PROPOSED.value
            cells = (
                case_status_label(r.status),
                r.cause,
                r.party_name,
                " / ".join(dict.fromkeys(x for x in (r.district, r.township) if x)),
                local_text(r.discovered_at, False),
                r.open_due.isoformat() if waiting else "",
                f"{r.undecided}/{r.items}" if r.items else "",
                r.kept_due.isoformat() if r.kept_due else "",
                str(r.interviews or ""),
            )
            late = r.overdue
            soon = r.kept_state is KeptState.DUE_SOON
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if late:
                    cell.setBackground(OVERDUE)
                elif soon:
                    cell.setBackground(DUE_SOON)
                self.table.setItem(row, col, cell)

    def selected(self) -> board.CaseRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _on_table_double_clicked(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if 0 <= row < len(self.rows):
            self.case_activated.emit(self.rows[row].id)

    def _on_propose_clicked(self) -> None:
        entry = self.awaiting.currentItem()
        if entry is not None and self.propose_button.isEnabled():
            value = entry.data(Qt.ItemDataRole.UserRole)
            if isinstance(value, uuid.UUID):
                self.propose_requested.emit(value)
