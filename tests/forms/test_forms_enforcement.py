"""The data a document is written from: facts in the party's terms, 违反 apart from 依据, the action
that fits the case, and the rules an office's own checklist must keep (format 2)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from inspector.domain import AnswerResult
from inspector.forms import (
    Action,
    AnswerState,
    AnswerType,
    Form,
    FormError,
    FormRegistry,
    form_from_snapshot,
    load_form_bytes,
    load_registry,
    summarize,
)
from tests.forms.forms_helpers import dumps, minimal_form

# Penalty articles the issue saw listed as "violated"; they may only ever be 依据.
PENALTIES = {
    "医师法-57",
    "医师法-59",
    "医疗机构管理条例-44",
    "医疗机构管理条例-45",
    "医疗机构管理条例-47",
    "医疗机构管理条例-48",
    "基本医疗卫生与健康促进法-99",
    "基本医疗卫生与健康促进法-99.1",
    "人口与计划生育法-40",
    "人口与计划生育法-40.1.2",
    "母婴保健法-35.1.2",
    "母婴保健法实施办法-40",
    "母婴保健法实施办法-42",
    "药品管理法-115",
    "药品管理法-129",
    "药品管理法-130",
    "规定-20",
}
CODE = re.compile(r"[A-Za-z]{1,6}-\d{1,4}")


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return load_registry(None)


def _check_items(registry: FormRegistry) -> list[tuple[Form, Any]]:
    return [(f, i) for f in registry.all() for i in f.items if i.answer_type is AnswerType.CHECK]


def test_builtin_forms_are_format_2(registry: FormRegistry) -> None:
    assert {f.format for f in registry.all()} == {2}


def test_violated_is_never_a_penalty_and_never_a_policy(registry: FormRegistry) -> None:
    for form, item in _check_items(registry):
        assert not set(item.violates) & PENALTIES, item.code
        for article in form.violated(item) + form.basis_for(item) + form.crime_for(item):
            assert article.is_law, (item.code, article.ref)
            assert not article.note.startswith("罚则") or article in form.basis_for(item), (
                item.code,
                article.ref,
            )
        for article in form.grounds_for(item):
            assert not article.is_law, (item.code, article.ref)
        if item.action is not None and item.action.orders and item.action is not Action.CASE:
            assert form.basis_for(item), item.code


def test_texts_for_documents_state_facts(registry: FormRegistry) -> None:
    for form in registry.all():
        for item in form.items:
            for text in (item.fact, item.compliant_fact, item.correction):
                assert "？" not in text and "?" not in text, item.code
                assert not CODE.search(text), (item.code, text)
            for text in (item.fact, item.compliant_fact):
                assert not text.endswith(("。", "；", "，")), item.code
            if item.answer_type is AnswerType.CHECK:
                assert item.fact != item.question.rstrip("？"), item.code
            elif item.fact:
                assert item.fact.count("{value}") == 1, item.code


def test_unlicensed_practice_stops_at_once_and_opens_a_case(registry: FormRegistry) -> None:
    clinic = registry.get("clinic")
    cl01 = clinic.item("CL-01")
    assert cl01.action is Action.CASE and cl01.deadline_days == 0
    assert cl01.correction == "立即停止执业活动。"
    assert [a.citation for a in clinic.basis_for(cl01)] == [
        "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款"
    ]
    assert [a.ref for a in clinic.crime_for(cl01)] == ["刑法-336.1"]
    assert all(a.citable for a in clinic.violated(cl01) + clinic.basis_for(cl01) + clinic.crime_for(cl01))
    # the licensed clinic's 校验 and display are corrected within days, shown only with a licence
    for code in ("CL-11", "CL-12"):
        item = clinic.item(code)
        assert item.action is Action.CORRECT and item.deadline_days > 0
        assert item.condition is not None and item.condition.answers == ("compliant",)


def test_drug_matters_are_transferred_not_ordered(registry: FormRegistry) -> None:
    pharmacy = registry.get("pharmacy")
    for item in pharmacy.items:
        if item.answer_type is AnswerType.CHECK:
            assert item.action is Action.TRANSFER_DRUG, item.code
            assert not item.basis and not item.correction and item.deadline_days == 0, item.code
    assert registry.get("clinic").item("CL-13").action is Action.TRANSFER_DRUG


def test_immediate_orders_carry_no_day_count(registry: FormRegistry) -> None:
    for _, item in _check_items(registry):
        if "立即" in item.correction:
            assert item.action in (Action.STOP_NOW, Action.CASE) and item.deadline_days == 0, item.code
        if item.action in (Action.CORRECT, Action.ADVISE):
            assert item.deadline_days > 0, item.code


def test_campaign_requirements_are_only_reasons(registry: FormRegistry) -> None:
    cl04 = registry.get("clinic").item("CL-04")
    assert "专项要求-三禁止" in cl04.grounds and "专项要求-三禁止" not in cl04.law_refs
    # local-policy items say no article is broken: an opinion, not an order
    us05 = registry.get("ultrasound").item("US-05")
    assert us05.action is Action.ADVISE and not us05.violates and not us05.basis and us05.grounds


def test_a_case_or_a_transfer_shows_in_the_summary(registry: FormRegistry) -> None:
    ultrasound = registry.get("ultrasound")
    bad = AnswerState(result=AnswerResult.NON_COMPLIANT, finding="报告单背面有手写“男”字")
    summary = summarize(ultrasound, {"US-12": bad})
    assert summary.needs_case and summary.transfers == ()
    pharmacy = registry.get("pharmacy")
    summary = summarize(pharmacy, {"PH-00": AnswerState(value="药品零售"), "PH-08": bad})
    assert [f.item.code for f in summary.transfers] == ["PH-08"] and not summary.needs_case


# --------------------------------------------------------------------------------- the validator


def v2_form() -> dict[str, Any]:
    """A small valid format-2 form."""
    data = minimal_form()
    data["format"] = 2
    t01 = data["sections"][0]["items"][0]
    del t01["legal"]
    t01.update(
        {
            "fact": "未取得许可证开展诊疗活动",
            "compliant_fact": "查验许可证，在有效期内",
            "action": "correct",
            "violates": ["人口与计划生育法-39"],
            "basis": ["人口与计划生育法-40.1.2"],
            "grounds": ["专项要求-三禁止"],
        }
    )
    for item in [*data["sections"][0]["items"][1:], data["sections"][1]["items"][1]]:
        item.update(
            {
                "fact": "许可证过期",
                "compliant_fact": "许可证有效",
                "action": "advise",
                "grounds": ["地方-承诺书"],
                "correction": "换证",
            }
        )
    data["sections"][1]["items"][0]["fact"] = "经营方式为{value}"
    return copy.deepcopy(data)


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(FormError) as err:
        load_form_bytes(dumps(data).encode("utf-8"), "test.toml")
    return err.value.problems


def test_a_valid_format_2_form() -> None:
    form = load_form_bytes(dumps(v2_form()).encode("utf-8"), "test.toml")
    t01 = form.item("T-01")
    assert form.format == 2 and t01.action is Action.CORRECT and t01.deadline_days == 7
    assert t01.legal == ("人口与计划生育法-39", "人口与计划生育法-40.1.2", "专项要求-三禁止")
    assert t01.law_refs == ("人口与计划生育法-39", "人口与计划生育法-40.1.2")
    again = form_from_snapshot(form.canonical_json())
    assert again == form and again.sha256 == form.sha256


def test_policy_as_law_and_law_as_policy_are_refused() -> None:
    data = v2_form()
    item = data["sections"][0]["items"][0]
    item["violates"] = ["专项要求-三禁止"]
    item["grounds"] = ["人口与计划生育法-39"]
    found = problems_of(data)
    assert any("violates[0]" in p and "不是法律" in p for p in found), found
    assert any("grounds[0]" in p and "是法律条文" in p for p in found), found


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        ({"action": "stop_now", "deadline_days": 7}, "deadline_days", "没有期限"),
        ({"correction": "立即办证"}, "correction", "“立即”不能与改正期限同时出现"),
        ({"deadline_days": 0}, "deadline_days", "1日以上"),
        ({"fact": "有许可证？"}, "fact", "不得有问号"),
        ({"fact": "T-02发现的问题"}, "fact", "检查项编号"),
        ({"compliant_fact": "许可证有效。"}, "compliant_fact", "末尾标点"),
        ({"correction": "见US-03"}, "correction", "检查项编号"),
        ({"action": "transfer_drug"}, "basis", "不填 basis"),
        ({"action": "transfer_drug", "basis": []}, "correction", "不写改正要求"),
        ({"crime": ["刑法-336.1"]}, "crime", "只用于"),
        ({"basis": []}, "basis", "至少一个条文"),
        ({"action": "advise"}, "violates", "不列违反条款"),
        ({"action": "advise", "violates": [], "basis": [], "grounds": []}, "grounds", "至少一个"),
        ({"action": "order"}, "action", "未知的处理方式"),
        ({"fact": "有{value}项"}, "fact", "占位符"),
        ({"legal": ["人口与计划生育法-39"]}, "legal", "格式2"),
    ],
)
def test_enforcement_rules(change: dict[str, Any], where: str, message: str) -> None:
    data = v2_form()
    data["sections"][0]["items"][0].update(change)
    found = problems_of(data)
    assert any(f"items[0].{where}" in p and message in p for p in found), found


def test_check_items_need_facts_and_an_action() -> None:
    data = v2_form()
    for key in ("fact", "compliant_fact", "action"):
        del data["sections"][0]["items"][0][key]
    found = problems_of(data)
    for key in ("fact", "compliant_fact", "action"):
        assert any(f"items[0].{key}: 缺少必填项" in p for p in found), (key, found)


def test_value_items_state_the_value_once() -> None:
    data = v2_form()
    data["sections"][1]["items"][0]["fact"] = "经营方式"
    data["sections"][1]["items"][0]["compliant_fact"] = "有"
    found = problems_of(data)
    assert any("sections[1].items[0].fact" in p and "{value}" in p for p in found), found
    assert any("sections[1].items[0].compliant_fact" in p for p in found), found


def test_format_1_keeps_reading_and_names_the_format() -> None:
    data = minimal_form()  # no format: 1, one unsorted legal list
    form = load_form_bytes(dumps(data).encode("utf-8"), "old.toml")
    assert form.format == 1 and form.item("T-01").law_refs == ("人口与计划生育法-39",)
    data["sections"][0]["items"][0]["violates"] = ["人口与计划生育法-39"]
    found = problems_of(data)
    assert any("violates" in p and "format = 2" in p for p in found), found


def test_an_old_snapshot_is_read_back_unchanged() -> None:
    """A copy frozen before format 2: unsorted ``legal``, a renumbered article, an empty verified
    text. It is read as stored (not held to today's rules) and written back byte for byte."""
    form = load_form_bytes(dumps(minimal_form()).encode("utf-8"), "old.toml")
    data = json.loads(form.canonical_json())
    article = data["legal"]["articles"][0]
    article.update(
        {"text": "", "note": "条文未收录", "renumbered": [{"version_date": "2022", "article": 38}]}
    )
    old = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    again = form_from_snapshot(old)
    assert again.canonical_json() == old
    assert again.article("人口与计划生育法-39").verified and not again.article("人口与计划生育法-39").citable
