"""The whole case path from the command line, on SQLite and PostgreSQL: open a case from an
inspection, approve it, keep the B超 machine with its photos, question the operator from a 问/答 file,
transfer to the police, decide the kept items and close; each refused to those the rule book
refuses, with a message and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from inspector.cli import main
from inspector.config import Config
from inspector.storage.db import Database
from inspector.storage.models import Photo
from tests.cases.helpers import OPERATOR_ID, people, serious_inspection, unlicensed_site
from tests.identity import CliAs

QA = (
    "问：你叫什么名字？\n答：王某某。\n问：你有医师执业证书吗？\n答：没有。\n"
    "问：B超机从哪里来的？\n答：网上买的二手机器。\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_case_path_headless(
    db: Database, backend_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    with db.write() as s:
        who = people(s)
        sid = unlicensed_site(s)
    cli_as(backend_config)  # an administrator: a directory without one opens to nobody
    for name in ("zhang", "li", "boss"):  # the password --as asks for
        cli_as(backend_config, name)
    iid = serious_inspection(db, who, sid)
    with db.read() as s:
        photos = [str(p) for p in s.execute(select(Photo.id).where(Photo.inspection_id == iid)).scalars()]
    d = ("--data-dir", str(backend_config.data_dir), "--db-url", backend_config.db_url)

    # The operator's identity is required for a person party: refused, nothing made.
    code, _, err = run(
        capsys, "cases", "open", str(iid), "--cause", "王某某涉嫌无证行医", "--as", "zhang", *d
    )
    assert code == 2 and "身份证号" in err and "Traceback" not in err
    code, out, _ = run(capsys, "cases", "list", "--json", *d)
    assert json.loads(out)["rows"] == []

    code, out, err = run(
        capsys, "cases", "open", str(iid), "--cause", "王某某涉嫌无证行医", "--party-name", "王某某",
        "--id-number", OPERATOR_ID, "--as", "zhang", "--json", *d,
    )  # fmt: skip
    assert code == 0, err
    case = json.loads(out)
    cid = case["id"]
    assert case["status"] == "proposed" and case["party"]["id_number"] == OPERATOR_ID
    assert case["inspections"] == [str(iid)] and [o["name"] for o in case["officers"]] == ["张伟", "李芳"]

    code, _, err = run(capsys, "cases", "approve", cid, "--as", "zhang", *d)  # an inspector may not
    assert code == 2 and "无权" in err
    code, out, err = run(capsys, "cases", "approve", cid, "--as", "boss", "--json", *d)
    assert code == 0 and json.loads(out)["status"] == "opened", err

    code, out, err = run(
        capsys, "cases", "keep", cid, "--item", "B超机", "--model", "DP-10", "--serial", "SN2024001",
        "--quantity", "1", "--photo", photos[0], "--photo", photos[1], "--as", "li", "--json", *d,
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)
    (item,) = shown["items"]
    assert shown["status"] == "investigating" and sorted(item["photo_ids"]) == sorted(photos)
    assert (item["name"], item["model"], item["serial_no"], item["quantity"]) == (
        "B超机",
        "DP-10",
        "SN2024001",
        1,
    )

    qa = tmp_path / "询问.txt"
    qa.write_text(QA, encoding="utf-8")
    code, out, err = run(
        capsys, "cases", "interview", cid, "--person", "王某某", "--id-number", OPERATOR_ID,
        "--qa-file", str(qa), "--relation", "当事人", "--as", "zhang", "--json", *d,
    )  # fmt: skip
    assert code == 0, err
    (talk,) = json.loads(out)["interviews"]
    assert [p["q"] for p in talk["pairs"]] == ["你叫什么名字？", "你有医师执业证书吗？", "B超机从哪里来的？"]
    bad = tmp_path / "坏.txt"
    bad.write_text("答：没有问题\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        "cases",
        "interview",
        cid,
        "--person",
        "李某",
        "--id-number",
        OPERATOR_ID,
        "--qa-file",
        str(bad),
        "--as",
        "zhang",
        *d,
    )
    assert code == 2 and "第 1 行" in err
    gbk = tmp_path / "询问-gbk.txt"
    gbk.write_bytes(QA.encode("gbk"))  # saved by an old editor
    code, _, err = run(
        capsys, "cases", "interview", cid, "--person", "李某", "--id-number", OPERATOR_ID,
        "--qa-file", str(gbk), "--as", "zhang", *d,
    )  # fmt: skip
    assert code == 2 and "不是 UTF-8 编码的文本" in err and "codec" not in err

    code, _, err = run(
        capsys, "cases", "transfer", cid, "--to", "police", "--reason", "涉嫌非法行医罪", *d, "--as", "li"
    )
    assert code == 2 and "无权" in err
    code, out, err = run(
        capsys,
        "cases",
        "transfer",
        cid,
        "--to",
        "police",
        "--reason",
        "涉嫌非法行医罪",
        "--as",
        "boss",
        "--json",
        *d,
    )
    assert code == 0, err
    assert json.loads(out)["transfer_body"] == "某某县公安局"

    code, _, err = run(capsys, "cases", "close", cid, "--result", "已移送", "--as", "boss", *d)
    assert code == 2 and "处理决定" in err  # the kept item first
    code, out, err = run(
        capsys, "cases", "decide-kept", cid, "--decision", "transfer", "--as", "boss", "--json", *d
    )
    assert code == 0 and json.loads(out)["items"][0]["decision"] == "transfer", err
    code, out, err = run(
        capsys, "cases", "close", cid, "--result", "已移送公安机关", "--as", "boss", "--json", *d
    )
    assert code == 0 and json.loads(out)["status"] == "closed", err

    code, out, _ = run(capsys, "cases", "show", cid, *d)
    assert "已结案" in out and "B超机" in out and "王某某" in out
    code, out, _ = run(capsys, "cases", "list", "--status", "closed", *d)
    assert cid in out
