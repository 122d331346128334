"""What a checklist may leave to others: the answer the registry already knows
(``answer_for_site_kind``), the office's default deadline (no ``deadline_days``), and the English
guidance shown in an English interface (``guidance_en``, ``evidence_en``). Each survives the
frozen copy an inspection keeps."""

from __future__ import annotations

from typing import Any

import pytest

from inspector import i18n
from inspector.forms import FormError, load_form_bytes
from inspector.forms.canonical import form_from_snapshot
from inspector.forms.labels import item_evidence, item_guidance
from inspector.forms.registry import load_registry
from tests.forms.forms_helpers import dumps, minimal_form


def _form(data: dict[str, Any]) -> Any:
    return load_form_bytes(dumps(data).encode("utf-8"), "test.toml")


def _choice_item(data: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = data["sections"][1]["items"][0]
    return item


def test_a_choice_the_site_kind_answers_is_read_and_kept_in_the_frozen_copy() -> None:
    data = minimal_form()
    data["site_kinds"] = ["pharmacy", "wholesaler"]
    _choice_item(data)["answer_for_site_kind"] = {"pharmacy": "零售", "wholesaler": "批发"}
    form = _form(data)
    assert dict(form.item("T-03").answer_for_site_kind) == {"pharmacy": "零售", "wholesaler": "批发"}
    again = form_from_snapshot(form.canonical_json())
    assert again == form and again.sha256 == form.sha256


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("choice", {"pharmacy": "连锁"}, "“连锁”不在可选项中"),
        ("choice", {"hospitals": "零售"}, "未知的键“hospitals”"),
        ("check", {"pharmacy": "零售"}, "只有选择题"),
    ],
)
def test_a_wrong_registry_answer_is_named(where: str, value: dict[str, str], expected: str) -> None:
    data = minimal_form()
    item = _choice_item(data) if where == "choice" else data["sections"][0]["items"][1]
    item["answer_for_site_kind"] = value
    with pytest.raises(FormError) as info:
        _form(data)
    assert any(expected in p and "answer_for_site_kind" in p for p in info.value.problems), (
        info.value.problems
    )


def test_the_pharmacy_checklist_takes_the_business_type_from_the_registry() -> None:
    pharmacy = load_registry(None).get("pharmacy")
    assert dict(pharmacy.item("PH-00").answer_for_site_kind) == {
        "pharmacy": "药品零售",
        "wholesaler": "药品批发",
    }


def test_an_item_without_its_own_deadline_leaves_it_to_the_office() -> None:
    data = minimal_form()
    form = _form(data)
    assert form.item("T-01").deadline_days == 7
    assert form.item("T-02").deadline_days is None
    frozen = form.canonical_json()
    assert '"deadline_days":7' in frozen and frozen.count("deadline_days") == 1
    assert form_from_snapshot(frozen).item("T-02").deadline_days is None


def test_english_guidance_is_shown_in_an_english_interface_only() -> None:
    data = minimal_form()
    item = data["sections"][0]["items"][0]
    item.update(
        guidance="查看许可证原件。",
        guidance_en="Look at the original licence.",
        evidence="许可证",
        evidence_en="The licence",
    )
    data["sections"][0]["items"][1]["guidance"] = "只有中文。"
    form = _form(data)
    t1, t2 = form.item("T-01"), form.item("T-02")
    assert (item_guidance(t1), item_evidence(t1), item_guidance(t2)) == (
        "查看许可证原件。",
        "许可证",
        "只有中文。",
    )
    i18n.set_language("en")
    assert (item_guidance(t1), item_evidence(t1)) == ("Look at the original licence.", "The licence")
    assert item_guidance(t2) == "只有中文。"  # no English given: the Chinese, not nothing
    again = form_from_snapshot(form.canonical_json())
    assert again == form and again.sha256 == form.sha256


def test_the_built_in_checklists_have_english_guidance_for_every_item_with_guidance() -> None:
    for form in load_registry(None).all():
        missing = [i.code for i in form.items if i.guidance and not i.guidance_en]
        missing += [i.code for i in form.items if i.evidence and not i.evidence_en]
        assert not missing, f"{form.id}: no English guidance or evidence for {missing}"
