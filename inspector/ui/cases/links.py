"""Where the rest of the app leads into cases: the "立案…" button of a finalized inspection, and the
offer to propose a case after finalizing an inspection whose findings call for one.

Kept here rather than in the main window, which only wires them: each takes the context and the
window's own ways of opening a case and of proposing one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from inspector.services import permissions
from inspector.services.cases import views
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.inspection.page import InspectionPage
from inspector.workflows import Changes, case_advice


def case_button(
    ctx: UiContext,
    page: InspectionPage,
    open_case: Callable[[uuid.UUID], None],
    propose_case: Callable[[uuid.UUID], object],
) -> QPushButton:
    """ "立案…" on a finalized inspection, or "Case…" when it belongs to a case already; shown once the
    inspection is finalized."""
    button = QPushButton()
    button.setObjectName("case_button")
    inspection_id = page.inspection_id

    def cases() -> list[uuid.UUID]:
        with ctx.db.read() as s:
            return views.cases_of_inspection(s, inspection_id)

    def update() -> None:
        found = cases()
        button.setText(
            QCoreApplication.translate("CaseLinks", "Case…")
            if found
            else QCoreApplication.translate("CaseLinks", "立案…")
        )
        button.setVisible(page.read_only)
        button.setEnabled(bool(found) or permissions.may(ctx.actor, permissions.Action.PROPOSE_CASE))

    def clicked() -> None:
        found = cases()
        if found:
            open_case(found[-1])
        else:
            propose_case(inspection_id)

    button.clicked.connect(clicked)
    page.finalized.connect(lambda _id: update())
    update()
    return button


def offer_cases(
    parent: QWidget,
    ctx: UiContext,
    waiting: frozenset[uuid.UUID],
    propose_case: Callable[[uuid.UUID], object],
) -> None:
    """Findings call for a case: offer 立案 to whoever may propose one; tell anyone else that the case
    page lists the inspection."""
    advice = case_advice(Changes(case_proposed=waiting))
    if advice is None:
        return
    title = QCoreApplication.translate("CaseLinks", "Serious findings")
    if not permissions.may(ctx.actor, permissions.Action.PROPOSE_CASE):
        messages.inform(parent, title, advice)
        return
    if messages.confirm(
        parent, title, advice + "\n\n" + QCoreApplication.translate("CaseLinks", "Propose the case now?")
    ):
        for inspection_id in sorted(waiting):
            propose_case(inspection_id)
