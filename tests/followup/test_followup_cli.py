"""``inspector rectifications``, ``inspector report`` and ``inspector plan`` end to end, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.cli import main
from inspector.config import Config
from inspector.storage.db import Database
from tests.factories import people
from tests.followup.helpers import sites_for_plan, to_state
from tests.identity import CliAs


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rectifications_commands(
    sqlite_config: Config, sqlite_db: Database, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    with sqlite_db.write() as s:
        who = people(s)
    cli_as(sqlite_config)  # an administrator: a directory without one opens to nobody
    cli_as(sqlite_config, "office")  # gives "office" and "boss" the password --as asks for
    cli_as(sqlite_config, "boss")
    rid = str(to_state(sqlite_db, who, "issued"))
    done = str(to_state(sqlite_db, who, "reinspected"))
    d = ("--data-dir", str(sqlite_config.data_dir))
    code, out, _ = run(capsys, "rectifications", "list", "--json", *d)
    listed = json.loads(out)
    assert code == 0 and listed["open"] == 2 and {r["id"] for r in listed["rows"]} == {rid, done}
    code, out, err = run(capsys, "rectifications", "serve", rid, "--as", "office", "--note", "已签收", *d)
    assert code == 0 and "已签收" in out, err
    code, _, err = run(capsys, "rectifications", "close", done, "--as", "office", *d)
    assert code == 2 and "无权" in err and "Traceback" not in err
    code, _, err = run(capsys, "rectifications", "escalate", done, "--kind", "case", "--as", "boss", *d)
    assert code == 2 and "说明" in err
    code, out, _ = run(
        capsys,
        "rectifications",
        "escalate",
        done,
        "--kind",
        "case",
        "--note",
        "立案查处",
        "--as",
        "boss",
        "--json",
        *d,
    )
    shown = json.loads(out)
    assert code == 0 and shown["status"] == "escalated" and shown["escalation"] == "case"
    assert shown["events"][-1]["by"] == "赵监督" and shown["events"][-1]["note"] == "立案查处"
    code, _, err = run(capsys, "rectifications", "show", "not-an-id", *d)
    assert code == 2 and "不是有效编号" in err
    code, out, _ = run(capsys, "rectifications", "list", "--status", "escalated", *d)
    assert code == 0 and done in out and "1 / 1" in out


def test_report_command(
    sqlite_config: Config, sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite_db.write() as s:
        who = people(s)
    to_state(sqlite_db, who, "closed")
    d = ("--data-dir", str(sqlite_config.data_dir))
    out_file = tmp_path / "报表.xlsx"
    code, out, _ = run(
        capsys, "report", "--from", "2025-01-01", "--to", "2035-12-31", "--out", str(out_file), *d
    )
    assert code == 0 and out_file.exists() and "已结案: 1" in out
    wb = load_workbook(out_file)
    # the overview, five follow-up tables, three case tables (cases by month, by 乡镇, kept items)
    assert wb.sheetnames[0] == "概览" and len(wb.sheetnames) == 9, wb.sheetnames
    code, _, err = run(
        capsys, "report", "--from", "2026-13-01", "--to", "2026-12-31", "--out", str(out_file), *d
    )
    assert code == 2 and "--from" in err and "不是日期" in err
    code, _, err = run(
        capsys, "report", "--from", "2026-12-01", "--to", "2026-01-31", "--out", str(out_file), *d
    )
    assert code == 2 and "晚于" in err


def test_plan_command(
    sqlite_config: Config, sqlite_db: Database, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    with sqlite_db.write() as s:
        people(s)
    sites_for_plan(sqlite_db)
    d = ("--data-dir", str(sqlite_config.data_dir), *cli_as(sqlite_config))
    code, out, _ = run(capsys, "plan", "--count", "4", "--seed", "2026", "--exclude-days", "0", "--json", *d)
    first = json.loads(out)
    code2, out2, _ = run(
        capsys, "plan", "--count", "4", "--seed", "2026", "--exclude-days", "0", "--json", *d
    )
    second = json.loads(out2)
    assert code == code2 == 0 and first["id"] != second["id"]
    assert [x["site_id"] for x in first["draws"]] == [x["site_id"] for x in second["draws"]]
    assert [x["inspectors"] for x in first["draws"]] == [x["inspectors"] for x in second["draws"]]
    code, out, _ = run(capsys, "plan", "--verify", first["id"], *d)
    assert code == 0 and "完全一致" in out
    code, _, err = run(capsys, "plan", "--count", "100", "--seed", "1", *d)
    assert code == 2 and "只有 15 个" in err
    code, out, _ = run(capsys, "plan", "--count", "3", "--seed", "5", "--exclude-days", "0", "--create", *d)
    assert code == 0 and "已生成 3 个检查草稿" in out
    code, _, err = run(capsys, "plan", "--count", "13", "--seed", "5", *d)  # 3 drafts just started: 12 left
    assert code == 2 and "只有 12 个" in err
