"""The board and the dashboard by 乡镇 within 区县, as a supervisor uses them: choose the county, then
one of its townships; read each township's first inspections and re-inspections apart."""

from __future__ import annotations

import dataclasses
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QLineSeries
from sqlalchemy import update

from inspector.config import Config
from inspector.services import reports
from inspector.storage.db import Database
from inspector.storage.models import Rectification
from inspector.ui.context import UiContext
from inspector.ui.followup import DashboardPage, SupervisorBoard
from inspector.ui.followup.dashboard import make_chart
from tests.followup.helpers import cell
from tests.followup.test_township_statistics import county, period


def _combo_items(combo: Any) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_board_filters_by_county_then_township(
    qtbot: Any, sqlite_config: Config, sqlite_db: Database
) -> None:
    who, ids = county(sqlite_db)
    board = SupervisorBoard(UiContext(config=sqlite_config, db=sqlite_db, actor=who.supervisor))
    qtbot.addWidget(board)
    place = board.place
    assert _combo_items(place.district) == ["全部区县", "开发区", "示范县"]  # pinyin order: kai, shi
    assert _combo_items(place.township) == ["全部乡镇", "城关镇", "新城街道"]
    place.district.setCurrentIndex(place.district.findData("示范县"))
    assert _combo_items(place.township) == ["全部乡镇", "城关镇", "新城街道"]
    rows = {board.model.row_at(i).id for i in range(board.model.rowCount())}  # type: ignore[union-attr]
    assert rows == {ids["seat"], ids["county_new"]}
    place.township.setCurrentIndex(place.township.findData("新城街道"))
    assert board.model.rowCount() == 1 and board.model.row_at(0).id == ids["county_new"]  # type: ignore[union-attr]
    column = [board.model.headerData(c, _horizontal()) for c in range(board.model.columnCount())].index(
        "区县 / 乡镇"
    )
    assert board.model.data(board.model.index(0, column)) == "示范县 / 新城街道"
    place.district.setCurrentIndex(place.district.findData("开发区"))  # the other county's 新城街道
    rows = {board.model.row_at(i).id for i in range(board.model.rowCount())}  # type: ignore[union-attr]
    assert rows == {ids["zone_new"], ids["zone_new_2"]}
    assert _combo_items(place.township) == ["全部乡镇", "新城街道"]


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_dashboard_by_township_within_county(qtbot: Any, sqlite_config: Config, sqlite_db: Database) -> None:
    county(sqlite_db)
    page = DashboardPage(UiContext(config=sqlite_config, db=sqlite_db), load=False)
    qtbot.addWidget(page)
    window = period()
    page.set_period(window.start, window.end)
    page.refresh()
    grid = page.tables["by_township"]
    headers = [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]  # type: ignore[union-attr]
    assert headers == ["区县", "乡镇", "首次检查数", "复查数", "问题数", "平均每次检查问题数"]
    assert [[cell(grid, r, c) for c in range(4)] for r in range(grid.rowCount())] == [
        ["开发区", "新城街道", "2", "0"],
        ["示范县", "城关镇", "1", "1"],
        ["示范县", "新城街道", "1", "0"],
    ]
    chart = page.charts["by_township"].chart()
    axis = next(a for a in chart.axes() if isinstance(a, QBarCategoryAxis))
    assert axis.categories() == ["开发区 / 新城街道", "示范县 / 城关镇", "示范县 / 新城街道"]
    assert "首次检查数：<b>4</b>" in page.overview.text() and "复查数：<b>1</b>" in page.overview.text()


def test_a_single_month_is_drawn() -> None:
    """A line needs two points: a period with one month of figures is drawn as bars, so it shows."""
    one = reports.StatTable(
        "per_month",
        "每月",
        ("月份", "首次检查数", "复查数", "问题数"),
        (("2026-05", 3, 1, 2),),
        "line",
        (1, 3),
    )
    chart = make_chart(one)
    series = chart.series()
    assert len(series) == 1 and isinstance(series[0], QBarSeries)
    assert [b.at(0) for b in series[0].barSets()] == [3.0, 2.0]
    two = dataclasses.replace(one, rows=(("2026-05", 3, 1, 2), ("2026-06", 1, 0, 0)))
    chart = make_chart(two)
    lines = chart.series()
    assert len(lines) == 2 and all(isinstance(s, QLineSeries) and s.pointsVisible() for s in lines)


def test_a_rate_with_nothing_due_is_a_dash(qtbot: Any, sqlite_config: Config, sqlite_db: Database) -> None:
    """Rectifications issued today with their deadlines ahead and none re-inspected: nothing is due,
    so the share corrected by the deadline is "—" (on screen and in the workbook), never 0."""
    county(sqlite_db)  # four rectifications issued today, 10 days to correct; one re-inspected
    page = DashboardPage(UiContext(config=sqlite_config, db=sqlite_db), load=False)
    qtbot.addWidget(page)
    window = period()
    page.set_period(window.start, window.end)
    page.refresh()
    assert page.stats is not None
    total = page.stats.table("deadline_share").rows[-1]
    assert total[1:3] == (4, 1) and total[-1] == 100.0  # issued 4, due 1 (re-inspected, on time)
    with sqlite_db.write() as s:
        s.execute(update(Rectification).values(result=None, reinspected_at=None))
    page.refresh()
    grid = page.tables["deadline_share"]
    assert cell(grid, grid.rowCount() - 1, 2) == "0"  # due
    assert cell(grid, grid.rowCount() - 1, grid.columnCount() - 1) == "—"
    assert "按期整改率（%）：<b>—</b>" in page.overview.text()
    out = page.export(sqlite_config.data_dir / "统计.xlsx")
    sheet = load_workbook(out)[page.stats.table("deadline_share").title]
    assert sheet.cell(row=grid.rowCount() + 1, column=grid.columnCount()).value == "—"
