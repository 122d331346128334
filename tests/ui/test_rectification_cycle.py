"""A supervisor takes a rectification from the notice to 已结案 in the main window, as the issue's
blocker path went: 整改跟踪 → open it → 登记签收 → 开始复查 (the walk-through comes to the front) → both
items 合格 → 定稿 → 复查意见书… → 出具 → 结案. Once from the board with the opinion issued on the
re-inspection's page, once served on the documents page with the opinion issued from the follow-up
dialog. No Refresh is pressed: every page and count learns of each change by itself."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from inspector import workflows
from inspector.domain import AnswerResult, Role
from inspector.services.followup import views
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.documents import IssueDialog, issue_dialog, pages
from inspector.ui.followup import FollowupPage, HistoryDialog
from inspector.ui.inspection.finalize_dialog import FinalizeDialog
from inspector.ui.main_window import MainWindow
from tests.factories import answer
from tests.ui.ui_helpers import act_as, confirm_articles, show_active, start

pytestmark = pytest.mark.usefixtures("zh_ui", "supervisor_ui")

FINDINGS = {"T-01": "在岗的超声诊断医师赵某执业范围为内科专业。", "T-06": "候诊区未张贴禁止“两非”标志。"}


@pytest.fixture
def supervisor_ui(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """Questions are answered yes; an error box fails the test; issuing needs no LibreOffice; the
    finalize and issue dialogs are driven as a person would, without a nested event loop."""

    def unexpected(_parent: object, err: object, title: object = None) -> None:
        raise AssertionError(f"unexpected error box: {getattr(err, 'message', err)}")

    monkeypatch.setattr(messages, "show_error", unexpected)
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    monkeypatch.setattr(issue_dialog, "pdf_available", lambda: False)
    monkeypatch.setattr(pages, "open_path", lambda _path: True)
    monkeypatch.setattr(FinalizeDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)

    def issue(dialog: IssueDialog) -> int:
        dialog.show()
        assert dialog.issue_button.isEnabled(), dialog.refusal_label.text()
        dialog.issue_button.click()
        qtbot.waitUntil(lambda: dialog.view is not None and not dialog.busy, timeout=60_000)
        dialog.accept()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(IssueDialog, "exec", issue)


def _notice(ctx: UiContext) -> uuid.UUID:
    """An inspector's finalized inspection with two findings and its notice: the rectification."""
    iid = start(ctx)
    from inspector.services import inspections

    with ctx.db.write() as s:
        for item in inspections.form_of(s, iid).items:
            answer(s, ctx.actor, iid, item, bad=FINDINGS)
        workflows.finalize_inspection(s, ctx.actor, iid)
    confirm_articles(ctx, "规定-11", "医疗机构管理条例-40")  # the office verified what T-06 cites
    changes = workflows.perform(
        ctx.db, lambda s: workflows.issue_document(s, ctx.actor, ctx.config, iid, "notice")
    )
    (rid,) = changes.rectifications
    return rid


def _window(qtbot: QtBot, ctx: UiContext) -> tuple[MainWindow, FollowupPage]:
    act_as(ctx, Role.SUPERVISOR)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    show_active(window, (1366, 768))
    window.build_late_pages()
    assert isinstance(window.followup_page, FollowupPage)
    return window, window.followup_page


def _status(window: MainWindow, rid: uuid.UUID) -> str:
    """What the board shows for ``rid`` right now (never reloaded by the test)."""
    page = window.followup_page
    assert isinstance(page, FollowupPage)
    model = page.board.model
    for row in range(model.rowCount()):
        shown = model.row_at(row)
        if shown is not None and shown.id == rid:
            return str(model.data(model.index(row, 2)))
    return "(not on the board)"


def _stored(ctx: UiContext, rid: uuid.UUID) -> str:
    with ctx.db.read() as s:
        return views.get_rectification(s, rid).status


