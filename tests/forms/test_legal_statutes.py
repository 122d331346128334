"""The built-in legal catalogue against the full statute texts in ``resources/laws``.

Every article whose statute is there carries that statute's number and its verbatim text (the whole
article, or the whole paragraph cited) and is verified; articles of texts that are not there (the
2016 规定, the 2022 revision of 医疗机构管理条例) stay unverified. The texts are kept in the
repository (a copy of the team's ``shared/domain/laws``), so a clone anywhere can check the catalogue;
a missing folder is a broken checkout and fails, never skips.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from inspector.forms import LegalCatalogue, load_legal_catalogue
from tests.forms.statutes import LAWS_DIR, Statute, catalogue_mismatches, read_statutes


@pytest.fixture(scope="module")
def statutes() -> dict[str, Statute]:
    assert LAWS_DIR.is_dir(), f"the statute texts are missing: {LAWS_DIR}"
    found = read_statutes(LAWS_DIR)
    assert len(found) >= 10, sorted(found)
    return found


def test_the_statute_files_are_read_whole(statutes: dict[str, Statute]) -> None:
    """The reader finds every article of each file, numbered 1..N without a gap."""
    for title, statute in statutes.items():
        numbers = sorted(statute.articles)
        if statute.version_date:  # 刑法 is one article only
            assert numbers == list(range(1, len(numbers) + 1)), title
    pop = statutes["中华人民共和国人口与计划生育法"]
    assert pop.version_date == "2021-08-20"
    assert pop.text(39).startswith("严禁利用超声技术")
    assert len(pop.articles[40]) == 1 and len(pop.articles[40][0]) == 3  # one 款 with two 项
    assert pop.text(40, 1).endswith("选择性别的人工终止妊娠的。")


def test_builtin_catalogue_matches_the_statutes(statutes: dict[str, Statute]) -> None:
    assert catalogue_mismatches(load_legal_catalogue(), statutes) == []


def test_every_statute_in_laws_that_is_cited_is_verified(statutes: dict[str, Statute]) -> None:
    catalogue = load_legal_catalogue()
    verified = {a.law for a in catalogue if a.verified}
    for title in (
        "中华人民共和国人口与计划生育法",
        "中华人民共和国母婴保健法",
        "中华人民共和国母婴保健法实施办法",
        "中华人民共和国医师法",
        "中华人民共和国基本医疗卫生与健康促进法",
        "中华人民共和国药品管理法",
        "中华人民共和国药品管理法实施条例",
        "计划生育技术服务管理条例",
        "中华人民共和国刑法",
        "中华人民共和国行政处罚法",
    ):
        assert title in statutes and title in verified, title
    # Texts not in laws/ stay unverified: the 2016 规定 and the 医疗机构管理条例 (2022 in force).
    for article in catalogue:
        if article.law_key in ("规定", "医疗机构管理条例"):
            assert not article.verified and not article.citable, article.ref


def _tampered(catalogue: LegalCatalogue, ref: str, **changes: object) -> LegalCatalogue:
    articles = dict(catalogue.articles)
    articles[ref] = replace(articles[ref], **changes)  # type: ignore[arg-type]
    return LegalCatalogue(laws=catalogue.laws, articles=articles)


@pytest.mark.parametrize(
    ("ref", "changes", "expected"),
    [
        ("人口与计划生育法-39", {"text": "严禁利用超声技术和其他技术手段进行胎儿性别鉴定。"}, "text differs"),
        ("人口与计划生育法-39", {"article": 38}, "text differs"),
        ("医师法-59", {"article": 99}, "has no article 99"),
        ("基本医疗卫生与健康促进法-99.1", {"paragraph": 2}, "text differs"),
        ("母婴保健法-32.2", {"paragraph": 3}, "paragraph(s), not 3"),
        ("人口与计划生育法-40.1.2", {"point": 3}, "has no point 3"),
        ("医师法-57", {"verified": False}, "is not verified"),
        ("医师法-57", {"text": "违反本法规定……（节选）"}, "shortened"),
        ("医疗机构管理条例-24", {"verified": True}, "text in force is not in laws/"),
        ("规定-20", {"verified": True}, "verified but its text"),
        ("专项要求-三禁止", {"verified": True}, "policy or local document is verified"),
        ("刑法-336.1", {"version_date": "1997-03-14"}, None),  # the 刑法 file names no version
    ],
)
def test_any_mismatch_is_found(
    statutes: dict[str, Statute], ref: str, changes: dict[str, object], expected: str | None
) -> None:
    problems = catalogue_mismatches(_tampered(load_legal_catalogue(), ref, **changes), statutes)
    if expected is None:
        assert problems == []
    else:
        assert problems and all(p.startswith(ref) for p in problems), problems
        assert any(expected in p for p in problems), problems


def test_a_wrong_version_date_is_found(statutes: dict[str, Statute]) -> None:
    catalogue = _tampered(load_legal_catalogue(), "医师法-14", version_date="2009-08-27")
    assert any("catalogue version '2009-08-27'" in p for p in catalogue_mismatches(catalogue, statutes))
