"""Importing an office's site list: encodings, formats, and all-or-nothing refusal of bad files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from inspector.errors import UserError, ValidationError
from inspector.services import site_import
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import Site

HEADER = "名称,类型,许可证号,地址,区县,法定代表人,定点B超,许可证有效期\n"
GOOD = HEADER + (
    "县人民医院,医院,PDY001,人民路88号,城关镇,王建国,是,2027-12-31\n"
    "百姓大药房,药店,豫AA002,建设路3号,河西镇,李芳,否,2027/06/30\n"
    "石桥村民房,黑诊所,,石桥村5号,东山乡,,否,\n"
)


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Site)).scalar_one())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings(db: Database, tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "sites.csv"
    f.write_bytes(GOOD.encode(encoding))
    with db.write() as s:
        result = site_import.import_sites(s, SYSTEM, f)
    assert (result.created, result.updated) == (3, 0)
    with db.read() as s:
        names = set(s.execute(select(Site.name)).scalars())
        hospital = s.execute(select(Site).where(Site.licence_no == "PDY001")).scalar_one()
    assert names == {"县人民医院", "百姓大药房", "石桥村民房"}
    assert hospital.designated_ultrasound and hospital.kind == "hospital"
    assert str(hospital.licence_valid_until) == "2027-12-31"


def test_xlsx(db: Database, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for line in GOOD.strip().splitlines():
        ws.append(line.split(","))
    f = tmp_path / "sites.xlsx"
    wb.save(f)
    with db.write() as s:
        assert site_import.import_sites(s, SYSTEM, f).created == 3


def _refused(db: Database, path: Path) -> str:
    with pytest.raises(UserError) as info, db.write() as s:
        site_import.import_sites(s, SYSTEM, path)
    assert _count(db) == 0
    return str(info.value)


def test_missing_column(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("名称,地址\n某诊所,某地\n", encoding="utf-8")
    assert "类型" in _refused(db, f)


def test_unknown_kind_names_row_and_column(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(HEADER + "某诊所,宇宙飞船,X1,某地,城关镇,张三,否,\n", encoding="utf-8")
    msg = _refused(db, f)
    assert "第2行" in msg and "B列" in msg and "宇宙飞船" in msg


def test_bad_date(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(HEADER + "县医院,医院,X1,某地,城关镇,张三,是,明年\n", encoding="utf-8")
    msg = _refused(db, f)
    assert "H列" in msg and "明年" in msg


def test_duplicate_licence_in_file(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(HEADER + "甲,药店,D1,a,城关镇,,否,\n乙,药店,D1,b,城关镇,,否,\n", encoding="utf-8")
    msg = _refused(db, f)
    assert "第3行" in msg and "D1" in msg


def test_duplicate_licence_against_database(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(GOOD, encoding="utf-8")
    with db.write() as s:
        site_import.import_sites(s, SYSTEM, f)
    with pytest.raises(ValidationError, match="已登记"), db.write() as s:
        site_import.import_sites(s, SYSTEM, f)
    with db.write() as s:
        assert site_import.import_sites(s, SYSTEM, f, update_existing=True).updated == 2


def test_empty_file(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_bytes(b"")
    assert "空" in _refused(db, f)
    f.write_text(HEADER, encoding="utf-8")
    assert "空" in _refused(db, f)


def test_wrong_encoding(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_bytes(GOOD.encode("utf-16"))
    assert "编码" in _refused(db, f)


def test_broken_xlsx(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.xlsx"
    f.write_bytes(b"PK\x03\x04 not really a zip")
    assert "Excel" in _refused(db, f)


def test_one_bad_row_writes_nothing(db: Database, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text(GOOD + "坏行,药店,,x,城关镇,,否,\n", encoding="utf-8")
    assert "许可证号" in _refused(db, f)
