"""The case screens for ``make screenshots`` (called by ``scripts/screenshots.py``), and one rendered
证据先行登记保存决定书 as a user reads it (LibreOffice → PDF → page 1 as PNG):

- ``20-cases.png`` the case list (state, due dates, late rows in red),
- ``21-case-evidence.png`` the demo's transferred case at its kept items (物品清单) with their photos,
- ``22-case-interview.png`` the same case at an interview (问/答),
- ``23-case-documents.png`` its documents tab: the five kinds, each issued with its number,
- ``../documents/preservation.png`` page 1 of its 证据先行登记保存决定书.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
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
    render_preservation(ctx, out.parent / "documents" / "preservation.png")


def render_preservation(ctx: UiContext, png: Path) -> None:
    """Page 1 of the transferred case's 证据先行登记保存决定书, rendered by LibreOffice."""
    from inspector.documents.pdf import convert_to_pdf
    from inspector.domain import DocumentKind
    from inspector.services.cases import documents as case_docs
    from inspector.services.documents import evidence

    with ctx.db.read() as s:
        docs = case_docs.case_documents(s, ctx.config, _transferred_case(ctx))
    doc = next(d for d in docs if d.kind == DocumentKind.PRESERVATION.value)
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit("pdftoppm (poppler-utils) is needed for the document picture")
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "preservation.docx"
        with ctx.db.read() as s:
            evidence.write_copy(s, ctx.config, doc.id, docx)
        (pdf,) = convert_to_pdf([(docx, docx.with_suffix(".pdf"))])
        png.parent.mkdir(parents=True, exist_ok=True)
        stem = png.with_suffix("")
        page_one = ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([tool, *page_one, str(pdf), str(stem)], check=True)
    print(png)
