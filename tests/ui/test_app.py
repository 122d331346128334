"""The main window and the app's safety nets: navigation with counts, the late pages, opening an
inspection from the list, the language choice, and the handler of unexpected errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from inspector.domain.office import OfficeSettings
from inspector.errors import UserError
from inspector.services import settings as office_settings
from inspector.services.actor import SYSTEM
from inspector.ui import app as ui_app
from inspector.ui import crash, messages
from inspector.ui.context import UiContext
from inspector.ui.inspection.page import InspectionPage
from inspector.ui.main_window import MainWindow
from tests.ui.ui_helpers import make_site, start

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


def test_navigation_shows_every_area_with_its_count(qtbot: QtBot, ctx: UiContext) -> None:
    make_site(ctx.db)
    start(ctx, make_site(ctx.db, "河西镇济民诊所", licence_no="ZS20260002"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    texts = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert texts[0].startswith("场所") and "(2)" in texts[0]
    assert texts[1].startswith("检查") and "(1)" in texts[1]
    assert texts[2].startswith("文书") and texts[3].startswith("整改跟踪")
    window.build_late_pages()
    assert type(window.documents_page).__name__ == "DocumentsPage"
    assert type(window.followup_page).__name__ == "FollowupPage"
    assert window.nav.item(2).text().endswith("(0)")
    assert "张伟" in window.user_label.text()


def test_an_inspection_opens_from_the_list_and_goes_back(qtbot: QtBot, ctx: UiContext) -> None:
    iid = start(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("inspections")
    row = window.inspections_page.model.row_at(0)
    assert row is not None and row.id == iid
    window.inspections_page.inspection_activated.emit(row)
    assert window.inspection_page is not None
    assert window.stack.currentWidget() is window.workspace
    window.back_button.click()
    assert window.stack.currentWidget() is window.inspections_page
    qtbot.waitUntil(lambda: not window.workspace.findChildren(InspectionPage))  # the page was deleted


def test_the_language_follows_the_environment_then_the_office(
    ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)
    assert ui_app.choose_language(None) == "zh_CN"
    assert ui_app.choose_language(ctx.db) == "zh_CN"
    with ctx.db.write() as s:
        current = office_settings.load(s)
        office_settings.save(s, SYSTEM, OfficeSettings(**{**current.__dict__, "language": "en"}))
    assert ui_app.choose_language(ctx.db) == "en"
    monkeypatch.setenv("INSPECTOR_LANG", "zh_CN")
    assert ui_app.choose_language(ctx.db) == "zh_CN"


@pytest.mark.crash_box
def test_an_unexpected_error_is_logged_and_shown_with_details(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    log = crash.install_excepthook(tmp_path / "logs")
    assert sys.excepthook is crash.handle_exception
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as err:
        crash.handle_exception(RuntimeError, err, err.__traceback__)
    assert "意外错误" in shown[0].windowTitle()
    assert "boom in a slot" in shown[0].detailedText()  # the traceback, collapsed until asked for
    assert "Traceback" not in shown[0].text()
    assert "boom in a slot" in log.read_text(encoding="utf-8")


def test_a_user_error_that_escaped_is_shown_without_a_traceback(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, _t=None: seen.append(err.message))
    try:
        raise UserError("数据库被另一个程序锁定。")
    except UserError as err:
        crash.handle_exception(UserError, err, err.__traceback__)
    assert seen == ["数据库被另一个程序锁定。"]
