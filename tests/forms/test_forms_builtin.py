"""The built-in checklists and the legal catalogue: complete, valid, honest about what is unverified."""

from __future__ import annotations

import re

import pytest

from inspector.domain import SiteKind
from inspector.errors import NotFoundError
from inspector.forms import (
    AnswerType,
    FormRegistry,
    LawKind,
    Severity,
    form_from_snapshot,
    load_legal_catalogue,
    load_registry,
)
from inspector.forms.labels import citation_label

# Section 2 of the domain reference: every row must be an item, under its code.
SECTION_2 = {
    "ultrasound": [f"US-{n:02d}" for n in range(1, 13)],
    "termination_delivery": [f"TD-{n:02d}" for n in range(1, 9)],
    "clinic": [f"CL-{n:02d}" for n in range(1, 10)],
    "pharmacy": [f"PH-{n:02d}" for n in range(1, 11)],
}


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return load_registry(None)


def test_four_builtin_forms_cover_every_section_2_code(registry: FormRegistry) -> None:
    forms = {f.id: f for f in registry.all()}
    assert set(forms) == set(SECTION_2)
    assert registry.problems == []
    for form_id, codes in SECTION_2.items():
        form = forms[form_id]
        assert form.origin == "builtin"
        present = {item.code for item in form.items}
        assert set(codes) <= present, f"{form_id} lacks {set(codes) - present}"
        assert len(form.items) >= 8
        assert form.title and form.title_en
        for section in form.sections:
            assert section.title and section.title_en
        for item in form.items:
            assert re.search(r"[\u4e00-\u9fff]", item.question), item.code
            if item.answer_type is AnswerType.CHECK:
                assert item.guidance and item.evidence and item.correction and item.legal, item.code
                assert item.deadline_days in (7, 15, 30), item.code


@pytest.mark.parametrize(
    "code",
    [
        "US-08",
        "US-11",
        "US-12",
        "TD-01",
        "TD-09",
        "CL-01",
        "CL-04",
        "CL-05",
        "CL-06",
        "CL-08",
        "PH-02",
        "PH-06",
        "PH-10",
    ],
)
def test_serious_items(registry: FormRegistry, code: str) -> None:
    form = next(f for f in registry.all() if f.has_item(code))
    assert form.item(code).severity is Severity.SERIOUS


def test_conditional_items(registry: FormRegistry) -> None:
    clinic = registry.get("clinic")
    cl06 = clinic.item("CL-06").condition
    assert cl06 is not None and cl06.item == "CL-05" and cl06.answers == ("non_compliant",)
    pharmacy = registry.get("pharmacy")
    assert pharmacy.item("PH-00").answer_type is AnswerType.CHOICE
    ph06 = pharmacy.item("PH-06").condition
    assert ph06 is not None and ph06.item == "PH-00" and ph06.answers == ("药品批发",)


def test_site_kind_defaults(registry: FormRegistry) -> None:
    expected = {
        SiteKind.ULTRASOUND: "ultrasound",
        SiteKind.TERMINATION_DELIVERY: "termination_delivery",
        SiteKind.CLINIC: "clinic",
        SiteKind.UNLICENSED: "clinic",
        SiteKind.PHARMACY: "pharmacy",
        SiteKind.WHOLESALER: "pharmacy",
    }
    for kind, form_id in expected.items():
        assert registry.default_for_site_kind(kind).id == form_id
        assert registry.for_site_kind(kind.value)[0].id == form_id


def test_unknown_form_is_not_found(registry: FormRegistry) -> None:
    with pytest.raises(NotFoundError, match="没有检查表“nope”"):
        registry.get("nope")
    with pytest.raises(NotFoundError, match="没有版本 9"):
        registry.get("clinic", "9")


def test_builtin_forms_round_trip_through_snapshots(registry: FormRegistry) -> None:
    for form in registry.all():
        again = form_from_snapshot(form.canonical_json())
        assert again == form
        assert again.canonical_json() == form.canonical_json()
        assert again.sha256 == form.sha256
        assert again.articles == form.articles


def test_every_cited_article_is_frozen_into_the_form(registry: FormRegistry) -> None:
    catalogue = load_legal_catalogue()
    for form in registry.all():
        for item in form.items:
            for ref in item.legal:
                assert form.article(ref) == catalogue.get(ref)
        assert {a.ref for a in form.articles} == {ref for item in form.items for ref in item.legal}


def test_unverified_article_numbers_are_flagged() -> None:
    catalogue = load_legal_catalogue()
    # The 2016 规定: only articles 15-20 have verified numbers.
    for article in catalogue:
        if article.law_key == "规定":
            assert article.verified is (15 <= (article.article or 0) <= 20), article.ref
    unverified = catalogue.get("规定-11")
    assert not unverified.verified and not unverified.has_text
    assert (
        citation_label(unverified)
        == "《禁止非医学需要的胎儿性别鉴定和选择性别人工终止妊娠的规定》第十一条（待核实）"
    )
    assert citation_label(catalogue.get("规定-16")).endswith("第十六条")


def test_local_rules_are_references_to_fill_in() -> None:
    catalogue = load_legal_catalogue()
    local = [a for a in catalogue if a.law_kind is LawKind.LOCAL]
    assert len(local) >= 5
    for article in local:
        assert not article.verified and article.text == "" and "本单位填写" in article.note
        assert article.citation.startswith("地方规定：")


def test_renumbered_articles_know_both_numbers() -> None:
    catalogue = load_legal_catalogue()
    expected = {15: 14, 22: 21, 24: 23, 26: 25, 27: 26}
    for old, new in expected.items():
        article = catalogue.get(f"医疗机构管理条例-{old}")
        assert article.article == old and article.current_article == new
        assert article.version_date == "2016-02-06"
        assert [r.version_date for r in article.renumbered] == ["2022"]
    assert (
        catalogue.get("医疗机构管理条例-15").citation
        == "《医疗机构管理条例》第十五条（2022年修订后为第十四条）"
    )
    # Where the new number is not known it is not invented.
    assert catalogue.get("医疗机构管理条例-28").renumbered == ()


def test_citations_and_texts() -> None:
    catalogue = load_legal_catalogue()
    a39 = catalogue.get("人口与计划生育法-39")
    assert a39.citation == "《人口与计划生育法》第三十九条"
    assert a39.text.startswith("严禁利用超声技术") and a39.verified
    assert catalogue.get("母婴保健法-32.2").citation == "《母婴保健法》第三十二条第二款"
    assert catalogue.get("药品管理法-115").citation == "《药品管理法》第一百一十五条"
    with pytest.raises(NotFoundError):
        catalogue.get("规定-99")


def test_statute_texts_are_verbatim_or_empty() -> None:
    """Articles without a stored text say so in the note instead of carrying a paraphrase."""
    for article in load_legal_catalogue():
        if article.law_kind is LawKind.STATUTE and not article.has_text:
            assert "条文未收录" in article.note, article.ref
