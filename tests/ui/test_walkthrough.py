"""A whole inspection through the real widgets, keyboard only: create the site in the site dialog,
start in the new-inspection dialog, answer every item with 1/2/3, Enter and typing, write a finding,
finalize; then check what the database holds."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from inspector.domain import AnswerResult, InspectionStatus, SiteKind
from inspector.services import sites
from inspector.storage.models import AuditEvent
from inspector.ui.context import UiContext
from inspector.ui.inspection.finalize_dialog import FinalizeDialog
from inspector.ui.inspection.page import InspectionPage
from inspector.ui.new_inspection_dialog import NewInspectionDialog
from inspector.ui.site_dialog import SiteDialog
from tests.factories import add_photo
from tests.ui.ui_helpers import FORM_ID, inspection, show_active, type_text

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")

FINDING = "抽查孕期B超报告20份，其中2份在检查所见栏标有“↑”符号。"


def key(page: QWidget, k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key where the keyboard focus is, as a person would."""
    target = QApplication.focusWidget() or page
    QTest.keyClick(target, k, mod)


def type_here(page: QWidget, text: str) -> None:
    type_text(QApplication.focusWidget() or page, text)


def test_a_whole_inspection_by_keyboard(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1. The site, through the site dialog.
    site_dialog = SiteDialog(ctx)
    qtbot.addWidget(site_dialog)
    site_dialog.kind.setCurrentIndex(site_dialog.kind.findData(SiteKind.CLINIC.value))
    site_dialog.name.setText("城关镇仁心诊所")
    site_dialog.licence_no.setText("ZS20260001")
    site_dialog.address.setText("东关社区12号")
    site_dialog.district.setCurrentText("城关镇")
    assert site_dialog.submit(), site_dialog.errors.shown()
    site = site_dialog.saved_site
    assert site is not None

    # 2. Start: find the site by typing, choose the checklist, the second inspector.
    dialog = NewInspectionDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.site_search, "仁心")
    qtbot.waitUntil(lambda: getattr(dialog.site(), "id", None) == site.id, timeout=2000)
    assert dialog.form_combo.currentData() == "clinic"  # follows the site kind
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(FORM_ID))
    second = dialog.inspector_combos[1]
    second.setCurrentIndex(second.findText("李芳", Qt.MatchFlag.MatchStartsWith))
    dialog.party_name.setText("张建国")
    assert dialog.submit(), dialog.errors.shown()
    assert dialog.started is not None
    inspection_id = dialog.started.id

    # 3. The walk-through, keyboard only.
    page = InspectionPage(ctx, inspection_id, show_camera=False)
    qtbot.addWidget(page)
    show_active(page)
    page.item_view.focus_answer()
    assert page.current_code == "T-01"
    assert "T-09" not in [i.code for i in page.visible()]  # conditional, hidden until T-02 fails

    key(page, Qt.Key.Key_1)  # T-01 compliant
    key(page, Qt.Key.Key_Return)
    assert page.current_code == "T-02"
    key(page, Qt.Key.Key_2)  # T-02 non-compliant: the focus goes to the finding
    assert page.item_view.finding.hasFocus()
    assert page.item_view.finding_hint.isVisible()  # the hint appears at once
    type_here(page, FINDING)
    assert page.item_view.finding.toPlainText() == FINDING  # the digits went into the text, not to 1/2/3
    key(page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter moves on
    assert page.current_code == "T-09"  # appeared because T-02 is non-compliant
    key(page, Qt.Key.Key_3)  # T-09 not applicable
    key(page, Qt.Key.Key_PageDown)
    assert page.current_code == "T-03"
    key(page, Qt.Key.Key_1)  # T-03 compliant
    key(page, Qt.Key.Key_Return)
    assert page.current_code == "T-04"
    type_here(page, "2")  # a number item: the digit is the value
    key(page, Qt.Key.Key_Return)
    for code in ("T-05", "T-06"):
        assert page.current_code == code
        key(page, Qt.Key.Key_1)  # compliant
        key(page, Qt.Key.Key_Return)
    assert page.current_code == "T-07"
    key(page, Qt.Key.Key_Down)  # the choice list: first choice
    key(page, Qt.Key.Key_Return)
    assert page.current_code == "T-08"
    key(page, Qt.Key.Key_PageUp)
    assert page.current_code == "T-07"
    key(page, Qt.Key.Key_PageDown)
    assert page.current_code == "T-08"  # optional: left empty
    with ctx.db.write() as s:  # the photo T-02 needs, as the camera would have added it
        add_photo(s, inspection_id, "T-02")

    # 4. Finalize: the summary dialog is confirmed.
    seen: list[FinalizeDialog] = []

    def confirm(self: FinalizeDialog) -> int:
        seen.append(self)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(FinalizeDialog, "exec", confirm)
    assert page.finalize_inspection()
    assert "T-02" in seen[0].findings.toPlainText()
    assert page.read_only and not page.item_view.result_buttons[AnswerResult.COMPLIANT].isEnabled()

    view = inspection(ctx.db, inspection_id)
    assert view.status == InspectionStatus.FINALIZED.value
    results = {code: a.result for code, a in view.answers.items()}
    assert results == {
        "T-01": "compliant",
        "T-02": "non_compliant",
        "T-09": "not_applicable",
        "T-03": "compliant",
        "T-04": "unanswered",
        "T-05": "compliant",
        "T-06": "compliant",
        "T-07": "unanswered",
    }
    assert view.answers["T-02"].finding == FINDING
    assert view.answers["T-04"].value == "2"
    assert view.answers["T-07"].value == "诊所"
    assert [p.name for p in view.inspectors] == ["张伟", "李芳"]
    assert view.party_name == "张建国"
    with ctx.db.read() as s:
        actions = [e.action for e in s.query(AuditEvent).filter(AuditEvent.entity_id == str(inspection_id))]
    assert actions[0] == "start" and actions[-1] == "finalize" and "answer" in actions
    with ctx.db.read() as s:
        assert sites.get_site(s, view.site_id).licence_no == "ZS20260001"
