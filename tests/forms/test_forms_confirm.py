"""An office confirms an entry of the legal catalogue in its own ``forms/legal.toml``; a document
may cite only verified articles, and the refusal says which one and how to confirm it."""

from __future__ import annotations

import io
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.domain import Role
from inspector.errors import PermissionDenied, UserError
from inspector.forms import (
    FormError,
    cited_article,
    load_legal_catalogue,
    load_registry,
    unverified_citations,
    unverified_message,
)
from inspector.forms.confirm import confirm_article, normalize_text
from inspector.services.actor import Actor

OFFICE = Actor(user_id=uuid.uuid4(), name="王伟", role=Role.OFFICE)
RULE_20 = (
    "经批准实施人工终止妊娠手术的机构未建立真实完整的终止妊娠药品购进记录，或者未按照规定为终止妊娠"
    "药品使用者建立完整用药档案的，由县级以上卫生计生行政部门责令改正；拒不改正的，给予警告，并可处"
    "一万元以上三万元以下罚款。"
)  # a test's stand-in for the official wording


@dataclass(frozen=True)
class Stranger:
    user_id: uuid.UUID | None
    name: str
    role: Role

    def require(self, *roles: Role) -> None:
        Actor(self.user_id, self.name, self.role).require(*roles)


def test_unverified_citations_name_the_articles_a_document_may_not_cite(tmp_path: Path) -> None:
    ultrasound = load_registry(None).get("ultrasound")
    assert unverified_citations(ultrasound, ["US-08", "US-11"]) == []  # all from laws/, verified
    refs = [a.ref for a in unverified_citations(ultrasound, ["US-04", "US-08", "US-02", "US-05"])]
    # US-04: 规定-11 and 条例-40; US-02: 规定-16 (条例-40 once); US-05 rests on a local policy only
    assert refs == ["规定-11", "医疗机构管理条例-40", "规定-16"]
    message = unverified_message(unverified_citations(ultrasound, ["US-04"])[0])
    assert (
        "规定-11" in message
        and "第十一条" in message
        and "inspector forms confirm-article 规定-11" in message
    )
    with pytest.raises(KeyError):
        unverified_citations(ultrasound, ["XX-01"])


def test_an_office_confirms_and_the_document_may_cite(tmp_path: Path) -> None:
    user_file = tmp_path / "legal.toml"
    user_file.write_text("# 本县核实记录\n# 维护人：王伟\n\nformat = 1\n", encoding="utf-8")
    article = confirm_article(
        user_file, OFFICE, "规定-20", source="国家卫生计生委令第9号（公报）", text=RULE_20
    )
    assert article.citable and article.confirmation is not None
    assert (article.confirmation.by, article.confirmation.source) == ("王伟", "国家卫生计生委令第9号（公报）")
    written = user_file.read_text(encoding="utf-8")
    assert written.startswith("# 本县核实记录\n# 维护人：王伟\n")  # the office's comments stay
    entry = tomllib.loads(written)["articles"][0]
    assert entry["ref"] == "规定-20" and entry["verified"] and entry["article"] == 20
    assert entry["confirmed"]["by"] == "王伟" and len(entry["confirmed"]["on"]) == 10

    # an inspection frozen before the confirmation may now cite it, with the confirmed text
    clinic = load_registry(None).get("clinic")
    catalogue = load_legal_catalogue(user_file)
    assert [a.ref for a in unverified_citations(clinic, ["CL-07"])] == ["规定-药品记录", "规定-20"]
    assert [a.ref for a in unverified_citations(clinic, ["CL-07"], catalogue)] == ["规定-药品记录"]
    assert cited_article(clinic, "规定-20", catalogue).text == RULE_20
    assert load_registry(tmp_path).get("clinic").article("规定-20").citable

    # confirming again rewrites the entry (one entry, new source), keeping the opening comments
    confirm_article(user_file, OFFICE, "规定-20", source="原文核对")
    again = user_file.read_text(encoding="utf-8")
    assert again.startswith("# 本县核实记录") and again.count('ref = "规定-20"') == 1
    assert tomllib.loads(again)["articles"][0]["confirmed"]["source"] == "原文核对"


def test_a_number_unknown_until_the_office_gives_it(tmp_path: Path) -> None:
    user_file = tmp_path / "legal.toml"
    with pytest.raises(UserError, match="条号未知"):
        confirm_article(user_file, OFFICE, "规定-药品记录", source="令第9号", text="（条文）")
    assert not user_file.exists()
    article = confirm_article(
        user_file, OFFICE, "规定-药品记录", source="令第9号", text="（条文）", article=18
    )
    assert article.citation.endswith("第十八条") and article.citable


