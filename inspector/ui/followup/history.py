"""The history of one rectification and the actions its next step allows.

Shows the site, the items to correct, every event (who, when, from → to, note) and the
re-inspections, and offers what the state machine allows the signed-in user: record the service
(签收), start the re-inspection, issue the 复查意见书, close, escalate, change the deadline. Buttons the
user's role may not use are disabled, but the services check again: the dialog is a convenience,
not the guard. ``changed`` is emitted after every successful action; ``reinspection_started(id)``
when a re-inspection was created, so the main window can open it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import (
    EscalationKind,
    InspectionStatus,
    RectificationStatus,
    Role,
    escalation_label,
    rectification_result_label,
    rectification_status_label,
    site_kind_label,
)
from inspector.errors import UserError
from inspector.services import followup, users
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.timefmt import local_text

S = RectificationStatus


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class HistoryDialog(QDialog):
    """Signals: ``changed()`` after an action succeeded; ``reinspection_started(uuid.UUID)``."""

    changed = Signal()
    reinspection_started = Signal(object)

    def __init__(self, ctx: UiContext, rectification_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._id = rectification_id
        self.view: followup.RectificationView | None = None
        self.setWindowTitle(self.tr("Rectification history"))
        self.resize(980, 700)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.items_table = self._table([self.tr("Item"), self.tr("Finding"), self.tr("Correction demanded")])
        self.events_table = self._table([self.tr("When"), self.tr("Change"), self.tr("By"), self.tr("Note")])

        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Note (kept in the history; required to escalate)"))
        self.note.setMaximumHeight(70)
        self.serve_date = QDateEdit(_qdate(followup.local_today()))
        self.serve_date.setCalendarPopup(True)
        self.serve_date.setDisplayFormat("yyyy-MM-dd")
        self.serve_button = QPushButton(self.tr("Record service (签收)"))
        self.deadline_date = QDateEdit()
        self.deadline_date.setCalendarPopup(True)
        self.deadline_date.setDisplayFormat("yyyy-MM-dd")
        self.deadline_button = QPushButton(self.tr("Change deadline"))
        self.first_inspector = QComboBox()
        self.second_inspector = QComboBox()
        self.reinspect_button = QPushButton(self.tr("Start re-inspection"))
        self.complete_button = QPushButton(self.tr("Issue re-inspection opinion (复查意见书)"))
        self.close_button = QPushButton(self.tr("Close the rectification (结案)"))
        self.escalate_kind = QComboBox()
        for kind in EscalationKind:
            self.escalate_kind.addItem(escalation_label(kind.value), kind.value)
        self.escalate_button = QPushButton(self.tr("Escalate"))

        actions = QGroupBox(self.tr("Next step"))
        grid = QGridLayout(actions)
        grid.addWidget(QLabel(self.tr("Note")), 0, 0)
        grid.addWidget(self.note, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Served on")), 1, 0)
        grid.addWidget(self.serve_date, 1, 1)
        grid.addWidget(self.serve_button, 1, 2)
        grid.addWidget(QLabel(self.tr("Re-inspect with")), 2, 0)
        pair = QHBoxLayout()
        pair.addWidget(self.first_inspector)
        pair.addWidget(self.second_inspector)
        grid.addLayout(pair, 2, 1)
        grid.addWidget(self.reinspect_button, 2, 2)
        grid.addWidget(self.complete_button, 2, 3)
        grid.addWidget(QLabel(self.tr("Decision")), 3, 0)
        grid.addWidget(self.escalate_kind, 3, 1)
        grid.addWidget(self.escalate_button, 3, 2)
        grid.addWidget(self.close_button, 3, 3)
        grid.addWidget(QLabel(self.tr("New deadline")), 4, 0)
        grid.addWidget(self.deadline_date, 4, 1)
        grid.addWidget(self.deadline_button, 4, 2)
        self.permission_hint = QLabel()
        self.permission_hint.setWordWrap(True)
        grid.addWidget(self.permission_hint, 5, 0, 1, 4)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        form = QFormLayout()
        form.addRow(self.tr("Items to correct"), self.items_table)
        form.addRow(self.tr("History"), self.events_table)
        layout.addLayout(form, 1)
        layout.addWidget(actions)
        layout.addWidget(buttons)

        self.serve_button.clicked.connect(self._on_serve_clicked)
        self.reinspect_button.clicked.connect(self._on_reinspect_clicked)
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.escalate_button.clicked.connect(self._on_escalate_clicked)
        self.deadline_button.clicked.connect(self._on_deadline_clicked)
        self._load_inspectors()
        self.reload()

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _load_inspectors(self) -> None:
        with self._ctx.db.read() as s:
            people = [u for u in users.list_users(s, role=Role.INSPECTOR.value) if u.cert_no]
        for combo in (self.first_inspector, self.second_inspector):
            combo.clear()
            for u in people:
                combo.addItem(u.label, u.id)
        if len(people) > 1:
            self.second_inspector.setCurrentIndex(1)

    # -- state ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        with self._ctx.db.read() as s:
            self.view = followup.get_rectification(s, self._id)
            finalized_reinspection = any(
                r.status == InspectionStatus.FINALIZED.value for r in self.view.reinspections
            )
            running = any(r.status == InspectionStatus.DRAFT.value for r in self.view.reinspections)
        v = self.view
        lines = [
            f"<b>{v.site_name}</b>　{site_kind_label(v.site_kind)}　{v.district}",
            (
                self.tr("Status: %1; deadline %2; notice %3")
                .replace("%1", str(rectification_status_label(v.display_status)))
                .replace("%2", str(v.deadline.isoformat()))
                .replace("%3", str(v.notice_number or "-"))
            ),
        ]
        if v.result:
            lines.append(self.tr("Result: %1").replace("%1", str(rectification_result_label(v.result))))
        if v.escalation:
            lines.append(escalation_label(v.escalation))
        self.header.setText("<br>".join(lines))
        self.items_table.setRowCount(len(v.items))
        for row, item in enumerate(v.items):
            for col, text in enumerate((item.code, item.finding or item.question, item.correction)):
                self.items_table.setItem(row, col, QTableWidgetItem(text))
        self.events_table.setRowCount(len(v.events))
        for row, e in enumerate(v.events):
            change = (
                f"{rectification_status_label(e.from_status) if e.from_status else '—'} → "
                f"{rectification_status_label(e.to_status)}"
            )
            for col, text in enumerate((local_text(e.at), change, e.actor_name, e.note)):
                self.events_table.setItem(row, col, QTableWidgetItem(text))
        self.deadline_date.setDate(_qdate(v.deadline))
        self._update_buttons(finalized_reinspection=finalized_reinspection, running=running)

    def _update_buttons(self, *, finalized_reinspection: bool, running: bool) -> None:
        assert self.view is not None
        actor = self._ctx.actor
        allowed = set(self.view.allowed_actions(actor))
        status = self.view.status
        self.serve_button.setEnabled(S.SERVED.value in allowed)
        self.serve_date.setEnabled(S.SERVED.value in allowed)
        can_reinspect = S.REINSPECTED.value in allowed
        self.reinspect_button.setEnabled(can_reinspect and not running and not finalized_reinspection)
        self.complete_button.setEnabled(can_reinspect and finalized_reinspection)
        self.close_button.setEnabled(S.CLOSED.value in allowed)
        self.escalate_button.setEnabled(S.ESCALATED.value in allowed)
        self.escalate_kind.setEnabled(S.ESCALATED.value in allowed)
        may_extend = status in followup.AWAITING_CORRECTION and actor.role in (Role.SUPERVISOR, Role.ADMIN)
        self.deadline_button.setEnabled(may_extend)
        self.deadline_date.setEnabled(may_extend)
        hint = ""
        if status == S.REINSPECTED.value and not followup.role_may(actor, S.CLOSED.value):
            hint = self.tr("Only a supervisor can close or escalate a rectification.")
        elif running:
            hint = self.tr(
                "A re-inspection is in progress; finalize it, then issue the re-inspection opinion."
            )
        self.permission_hint.setText(hint)

    # -- actions ----------------------------------------------------------------------------------------
    def _run(self, action: Any) -> bool:
        try:
            with self._ctx.db.write() as s:
                action(s)
        except UserError as err:
            messages.show_error(self, err)
            return False
        self.note.clear()
        self.reload()
        self.changed.emit()
        return True

    def _note(self) -> str:
        return self.note.toPlainText().strip()

    def _on_serve_clicked(self) -> None:
        when = _pydate(self.serve_date.date())
        self._run(lambda s: followup.serve(s, self._ctx.actor, self._id, when, self._note()))

    def _on_close_clicked(self) -> None:
        self._run(lambda s: followup.close(s, self._ctx.actor, self._id, self._note()))

    def _on_escalate_clicked(self) -> None:
        kind = self.escalate_kind.currentData()
        self._run(lambda s: followup.escalate(s, self._ctx.actor, self._id, kind, self._note()))

    def _on_deadline_clicked(self) -> None:
        new = _pydate(self.deadline_date.date())
        self._run(lambda s: followup.change_deadline(s, self._ctx.actor, self._id, new, self._note()))

    def _on_reinspect_clicked(self) -> None:
        ids = [self.first_inspector.currentData(), self.second_inspector.currentData()]
        started: list[uuid.UUID] = []

        def start(s: Any) -> None:
            view = followup.start_reinspection(s, self._ctx.actor, self._id, ids, dt.datetime.now(dt.UTC))
            started.append(view.id)

        if self._run(start) and started:
            self.reinspection_started.emit(started[0])

    def _on_complete_clicked(self) -> None:
        assert self.view is not None
        finalized = [
            r.inspection_id for r in self.view.reinspections if r.status == InspectionStatus.FINALIZED.value
        ]
        if not finalized:
            return
        try:
            followup.complete(
                self._ctx.db, self._ctx.config, self._ctx.actor, finalized[-1], note=self._note()
            )
        except UserError as err:
            messages.show_error(self, err)
            return
        self.note.clear()
        self.reload()
        self.changed.emit()
