"""One case: the party, its time limits, the timeline, the kept items with their photos, the
interviews, the inspections it came from, and the decisions the signed-in person may take.

The buttons follow the state machine (:func:`inspector.services.cases.machine.next_statuses`) and the
rule book: an inspector prepares (corrects the proposal, keeps items, questions people), a supervisor
approves, transfers, decides and closes. Every decision is a workflow; what it changed is announced
on the context and the view reloads itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import (
    CaseStatus,
    KeptDecision,
    PartyKind,
    TransferTarget,
    case_source_label,
    case_status_label,
    inspection_kind_label,
    inspection_status_label,
    kept_decision_label,
    transfer_target_label,
)
from inspector.services import permissions
from inspector.services import settings as settings_service
from inspector.services.cases import deadlines, machine, views
from inspector.services.cases.opening import CaseInput
from inspector.services.permissions import Action
from inspector.ui.cases.decision_dialog import DecisionDialog, Run
from inspector.ui.cases.documents_tab import CaseDocumentsTab
from inspector.ui.cases.evidence import EvidenceEditor
from inspector.ui.cases.interview import InterviewEditor
from inspector.ui.cases.propose_dialog import ProposeCaseDialog
from inspector.ui.context import UiContext
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text
from inspector.workflows import cases as flows

S = CaseStatus
LATE = "color: #b71c1c; font-weight: bold;"


@dataclass(frozen=True)
class Spec:
    """One decision's dialog: its title, the text it asks for, the workflow, the choice if any."""

    title: str
    text_label: str
    text_field: str
    run: Run
    text: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    choice_label: str = ""
    choice_field: str = "choice"


