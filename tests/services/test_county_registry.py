"""A county's registry as counties keep it: every kind of institution, 区县 and 乡镇, the 三定点 flags.

The file is built the way a county office's Excel sheet looks (a title row, 序号, the words counties
use for the kinds); a designation comes only from its column, never from the kind's word.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from inspector.domain import Designation, SiteKind
from inspector.errors import ValidationError
from inspector.forms import load_registry
from inspector.services import site_import, sites
from inspector.services.actor import SYSTEM
from inspector.services.pinyin import sort_key
from inspector.storage.db import Database
from inspector.storage.models import Site

HEADER = [
    "序号",
    "单位名称",
    "类型",
    "许可证号",
    "区县",
    "乡镇（街道）",
    "地址",
    "负责人",
    "定点B超（染色体）",
    "定点终止妊娠",
    "定点分娩",
]
# (name, the county's word for the kind, licence, 区县, 乡镇, B超, 终止妊娠, 分娩) → the kind expected
ROWS = [
    ("示范县人民医院", "医院", "PDY001", "示范县", "城关镇", "是", "是", "是", SiteKind.HOSPITAL),
    ("示范县中医院", "医院", "PDY002", "示范县", "城关镇", "否", "否", "否", SiteKind.HOSPITAL),
    (
        "示范县妇幼保健院",
        "妇幼保健院",
        "PDY003",
        "示范县",
        "城关镇",
        "是",
        "是",
        "是",
        SiteKind.MATERNAL_CHILD,
    ),
    (
        "河西镇卫生院",
        "卫生院",
        "PDY004",
        "示范县",
        "河西镇",
        "否",
        "否",
        "是",
        SiteKind.TOWNSHIP_HEALTH_CENTRE,
    ),
    ("东山乡卫生院", "乡镇卫生院", "PDY005", "示范县", "东山乡", "", "", "", SiteKind.TOWNSHIP_HEALTH_CENTRE),
    (
        "湖滨社区卫生服务站",
        "社区卫生服务站",
        "PDY006",
        "开发区",
        "南湖街道",
        "否",
        "否",
        "否",
        SiteKind.COMMUNITY_HEALTH,
    ),
    ("柳树村卫生室", "村卫生室", "", "示范县", "河西镇", "否", "否", "否", SiteKind.VILLAGE_CLINIC),
    ("济民门诊部", "门诊部", "MZ001", "示范县", "城关镇", "否", "否", "否", SiteKind.OUTPATIENT),
    ("仁心诊所", "诊所", "ZS001", "示范县", "城关镇", "否", "否", "否", SiteKind.CLINIC),
    ("惠民中医诊所", "个体诊所", "", "示范县", "东山乡", "否", "否", "否", SiteKind.CLINIC),
    (
        "示范县计划生育服务站",
        "计生服务站",
        "JS001",
        "示范县",
        "城关镇",
        "否",
        "是",
        "否",
        SiteKind.FAMILY_PLANNING,
    ),
    ("石桥村民房", "无证行医点", "", "示范县", "东山乡", "否", "否", "否", SiteKind.UNLICENSED),
    ("百姓大药房", "药店", "豫AA001", "示范县", "城关镇", "否", "否", "否", SiteKind.PHARMACY),
    ("益丰大药房新城店", "零售药店", "豫AA002", "开发区", "南湖街道", "否", "否", "否", SiteKind.PHARMACY),
    ("华康医药有限公司", "批发企业", "豫AB001", "开发区", "南湖街道", "否", "否", "否", SiteKind.WHOLESALER),
]


def county_workbook(path: Path, rows: list[tuple[str, ...]] | None = None) -> Path:
    """An .xlsx shaped like a county's list: a title row, then the header, then one row per site."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["示范县“两非”重点监管单位名册（2026年）"])
    ws.append(HEADER)
    for n, row in enumerate(rows if rows is not None else [r[:8] for r in ROWS], start=1):
        name, kind, licence, district, township, us, top, birth = row
        ws.append(
            [n, name, kind, licence, district, township, f"{township}某路{n}号", "王建国", us, top, birth]
        )
    wb.save(path)
    return path


def _import(db: Database, path: Path) -> None:
    with db.write() as s:
        site_import.import_sites(s, SYSTEM, path)