def _reinspect(qtbot: QtBot, window: MainWindow, dialog: HistoryDialog) -> None:
    """Start the re-inspection with the supervisor as one of the two officers; the walk-through
    must come to the front, not open behind the dialog."""
    combos = (dialog.first_inspector, dialog.second_inspector)
    boss = dialog.first_inspector.findText("赵监督", flags=Qt.MatchFlag.MatchStartsWith)
    assert boss >= 0, "a supervisor with a 执法证号 may re-inspect"
    combos[0].setCurrentIndex(boss)
    combos[1].setCurrentIndex(combos[1].findText("张伟", flags=Qt.MatchFlag.MatchStartsWith))
    assert dialog.reinspect_button.isEnabled()
    dialog.reinspect_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.inspection_page is not None and window.stack.currentWidget() is window.workspace
    assert QApplication.activeModalWidget() is None  # nothing in front of the walk-through
    page = window.inspection_page
    assert [i.code for i in page.visible()] == ["T-01", "T-06"]
    for code in ("T-01", "T-06"):
        page.go_to(code)
        page.answer(AnswerResult.COMPLIANT)
        page.item_view.finding.setPlainText("复查时现场核实，已改正。")  # the opinion states what was found
    page.finalize_button.click()
    assert page.read_only


def test_the_blocker_path_from_the_board_ends_closed(qtbot: QtBot, ctx: UiContext, tmp_path: Path) -> None:
    rid = _notice(ctx)
    window, followup = _window(qtbot, ctx)
    window.show_page("followup")
    assert window.count("followup") == 1 and _status(window, rid) == "已下达"
    dialog = followup.board.open_history(rid)
    qtbot.addWidget(dialog)
    dialog.serve_button.click()
    assert _stored(ctx, rid) == "served" and _status(window, rid) == "已签收"
    _reinspect(qtbot, window, dialog)
    page = window.inspection_page
    assert page is not None and page.notice_button.text() == "复查意见书…"
    page.notice_button.click()  # the re-inspection page's own issue path
    assert _stored(ctx, rid) == "reinspected"
    assert _status(window, rid) == "已复查" and window.count("followup") == 1  # no Refresh pressed
    closing = followup.board.open_history(rid)
    qtbot.addWidget(closing)
    assert closing.close_button.isEnabled() and not closing.complete_button.isEnabled()
    closing.close_button.click()
    assert _stored(ctx, rid) == "closed"
    assert _status(window, rid) == "(not on the board)" and window.count("followup") == 0
    assert window.nav.item(window.PAGES.index("followup")).text().endswith("(0)")


def test_the_path_from_the_documents_page_ends_closed(qtbot: QtBot, ctx: UiContext) -> None:
    from inspector.ui.documents import DocumentsPage

    rid = _notice(ctx)
    window, followup = _window(qtbot, ctx)
    documents = window.documents_page
    assert isinstance(documents, DocumentsPage)
    window.show_page("documents")
    notice_row = next(
        r for r in range(documents.model.rowCount()) if documents.model.row_at(r).kind == "notice"
    )  # type: ignore[union-attr]
    documents.select_row(notice_row)
    documents.served_button.click()
    assert _stored(ctx, rid) == "served" and _status(window, rid) == "已签收"  # the board learned of it
    assert not documents.served_button.isEnabled()
    dialog = followup.board.open_history(rid)
    qtbot.addWidget(dialog)
    _reinspect(qtbot, window, dialog)
    window.close_inspection()
    window.show_page("followup")
    opinion = followup.board.open_history(rid)
    qtbot.addWidget(opinion)
    assert opinion.complete_button.isEnabled()
    count = documents.model.rowCount()
    opinion.complete_button.click()  # the follow-up dialog's issue path
    assert _stored(ctx, rid) == "reinspected" and _status(window, rid) == "已复查"
    assert documents.model.rowCount() == count + 1  # the 复查意见书 is listed without a Refresh
    assert opinion.close_button.isEnabled()
    opinion.close_button.click()
    assert _stored(ctx, rid) == "closed" and window.count("followup") == 0
