"""The case screens for ``make screenshots`` (called by ``scripts/screenshots.py``; its ``--documents``
mode renders every kind the demo issued, the five case documents with them, into ``docs/documents``):

- ``20-cases.png`` the case list (state, due dates, late rows in red),
- ``21-case-evidence.png`` the demo's transferred case at its kept items (物品清单) with their photos,
- ``22-case-interview.png`` the same case at an interview (问/答),
- ``23-case-documents.png`` its documents tab: the five kinds, each issued with its number.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from inspector.ui.context import UiContext
    from inspector.ui.main_window import MainWindow


def _transferred_case(ctx: UiContext) -> uuid.UUID:
    from inspector.services.cases import board

    with ctx.db.read() as s:
        return board.list_cases(s, statuses=("transferred",))[0].id


def render_cases(
    window: MainWindow, ctx: UiContext, out: Path, save: Callable[[QWidget, Path], None]
) -> None:
    from inspector.ui.cases import CasesPage

    window.close_inspection()
    window.show_page("cases")
    page = window.cases_page
    assert isinstance(page, CasesPage)
    page.show_list()
    save(window, out / "20-cases.png")
    page.open_case(_transferred_case(ctx))
    view = page.case_view
    view.tabs.setCurrentWidget(view.evidence)
    view.evidence.table.selectRow(0)
    save(window, out / "21-case-evidence.png")
    view.tabs.setCurrentWidget(view.interviews)
    save(window, out / "22-case-interview.png")
    view.tabs.setCurrentWidget(view.documents)
    save(window, out / "23-case-documents.png")
