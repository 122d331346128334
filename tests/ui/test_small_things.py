"""The small things a person notices, each as they meet it: the keys of a free-text item do what the
hint says, the registry's business type is not asked again and its drop-down is a drop-down, the
office's default deadline is proposed, the same inspector cannot be chosen twice, 结案 asks first,
an export is proposed in Documents, the 执法证号 form is said in words."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from inspector import workflows
from inspector.domain import AnswerResult, Role
from inspector.domain.office import CertFormat
from inspector.services import inspections
from inspector.services import settings as office_settings
from inspector.services.actor import SYSTEM
from inspector.services.followup import views
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.followup.dashboard import DashboardPage
from inspector.ui.followup.history import HistoryDialog
from inspector.ui.inspection.page import InspectionPage
from inspector.ui.settings_dialog import SettingsDialog
from inspector.ui.user_folders import documents_folder
from tests import factories
from tests.ui.ui_helpers import act_as, inspectors, make_site, show_active, start

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, k, mod)


def page_at(qtbot: QtBot, ctx: UiContext, inspection_id: uuid.UUID, code: str) -> InspectionPage:
    page = InspectionPage(ctx, inspection_id, show_camera=False)
    qtbot.addWidget(page)
    show_active(page)
    page.go_to(code)
    return page


def test_on_a_free_text_item_1_and_enter_are_text_and_the_hint_says_so(qtbot: QtBot, ctx: UiContext) -> None:
    page = page_at(qtbot, ctx, start(ctx), "T-08")  # 现场发现的其他情况: a text item (the last)
    assert page.item_view.value_text.hasFocus()
    hint = page.nav_message.text()
    assert "1/2/3 和 Enter 均作为文字输入" in hint and "Ctrl+Enter 下一项" in hint
    key(Qt.Key.Key_1)
    key(Qt.Key.Key_Return)
    key(Qt.Key.Key_2)
    assert page.item_view.value_text.toPlainText() == "1\n2"
    assert page.current_code == "T-08"
    assert page.saver.flush()
    assert inspections_value(ctx, page, "T-08") == "1\n2"
    assert page.states["T-08"].result is AnswerResult.UNANSWERED  # "1" did not judge it
    key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # moves on: here, says it is the last
    assert page.nav_message.text().startswith("已是最后一项")
    assert page.item_view.value_text.toPlainText() == "1\n2"  # Ctrl+Enter typed nothing
    # A check item again: 1/2/3 answer, and the hint says that instead.
    page.go_to("T-06")
    assert page.nav_message.text().startswith("1/2/3 判定")
    key(Qt.Key.Key_1)
    assert page.states["T-06"].result is AnswerResult.COMPLIANT


def test_on_a_number_item_a_digit_is_typed_and_enter_moves_on(qtbot: QtBot, ctx: UiContext) -> None:
    page = page_at(qtbot, ctx, start(ctx), "T-04")  # 抽查B超报告份数
    assert page.item_view.value_line.hasFocus()
    assert page.nav_message.text().startswith("输入数值")
    key(Qt.Key.Key_3)
    assert page.item_view.value_line.text() == "3"
    key(Qt.Key.Key_Return)
    assert page.current_code == "T-05"
    assert inspections_value(ctx, page, "T-04") == "3"


def inspections_value(ctx: UiContext, page: InspectionPage, code: str) -> str | None:
    with ctx.db.read() as s:
        answer = inspections.get_inspection(s, page.inspection_id).answers.get(code)
    return answer.value if answer else None


def test_the_registry_answers_the_business_type_and_the_drop_down_stays_a_drop_down(
    qtbot: QtBot, ctx: UiContext
) -> None:
    shop = make_site(ctx.db, name="河西镇百姓大药房", kind="wholesaler", licence_no="豫AA2026")
    form = ctx.registry().default_for_site("wholesaler")
    people = inspectors(ctx.db)
    with ctx.db.write() as s:
        view = inspections.start_inspection(
            s,
            ctx.actor,
            inspections.StartInput(
                site_id=shop.id,
                form=form,
                inspector_ids=[p.id for p in people],
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
            ),
        )
    page = InspectionPage(ctx, view.id, show_camera=False)
    qtbot.addWidget(page)
    show_active(page)
    assert page.current_code == "PH-01"  # not asked again: the walk-through starts after it
    visible = [i.code for i in page.visible()]
    assert "PH-06" in visible and "PH-02" not in visible  # the wholesaler's items, from the start
    assert page.item_view.position.text() == f"第 2 项，共 {len(visible)} 项"
    page.go_to("PH-00")
    combo = page.item_view.value_choice
    assert combo.currentData() == "药品批发"
    assert page.item_view.value_stack.height() <= combo.sizeHint().height() + 2  # not 190 px
    # Changing the answer changes what is shown, and the counter follows at once.
    combo.setCurrentIndex(combo.findData("药品零售"))
    combo.activated.emit(combo.currentIndex())
    retail = [i.code for i in page.visible()]
    assert "PH-02" in retail and page.item_view.position.text() == f"第 1 项，共 {len(retail)} 项"


def test_the_office_default_deadline_is_proposed_where_the_checklist_names_none(
    qtbot: QtBot, ctx: UiContext
) -> None:
    with ctx.db.write() as s:
        office_settings.save(s, SYSTEM, replace(office_settings.load(s), default_deadline_days=12))
    page = page_at(qtbot, ctx, start(ctx), "T-02")
    page.answer(AnswerResult.NON_COMPLIANT)  # T-09 appears
    page.go_to("T-09")  # no deadline_days in the checklist
    page.answer(AnswerResult.NON_COMPLIANT)
    assert page.item_view.correction_box.isVisible() and page.item_view.deadline.value() == 12
    page.go_to("T-06")  # deadline_days = 7 in the checklist
    page.answer(AnswerResult.NON_COMPLIANT)
    assert page.item_view.deadline.value() == 7


def _enabled(combo: QComboBox, text: str) -> bool:
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    item = model.item(combo.findText(text, Qt.MatchFlag.MatchStartsWith))
    return item is not None and item.isEnabled()


SCOPE = {"T-01": "在岗的超声诊断医师赵某执业范围为内科专业"}


def _served_rectification(ctx: UiContext) -> uuid.UUID:
    iid = start(ctx)
    with ctx.db.write() as s:
        for item in inspections.form_of(s, iid).items:
            factories.answer(s, ctx.actor, iid, item, bad=SCOPE)
        workflows.finalize_inspection(s, ctx.actor, iid)
    # T-01 cites verified articles only: the notice needs no confirmation by the office.
    changes = workflows.perform(
        ctx.db, lambda s: workflows.issue_document(s, ctx.actor, ctx.config, iid, "notice")
    )
    (rid,) = changes.rectifications
    workflows.perform(
        ctx.db,
        lambda s: workflows.serve_rectification(s, ctx.actor, ctx.config, rid, served_on=views.local_today()),
    )
    return rid


def test_the_same_inspector_cannot_be_chosen_twice_for_a_reinspection(qtbot: QtBot, ctx: UiContext) -> None:
    act_as(ctx, Role.SUPERVISOR)
    rid = _served_rectification(ctx)
    dialog = HistoryDialog(ctx, rid)
    qtbot.addWidget(dialog)
    first, second = dialog.first_inspector, dialog.second_inspector
    assert first.currentData() != second.currentData()
    chosen = first.currentText()
    assert not _enabled(second, chosen) and _enabled(first, chosen)
    second.setCurrentIndex(second.findText(chosen))  # chosen anyway (by code): the first gives way
    assert first.currentText() != chosen and first.currentData() != second.currentData()


def test_closing_a_rectification_asks_first(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_as(ctx, Role.SUPERVISOR)
    rid = _served_rectification(ctx)
    with ctx.db.write() as s:  # the re-inspection finds it corrected, recorded through the workflows
        started = workflows.start_reinspection(
            s, ctx.actor, rid, [p.id for p in inspectors(ctx.db)], dt.datetime.now(dt.UTC)
        )
        assert started.created is not None
        inspections.record_answer(  # the re-inspection opinion states what was found, corrected too
            s,
            ctx.actor,
            started.created,
            "T-01",
            result=AnswerResult.COMPLIANT,
            finding="复查时赵某已调离超声诊断岗位。",
        )
        workflows.finalize_inspection(s, ctx.actor, started.created)
    workflows.perform(
        ctx.db, lambda s: workflows.complete_reinspection(s, ctx.actor, ctx.config, started.created)
    )
    asked: list[str] = []

    def answer(reply: bool):  # type: ignore[no-untyped-def]
        def confirm(_parent: QWidget | None, title: str, text: str) -> bool:
            asked.append(f"{title}: {text}")
            return reply

        return confirm

    dialog = HistoryDialog(ctx, rid)
    qtbot.addWidget(dialog)
    assert dialog.close_button.isEnabled()
    monkeypatch.setattr(messages, "confirm", answer(False))
    dialog.close_button.click()
    assert len(asked) == 1 and "结案" in asked[0] and "城关镇仁心诊所" in asked[0]
    with ctx.db.read() as s:
        assert views.get_rectification(s, rid).status == "reinspected"  # "no": nothing changed
    monkeypatch.setattr(messages, "confirm", answer(True))
    dialog.close_button.click()
    with ctx.db.read() as s:
        assert views.get_rectification(s, rid).status == "closed"


def test_the_statistics_export_is_proposed_in_documents(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposed: list[str] = []

    def save_name(_parent: QWidget, _title: str, path: str, _filter: str) -> tuple[str, str]:
        proposed.append(path)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    act_as(ctx, Role.SUPERVISOR)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page._on_export_clicked()
    (path,) = proposed
    assert Path(path).parent == documents_folder() and path.endswith(".xlsx")
    assert not Path(path).is_relative_to(ctx.config.data_dir)


def test_the_enforcement_id_form_is_said_in_words(qtbot: QtBot, ctx: UiContext) -> None:
    act_as(ctx, Role.SUPERVISOR)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    shown = [w.text() for w in dialog.findChildren(QLabel)] + [
        w.text() for w in dialog.findChildren(QWidget) if hasattr(w, "text") and callable(w.text)
    ]
    default = CertFormat().pattern()
    assert not any(default in str(t) or "\\u4e00" in str(t) for t in shown)  # no expression in sight
    editor = dialog.cert_format
    assert (
        editor.description.text()
        == "执法证号应为6 至 32 个字符：数字、字母、汉字、括号或连字符，其中至少 4 位数字。"
    )
    editor.min_length.setValue(18)
    editor.max_length.setValue(18)
    editor.letters.setChecked(False)
    editor.chinese.setChecked(False)
    editor.marks.setChecked(False)
    assert editor.description.text() == "执法证号应为18 至 18 个字符：数字，其中至少 4 位数字。"
    assert dialog.save()
    with ctx.db.read() as s:
        pattern = office_settings.load(s).cert_no_pattern
    assert CertFormat.from_pattern(pattern) == CertFormat(18, 18, False, False, False)
    dialog = SettingsDialog(ctx)  # a shorter maximum than minimum is refused, at the field
    qtbot.addWidget(dialog)
    dialog.cert_format.min_length.setValue(20)
    dialog.cert_format.max_length.setValue(8)
    assert not dialog.save()
    assert "1 至 64" in dialog.errors.text("cert_no_pattern")


def test_a_form_written_by_hand_earlier_is_kept_until_changed(qtbot: QtBot, ctx: UiContext) -> None:
    with ctx.db.write() as s:
        office_settings.save(s, SYSTEM, replace(office_settings.load(s), cert_no_pattern=r"^\d{14}$"))
    act_as(ctx, Role.SUPERVISOR)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert "本单位设定的格式" in dialog.cert_format.description.text()
    assert dialog.save()
    with ctx.db.read() as s:
        assert office_settings.load(s).cert_no_pattern == r"^\d{14}$"