def test_a_county_file_with_every_kind_imports(db: Database, tmp_path: Path) -> None:
    _import(db, county_workbook(tmp_path / "名册.xlsx"))
    with db.read() as s:
        found = {v.name: v for v in sites.search_sites(s, sites.SiteFilter(), limit=100)}
    assert len(found) == len(ROWS)
    assert {v.kind for v in found.values()} == {k.value for k in SiteKind}
    for name, _, _, district, township, us, top, birth, kind in ROWS:
        site = found[name]
        assert site.kind == kind.value, name
        assert (site.district, site.township) == (district, township)
        # Designated exactly as the three columns say, whatever the kind's word.
        assert (site.designated_ultrasound, site.designated_termination, site.designated_delivery) == (
            us == "是",
            top == "是",
            birth == "是",
        ), name
    assert found["示范县中医院"].designation_set == frozenset()  # a hospital that is no designated site
    assert found["河西镇卫生院"].designation_set == {Designation.DELIVERY}


def test_the_checklist_follows_kind_and_designation(db: Database, tmp_path: Path) -> None:
    _import(db, county_workbook(tmp_path / "名册.xlsx"))
    registry = load_registry(None)
    with db.read() as s:
        found = {v.name: v for v in sites.search_sites(s, sites.SiteFilter(), limit=100)}

    def default(name: str) -> str:
        return registry.default_for_site(found[name].kind, found[name].designation_set).id

    assert default("示范县人民医院") == "ultrasound"
    assert default("示范县中医院") == "clinic"  # not designated: checked against the 三禁止
    assert default("河西镇卫生院") == "termination_delivery"
    assert default("示范县计划生育服务站") == "termination_delivery"
    assert default("柳树村卫生室") == default("济民门诊部") == default("石桥村民房") == "clinic"
    assert default("华康医药有限公司") == default("百姓大药房") == "pharmacy"


def _refused(db: Database, path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info, db.write() as s:
        site_import.import_sites(s, SYSTEM, path)
    with db.read() as s:
        assert s.execute(select(Site.id)).first() is None  # all or nothing
    return info.value.problems


def test_unknown_words_are_refused_with_the_accepted_ones(db: Database, tmp_path: Path) -> None:
    rows = [
        ("城关医院B超室", "B超室", "PDY101", "示范县", "城关镇", "是", "否", "否"),
        ("某单位", "飞船", "X1", "示范县", "城关镇", "否", "否", "否"),
        ("河西镇卫生院", "卫生院", "PDY102", "示范县", "河西镇", "否", "否", "是"),
    ]
    problems = _refused(db, county_workbook(tmp_path / "名册.xlsx", rows))
    assert [where for where, _ in problems] == ["第3行，C列（类型）", "第4行，C列（类型）"]
    designation, unknown = (msg for _, msg in problems)
    assert "“B超室”是定点资格，不是机构类型" in designation and "“定点B超/染色体”列填写“是”" in designation
    assert "未知的场所类型“飞船”" in unknown
    for msg in (designation, unknown):  # every kind's name, and the other words counties use
        assert "医院、妇幼保健院、乡镇卫生院、社区卫生服务中心/站、村卫生室、门诊部、个体诊所" in msg
        assert "计划生育服务机构、无证行医点、零售药店、药品批发企业" in msg
        assert "卫生院" in msg.split("也可写作")[1] and "批发企业" in msg.split("也可写作")[1]


def test_a_designation_only_where_the_kind_can_hold_one(db: Database, tmp_path: Path) -> None:
    rows = [("仁心诊所", "诊所", "ZS009", "示范县", "城关镇", "是", "否", "否")]
    problems = _refused(db, county_workbook(tmp_path / "名册.xlsx", rows))
    assert problems == [
        ("第3行，I列（定点B超（染色体））", "“个体诊所”不能作为B超/染色体定点机构；请取消该定点或更正类型。")
    ]


def test_sites_list_in_pinyin_order(db: Database, tmp_path: Path) -> None:
    _import(db, county_workbook(tmp_path / "名册.xlsx"))
    with db.read() as s:
        names = [v.name for v in sites.search_sites(s, sites.SiteFilter(), limit=100)]
        districts = sites.districts(s)
        townships = sites.townships(s, "示范县")
    # bai, dong, he, hu before hua: syllable by syllable, not by code point (湖 U+6E56 > 华 U+534E).
    assert names[:5] == [
        "百姓大药房",
        "东山乡卫生院",
        "河西镇卫生院",
        "湖滨社区卫生服务站",
        "华康医药有限公司",
    ]
    assert names == sorted(names, key=sort_key)
    assert districts == ["开发区", "示范县"]  # kai before shi, whatever the code points say
    assert townships == ["城关镇", "东山乡", "河西镇"]
