"""The walk's checks themselves can fail: a label cut short, a button narrower than its text, a
window larger than its screen and a title carrying the application's name are each reported, and a
label given the room it needs is not. Without this, a walk that reported nothing would prove
nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.walk import checks

LONG = "所列问题已全部改正，请在复查意见书中写明复查的日期、人员和结论，并由被检查单位签收"


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("复查")
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_label_narrower_than_its_text_is_reported(qtbot: QtBot) -> None:
    dialog = shown(qtbot, QDialog())
    label = QLabel(LONG, dialog)
    label.setGeometry(0, 0, 80, 30)
    label.show()
    assert checks.label_problem(label) is not None
    label.setGeometry(0, 0, label.sizeHint().width() + 2, label.sizeHint().height())
    assert checks.label_problem(label) is None


def test_a_wrapping_label_too_low_for_its_lines_is_reported(qtbot: QtBot) -> None:
    dialog = shown(qtbot, QDialog())
    label = QLabel(LONG, dialog)
    label.setWordWrap(True)
    label.setGeometry(0, 0, 120, 20)  # one line's height for several lines
    label.show()
    assert checks.label_problem(label) is not None
    label.setGeometry(0, 0, 120, label.heightForWidth(120))
    assert checks.label_problem(label) is None


def test_rich_text_is_measured_as_laid_out(qtbot: QtBot) -> None:
    dialog = shown(qtbot, QDialog())
    label = QLabel(f"<b>{LONG}</b>", dialog)
    label.setGeometry(0, 0, 100, 30)
    label.show()
    assert checks.label_problem(label) is not None


def test_a_button_narrower_than_its_text_is_reported(qtbot: QtBot) -> None:
    dialog = shown(qtbot, QDialog())
    button = QPushButton("出具复查意见书并登记复查结果", dialog)
    button.setGeometry(0, 0, 40, 30)
    button.show()
    assert checks.button_problem(button) is not None
    assert any("出具复查意见书" in p for p in checks.widget_problems(dialog))


def test_a_label_cut_off_by_its_parent_is_reported_unless_it_scrolls(qtbot: QtBot) -> None:
    dialog = shown(qtbot, QDialog())
    box = QWidget(dialog)
    box.setGeometry(0, 0, 60, 30)
    label = QLabel("结案", box)
    label.setGeometry(40, 0, label.sizeHint().width(), label.sizeHint().height())
    box.show()
    assert checks.cut_off(label, dialog) is not None
    area = QScrollArea(dialog)
    area.setGeometry(0, 40, 60, 30)
    inner = QLabel("结案")
    inner.setMinimumWidth(200)
    area.setWidget(inner)
    area.show()
    assert checks.cut_off(inner, dialog) is None


def test_a_window_larger_than_the_screen_or_naming_the_app_is_reported(qtbot: QtBot) -> None:
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel("检查"))
    dialog = shown(qtbot, dialog)
    assert checks.window_problems(dialog, "检查助手") == []
    area = dialog.screen().availableGeometry()
    dialog.resize(area.width() + 100, area.height() + 100)
    assert any("does not fit the screen" in p for p in checks.window_problems(dialog, "检查助手"))
    dialog.resize(200, 100)
    dialog.setWindowTitle("复查 — 检查助手")
    assert any("application's name" in p for p in checks.window_problems(dialog, "检查助手"))
