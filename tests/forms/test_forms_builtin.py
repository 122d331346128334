"""The built-in checklists and the legal catalogue: complete, valid, honest about what is unverified."""

from __future__ import annotations

import re

import pytest

from inspector.domain import Designation, SiteKind
from inspector.errors import NotFoundError
from inspector.forms import (
    Action,
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
                assert item.guidance and item.evidence and item.legal, item.code
                assert item.fact and item.compliant_fact and item.action is not None, item.code
                if item.action is Action.TRANSFER_DRUG:
                    assert not item.correction and item.deadline_days == 0, item.code
                elif item.action.has_deadline:
                    assert item.correction and item.deadline_days in (7, 15, 30), item.code
                else:  # 立即: never a day count
                    assert item.correction.startswith("立即") and item.deadline_days == 0, item.code


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


def test_which_checklist_fits_a_site(registry: FormRegistry) -> None:
    """A site's checklists follow from its kind and its designations (the checklists' own data): the
    designation's checklist first, whatever the kind; a kind alone never makes a designated site."""
    us, top, birth = Designation.ULTRASOUND, Designation.TERMINATION, Designation.DELIVERY
    cases = [
        (SiteKind.HOSPITAL, (us,), ["ultrasound", "clinic"]),
        (SiteKind.HOSPITAL, (top, birth), ["termination_delivery", "clinic"]),
        (SiteKind.HOSPITAL, (birth, us), ["ultrasound", "termination_delivery", "clinic"]),
        (SiteKind.HOSPITAL, (), ["clinic"]),
        (SiteKind.TOWNSHIP_HEALTH_CENTRE, (birth,), ["termination_delivery", "clinic"]),
        (SiteKind.MATERNAL_CHILD, (us, top, birth), ["ultrasound", "termination_delivery", "clinic"]),
        (SiteKind.FAMILY_PLANNING, (top,), ["termination_delivery", "clinic"]),
        (SiteKind.COMMUNITY_HEALTH, (), ["clinic"]),
        (SiteKind.CLINIC, (), ["clinic"]),
        (SiteKind.OUTPATIENT, (), ["clinic"]),
        (SiteKind.VILLAGE_CLINIC, (), ["clinic"]),
        (SiteKind.UNLICENSED, (), ["clinic"]),
        (SiteKind.PHARMACY, (), ["pharmacy"]),
        (SiteKind.WHOLESALER, (), ["pharmacy"]),
    ]
    for kind, designations, expected in cases:
        assert [f.id for f in registry.for_site(kind, designations)] == expected, (kind, designations)
        assert registry.default_for_site(kind.value, [d.value for d in designations]).id == expected[0]
    assert {kind for kind, _, _ in cases} == set(SiteKind)  # every kind of the registry has a checklist


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


def test_texts_not_in_laws_stay_unverified() -> None:
    """The 2016 规定 (no text here) and the 医疗机构管理条例 (its 2022 revision in force is not here) are
    待核实 throughout; an inferred number is marked wherever it is shown."""
    catalogue = load_legal_catalogue()
    for article in catalogue:
        if article.law_key == "规定":
            assert not article.verified and not article.has_text, article.ref
        if article.law_key == "医疗机构管理条例":
            assert not article.verified and article.law_superseded, article.ref
    unverified = catalogue.get("规定-11")
    assert not unverified.citable
    assert (
        citation_label(unverified)
        == "《禁止非医学需要的胎儿性别鉴定和选择性别人工终止妊娠的规定》第十一条（待核实）"
    )
    numberless = catalogue.get("规定-药品记录")
    assert numberless.article is None and not numberless.citable
    assert "第" not in numberless.citation


def test_local_rules_are_references_to_fill_in() -> None:
    catalogue = load_legal_catalogue()
    local = [a for a in catalogue if a.law_kind is LawKind.LOCAL]
    assert len(local) >= 5
    for article in local:
        assert not article.verified and article.text == "" and "本单位填写" in article.note
        assert article.citation.startswith("地方规定：")


def test_no_old_numbering_notes_and_no_excerpts() -> None:
    """A citation names one number, in the version the text is from; texts are whole."""
    catalogue = load_legal_catalogue()
    for article in catalogue:
        assert article.renumbered == () and "修订后为" not in article.citation, article.ref
        assert "节选" not in article.text and "……" not in article.text, article.ref
    assert catalogue.get("医疗机构管理条例-15").citation == "《医疗机构管理条例》第十五条"


def test_citations_and_texts() -> None:
    catalogue = load_legal_catalogue()
    a39 = catalogue.get("人口与计划生育法-39")
    assert a39.citation == "《中华人民共和国人口与计划生育法》第三十九条"
    assert a39.text.startswith("严禁利用超声技术") and a39.citable
    assert catalogue.get("母婴保健法-32.2").citation == "《中华人民共和国母婴保健法》第三十二条第二款"
    assert catalogue.get("药品管理法-115").citation == "《中华人民共和国药品管理法》第一百一十五条"
    point = catalogue.get("人口与计划生育法-40.1.2")
    assert point.citation == "《中华人民共和国人口与计划生育法》第四十条第一款第二项"
    assert point.text == catalogue.get("人口与计划生育法-40").text  # the whole 款 it belongs to
    with pytest.raises(NotFoundError):
        catalogue.get("规定-99")


def test_statute_texts_are_verbatim_or_unverified() -> None:
    """An article without its text is never verified: a document quotes what it cites."""
    for article in load_legal_catalogue():
        if article.law_kind is LawKind.STATUTE and not article.has_text:
            assert not article.verified and not article.citable, article.ref
