"""What the main window opens in place of its lists: an inspection's walk-through (in the window's
``workspace``, with its back and case buttons), the issue dialog of its documents, a case on the cases
page, and what a finished action proposes next: the rectification a re-inspection found not
corrected (escalation), 立案 for the findings that call for a case.

These move the window from one page to another and open one another (a re-inspection proposes a
case, which closes the inspection and shows the case), so they live together, apart from the frame
and its navigation (``main_window``). :class:`WindowOpening` is a mixin of
:class:`~inspector.ui.main_window.MainWindow`, which owns the pages and the attributes named below.
Its texts keep the ``MainWindow`` translation context they have always had.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    import uuid

    from PySide6.QtWidgets import QListWidget, QPushButton, QStackedWidget, QVBoxLayout, QWidget

    from inspector.config import Config
    from inspector.services import sites
    from inspector.storage.db import Database
    from inspector.ui.context import UiContext
    from inspector.ui.inspection.page import InspectionPage
    from inspector.ui.inspections_page import InspectionsPage

    _Base = QWidget
else:
    _Base = object


class WindowOpening(_Base):
    """The window's opening of inspections and cases; the window provides what is declared here."""

    PAGES: tuple[str, ...]
    ctx: UiContext
    db: Database
    config: Config
    nav: QListWidget
    stack: QStackedWidget
    workspace: QWidget
    workspace_layout: QVBoxLayout
    back_button: QPushButton
    inspection_page: InspectionPage | None
    inspections_page: InspectionsPage
    followup_page: QWidget
    cases_page: QWidget
    _escalations: frozenset[uuid.UUID]
    _case_proposals: frozenset[uuid.UUID]

    if TYPE_CHECKING:  # the window's own, there

        def build_late_pages(self) -> None: ...
        def show_page(self, page: str) -> None: ...
        def _show_title(self) -> None: ...
        def _announce(self, **changed: object) -> None: ...

    # -- inspections ---------------------------------------------------------------------------------------
    def new_inspection(self, site: sites.SiteView | None = None) -> None:
        from inspector.errors import UserError
        from inspector.ui import messages
        from inspector.ui.new_inspection_dialog import NewInspectionDialog

        try:
            dialog = NewInspectionDialog(self.ctx, site, self)
        except UserError as err:
            messages.show_error(self, err)
            return
        if dialog.exec() and dialog.started is not None:
            started = dialog.started
            self._announce(sites=frozenset({started.site_id}), inspections=frozenset({started.id}))
            self.open_inspection(started.id)

    def open_inspection(self, inspection_id: uuid.UUID) -> None:
        """Show the walk-through of ``inspection_id`` in the workspace (closing any other first)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QPushButton

        from inspector.ui import resume
        from inspector.ui.cases.links import case_button
        from inspector.ui.inspection.page import InspectionPage

        self.close_inspection()
        page = InspectionPage(self.ctx, inspection_id, self.workspace)
        self.back_button = QPushButton(QCoreApplication.translate("MainWindow", "◀ Back to the list"))
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button.clicked.connect(self.close_inspection)
        page.header_buttons.insertWidget(0, self.back_button)
        page.header_buttons.addWidget(case_button(self.ctx, page, self.open_case, self.propose_case))
        page.document_requested.connect(self.issue_document)
        self.workspace_layout.addWidget(page, 1)
        self.inspection_page = page
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.PAGES.index("inspections"))
        self.nav.blockSignals(False)
        self._show_title()
        self.stack.setCurrentWidget(self.workspace)
        page.item_view.focus_answer()
        if not page.read_only:
            resume.remember(self.config, inspection_id)  # until it is closed in order

    def close_inspection(self) -> None:
        """Save what is pending in the open walk-through and return to the list."""
        from inspector.ui import resume

        page = self.inspection_page
        if page is None:
            return
        page.close_inspection()
        resume.forget()
        self.workspace_layout.removeWidget(page)
        page.deleteLater()
        self.inspection_page = None
        self._announce(inspections=frozenset({page.inspection_id}))  # its answers were saved as typed
        self.stack.setCurrentWidget(self.inspections_page)

    def issue_document(self, inspection_id: uuid.UUID, kind: str) -> None:
        """Open the documents' issue dialog for a finalized inspection."""
        from inspector.errors import UserError
        from inspector.ui import messages
        from inspector.ui.documents import IssueDialog

        try:
            dialog = IssueDialog(self.ctx, inspection_id, kind, self)
        except UserError as err:
            messages.show_error(self, err)
            return
        dialog.exec()  # issuing announced what it changed
        self.propose_escalation()

    # -- cases and escalation ------------------------------------------------------------------------------
    def propose_escalation(self) -> None:
        """A re-inspection found a rectification not corrected: offer the supervisor the decision
        (立案 or 移送) at once; tell anyone else that a supervisor decides."""
        from inspector.domain import RectificationStatus
        from inspector.services import permissions
        from inspector.services.followup import views
        from inspector.ui import messages
        from inspector.ui.followup import FollowupPage
        from inspector.workflows import Changes, escalation_advice

        with self.db.read() as s:  # still waiting for the decision (not decided meanwhile)
            waiting = {
                rid
                for rid in self._escalations
                if views.load(s, rid).status == RectificationStatus.REINSPECTED.value
            }
        self._escalations = frozenset()
        advice = escalation_advice(Changes(escalation_proposed=frozenset(waiting)))
        if advice is None:
            return
        if not permissions.may(self.ctx.actor, permissions.Action.ESCALATE):
            messages.inform(
                self, QCoreApplication.translate("MainWindow", "Re-inspection: not corrected"), advice
            )
            return
        title = QCoreApplication.translate("MainWindow", "Re-inspection: not corrected")
        question = (
            advice
            + "\n\n"
            + QCoreApplication.translate("MainWindow", "Open the rectification now to decide?")
        )
        if not messages.confirm(self, title, question):
            return
        self.build_late_pages()
        if isinstance(self.followup_page, FollowupPage):
            self.close_inspection()
            self.show_page("followup")
            for rid in sorted(waiting):
                self.followup_page.board.open_history(rid)

    def propose_cases(self) -> None:
        """Offer 立案 for the inspections whose findings call for a case (see ``ui/cases/links``)."""
        from inspector.ui.cases.links import offer_cases

        waiting, self._case_proposals = self._case_proposals, frozenset()
        offer_cases(self, self.ctx, waiting, self.propose_case)

    def propose_case(self, inspection_id: uuid.UUID) -> uuid.UUID | None:
        """The 立案 dialog for a finalized inspection; the case page shows the case made."""
        from inspector.ui.cases import CasesPage

        self.build_late_pages()
        assert isinstance(self.cases_page, CasesPage)
        case_id = self.cases_page.propose_for(inspection_id)
        if case_id is not None:
            self.close_inspection()
            self.show_page("cases")
        return case_id

    def open_case(self, case_id: uuid.UUID) -> None:
        from inspector.ui.cases import CasesPage

        self.build_late_pages()
        assert isinstance(self.cases_page, CasesPage)
        self.close_inspection()
        self.show_page("cases")
        self.cases_page.open_case(case_id)
