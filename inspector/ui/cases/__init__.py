"""The 案件 page of the main window, beside 整改跟踪: the list of cases and one case at a time.

Entry point for the main window: :class:`CasesPage`, built with the app's
:class:`~inspector.ui.context.UiContext`. ``counts_changed(open)`` feeds the navigation's count;
``inspection_requested(inspection_id)`` asks the main window to open an inspection of a case;
:meth:`CasesPage.apply_changes` is how the main window tells it what an action anywhere changed;
:meth:`CasesPage.propose_for` opens the 立案 dialog for a finalized inspection (the inspection page's
"立案…" and the prompt after finalizing one with serious findings).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from inspector.errors import UserError
from inspector.services.cases import opening, views
from inspector.ui import messages
from inspector.ui.cases.case_view import CaseViewWidget
from inspector.ui.cases.kept_panel import KeptDuePanel
from inspector.ui.cases.list_page import CasesListPage
from inspector.ui.cases.propose_dialog import ProposeCaseDialog
from inspector.ui.context import UiContext

if TYPE_CHECKING:
    from inspector.workflows import Changes


class CasesPage(QStackedWidget):
    """The list first; a case replaces it until "back"."""

    counts_changed = Signal(int)
    inspection_requested = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.list_page = CasesListPage(ctx)
        self.case_view = CaseViewWidget(ctx)
        self.addWidget(self.list_page)
        self.addWidget(self.case_view)
        self.list_page.case_activated.connect(self.open_case)
        self.list_page.propose_requested.connect(self.propose_for)
        self.list_page.counts_changed.connect(self.counts_changed)
        self.case_view.back_requested.connect(self.show_list)
        self.case_view.inspection_requested.connect(self.inspection_requested)

    def open_count(self) -> int:
        return self.list_page.counts.open

    def open_case(self, case_id: uuid.UUID) -> None:
        self.case_view.show_case(case_id)
        self.setCurrentWidget(self.case_view)

    def show_list(self) -> None:
        self.list_page.refresh()
        self.setCurrentWidget(self.list_page)

    def apply_changes(self, changes: Changes) -> None:
        """Reload what shows any of it: the list on cases, inspections or statistics; the case shown."""
        if changes.cases or changes.inspections or changes.case_proposed or changes.sites_changed:
            self.list_page.refresh()
        shown = self.case_view.case
        if self.currentWidget() is self.case_view and shown is not None and shown.id in changes.cases:
            self.case_view.reload()

    def propose_for(self, inspection_id: uuid.UUID) -> uuid.UUID | None:
        """The 立案 dialog for a finalized inspection (or its open case, if it has one); the case made."""
        try:
            with self._ctx.db.read() as s:
                existing = opening.open_case_of(s, inspection_id)
                data = opening.suggestion(s, inspection_id) if existing is None else None
        except UserError as err:
            messages.show_error(self, err)
            return None
        if existing is not None:
            self.open_case(existing)
            return existing
        assert data is not None
        dialog = ProposeCaseDialog(self._ctx, data, self)
        if not dialog.exec() or dialog.case_id is None:
            return None
        self.open_case(dialog.case_id)
        return dialog.case_id

    def case_of(self, inspection_id: uuid.UUID) -> uuid.UUID | None:
        with self._ctx.db.read() as s:
            found = views.cases_of_inspection(s, inspection_id)
        return found[-1] if found else None


__all__ = ["CaseViewWidget", "CasesListPage", "CasesPage", "KeptDuePanel", "ProposeCaseDialog"]
