"""From a finalized inspection with a serious finding to an approved case with a kept item and an
interview, in the main window, by keyboard where a person at the site would use it: 立案… on the
inspection → the proposal (the operator's name and 身份证号 typed) → the case page → Ctrl+Return adds
the B超 machine, its fields typed and a photo ticked → Ctrl+I starts the interview, the person and two
question/answer pairs typed with Tab and Ctrl+Return → the supervisor approves (立案) → the
证据先行登记保存决定书, the 询问笔录 and the 立案报告 issued from the case's documents tab. No Refresh is
pressed; the navigation count and the supervisor's board follow by themselves."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from inspector import workflows
from inspector.domain import DocumentKind, Role, SiteKind
from inspector.services import inspections, photos
from inspector.services.cases import views
from inspector.ui import messages
from inspector.ui.cases import CasesPage
from inspector.ui.cases.decision_dialog import DecisionDialog
from inspector.ui.cases.propose_dialog import ProposeCaseDialog
from inspector.ui.context import UiContext
from inspector.ui.main_window import MainWindow
from tests.cases.helpers import OPERATOR_ID
from tests.factories import answer
from tests.ui.ui_helpers import act_as, make_site, show_active, start, type_text
from tests.world import jpeg

pytestmark = pytest.mark.usefixtures("zh_ui", "dialogs_by_keyboard")


@pytest.fixture
def dialogs_by_keyboard(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """The proposal and the approval are typed into their real widgets and submitted with their own
    OK button, without a nested event loop; an error box fails the test."""

    def unexpected(*args: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("show_error", "show_problems", "inform", "confirm"):
        monkeypatch.setattr(messages, name, unexpected)

    def propose(dialog: ProposeCaseDialog) -> int:
        dialog.show()
        assert dialog.person.isChecked()  # an unlicensed site: the party is the operator
        for name, text in (("party_name", "王某某"), ("party_id_number", OPERATOR_ID)):
            edit = dialog.party[name]
            edit.setFocus()
            type_text(edit, text)
        assert dialog.submit(), dialog.errors.shown()
        return dialog.result()

    def decide(dialog: DecisionDialog) -> int:
        dialog.show()
        assert dialog.text.toPlainText() == "同意立案。"
        assert dialog.submit(), dialog.errors.shown()
        return dialog.result()

    monkeypatch.setattr(ProposeCaseDialog, "exec", propose)
    monkeypatch.setattr(DecisionDialog, "exec", decide)


def _finalized(ctx: UiContext, tmp_path: Path) -> uuid.UUID:
    site = make_site(ctx.db, name="东关村无证诊所", kind=SiteKind.UNLICENSED.value, licence_no="")
    iid = start(ctx, site)
    report = photos.ingest_files(
        ctx.db,
        ctx.config,
        ctx.actor,
        iid,
        [jpeg(tmp_path / "b超机.jpg", 3), jpeg(tmp_path / "铭牌.jpg", 4)],
        "T-02",
    )
    assert len(report.added) == 2
    bad = {
        "T-01": "经营者无医师执业证书。",
        "T-02": "里间发现便携式B超机1台，经营者为孕妇检查后告知胎儿性别。",
        "T-09": "B超报告仅有经营者一人签名。",  # shown because T-02 is non-compliant
    }
    with ctx.db.write() as s:
        for item in inspections.form_of(s, iid).items:
            answer(s, ctx.actor, iid, item, bad=bad)
        workflows.finalize_inspection(s, ctx.actor, iid)
    return iid


def _key(widget: object, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    from PySide6.QtTest import QTest

    target = QApplication.focusWidget() or widget
    QTest.keyClick(target, key, mod)


def test_from_a_finalized_inspection_to_an_approved_case(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid = _finalized(ctx, tmp_path)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    show_active(window, (1366, 768))
    window.build_late_pages()
    assert window.nav.item(window.PAGES.index("cases")).text().endswith("(0)")

    # 立案… on the finalized inspection: the proposal, drafted from it, the operator typed in.
    window.open_inspection(iid)
    button = window.inspection_page.findChild(QPushButton, "case_button")  # type: ignore[union-attr]
    assert button is not None and button.isVisible() and button.text() == "立案…"
    button.click()
    cases = window.cases_page
    assert isinstance(cases, CasesPage) and cases.currentWidget() is cases.case_view
    view = cases.case_view
    assert (
        view.case is not None and view.case.status == "proposed" and view.case.party.id_number == OPERATOR_ID
    )
    assert window.nav.item(window.PAGES.index("cases")).text().endswith("(1)")

    # The kept B超 machine, by keyboard (the window active again after the dialog).
    show_active(window, (1366, 768))
    editor = view.evidence
    view.tabs.setCurrentWidget(editor)
    editor.table.setFocus()
    _key(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(view.case.items) == 1)  # type: ignore[union-attr]
    assert QApplication.focusWidget() is editor.fields["name"]
    for text in ("便携式B超机", "迈瑞", "DP-10", "SN2019A0317"):
        type_text(QApplication.focusWidget(), text)  # type: ignore[arg-type]
        _key(editor, Qt.Key.Key_Tab)
    editor.photos.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: bool(view.case.items[0].photo_ids))  # type: ignore[union-attr]
    assert editor.saver.flush()

    # The interview: the person, then two pairs, Tab from question to answer, Ctrl+Return for the next.
    talk = view.interviews
    view.tabs.setCurrentWidget(talk)
    talk.list.setFocus()
    _key(talk, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(view.case.interviews) == 1)  # type: ignore[union-attr]
    type_text(QApplication.focusWidget(), "王某某")  # type: ignore[arg-type]
    _key(talk, Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), OPERATOR_ID)  # type: ignore[arg-type]
    first_question = talk.pairs.boxes[0][0]
    qtbot.waitUntil(first_question.isVisible)
    first_question.setFocus()
    for n, (q, a) in enumerate((("你有医师执业证书吗？", "没有。"), ("B超机从哪里来的？", "网上买的。"))):
        if n:
            _key(talk, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda n=n: QApplication.focusWidget() is talk.pairs.boxes[n][0])
        type_text(QApplication.focusWidget(), q)  # type: ignore[arg-type]
        _key(talk, Qt.Key.Key_Tab)
        type_text(QApplication.focusWidget(), a)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: not talk.saver.has_pending(), timeout=5000)  # saved by the typing timer

    # The supervisor approves: 立案.
    act_as(ctx, Role.SUPERVISOR)
    view.reload()
    assert view.buttons["approve"].isEnabled()
    view.buttons["approve"].click()

    with ctx.db.read() as s:
        case = views.get_case(s, view.case.id)  # type: ignore[union-attr]
    assert case.status == "opened" and case.approved_by_name == "赵监督"
    (item,) = case.items
    assert (item.name, item.brand, item.model, item.serial_no) == (
        "便携式B超机",
        "迈瑞",
        "DP-10",
        "SN2019A0317",
    )
    assert len(item.photo_ids) == 1
    (interview,) = case.interviews
    assert (interview.person_name, interview.person_id_number) == ("王某某", OPERATOR_ID)
    assert [(p.question, p.answer) for p in interview.pairs] == [
        ("你有医师执业证书吗？", "没有。"),
        ("B超机从哪里来的？", "网上买的。"),
    ]
    assert view.title.text().endswith("[已立案]")

    # The documents of the case from its page: each button asks first and gives the number.
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: asked.append(text) or True)
    docs = view.documents
    view.tabs.setCurrentWidget(docs)
    buttons = docs.buttons
    assert not buttons[DocumentKind.TRANSFER].isEnabled()  # not transferred
    assert "移送" in buttons[DocumentKind.TRANSFER].toolTip()
    assert not buttons[DocumentKind.KEPT_DECISION].isEnabled()  # nothing decided yet
    assert docs.interview_choice.currentData() == interview.id
    for kind in (DocumentKind.PRESERVATION, DocumentKind.INTERVIEW, DocumentKind.CASE_REPORT):
        assert buttons[kind].isEnabled(), buttons[kind].toolTip()
        buttons[kind].click()
        assert not buttons[kind].isEnabled()  # issued: what it records is fixed
    assert len(asked) == 3 and "卫保〔" in asked[0] and "卫询" in asked[1] and "卫立" in asked[2]
    numbers = [docs.table.item(row, 0).text() for row in range(docs.table.rowCount())]
    assert sum(("卫保〔" in n) + ("卫询" in n) + ("卫立" in n) for n in numbers) == 3
    assert docs.interview_choice.count() == 0
    window.show_page("followup")  # the kept item is not due yet: nothing on the board
    assert not window.followup_page.kept.isVisible()  # type: ignore[attr-defined]
