"""The history of one rectification and the actions its next step allows.

Shows the site, the items to correct, every event (who, when, from → to, note) and the
re-inspections, and offers what the state machine allows the signed-in user: record the service
(签收), start the re-inspection, issue the 复查意见书, close, escalate, change the deadline. Each is a
workflow of :mod:`inspector.workflows`, the same the other screens and the command line call.
Buttons the user's role may not use are disabled (:mod:`inspector.services.permissions` says which),
but the core checks again: the dialog is a convenience, not the guard. Every action's changes are
announced on the context (the main window updates the pages); ``reinspection_started(id)`` asks the
main window to open a new re-inspection, and the dialog closes so that the walk-through is in front.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.domain import (
    EscalationKind,
    InspectionStatus,
    RectificationResult,
    RectificationStatus,
    escalation_label,
    rectification_result_label,
    rectification_status_label,
    site_kind_label,
)
from inspector.services import office_days, permissions
from inspector.services.followup import machine, views
from inspector.services.permissions import Action
from inspector.services.sites import place_label
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.distinct_choices import DistinctChoices
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text
from inspector.ui.workflow_run import run_workflow

S = RectificationStatus


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class HistoryDialog(QDialog):
    """Signals: ``changed(Changes)`` after an action succeeded (also announced on the context);
    ``reinspection_started(uuid.UUID)``."""

    changed = Signal(object)
    reinspection_started = Signal(object)

    def __init__(self, ctx: UiContext, rectification_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._id = rectification_id
        self.view: views.RectificationView | None = None
        self.setWindowTitle(self.tr("Rectification history"))
        fit_to_screen(self, 980, 700)

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.items_table = listing([self.tr("Item"), self.tr("Finding"), self.tr("Correction demanded")])
        self.events_table = listing([self.tr("When"), self.tr("Change"), self.tr("By"), self.tr("Note")])
        self._build_controls()
        actions = self._build_actions()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        body = QVBoxLayout()
        body.addWidget(self.header)
        form = QFormLayout()
        form.addRow(self.tr("Items to correct"), self.items_table)
        form.addRow(self.tr("History"), self.events_table)
        body.addLayout(form, 1)
        body.addWidget(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)  # on a small screen the history scrolls, the buttons stay
        layout.addWidget(buttons)

        self.serve_button.clicked.connect(self._on_serve_clicked)
        self.reinspect_button.clicked.connect(self._on_reinspect_clicked)
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.escalate_button.clicked.connect(self._on_escalate_clicked)
        self.deadline_button.clicked.connect(self._on_deadline_clicked)
        self._load_inspectors()
        self.reload()

    def _build_controls(self) -> None:
        """The note, dates, inspector choices, decision and the buttons of each next step."""
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("Note (kept in the history; required to escalate)"))
        self.note.setMaximumHeight(70)
        self.serve_date = QDateEdit(_qdate(office_days.local_today()))
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

    def _build_actions(self) -> QGroupBox:
        """The "next step" box: one row a step, the permission hint under them."""
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
        return actions

    def _load_inspectors(self) -> None:
        with self._ctx.db.read() as s:
            people = permissions.officers(s)
        for combo in (self.first_inspector, self.second_inspector):
            combo.clear()
            for u in people:
                combo.addItem(u.label, str(u.id))  # a str: QVariant compares UUID objects by identity
        if len(people) > 1:
            self.second_inspector.setCurrentIndex(1)
        distinct = DistinctChoices(self)  # the same person cannot be chosen twice
        for combo in (self.first_inspector, self.second_inspector):
            distinct.add(combo)

    # -- state ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        with self._ctx.db.read() as s:
            self.view = views.get_rectification(s, self._id)
            finalized_reinspection = any(
                r.status == InspectionStatus.FINALIZED.value for r in self.view.reinspections
            )
            running = any(r.status == InspectionStatus.DRAFT.value for r in self.view.reinspections)
        v = self.view
        lines = [
            " · ".join(
                part
                for part in (
                    f"<b>{v.site_name}</b>",
                    site_kind_label(v.site_kind),
                    place_label(v.district, v.township),
                )
                if part
            ),
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
        allowed = set(machine.next_statuses(actor, self.view.status))
        awaiting = self.view.status in views.AWAITING_CORRECTION
        self.serve_button.setEnabled(S.SERVED.value in allowed)
        self.serve_date.setEnabled(S.SERVED.value in allowed)
        can_reinspect = S.REINSPECTED.value in allowed
        self.reinspect_button.setEnabled(can_reinspect and not running and not finalized_reinspection)
        self.complete_button.setEnabled(
            awaiting and finalized_reinspection and permissions.may(actor, Action.ISSUE_REINSPECTION)
        )
        self.close_button.setEnabled(S.CLOSED.value in allowed)
        self.escalate_button.setEnabled(S.ESCALATED.value in allowed)
        self.escalate_kind.setEnabled(S.ESCALATED.value in allowed)
        may_extend = awaiting and permissions.may(actor, Action.CHANGE_DEADLINE)
        self.deadline_button.setEnabled(may_extend)
        self.deadline_date.setEnabled(may_extend)
        self.permission_hint.setText(self._hint(running=running))

    def _hint(self, *, running: bool) -> str:
        assert self.view is not None
        decided = self.view.status == S.REINSPECTED.value
        if decided and not permissions.may(self._ctx.actor, Action.CLOSE):
            return self.tr("Only a supervisor can close or escalate a rectification.")
        if decided and self.view.result == RectificationResult.NOT_CORRECTED.value:
            return self.tr(
                "The re-inspection found the findings not corrected: decide on a case (立案) or a "
                "transfer (移送) and say why in the note."
            )
        if running:
            return self.tr(
                "A re-inspection is in progress; finalize it, then issue the re-inspection opinion."
            )
        return ""

    # -- actions ----------------------------------------------------------------------------------------
    def _run(self, action: Callable[[Session], workflows.Changes]) -> workflows.Changes | None:
        changes = run_workflow(self, self._ctx.db, action)
        if changes is None:
            return None
        self.note.clear()
        self.reload()
        self._ctx.announce(changes)
        self.changed.emit(changes)
        return changes

    def _note(self) -> str:
        return self.note.toPlainText().strip()

    def _on_serve_clicked(self) -> None:
        when = _pydate(self.serve_date.date())
        config, note = self._ctx.config, self._note()
        self._run(
            lambda s: workflows.serve_rectification(
                s, self._ctx.actor, config, self._id, served_on=when, note=note
            )
        )

    def _on_close_clicked(self) -> None:
        """结案 ends the rectification for good (nothing can be recorded on it afterwards): asked first."""
        assert self.view is not None
        question = self.tr(
            "Close the rectification of %1? It is then finished: nothing more can be recorded on it."
        ).replace("%1", self.view.site_name)
        if not messages.confirm(self, self.tr("Close the rectification (结案)"), question):
            return
        note = self._note()
        self._run(lambda s: workflows.close(s, self._ctx.actor, self._id, note))

    def _on_escalate_clicked(self) -> None:
        kind, note = self.escalate_kind.currentData(), self._note()
        self._run(lambda s: workflows.escalate(s, self._ctx.actor, self._id, kind, note))

    def _on_deadline_clicked(self) -> None:
        new, note = _pydate(self.deadline_date.date()), self._note()
        self._run(lambda s: workflows.change_deadline(s, self._ctx.actor, self._id, new, note))

    def _on_reinspect_clicked(self) -> None:
        ids = [
            uuid.UUID(c.currentData())
            for c in (self.first_inspector, self.second_inspector)
            if c.currentData()
        ]
        now = dt.datetime.now(dt.UTC)
        changes = self._run(lambda s: workflows.start_reinspection(s, self._ctx.actor, self._id, ids, now))
        if changes is not None and changes.created is not None:
            # The walk-through opens in the main window; this dialog must not stay in front of it.
            self.accept()
            self.reinspection_started.emit(changes.created)

    def _on_complete_clicked(self) -> None:
        assert self.view is not None
        finalized = [
            r.inspection_id for r in self.view.reinspections if r.status == InspectionStatus.FINALIZED.value
        ]
        if not finalized:
            return
        reinspection_id, note, config = finalized[-1], self._note(), self._ctx.config
        self._run(
            lambda s: workflows.complete_reinspection(s, self._ctx.actor, config, reinspection_id, note=note)
        )
