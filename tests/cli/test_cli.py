"""The ``inspector`` command end to end, in-process, against a temporary data directory."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.domain import SiteKind
from tests.identity import CliAs


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_upgrade_and_check(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "db", "upgrade", "--data-dir", str(data_dir))
    assert code == 0 and "结构版本" in out
    code, out, _ = run(capsys, "db", "check", "--data-dir", str(data_dir))
    assert code == 0 and "完整性正常" in out


def test_db_check_refuses_corrupt_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "inspector.sqlite3").write_bytes(b"garbage" * 100)
    code, _, err = run(capsys, "db", "check", "--data-dir", str(data_dir))
    assert code == 2 and "损坏" in err and "Traceback" not in err


def test_sites_import_and_list(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    f = tmp_path / "s.csv"
    f.write_text("名称,类型,许可证号,区县\n县医院,医院,P1,城关镇\n仁心诊所,诊所,Z1,河西镇\n", encoding="gbk")
    code, out, _ = run(capsys, "sites", "import", str(f), "--data-dir", str(data_dir), *cli_as(data_dir))
    assert code == 0 and "新增 2" in out
    code, out, _ = run(capsys, "sites", "list", "--json", "--kind", "clinic", "--data-dir", str(data_dir))
    assert code == 0
    assert [s["name"] for s in json.loads(out)] == ["仁心诊所"]
    code, out, _ = run(capsys, "sites", "list", "--search", "医院", "--data-dir", str(data_dir))
    assert "县医院" in out and "仁心" not in out


def test_bad_import_exits_2_with_message(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    f = tmp_path / "s.csv"
    f.write_text("名称,类型\n某地,飞船\n", encoding="utf-8")
    code, out, err = run(capsys, "sites", "import", str(f), "--data-dir", str(data_dir), *cli_as(data_dir))
    assert code == 2 and "第2行" in err and "飞船" in err
    code, out, _ = run(capsys, "sites", "list", "--json", "--data-dir", str(data_dir))
    assert json.loads(out) == []


def test_english_messages(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    f = tmp_path / "s.csv"
    f.write_bytes(b"")
    code, _, err = run(
        capsys, "--lang", "en", "sites", "import", str(f), "--data-dir", str(data_dir), *cli_as(data_dir)
    )
    assert code == 2 and "is empty" in err


def test_environment_selects_data_dir(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(data_dir))
    code, _, _ = run(capsys, "db", "upgrade")
    assert code == 0 and (data_dir / "inspector.sqlite3").exists()


def test_db_url_option_selects_postgres(
    pg_url: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "db", "upgrade", "--db-url", pg_url, "--data-dir", str(data_dir))
    assert code == 0
    assert not (data_dir / "inspector.sqlite3").exists()
    code, out, _ = run(capsys, "sites", "list", "--json", "--db-url", pg_url)
    assert code == 0 and json.loads(out) == []


def test_demo_is_safe_to_run_twice(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, "demo", "--data-dir", str(data_dir))
    assert code == 0 and "已生成演示数据" in out
    recovery = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){5}", out)  # printed once: the directory is encrypted
    assert recovery is not None
    monkeypatch.setenv("INSPECTOR_RECOVERY_CODE", recovery.group(0))
    code, out, _ = run(capsys, "sites", "list", "--json", "--data-dir", str(data_dir))
    listed = json.loads(out)
    assert len(listed) >= 40
    assert len({s["district"] for s in listed}) == 2 and len({s["township"] for s in listed}) >= 4
    assert {s["kind"] for s in listed} == {k.value for k in SiteKind}  # a county's real mix
    designated = [s for s in listed if s["designated_termination"]]
    assert designated and all(s["kind"] not in ("clinic", "pharmacy") for s in designated)
    code, out, _ = run(capsys, "inspections", "list", "--json", "--data-dir", str(data_dir))
    statuses = {i["status"] for i in json.loads(out)}
    assert statuses == {"draft", "finalized"}
    before = out
    code, out, _ = run(capsys, "demo", "--data-dir", str(data_dir))
    assert code == 0 and "未作任何改动" in out
    code, out, _ = run(capsys, "inspections", "list", "--json", "--data-dir", str(data_dir))
    assert out == before