class CaseViewWidget(QWidget):
    """Signals: ``back_requested()``; ``inspection_requested(uuid.UUID)`` to open an inspection."""

    back_requested = Signal()
    inspection_requested = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case: views.CaseView | None = None
        self.back_button = QPushButton(self.tr("◀ Back to the cases"))
        self.title = QLabel()
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setStyleSheet(LATE)
        self.warning.setWordWrap(True)
        self.buttons = {
            "edit": QPushButton(self.tr("Correct the proposal…")),
            "approve": QPushButton(self.tr("Approve (立案)…")),
            "refuse": QPushButton(self.tr("No case (不予立案)…")),
            "transfer": QPushButton(self.tr("Transfer (移送)…")),
            "decide": QPushButton(self.tr("Record the decision…")),
            "kept": QPushButton(self.tr("Decide on kept items…")),
            "close": QPushButton(self.tr("Close (结案)…")),
        }
        self.timeline = listing([self.tr("When"), self.tr("Change"), self.tr("By"), self.tr("Note")])
        self.evidence = EvidenceEditor(ctx)
        self.interviews = InterviewEditor(ctx)
        self.inspections = listing([self.tr("Started"), self.tr("Kind"), self.tr("Status")])
        self.documents = CaseDocumentsTab(ctx, self._flush)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.evidence, self.tr("Kept items (物品清单)"))
        self.tabs.addTab(self.interviews, self.tr("Interviews (询问笔录)"))
        self.tabs.addTab(self.documents, self.tr("Documents (文书)"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.inspections, self.tr("Inspections"))
        self._layout()
        self.back_button.clicked.connect(self._on_back_clicked)
        self.evidence.changed.connect(self._on_part_changed)
        self.interviews.changed.connect(self._on_part_changed)
        self.documents.changed.connect(self._on_part_changed)
        self.inspections.doubleClicked.connect(self._on_inspections_double_clicked)
        for name, button in self.buttons.items():
            button.clicked.connect(lambda _=False, name=name: self.act(name))

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        actions = QHBoxLayout()
        for button in self.buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.warning)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)

    # -- showing ------------------------------------------------------------------------------------
    def show_case(self, case_id: uuid.UUID) -> None:
        with self._ctx.db.read() as s:
            self.case = views.get_case(s, case_id)
        c = self.case
        self.title.setText(f"<b>{c.cause}</b>　[{case_status_label(c.status)}]")
        self.details.setText("<br>".join(self._details(c)))
        self.warning.setText(self._warnings(c))
        self.warning.setVisible(bool(self.warning.text()))
        self._fill_timeline(c)
        self._fill_inspections(c)
        self.evidence.show_case(c)
        self.interviews.show_case(c)
        self.documents.show_case(c)
        self._update_buttons(c)

    def reload(self) -> None:
        if self.case is not None:
            self.show_case(self.case.id)

    def _details(self, c: views.CaseView) -> list[str]:
        p = c.party
        ident = p.id_number if p.kind == PartyKind.PERSON.value else (p.credit_code or p.legal_rep)
        place = " / ".join(dict.fromkeys(x for x in (c.district, c.township) if x))
        lines = [
            self.tr("Party: %1 %2 %3 %4")
            .replace("%1", p.name)
            .replace("%2", ident)
            .replace("%3", p.address)
            .replace("%4", p.phone),
            self.tr("Source: %1; place: %2")
            .replace("%1", case_source_label(c.source))
            .replace("%2", place or "—"),
            self.tr("Officers: %1").replace("%1", "、".join(f"{o.name}（{o.cert_no}）" for o in c.officers)),
            self.tr("Discovered %1; 立案 due %2; approved %3")
            .replace("%1", local_text(c.discovered_at))
            .replace("%2", c.open_due.isoformat())
            .replace(
                "%3", f"{local_text(c.approved_at, False)} {c.approved_by_name}" if c.approved_at else "—"
            ),
        ]
        if c.transfer_to:
            lines.append(
                self.tr("Transferred to %1 (%2): %3")
                .replace("%1", c.transfer_body)
                .replace("%2", transfer_target_label(c.transfer_to))
                .replace("%3", c.transfer_reason)
            )
        if c.result:
            lines.append(self.tr("Decision: %1").replace("%1", c.result))
        return lines

    def _warnings(self, c: views.CaseView) -> str:
        out = []
        if c.open_late:
            out.append(
                self.tr("立案 more than 7 days after the discovery (due %1).").replace(
                    "%1", c.open_due.isoformat()
                )
            )
        state = c.kept_state
        if state is deadlines.KeptState.OVERDUE:
            out.append(self.tr("Kept items undecided after 7 days (due %1).").replace("%1", str(c.kept_due)))
        elif state is deadlines.KeptState.DUE_SOON:
            out.append(self.tr("Kept items: decide by %1.").replace("%1", str(c.kept_due)))
        return "　".join(out)

    def _fill_timeline(self, c: views.CaseView) -> None:
        self.timeline.setRowCount(len(c.events))
        for row, e in enumerate(c.events):
            before = case_status_label(e.from_status) if e.from_status else "—"
            change = f"{before} → {case_status_label(e.to_status)}"
            for col, text in enumerate((local_text(e.at), change, e.actor_name, e.note)):
                self.timeline.setItem(row, col, QTableWidgetItem(text))

    def _fill_inspections(self, c: views.CaseView) -> None:
        self.inspections.setRowCount(len(c.inspections))
        for row, i in enumerate(c.inspections):
            cells = (
                local_text(i.started_at),
                inspection_kind_label(i.kind),
                inspection_status_label(i.status),
            )
            for col, text in enumerate(cells):
                self.inspections.setItem(row, col, QTableWidgetItem(text))

    def _update_buttons(self, c: views.CaseView) -> None:
        actor = self._ctx.actor
        allowed = set(machine.next_statuses(actor, c.status))
        proposed = c.status == S.PROPOSED.value
        self.buttons["edit"].setVisible(proposed)
        self.buttons["edit"].setEnabled(permissions.may(actor, Action.PROPOSE_CASE))
        self.buttons["approve"].setVisible(proposed)
        self.buttons["approve"].setEnabled(S.OPENED.value in allowed)
        self.buttons["refuse"].setVisible(proposed)
        self.buttons["refuse"].setEnabled(proposed and S.CLOSED.value in allowed)
        self.buttons["transfer"].setEnabled(S.TRANSFERRED.value in allowed)
        self.buttons["decide"].setEnabled(S.DECIDED.value in allowed)
        self.buttons["close"].setEnabled(not proposed and S.CLOSED.value in allowed)
        may_decide = permissions.may(actor, Action.DECIDE_KEPT) and c.status != S.CLOSED.value
        self.buttons["kept"].setEnabled(may_decide and bool(c.undecided))

    # -- acting -------------------------------------------------------------------------------------
    def act(self, name: str) -> bool:
        """Open the dialog of the decision ``name`` (a key of :attr:`buttons`); True when taken."""
        if self.case is None:
            return False
        if name == "edit":
            dialog: ProposeCaseDialog | DecisionDialog = ProposeCaseDialog(
                self._ctx, self._as_input(self.case), self, case_id=self.case.id
            )
        else:
            dialog = self._decision(name, self.case.id)
        self._flush()
        done = bool(dialog.exec())
        if done:
            self.reload()
        return done

    def _decision(self, name: str, cid: uuid.UUID) -> DecisionDialog:
        actor = self._ctx.actor
        with self._ctx.db.read() as s:
            office = settings_service.load(s)
        bodies = {
            TransferTarget.POLICE.value: office.police_body,
            TransferTarget.DRUG.value: office.drug_body,
        }
        to_body = [(k, f"{bodies[k]}（{transfer_target_label(k)}）") for k in bodies]
        kept = [(d.value, kept_decision_label(d)) for d in KeptDecision]
        specs: dict[str, Spec] = {
            "approve": Spec(self.tr("Approve the case (立案)"), self.tr("Approval (审批意见)"), "note",
                            lambda s, _c, t: flows.approve_case(s, actor, cid, t), text="同意立案。"),
            "refuse": Spec(self.tr("No case (不予立案)"), self.tr("Reason"), "note",
                           lambda s, _c, t: flows.refuse_case(s, actor, cid, t)),
            "transfer": Spec(self.tr("Transfer the case (移送)"), self.tr("Reason"), "reason",
                             lambda s, c, t: flows.transfer_case(s, actor, cid, str(c), t),
                             choices=to_body, choice_label=self.tr("Receiving body"), choice_field="to"),
            "decide": Spec(self.tr("Record the office's decision (作出处理)"), self.tr("Decision"), "result",
                           lambda s, _c, t: flows.decide_case(s, actor, cid, t)),
            "close": Spec(self.tr("Close the case (结案)"), self.tr("Result"), "result",
                          lambda s, _c, t: flows.close_case(s, actor, cid, t)),
            "kept": Spec(self.tr("Decide on the kept items"), self.tr("Note"), "note",
                         lambda s, c, t: flows.decide_kept(s, actor, cid, str(c), t),
                         choices=kept, choice_label=self.tr("Decision for every undecided item"),
                         choice_field="decision"),
        }  # fmt: skip
        spec = specs[name]
        return DecisionDialog(
            self._ctx,
            spec.title,
            self.case.cause if self.case is not None else "",
            spec.run,
            self,
            choices=spec.choices,
            choice_label=spec.choice_label,
            text_label=spec.text_label,
            text=spec.text,
            fields=(spec.choice_field, spec.text_field),
        )

    @staticmethod
    def _as_input(c: views.CaseView) -> CaseInput:
        p = c.party
        return replace(
            CaseInput(cause=c.cause),
            source=c.source,
            site_id=p.site_id,
            party_kind=p.kind,
            party_name=p.name,
            party_id_number=p.id_number,
            party_credit_code=p.credit_code,
            party_legal_rep=p.legal_rep,
            party_address=p.address,
            party_phone=p.phone,
            officer_ids=tuple(o.user_id for o in c.officers),
            discovered_at=c.discovered_at,
            summary=c.summary,
            opinion=c.opinion,
        )

    def _on_part_changed(self, changes: object) -> None:
        self.reload()
        from inspector.workflows import Changes

        if isinstance(changes, Changes):
            self._ctx.announce(changes)

    def _flush(self) -> None:
        """Save what was typed last in the item list and the interview."""
        self.evidence.saver.flush()
        self.interviews.saver.flush()

    def _on_back_clicked(self) -> None:
        self._flush()
        self.back_requested.emit()

    def _on_inspections_double_clicked(self, index: object) -> None:
        row = getattr(index, "row", lambda: -1)()
        if self.case is not None and 0 <= row < len(self.case.inspections):
            self.inspection_requested.emit(self.case.inspections[row].id)
