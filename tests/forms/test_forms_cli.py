"""``inspector forms list|check|show`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main
from tests.forms.forms_helpers import builtin_data, dumps, minimal_form


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    forms = data_dir / "forms"
    forms.mkdir()
    bad = minimal_form()
    del bad["sections"][0]["items"][0]["question"]
    (forms / "bad.toml").write_text(dumps(bad), encoding="utf-8")
    (forms / "old.toml").write_text(dumps(builtin_data("clinic.toml")), encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "list")
    assert code == 0
    assert "ultrasound" in out and "B超及染色体检查定点机构检查表" in out and "共 4 个检查表" in out
    assert "bad.toml (有错误)" in out
    assert "bad.toml: sections[0].items[0].question: 缺少必填项" in out
    assert "old.toml (已忽略)" in out

    code, out, _ = run(capsys, data_dir, "forms", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and [f["id"] for f in listed["forms"]] == [
        "clinic",
        "pharmacy",
        "termination_delivery",
        "ultrasound",
    ]
    assert {s["path"].split("/")[-1]: s["invalid"] for s in listed["skipped"]} == {
        "bad.toml": True,
        "old.toml": False,
    }


def test_check_valid_and_invalid(capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(dumps(minimal_form()), encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "check", str(good))
    assert code == 0
    assert "good.toml：检查表“test”（版本 1）有效：2 个分组，5 个检查项。" in out

    data = minimal_form()
    data["sections"][0]["items"][0]["legal"] = ["规定-99"]
    data["sections"][1]["items"][2]["code"] = "T-01"
    data["sections"][0]["items"][1]["condition"] = {"item": "T-02", "answer": "compliant"}
    bad = tmp_path / "bad.toml"
    bad.write_text(dumps(data), encoding="utf-8")
    code, out, err = run(capsys, data_dir, "forms", "check", str(bad))
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert "bad.toml: sections[0].items[0].legal[0]: 未知的法律依据“规定-99”" in lines[0]
    assert "bad.toml: sections[1].items[2].code: 检查项编号“T-01”重复" in lines[1]
    assert "bad.toml: sections[0].items[1].condition.item: 检查项的显示条件不能引用它自己" in lines[2]
    assert "发现 3 个问题" in err

    code, out, _ = run(capsys, data_dir, "forms", "check", str(tmp_path / "missing.toml"))
    assert code == 1 and "missing.toml: 无法读取文件" in out


def test_check_warns_about_a_version_that_would_be_ignored(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(dumps(builtin_data("clinic.toml")), encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "check", str(path))
    assert code == 0 and "除非本文件的版本更高" in out


def test_check_legal_catalogue(capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "legal.toml"
    entry = '[[articles]]\nref = "地方-承诺书"\nlaw = "地方规定"\ntext = "x"\nverified = true\n'
    confirmed = 'confirmed = { by = "王伟", on = "2026-03-01", source = "县卫发〔2026〕2号" }\n'
    path.write_text(entry + confirmed, encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "check", str(path))
    assert code == 0 and "法律依据目录有效" in out
    # an office's verified entry says who confirmed it, when and against what
    path.write_text(entry, encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "check", str(path))
    assert code == 1 and "articles[0].verified: 本单位核实的条目须记录核实人" in out
    path.write_text('[[articles]]\nref = "x"\nlaw = "无此法"\nverified = true\n', encoding="utf-8")
    code, out, _ = run(capsys, data_dir, "forms", "check", str(path))
    assert code == 1 and "未知的法规“无此法”" in out


def test_show(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, data_dir, "forms", "show", "clinic")
    assert code == 0
    assert "CL-06  [严重]" in out
    assert "仅当 CL-05 为 不合格 时显示" in out
    assert "修订后为" not in out
    assert "违反条款：《中华人民共和国基本医疗卫生与健康促进法》第三十八条第二款" in out
    assert "处理依据：《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款" in out
    assert "涉嫌犯罪的移送公安机关：《中华人民共和国刑法》第三百三十六条第一款" in out
    assert "处理方式：责令立即停止并立案查处" in out and "责令：立即停止执业活动。（立即，无期限）" in out
    assert "事实（经查，你单位…）：未取得《医疗机构执业许可证》，擅自开展诊疗活动" in out
    assert "检查依据（非法律条文）：打击“两非”专项行动要求：“三禁止”（待核实）" in out
    assert "第三条（待核实）" in out

    code, out, _ = run(capsys, data_dir, "forms", "show", "pharmacy", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "pharmacy" and len(data["sha256"]) == 64
    assert data["legal"]["articles"][0]["ref"]

    code, out, _ = run(capsys, data_dir, "--lang", "en", "forms", "show", "ultrasound")
    assert code == 0 and "Ultrasound and chromosome testing site checklist" in out and "[Serious]" in out


def test_show_unknown_is_a_user_error(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _, err = run(capsys, data_dir, "forms", "show", "nope")
    assert code == 2 and "没有检查表“nope”" in err
    code, _, err = run(capsys, data_dir, "forms", "show", "clinic", "--version", "7")
    assert code == 2 and "没有版本 7" in err
