"""The case's documents (文书) on its page: what was issued for it, and a button for each kind.

The case's own documents (立案报告, 证据先行登记保存决定书, 先行登记保存处理决定书, 询问笔录, 案件移送书)
and its inspections' (the 笔录, the notices) are listed by issue, with number and service. Each kind
has a button, enabled when the document can be issued now: its tooltip says why not otherwise (the
same refusal the service gives, :func:`inspector.services.cases.documents.refusal`). A 询问笔录 is
issued for the interview chosen beside its button. Issuing asks first, with the number the document
will get, since an issued document no longer changes; what it changed is announced like any action.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.services import numbering, permissions
from inspector.services import settings as settings_service
from inspector.services.cases import doc_context
from inspector.services.cases import documents as case_docs
from inspector.services.cases.views import CaseView
from inspector.services.documents.views import DocumentView
from inspector.services.permissions import Action
from inspector.storage.types import utcnow
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.documents import pages
from inspector.ui.tables import listing
from inspector.ui.timefmt import local_text
from inspector.ui.workflow_run import run_workflow
from inspector.workflows import cases as flows

ORDER = (
    DocumentKind.PRESERVATION,
    DocumentKind.INTERVIEW,
    DocumentKind.CASE_REPORT,
    DocumentKind.KEPT_DECISION,
    DocumentKind.TRANSFER,
)


class CaseDocumentsTab(QWidget):
    """Signals: ``changed(Changes)`` after a document was issued."""

    changed = Signal(object)

    def __init__(self, ctx: UiContext, flush: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._flush = flush
        self.case: CaseView | None = None
        self.documents: list[DocumentView] = []
        heads = [self.tr("Number"), self.tr("Document"), self.tr("Issued"), self.tr("Issued by")]
        self.table = listing([*heads, self.tr("Served")], single=True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.buttons = {
            DocumentKind.PRESERVATION: QPushButton(self.tr("Preservation decision…")),
            DocumentKind.INTERVIEW: QPushButton(self.tr("Interview record…")),
            DocumentKind.CASE_REPORT: QPushButton(self.tr("Case report…")),
            DocumentKind.KEPT_DECISION: QPushButton(self.tr("Decision on kept items…")),
            DocumentKind.TRANSFER: QPushButton(self.tr("Transfer letter…")),
        }
        self.interview_choice = QComboBox()
        self.interview_choice.setMinimumContentsLength(12)
        self.interview_choice.currentIndexChanged.connect(lambda _i: self._update_buttons())
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        for kind, button in self.buttons.items():
            button.clicked.connect(lambda _=False, kind=kind: self.issue(kind))
        self._layout()

    def _layout(self) -> None:
        issue = QHBoxLayout()
        issue.addWidget(QLabel(self.tr("Issue:")))
        for kind in ORDER:
            issue.addWidget(self.buttons[kind])
            if kind is DocumentKind.INTERVIEW:
                issue.addWidget(self.interview_choice)
        issue.addStretch(1)
        issue.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(issue)
        layout.addWidget(self.table, 1)

    def show_case(self, case: CaseView) -> None:
        self.case = case
        with self._ctx.db.read() as s:
            self.documents = case_docs.case_documents(s, self._ctx.config, case.id)
        self.table.setRowCount(len(self.documents))
        for row, d in enumerate(self.documents):
            served = local_text(d.served_at) if d.served_at else "—"
            if d.voided:
                served = self.tr("Void (作废)")
            cells = (d.number, d.title, local_text(d.issued_at), d.issued_by_name, served)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        chosen = self.interview_choice.currentData()
        self.interview_choice.blockSignals(True)
        self.interview_choice.clear()
        for talk in case.interviews:
            if not talk.issued:
                name = talk.person_name or self.tr("(no name yet)")  # outside the f-string: lupdate sees it
                self.interview_choice.addItem(f"{name} {local_text(talk.started_at)}", talk.id)
        index = self.interview_choice.findData(chosen)
        self.interview_choice.setCurrentIndex(max(index, 0))
        self.interview_choice.blockSignals(False)
        self._update_buttons()

    def refusal(self, kind: DocumentKind) -> str | None:
        """Why the document of ``kind`` cannot be issued now (``None``: it can)."""
        if self.case is None:
            return ""
        if not permissions.may(self._ctx.actor, Action.ISSUE_CASE_DOCUMENT):
            return self.tr("Your role may not issue documents.")
        talk = self.interview_choice.currentData() if kind is DocumentKind.INTERVIEW else None
        if kind is DocumentKind.INTERVIEW and talk is None:
            return self.tr("No interview waits for its 询问笔录.")
        with self._ctx.db.read() as s:
            try:
                return case_docs.refusal(s, self.case, kind, talk)
            except UserError as err:
                return err.message

    def _update_buttons(self) -> None:
        for kind, button in self.buttons.items():
            why = self.refusal(kind)
            button.setEnabled(why is None)
            button.setToolTip(why or "")
        self.interview_choice.setEnabled(self.interview_choice.count() > 0)
        self.open_button.setEnabled(bool(self.documents))

    def issue(self, kind: DocumentKind) -> uuid.UUID | None:
        """Issue the case's document of ``kind`` after asking; the new document's id, or None."""
        case = self.case
        if case is None:
            return None
        self._flush()  # what was typed last is in the document
        why = self.refusal(kind)
        if why is not None:
            messages.show_error(self, UserError(why))
            return None
        talk = self.interview_choice.currentData() if kind is DocumentKind.INTERVIEW else None
        with self._ctx.db.read() as s:
            number = numbering.preview_number(s, settings_service.load(s), kind, utcnow())
        title = doc_context.TITLES[kind]
        question = (
            self.tr("Issue the %1 %2 for this case now? An issued document no longer changes.")
            .replace("%1", title)
            .replace("%2", number)
        )
        if not messages.confirm(self, self.tr("Issue a document"), question):
            return None
        actor, config = self._ctx.actor, self._ctx.config
        changes = run_workflow(
            self,
            self._ctx.db,
            lambda s: flows.issue_case_document(s, actor, config, case.id, kind, interview_id=talk),
        )
        if changes is None:
            return None
        self.changed.emit(changes)
        return changes.created

    def open_selected(self) -> None:
        """Open the selected document as issued (its stored file checked against its SHA-256)."""
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (len(self.documents) - 1)
        if not 0 <= row < len(self.documents):
            return
        view = self.documents[row]
        pages.open_issued(self, self._ctx.config, view)
