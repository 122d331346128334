"""Statistics on a small data set whose every figure is known, on SQLite and PostgreSQL; the Excel
export read back with openpyxl. Times are chosen around local midnight (UTC+8) on purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.errors import UserError
from inspector.services import reports
from inspector.storage.db import Database
from tests.followup.stats_data import CST, PERIOD, TODAY, known_data


@pytest.mark.parametrize("summary", [True, False], ids=["summary", "records"])
def test_figures_on_a_known_data_set(db: Database, summary: bool) -> None:
    """The same figures from the daily summary and counted from the records."""
    known_data(db)
    with db.read() as s:
        stats = reports.compute(
            s, PERIOD, utc_offset=CST, today=TODAY, item_labels={"T-01": "执业许可证"}, summary=summary
        )
    assert [t.key for t in stats.tables] == [
        "overview",
        "findings_by_item",
        "by_township",
        "per_month",
        "deadline_share",
        "days_to_correct",
        "cases_by_month",
        "cases_by_township",
        "kept_items",
    ]
    assert stats.table("findings_by_item").rows == (
        ("T-01", 3, 42.9, "执业许可证"),
        ("T-05", 2, 28.6, ""),
        ("T-02", 1, 14.3, ""),
        ("T-03", 1, 14.3, ""),
    )
    # First inspections and re-inspections apart (城关镇: 5 and 3), findings of first inspections only.
    assert stats.table("by_township").rows == (
        ("城关镇", "（未填写乡镇）", 5, 3, 5, 1.0),
        ("河西镇", "（未填写乡镇）", 1, 1, 2, 2.0),
    )
    assert stats.table("per_month").rows == (("2026-01", 3, 3, 4), ("2026-02", 2, 0, 3), ("2026-03", 1, 1, 0))
    assert stats.table("deadline_share").rows == (
        ("2026-01", 3, 3, 2, 0, 1, 0, 66.7),
        ("2026-02", 2, 2, 0, 1, 0, 1, 0.0),
        ("合计", 5, 5, 2, 1, 1, 1, 40.0),
    )
    assert stats.table("days_to_correct").rows == (
        ("2026-01", 2, 5.0),
        ("2026-02", 1, 23.0),
        ("合计", 3, 8.0),
    )
    assert [r[1] for r in stats.table("overview").rows] == [6, 4, 7, 5, 2, 1, 2, 40.0, 1, 0]


def test_empty_period_and_bad_period(db: Database) -> None:
    known_data(db)
    with db.read() as s:
        stats = reports.compute(s, reports.Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31)), utc_offset=CST)
        assert all(t.rows == () for t in stats.tables if t.key != "overview")
        with pytest.raises(UserError, match="晚于"):
            reports.compute(s, reports.Period(dt.date(2026, 3, 1), dt.date(2026, 1, 1)))


def test_excel_export_has_one_sheet_per_table(sqlite_db: Database, tmp_path: Path) -> None:
    known_data(sqlite_db)
    out = tmp_path / "统计.xlsx"
    with sqlite_db.read() as s:
        stats = reports.write_report(s, PERIOD, out, utc_offset=CST, today=TODAY)
    wb = load_workbook(out)
    assert wb.sheetnames == [t.title for t in stats.tables]
    findings = wb[stats.table("findings_by_item").title]
    assert [c.value for c in findings[1]] == ["检查项", "问题数", "占全部问题比例（%）", "检查内容"]
    assert [c.value for c in findings[2]] == ["T-01", 3, 42.9, None]
    share = wb[stats.table("deadline_share").title]
    assert [c.value for c in share[4]] == ["合计", 5, 5, 2, 1, 1, 1, 40.0]
    days = wb[stats.table("days_to_correct").title]
    assert days["C4"].value == 8.0
    assert any("2026-01-01" in str(c.value) for c in days["A"] if c.value)
    with pytest.raises(UserError, match=r"\.xlsx"):
        reports.export_xlsx(stats, tmp_path / "out.csv")
    with pytest.raises(UserError, match="不存在"):
        reports.export_xlsx(stats, tmp_path / "missing" / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "统计.xlsx"]  # no temporary files left
