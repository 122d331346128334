"""The site registry page: search as you type (one query after the typing pause, not per key),
filters, the capped count, and the buttons that open the dialogs."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from inspector.domain import SiteKind
from inspector.ui import sites_model
from inspector.ui.context import UiContext
from inspector.ui.main_window import MainWindow
from inspector.ui.sites_page import SitesPage
from inspector.ui.tables import SEARCH_DELAY_MS
from tests.ui.ui_helpers import make_site, type_text

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


@pytest.fixture
def registry(ctx: UiContext) -> UiContext:
    make_site(ctx.db, "城关镇仁心诊所", licence_no="ZS1")
    make_site(ctx.db, "河西镇仁心诊所", licence_no="ZS2")
    make_site(ctx.db, "东山乡百姓大药房", SiteKind.PHARMACY.value, licence_no="豫AA3")
    return ctx


def test_search_runs_once_after_the_typing_pause(qtbot: QtBot, registry: UiContext) -> None:
    page = SitesPage(registry.db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 3
    calls: list[str] = []
    original = page.model.set_filter
    page.model.set_filter = lambda f: (calls.append(f.text), original(f))[1]  # type: ignore[method-assign]
    type_text(page.search, "仁心诊")
    assert calls == []  # nothing per keystroke
    qtbot.wait(SEARCH_DELAY_MS + 100)
    assert calls == ["仁心诊"]
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "2 个场所"
    page.kind.setCurrentIndex(page.kind.findData(SiteKind.PHARMACY.value))
    assert page.model.rowCount() == 0


def test_the_count_stops_at_the_cap(
    qtbot: QtBot, registry: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sites_model, "COUNT_CAP", 2)
    window = MainWindow(registry)
    qtbot.addWidget(window)
    assert window.sites_page.model.total_is_capped()
    assert "超过 2 个场所" in window.sites_page.count_label.text()
    assert window.nav.item(0).text().endswith("(2+)")


def test_buttons_follow_the_selection(qtbot: QtBot, registry: UiContext) -> None:
    page = SitesPage(registry.db)
    qtbot.addWidget(page)
    assert not page.edit_button.isEnabled() and not page.inspect_button.isEnabled()
    page.table.selectRow(0)
    assert page.edit_button.isEnabled()
    with qtbot.waitSignal(page.inspect_requested) as blocker:
        page.inspect_button.click()
    assert blocker.args[0].name == page.selected_site().name  # type: ignore[union-attr]