def test_what_cannot_be_confirmed_changes_nothing(tmp_path: Path) -> None:
    user_file = tmp_path / "legal.toml"
    with pytest.raises(UserError, match="没有该条文"):
        confirm_article(user_file, OFFICE, "规定-11", source="令第9号")
    with pytest.raises(UserError, match="完整引用"):
        confirm_article(user_file, OFFICE, "规定-11", source="令第9号", text="医疗卫生机构应当……（节选）")
    with pytest.raises(UserError, match="--source"):
        confirm_article(user_file, OFFICE, "规定-11", source=" ", text="全文")
    with pytest.raises(UserError, match="规定-99"):
        confirm_article(user_file, OFFICE, "规定-99", source="令第9号", text="全文")
    with pytest.raises(PermissionDenied):
        confirm_article(
            user_file, Stranger(uuid.uuid4(), "李芳", Role.INSPECTOR), "规定-11", source="x", text="y"
        )
    with pytest.raises(UserError, match="--as"):
        confirm_article(user_file, Stranger(None, "system", Role.ADMIN), "规定-11", source="x", text="y")
    assert not user_file.exists()
    user_file.write_text("[[articles]]\nref = 1\n", encoding="utf-8")  # an office file already broken
    with pytest.raises(FormError):
        confirm_article(user_file, OFFICE, "规定-11", source="令第9号", text="全文")
    assert user_file.read_text(encoding="utf-8") == "[[articles]]\nref = 1\n"


def test_the_official_text_is_normalized() -> None:
    assert normalize_text("\ufeff  第一款。 \r\n\r\n（一）甲；\r\n") == "第一款。\n（一）甲；"


def test_confirm_article_command(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = ["--data-dir", str(data_dir)]
    monkeypatch.setattr("sys.stdin", io.StringIO("admin-pass-1\n"))
    assert main(["users", "add", "admin", "--name", "管理员", "--role", "admin", "--password-stdin", *d]) == 0
    monkeypatch.setenv("INSPECTOR_PASSWORD", "admin-pass-1")
    for user, name, role in (("wang", "王伟", "office"), ("li", "李芳", "inspector")):
        monkeypatch.setenv("INSPECTOR_NEW_PASSWORD", f"{role}-pass-1")
        cert = ["--cert-no", "41010020200002"] if role == "inspector" else []
        assert main(["users", "add", user, "--name", name, "--role", role, *cert, "--as", "admin", *d]) == 0
    capsys.readouterr()

    # before: forms check lists the unverified articles and how to confirm them
    assert main(["forms", "check", *d]) == 0
    out = capsys.readouterr().out
    assert "规定-11" in out and "待核实" in out and "inspector forms confirm-article" in out

    text = tmp_path / "rule11.txt"
    text.write_text(
        "医疗卫生机构应当在工作场所设置禁止非医学需要的胎儿性别鉴定的醒目标志。\n", encoding="utf-8"
    )
    args = ["forms", "confirm-article", "规定-11", "--source", "令第9号", "--text", str(text), *d]
    monkeypatch.setenv("INSPECTOR_PASSWORD", "inspector-pass-1")
    assert main([*args, "--as", "li"]) == 2
    assert "无权" in capsys.readouterr().err
    monkeypatch.setenv("INSPECTOR_PASSWORD", "office-pass-1")
    # the same text saved by an old editor in GBK, and a file that is not there: refused, saying why
    gbk = tmp_path / "rule11-gbk.txt"
    gbk.write_bytes(text.read_text(encoding="utf-8").encode("gbk"))
    for bad, why in ((gbk, "不是 UTF-8 编码的文本"), (tmp_path / "missing.txt", "文件或文件夹不存在")):
        refused = ["forms", "confirm-article", "规定-11", "--source", "令第9号", "--text", str(bad), *d]
        assert main([*refused, "--as", "wang"]) == 2
        err = capsys.readouterr().err
        assert why in err and "Errno" not in err
    assert not load_registry(data_dir / "forms").get("ultrasound").article("规定-11").citable
    assert main([*args, "--as", "wang"]) == 0
    out = capsys.readouterr().out
    assert "王伟 已核实" in out and "第十一条" in out and "醒目标志" in out
    assert load_registry(data_dir / "forms").get("ultrasound").article("规定-11").citable

    assert main(["forms", "check", *d]) == 0
    assert "规定-11 " not in capsys.readouterr().out
