"""The validator names the file and the key for every kind of mistake, and reports all of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from inspector import i18n
from inspector.domain import Designation, SiteKind
from inspector.forms import (
    AnswerType,
    FormError,
    Severity,
    form_from_snapshot,
    load_form_bytes,
    load_form_file,
)
from inspector.forms.legal import load_catalogue_bytes
from tests.forms.forms_helpers import dumps, minimal_form


def problems_of(data: dict[str, Any] | str | bytes, name: str = "test.toml") -> list[str]:
    raw = (
        data if isinstance(data, bytes) else (data if isinstance(data, str) else dumps(data)).encode("utf-8")
    )
    with pytest.raises(FormError) as info:
        load_form_bytes(raw, name)
    assert info.value.problems, "a FormError always lists its problems"
    assert all(p.startswith(f"{name}: ") for p in info.value.problems)
    return info.value.problems


def test_minimal_form_is_valid() -> None:
    form = load_form_bytes(dumps(minimal_form()).encode(), "test.toml")
    assert [i.code for i in form.items] == ["T-01", "T-02", "T-03", "T-04", "T-05"]
    t1 = form.item("T-01")
    assert t1.severity is Severity.SERIOUS and t1.photo_required and t1.deadline_days == 7
    assert t1.section == "first" and t1.legal == ("人口与计划生育法-39",)
    # No deadline of its own: the office's default deadline applies when a notice is issued.
    assert form.item("T-02").deadline_days is None and form.item("T-02").required
    assert form.item("T-03").answer_type is AnswerType.CHOICE and form.item("T-03").choices == (
        "零售",
        "批发",
    )
    assert form.item("T-04").condition is not None and form.item("T-04").condition.answers == ("批发",)
    assert [a.ref for a in form.articles] == ["人口与计划生育法-39"]


def test_unknown_key_names_file_path_and_suggestion() -> None:
    data = minimal_form()
    data["sections"][1]["items"][0]["questoin"] = "x"
    data["colour"] = "red"
    problems = problems_of(data, "ultrasound.toml")
    assert (
        "ultrasound.toml: sections[1].items[0].questoin: 未知的键“questoin”（是否应为“question”？）"
        in problems
    )
    assert any(p.startswith("ultrasound.toml: colour: ") for p in problems)


def test_messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("en")
    data = minimal_form()
    data["sections"][0]["items"][0]["legal"] = ["规定-99"]
    problems = problems_of(data, "ultrasound.toml")
    assert problems == [
        'ultrasound.toml: sections[0].items[0].legal[0]: unknown reference "规定-99"; '
        "add it to legal.toml or correct the spelling"
    ]


def test_unknown_legal_reference() -> None:
    data = minimal_form()
    data["sections"][1]["items"][1]["legal"] = ["人口与计划生育法-39", "规定-99"]
    problems = problems_of(data)
    assert problems == [
        "test.toml: sections[1].items[1].legal[1]: 未知的法律依据“规定-99”；请在 legal.toml 中添加或更正拼写"
    ]


def test_duplicate_codes_point_at_both_places() -> None:
    data = minimal_form()
    data["sections"][1]["items"][2]["code"] = "T-01"
    problems = problems_of(data)
    assert problems == [
        "test.toml: sections[1].items[2].code: 检查项编号“T-01”重复（首次出现在 sections[0].items[0]）"
    ]


def test_duplicate_section_ids() -> None:
    data = minimal_form()
    data["sections"][1]["id"] = "first"
    assert problems_of(data) == ["test.toml: sections[1].id: 分组编号“first”重复（首次出现在 sections[0]）"]


def test_missing_required_keys() -> None:
    data = minimal_form()
    del data["id"]
    del data["sections"][0]["items"][1]["question"]
    del data["sections"][1]["title"]["en"]
    problems = problems_of(data)
    assert "test.toml: id: 缺少必填项" in problems
    assert "test.toml: sections[0].items[1].question: 缺少必填项" in problems
    assert "test.toml: sections[1].title.en: 缺少必填项" in problems
    assert len(problems) == 3


def test_wrong_types() -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["deadline_days"] = "7"
    data["sections"][0]["items"][0]["photo_required"] = "yes"
    data["sections"][0]["items"][1]["required"] = 1
    data["sections"][0]["items"][1]["legal"] = "人口与计划生育法-39"
    data["site_kinds"] = "clinic"
    data["sections"][1]["items"][0]["deadline_days"] = True
    problems = problems_of(data)
    assert "test.toml: sections[0].items[0].deadline_days: 应为整数，实际为文字" in problems
    assert "test.toml: sections[0].items[0].photo_required: 应为true/false（是/否），实际为文字" in problems
    assert "test.toml: sections[0].items[1].required: 应为true/false（是/否），实际为整数" in problems
    assert "test.toml: sections[0].items[1].legal: 应为列表，实际为文字" in problems
    assert "test.toml: site_kinds: 应为列表，实际为文字" in problems
    assert "test.toml: sections[1].items[0].deadline_days: 应为整数，实际为true/false（是/否）" in problems
    assert len(problems) == 6


def test_bad_values() -> None:
    data = minimal_form()
    data["id"] = "Bad Id"
    data["version"] = "1.x"
    data["site_kinds"] = ["clinic", "hotel", "clinic"]
    data["sections"][0]["items"][0]["severity"] = "fatal"
    data["sections"][0]["items"][0]["deadline_days"] = 1000
    data["sections"][0]["items"][1]["answer"] = "yesno"
    data["sections"][0]["items"][1]["choices"] = ["a", "b"]
    data["sections"][1]["items"][0]["choices"] = ["零售"]
    data["sections"][1]["items"][2]["code"] = "T 05"
    problems = problems_of(data)
    text = "\n".join(problems)
    assert "test.toml: id: 编号“Bad Id”无效" in text
    assert "test.toml: version: 版本号“1.x”无效" in text
    assert "test.toml: site_kinds[1]: 未知的单位类型“hotel”" in text
    assert "test.toml: site_kinds[2]: “clinic”重复出现" in text
    assert "test.toml: sections[0].items[0].severity: 未知的取值“fatal”；可用：general, serious" in text
    assert "test.toml: sections[0].items[0].deadline_days: 必须在 0 到 365 之间" in text
    assert "test.toml: sections[0].items[1].answer: 未知的取值“yesno”" in text
    assert "test.toml: sections[1].items[0].choices: 选择题至少需要两个选项" in text
    assert "test.toml: sections[1].items[2].code: 检查项编号“T 05”无效" in text
    assert 'test.toml: sections[0].items[1].choices: 只有 answer = "choice" 时才能设置选项（choices）' in text
    # A consequence is reported too: T-04's condition names a choice that no longer exists.
    assert "test.toml: sections[1].items[1].condition.answer[0]: “批发”不是 T-03 可能的回答" in text
    assert len(problems) == 11


def test_chinese_severity_words_are_accepted() -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["severity"] = "严重"
    data["sections"][0]["items"][1]["severity"] = "一般"
    form = load_form_bytes(dumps(data).encode(), "t.toml")
    assert form.item("T-01").severity is Severity.SERIOUS
    assert form.item("T-02").severity is Severity.GENERAL


def test_integer_version_is_text() -> None:
    data = minimal_form()
    data["version"] = 3
    assert load_form_bytes(dumps(data).encode(), "t.toml").version == "3"


def test_choices_only_on_choice_items() -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["choices"] = ["a", "b"]
    assert problems_of(data) == [
        'test.toml: sections[0].items[0].choices: 只有 answer = "choice" 时才能设置选项（choices）'
    ]


def test_condition_on_missing_item_and_impossible_answer() -> None:
    data = minimal_form()
    data["sections"][0]["items"][1]["condition"] = {"item": "T-99", "answer": "non_compliant"}
    data["sections"][1]["items"][1]["condition"] = {"item": "T-03", "answer": ["代售"]}
    problems = problems_of(data)
    assert problems[0] == "test.toml: sections[0].items[1].condition.item: 引用了不存在的检查项“T-99”"
    assert problems[1].startswith(
        "test.toml: sections[1].items[1].condition.answer[0]: “代售”不是 T-03 可能的回答"
    )
    assert len(problems) == 2


def test_condition_on_itself() -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["condition"] = {"item": "T-01", "answer": "compliant"}
    assert problems_of(data) == [
        "test.toml: sections[0].items[0].condition.item: 检查项的显示条件不能引用它自己"
    ]


def test_condition_cycle_is_reported_once() -> None:
    data = minimal_form()
    data["sections"][0]["items"][0]["condition"] = {"item": "T-04", "answer": "compliant"}
    data["sections"][1]["items"][1]["condition"] = {"item": "T-02", "answer": "compliant"}
    # T-01 -> T-04 -> T-02 -> T-01
    problems = problems_of(data)
    assert problems == [
        "test.toml: sections[0].items[0].condition: 显示条件形成循环：T-01 → T-04 → T-02 → T-01"
    ]


def test_condition_needs_answer() -> None:
    data = minimal_form()
    data["sections"][0]["items"][1]["condition"] = {"item": "T-01", "answer": []}
    assert problems_of(data) == ["test.toml: sections[0].items[1].condition.answer: 不能为空"]


def test_empty_sections_and_items() -> None:
    data = minimal_form()
    data["sections"][1]["items"] = []
    assert problems_of(data) == ["test.toml: sections[1].items: 不能为空"]
    data["sections"] = []
    assert problems_of(data) == ["test.toml: sections: 不能为空"]


def test_not_toml_and_not_utf8() -> None:
    assert problems_of("id = ")[0].startswith("test.toml: 不是有效的 TOML：")
    assert problems_of(b'id = "\xff\xfe"')[0].startswith("test.toml: 文件不是 UTF-8 编码的文本")
    assert problems_of("[" * 5000)[0].startswith("test.toml: 不是有效的 TOML")


def test_utf8_bom_is_accepted() -> None:
    form = load_form_bytes(b"\xef\xbb\xbf" + dumps(minimal_form()).encode(), "t.toml")
    assert form.id == "test"


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    data = minimal_form()
    del data["title"]
    data["sections"][0]["items"][0]["legal"] = ["x-1"]
    data["sections"][1]["items"][2]["code"] = "T-01"
    path = tmp_path / "office.toml"
    path.write_text(dumps(data), encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form_file(path)
    assert len(info.value.problems) == 3
    message = str(info.value)
    assert message.startswith("office.toml 不能使用（3 个问题）")
    assert all(p in message for p in info.value.problems)


def test_missing_file_is_a_form_error(tmp_path: Path) -> None:
    with pytest.raises(FormError) as info:
        load_form_file(tmp_path / "nope.toml")
    assert info.value.problems[0].startswith("nope.toml: 无法读取文件")


def test_legal_catalogue_validation() -> None:
    bad = (
        'format = 1\n[laws."甲法"]\ntitle = "甲法"\nversion_date = "2020-13-01"\n'
        '[[articles]]\nref = "甲法-1"\nlaw = "甲法"\narticle = 1\nverified = true\n'
        '[[articles]]\nref = "甲法-1"\nlaw = "乙法"\narticle = "二"\n'
    )
    with pytest.raises(FormError) as info:
        load_catalogue_bytes(bad.encode(), "legal.toml")
    problems = info.value.problems
    assert "legal.toml: laws.甲法.version_date: “2020-13-01”不是有效的日历日期" in problems
    assert "legal.toml: articles[1].ref: 引用编号“甲法-1”重复（首次定义在 articles[0]）" in problems
    assert 'legal.toml: articles[1].law: 未知的法规“乙法”；请在 [laws."乙法"] 下定义' in problems
    assert "legal.toml: articles[1].article: 应为整数，实际为文字" in problems
    assert "legal.toml: articles[1].verified: 缺少必填项" in problems


def test_applicability_by_kind_and_by_designation() -> None:
    """A checklist names the kinds and/or the designations it is for; at least one of them."""
    data = minimal_form()
    data["site_kinds"] = ["village_clinic"]
    data["designations"] = ["delivery", "ultrasound"]
    form = load_form_bytes(dumps(data).encode(), "test.toml")
    assert form.site_kinds == (SiteKind.VILLAGE_CLINIC,)
    assert form.designations == (Designation.ULTRASOUND, Designation.DELIVERY)  # in their fixed order
    data["site_kinds"] = []
    data["designations"] = ["birth"]
    assert problems_of(data) == [
        "test.toml: designations[0]: 未知的定点类别“birth”；可选：ultrasound, termination, delivery"
    ]
    del data["designations"]
    del data["site_kinds"]
    assert problems_of(data) == [
        "test.toml: site_kinds: 须说明检查表适用于哪些场所：site_kinds、designations 或两者，不能都为空"
    ]


def test_kinds_of_earlier_versions_are_read_as_designations() -> None:
    """An office's checklist (or a frozen copy) written when ``ultrasound`` and
    ``termination_delivery`` were kinds keeps working: they are read as the designations they were."""
    data = minimal_form()
    data["site_kinds"] = ["ultrasound", "clinic", "termination_delivery"]
    form = load_form_bytes(dumps(data).encode(), "test.toml")
    assert form.site_kinds == (SiteKind.CLINIC,)
    assert form.designations == (Designation.ULTRASOUND, Designation.TERMINATION, Designation.DELIVERY)
    again = form_from_snapshot(form.canonical_json())
    assert again == form
