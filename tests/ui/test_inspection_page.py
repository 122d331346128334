"""The walk-through's behaviour item by item: autosave and its visible state, hints, conditional
items, keyboard rules in text fields, finding items, the legal basis, finalize refusals, read-only
after finalizing and addenda."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from inspector.domain import AnswerResult, InspectionStatus
from inspector.services import inspections
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.inspection.addendum_dialog import AddendumDialog
from inspector.ui.inspection.autosave import TYPING_DELAY_MS
from inspector.ui.inspection.finalize_dialog import FinalizeDialog
from inspector.ui.inspection.find_dialog import FindItemDialog
from inspector.ui.inspection.legal import LegalBasisDialog
from inspector.ui.inspection.page import InspectionPage
from tests.ui.ui_helpers import inspection, show_active, start, type_text

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


@pytest.fixture
def page(qtbot: QtBot, ctx: UiContext) -> InspectionPage:
    widget = InspectionPage(ctx, start(ctx), show_camera=False)
    qtbot.addWidget(widget)
    show_active(widget)
    widget.item_view.focus_answer()
    return widget


def press(key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, mod)


def stored(page: InspectionPage) -> inspections.InspectionView:
    return inspection(page.ctx.db, page.inspection_id)


def test_a_tap_is_saved_at_once_and_typing_after_a_pause(qtbot: QtBot, page: InspectionPage) -> None:
    press(Qt.Key.Key_2)
    assert stored(page).answers["T-01"].result == AnswerResult.NON_COMPLIANT.value
    assert page.save_state.text().startswith("已保存 ")
    type_text(page.item_view.finding, "许可证过期")
    assert page.save_state.text() == "正在保存…"
    assert stored(page).answers["T-01"].finding == ""  # not yet: typing is still going on
    qtbot.waitUntil(lambda: stored(page).answers["T-01"].finding == "许可证过期", timeout=TYPING_DELAY_MS * 5)
    assert page.save_state.text().startswith("已保存 ")


def test_leaving_the_field_saves_without_waiting(page: InspectionPage) -> None:
    press(Qt.Key.Key_2)
    type_text(page.item_view.finding, "未悬挂")
    page.item_view.result_buttons[AnswerResult.NON_COMPLIANT].setFocus()  # focus out of the finding
    assert stored(page).answers["T-01"].finding == "未悬挂"


def test_moving_on_saves_what_was_typed(page: InspectionPage) -> None:
    press(Qt.Key.Key_2)
    type_text(page.item_view.finding, "未校验")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.current_code == "T-02"
    view = stored(page)
    assert view.answers["T-01"].finding == "未校验"
    assert view.last_item_code == "T-02"


def test_in_the_finding_digits_type_and_alt_digits_answer(page: InspectionPage) -> None:
    press(Qt.Key.Key_2)
    assert page.item_view.finding.hasFocus()
    QTest.keyClicks(page.item_view.finding, "3")
    press(Qt.Key.Key_Return)  # a new line, not the next item
    assert page.current_code == "T-01"
    assert page.item_view.finding.toPlainText() == "3\n"
    press(Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.states["T-01"].result is AnswerResult.NOT_APPLICABLE


def test_the_finding_hint_shows_at_once_and_goes_when_written(page: InspectionPage) -> None:
    assert page.item_view.finding_hint.isHidden()
    press(Qt.Key.Key_2)
    assert page.item_view.finding_hint.isVisible()
    assert "检查发现" in page.item_view.finding_hint.text()
    assert page.item_view.correction_box.isVisible()
    type_text(page.item_view.finding, "无")
    assert page.item_view.finding_hint.isHidden()


def test_conditional_items_come_and_go_with_the_answer(page: InspectionPage) -> None:
    assert page.item_view.severity.isHidden()  # T-01 is a general item
    page.go_to("T-02")
    assert not page.item_view.severity.isHidden() and page.item_view.severity.text() == "严重"

    def codes() -> list[str]:
        return [i.code for i in page.visible()]

    assert "T-09" not in codes()
    assert page.outline._items["T-09"].isHidden()
    press(Qt.Key.Key_2)
    assert "T-09" in codes() and not page.outline._items["T-09"].isHidden()
    page.item_view.result_buttons[AnswerResult.COMPLIANT].setFocus()
    press(Qt.Key.Key_1)
    assert "T-09" not in codes() and page.outline._items["T-09"].isHidden()
    assert page.outline._sections["licence"].text(1) == "1/2"


def test_section_progress_and_the_progress_bar(page: InspectionPage) -> None:
    press(Qt.Key.Key_1)
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_1)
    assert page.outline._sections["licence"].text(1) == "2/2"
    assert page.outline._sections["records"].text(1) == "0/6"  # T-03 … T-08
    assert page.outline.progress.value() == 2
    assert page.outline.progress.maximum() == 7  # T-08 is optional, T-09 hidden


def test_a_value_item_flags_a_value_of_the_wrong_kind(page: InspectionPage) -> None:
    page.go_to("T-04")
    QTest.keyClicks(page.item_view.value_line, "two")
    assert page.item_view.value_error.isVisible()
    press(Qt.Key.Key_Return)
    assert stored(page).answers["T-04"].value == "two"  # kept as typed; finalize will refuse it
    problems = page.finalize_problems()
    assert any(p.item_code == "T-04" and "two" in p.message for p in problems)


def test_find_an_item_by_code_or_words(page: InspectionPage, monkeypatch: pytest.MonkeyPatch) -> None:
    def choose(self: FindItemDialog) -> int:
        self.search.setText("两名医师 签名")
        assert self.results.count() == 0  # T-09 is hidden until T-02 fails, so it cannot be found
        self.search.setText("禁止")
        assert self.results.count() == 1
        self.accept_current()
        return self.result()

    monkeypatch.setattr(FindItemDialog, "exec", choose)
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.current_code == "T-06"


def test_the_find_dialog_is_driven_by_the_keyboard(qtbot: QtBot, page: InspectionPage) -> None:
    dialog = FindItemDialog(page.visible())
    qtbot.addWidget(dialog)
    show_active(dialog, (600, 400))
    assert dialog.search.hasFocus()
    QTest.keyClicks(dialog.search, "T-0")
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert dialog.chosen_code == "T-03"  # T-01, T-02, T-03 … (T-09 hidden)


def test_the_legal_basis_marks_unverified_articles(
    page: InspectionPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.go_to("T-06")
    assert "待核实" in page.item_view.legal.text()  # 规定-11 is an inferred number
    shown: list[str] = []

    def look(self: LegalBasisDialog) -> int:
        shown.append(self.browser.toPlainText())
        return 0

    monkeypatch.setattr(LegalBasisDialog, "exec", look)
    press(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "第十一条" in shown[0] and "待核实" in shown[0] and "须核实" in shown[0]


def test_finalize_refuses_names_the_problems_and_jumps_to_the_first(
    page: InspectionPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[list[str]] = []
    monkeypatch.setattr(messages, "show_problems", lambda _p, _t, _i, problems: shown.append(problems))
    press(Qt.Key.Key_1)
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_2)  # T-02 non-compliant, no finding: needs a finding and a photo
    assert page.item_view.photo_hint.isVisible() and "照片" in page.item_view.photo_hint.text()
    assert not page.finalize_inspection()
    problems = shown[0]
    assert problems[0].startswith("T-02") and "检查发现" in problems[0]
    assert any(p.startswith("T-02") and "照片" in p for p in problems)
    assert any(p.startswith("T-04") for p in problems)
    assert page.current_code == "T-02"
    assert page.item_view.finding.hasFocus()
    assert stored(page).status == InspectionStatus.DRAFT.value


def _answer_all(page: InspectionPage) -> None:
    for code, result in (
        ("T-01", AnswerResult.COMPLIANT),
        ("T-02", AnswerResult.COMPLIANT),
        ("T-03", AnswerResult.COMPLIANT),
        ("T-05", AnswerResult.COMPLIANT),
        ("T-06", AnswerResult.NOT_APPLICABLE),
    ):
        page.saver.set_result(code, result)
    page.saver.save("T-04", value="3")
    page.saver.save("T-07", value="门诊部")


def test_finalized_is_read_only_and_takes_addenda(
    qtbot: QtBot, page: InspectionPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_all(page)
    monkeypatch.setattr(FinalizeDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    with qtbot.waitSignal(page.finalized, timeout=1000):
        assert page.finalize_inspection()
    assert page.banner.isVisible() and "定稿" in page.banner.text()
    assert not page.finalize_button.isVisible() and page.addendum_button.isVisible()
    assert page.item_view.finding.isReadOnly()
    press(Qt.Key.Key_2)  # nothing happens
    assert stored(page).answers["T-01"].result == AnswerResult.COMPLIANT.value
    assert page.saver.save("T-01", finding="改") is None  # the service refuses too, and it is said
    assert page.save_state.text().startswith("未保存") and "定稿" in page.save_state.text()

    def write(self: AddendumDialog) -> int:
        assert not self.submit()
        assert self.errors.text("text") and self.errors.text("reason")
        self.text.setPlainText("T-01 检查发现补充：许可证副本存于办公室。")
        self.reason.setPlainText("当事人补充提供")
        return int(self.submit())

    monkeypatch.setattr(AddendumDialog, "exec", write)
    assert page.add_addendum()
    view = stored(page)
    assert len(view.addenda) == 1 and view.addenda[0].created_by == "张伟"
    assert view.addenda[0].item_code == page.current_code
    assert "当事人补充提供" in page.addenda.item(0).text()


def test_document_buttons_after_finalizing(
    qtbot: QtBot, page: InspectionPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not page.record_button.isVisible()
    _answer_all(page)
    monkeypatch.setattr(FinalizeDialog, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    assert page.finalize_inspection()
    with qtbot.waitSignal(page.document_requested) as blocker:
        page.notice_button.click()
    assert blocker.args == [page.inspection_id, "notice"]


def test_reopening_goes_to_the_first_unanswered_item_when_no_position(qtbot: QtBot, ctx: UiContext) -> None:
    iid = start(ctx)
    with ctx.db.write() as s:
        inspections.record_answer(s, ctx.actor, iid, "T-01", result=AnswerResult.COMPLIANT)
        inspections.record_answer(s, ctx.actor, iid, "T-02", result=AnswerResult.COMPLIANT)
    page = InspectionPage(ctx, iid, show_camera=False)
    qtbot.addWidget(page)
    assert page.current_code == "T-02"  # last_item_code wins
    assert isinstance(page.inspection_id, uuid.UUID)
