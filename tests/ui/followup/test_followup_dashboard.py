"""The dashboard: each figure as a chart with its table, the same numbers as the core, and the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCharts import QBarSeries, QLineSeries

from inspector.config import Config
from inspector.services import reports
from inspector.storage.db import Database
from inspector.ui.context import UiContext
from inspector.ui.followup import DashboardPage
from tests.followup.helpers import cell
from tests.followup.stats_data import PERIOD, known_data


def test_dashboard_charts_tables_and_export(
    qtbot: Any, qapp: object, sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    known_data(sqlite_db)
    ui = UiContext(config=sqlite_config, db=sqlite_db)
    page = DashboardPage(ui, load=False)
    qtbot.addWidget(page)
    page.set_period(PERIOD.start, PERIOD.end)
    with qtbot.waitSignal(page.computed):
        page.show_button.click()
    assert page.stats is not None and page.stats.period == PERIOD
    with sqlite_db.read() as s:
        expected = reports.compute(s, PERIOD)
    assert (
        set(page.charts)
        == set(page.tables)
        == {"findings_by_item", "by_township", "per_month", "deadline_share", "days_to_correct"}
        | {"cases_by_month", "cases_by_township", "kept_items"}
    )
    for key, grid in page.tables.items():
        table = expected.table(key)
        assert grid.rowCount() == len(table.rows)
        headers = [grid.horizontalHeaderItem(c) for c in range(grid.columnCount())]
        assert [h.text() if h else None for h in headers] == list(table.headers)
        for r, row in enumerate(table.rows):
            assert cell(grid, r, 0) == str(row[0])
    findings = page.tables["findings_by_item"]
    assert (cell(findings, 0, 0), cell(findings, 0, 1)) == ("T-01", "3")
    bars = page.charts["findings_by_item"].chart().series()
    assert len(bars) == 1 and isinstance(bars[0], QBarSeries)
    assert [bars[0].barSets()[0].at(i) for i in range(bars[0].barSets()[0].count())][:1] == [3.0]
    assert all(isinstance(s, QLineSeries) for s in page.charts["per_month"].chart().series())
    assert "检查数" in page.overview.text()
    out = tmp_path / "看板.xlsx"
    with qtbot.waitSignal(page.exported) as signal:
        page.export(out)
    assert signal.args == [str(out)]
    wb = load_workbook(out)
    assert wb.sheetnames == [t.title for t in page.stats.tables]
    sheet = wb[page.stats.table("findings_by_item").title]
    assert [c.value for c in sheet[2]][:2] == ["T-01", 3]


def test_bad_period_shows_a_message(
    qtbot: Any, qapp: object, sqlite_config: Config, sqlite_db: Database, monkeypatch: Any
) -> None:
    from inspector.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, title=None: shown.append(err.message))
    page = DashboardPage(UiContext(config=sqlite_config, db=sqlite_db), load=False)
    qtbot.addWidget(page)
    page.set_period(dt.date(2026, 5, 1), dt.date(2026, 1, 1))
    page.refresh()
    assert shown and "晚于" in shown[0] and page.stats is None
