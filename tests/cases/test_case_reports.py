"""Case figures in the statistics (the dashboard's and ``inspector report``'s): opened, transferred by
receiving body, items kept and decided in time, by month and by 乡镇, counted by the database on
SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from inspector import workflows
from inspector.services import office_days, reports
from inspector.storage.db import Database
from inspector.workflows import cases as flows
from tests.cases.helpers import people, proposal, serious_inspection, unlicensed_site


def _ago(days: int) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(days=days)


def _month(days: int) -> str:
    return f"{_ago(days).astimezone():%Y-%m}"


def test_case_figures(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        who = people(s)
        east = unlicensed_site(s, name="东关无证诊所", district="东区")
        west = unlicensed_site(s, name="西关无证诊所", district="西区")
    made = {}
    for name, sid, found in (("a", east, 40), ("b", west, 3)):
        iid = serious_inspection(db, who, sid, started_at=_ago(found))
        made[name] = workflows.perform(
            db,
            lambda s, iid=iid, found=found: flows.propose_case(
                s, who.inspector_a, proposal(db, iid), at=_ago(found) + dt.timedelta(hours=3)
            ),
        ).created
    a, b = made["a"], made["b"]
    sup = who.supervisor
    workflows.perform(db, lambda s: flows.approve_case(s, sup, a, at=_ago(30)))  # 10 days late
    workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, a, name="B超机", kept_at=_ago(30)))
    workflows.perform(db, lambda s: flows.decide_kept(s, sup, a, "transfer", at=_ago(27)))  # in time
    workflows.perform(db, lambda s: flows.transfer_case(s, sup, a, "police", "涉嫌犯罪", at=_ago(20)))
    workflows.perform(db, lambda s: flows.approve_case(s, sup, b, at=_ago(2)))
    workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, b, name="探头", kept_at=_ago(2)))
    workflows.perform(db, lambda s: flows.keep_item(s, who.inspector_a, b, name="耦合剂", kept_at=_ago(2)))
    workflows.perform(db, lambda s: flows.transfer_case(s, sup, b, "drug", "药品"))
    today = office_days.local_today() + dt.timedelta(days=6)  # b's items are then 8 days old: overdue
    period = reports.Period(today - dt.timedelta(days=70), today)
    with db.read() as s:
        stats = reports.compute(s, period, today=today)
    by_month = {r[0]: r[1:] for r in stats.table("cases_by_month").rows}
    assert by_month["合计"] == (2, 2, 1, 1, 1, 0)
    if _month(30) != _month(2):  # a's approval and its late flag count in its own month
        assert by_month[_month(30)][1:3] == (1, 1)
    places = {r[0]: r[1:] for r in stats.table("cases_by_township").rows}
    assert places["东区 / 城关镇"] == (1, 1, 0, 1, 1, 0)
    assert places["西区 / 城关镇"] == (1, 0, 1, 2, 0, 2)
    kept = {r[0]: r[1:] for r in stats.table("kept_items").rows}
    assert kept["合计"] == (3, 1, 0, 2, 0, 33.3)
    out = reports.export_xlsx(stats, tmp_path / "统计.xlsx")
    sheets = load_workbook(out).sheetnames
    assert {"立案查处案件（按月）", "立案查处案件（按乡镇）", "证据先行登记保存及按期处理"} <= set(sheets)
