"""A case document voided on the documents page is corrected there too: the correction is issued from
its case (a new 卫保 number naming the voided one), the item freed by the voiding corrected first, and
the case page's documents tab shows both, the voided one marked."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from inspector import workflows
from inspector.config import Config
from inspector.domain import CaseStatus, DocumentKind
from inspector.services.cases import views
from inspector.services.documents import views as dviews
from inspector.storage.db import Database
from inspector.ui import messages
from inspector.ui.cases.case_view import CaseViewWidget
from inspector.ui.context import UiContext
from inspector.ui.documents import DocumentsPage
from inspector.workflows import cases as flows
from tests.cases.helpers import case_in, people

pytestmark = pytest.mark.usefixtures("zh_ui")


def test_void_and_correct_a_case_document_on_the_documents_page(
    qtbot: QtBot, sqlite_db: Database, sqlite_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, config = sqlite_db, sqlite_config
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.INVESTIGATING, config=config)  # a kept B超机
    first = workflows.perform(
        db, lambda s: flows.issue_case_document(s, who.office, config, cid, DocumentKind.PRESERVATION)
    ).created
    ctx = UiContext(config=config, db=db, actor=who.office)
    page = DocumentsPage(ctx)
    qtbot.addWidget(page)
    ctx.changes.changed.connect(page.apply_changes)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == first)  # type: ignore[union-attr]
    page.select_row(row)
    monkeypatch.setattr(messages, "ask_text", lambda *_args: "编号抄错")
    assert page.void_selected()
    with db.read() as s:
        item = views.get_case(s, cid).items[0]
    assert not item.listed  # freed for its correction
    workflows.perform(db, lambda s: flows.update_item(s, who.inspector_a, item.id, serial_no="SN0002"))

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).id == first)  # type: ignore[union-attr]
    page.select_row(row)
    assert page.correct_button.isEnabled()
    page.correct_selected()
    with db.read() as s:
        old = dviews.get_document(s, config, first)
        assert old.replaced_by is not None
        new = dviews.get_document(s, config, old.replaced_by)
        case = views.get_case(s, cid)
    assert len(asked) == 1 and old.number in asked[0]
    assert new.replaces == old.id and "卫保〔" in new.number and new.number != old.number
    assert case.items[0].preservation_document_id == new.id and case.items[0].serial_no == "SN0002"

    view = CaseViewWidget(ctx)
    qtbot.addWidget(view)
    view.show_case(cid)
    table = view.documents.table
    shown = {table.item(r, 0).text(): table.item(r, 4).text() for r in range(table.rowCount())}
    assert shown[old.number] == "已作废" and shown[new.number] == "—"
