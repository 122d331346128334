"""Loading an office's list of licensed institutions from CSV or Excel.

All or nothing: every row is parsed and validated first, each problem is reported with its row and
column, and only a clean file is written, in one transaction. CSV files from Chinese offices come in
UTF-8, UTF-8 with BOM or GBK (Excel's default on Chinese Windows), so all three are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.services.sites import SiteInput, _apply, _clean, parse_kind, validate_site
from inspector.storage.models import Site

# Column headers accepted, Chinese and English, mapped to SiteInput fields.
HEADERS: dict[str, str] = {
    "名称": "name",
    "机构名称": "name",
    "单位名称": "name",
    "name": "name",
    "类型": "kind",
    "场所类型": "kind",
    "kind": "kind",
    "许可证号": "licence_no",
    "执业许可证号": "licence_no",
    "登记号": "licence_no",
    "licence_no": "licence_no",
    "统一社会信用代码": "credit_code",
    "credit_code": "credit_code",
    "地址": "address",
    "address": "address",
    "区县": "district",
    "辖区": "district",
    "district": "district",
    "乡镇": "township",
    "乡镇街道": "township",
    "township": "township",
    "法定代表人": "legal_rep",
    "负责人": "legal_rep",
    "legal_rep": "legal_rep",
    "电话": "phone",
    "联系电话": "phone",
    "phone": "phone",
    "定点b超": "designated_ultrasound",
    "designated_ultrasound": "designated_ultrasound",
    "定点终止妊娠": "designated_termination",
    "designated_termination": "designated_termination",
    "定点分娩": "designated_delivery",
    "designated_delivery": "designated_delivery",
    "许可证有效期": "licence_valid_until",
    "有效期至": "licence_valid_until",
    "licence_valid_until": "licence_valid_until",
    "备注": "notes",
    "notes": "notes",
}
REQUIRED = ("name", "kind")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "定点"}
FALSE_WORDS = {"", "否", "n", "no", "false", "0", "×"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _decode(raw: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # UTF-16 and binary files decode "successfully" into NULs
            break
        return text
    raise UserError(
        tr(
            '{file}: the text encoding is not UTF-8 or GBK. Save the file as "CSV UTF-8" in '
            "Excel and import it again.",
            file=name,
        )
    )


def read_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells, header first; CSV or XLSX by content, not only by extension."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise UserError(tr("Cannot read {file}: {reason}.", file=name, reason=err.strerror)) from err
    if not raw.strip():
        raise UserError(tr("{file} is empty: it needs a header row and at least one site.", file=name))
    if raw[:4] == b"PK\x03\x04":
        return _read_xlsx(raw, name)
    text = _decode(raw, name)
    dialect: type[csv.Dialect] | csv.Dialect
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def _read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged workbook
        raise UserError(
            tr("{file} is not a readable Excel workbook: {reason}.", file=name, reason=err)
        ) from err
    rows: list[list[str]] = []
    for values in wb.worksheets[0].iter_rows(values_only=True):
        cells = []
        for v in values:
            if v is None:
                cells.append("")
            elif isinstance(v, dt.datetime):
                cells.append(v.date().isoformat())
            elif isinstance(v, dt.date):
                cells.append(v.isoformat())
            elif isinstance(v, float) and v.is_integer():
                cells.append(str(int(v)))
            else:
                cells.append(str(v))
        if any(c.strip() for c in cells):
            rows.append(cells)
    wb.close()
    return rows


def _col_name(index: int) -> str:
    """Excel-style column letter, since that is what a person sees in the spreadsheet."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _parse_date(text: str) -> dt.date:
    t = text.strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    return dt.date.fromisoformat("-".join(p.zfill(2) for p in t.split("-")))


def parse_sites(path: Path) -> list[tuple[int, SiteInput]]:
    """Parse and validate the whole file; raise one ValidationError listing every problem."""
    rows = read_rows(path)
    if not rows:
        raise UserError(tr("{file} is empty: it needs a header row and at least one site.", file=path.name))
    header = [h.strip().lower() for h in rows[0]]
    fields = [HEADERS.get(h) for h in header]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationError(
            [
                (
                    "",
                    tr(
                        '{file}: the column "{col}" is missing. The first row must name the '
                        "columns, at least 名称 and 类型.",
                        file=path.name,
                        col={"name": "名称", "kind": "类型"}[f],
                    ),
                )
                for f in missing
            ]
        )
    if len(rows) < 2:
        raise UserError(tr("{file} is empty: it needs a header row and at least one site.", file=path.name))
    problems: list[tuple[str, str]] = []
    parsed: list[tuple[int, SiteInput]] = []
    seen: dict[str, int] = {}
    for rownum, row in enumerate(rows[1:], start=2):
        values: dict[str, object] = {}
        for ci, fld in enumerate(fields):
            if fld is None:
                continue
            cell = row[ci].strip() if ci < len(row) else ""
            where = tr("row {row}, column {col} ({name})", row=rownum, col=_col_name(ci), name=rows[0][ci])
            if fld == "kind":
                kind = parse_kind(cell)
                if kind is None:
                    problems.append((where, tr('unknown site kind "{kind}".', kind=cell)))
                    values[fld] = cell
                else:
                    values[fld] = kind.value
            elif fld.startswith("designated_"):
                low = cell.lower()
                if low not in TRUE_WORDS | FALSE_WORDS:
                    problems.append((where, tr('expected 是 or 否, found "{value}".', value=cell)))
                values[fld] = low in TRUE_WORDS
            elif fld == "licence_valid_until":
                if cell:
                    try:
                        values[fld] = _parse_date(cell)
                    except ValueError:
                        problems.append(
                            (where, tr('"{value}" is not a date; write it as 2026-12-31.', value=cell))
                        )
            else:
                values[fld] = cell
        data = _clean(SiteInput(**values))  # type: ignore[arg-type]
        for fld, msg in validate_site(data):
            if fld == "kind" and any(p[0].startswith(tr("row {row}", row=rownum)) for p in problems):
                continue
            col = fields.index(fld) if fld in fields else None
            where = (
                tr("row {row}, column {col} ({name})", row=rownum, col=_col_name(col), name=rows[0][col])
                if col is not None
                else tr("row {row}", row=rownum)
            )
            problems.append((where, msg))
        if data.licence_no:
            if data.licence_no in seen:
                problems.append(
                    (
                        tr("row {row}", row=rownum),
                        tr(
                            "licence number {no} appears again (first in row {first}).",
                            no=data.licence_no,
                            first=seen[data.licence_no],
                        ),
                    )
                )
            else:
                seen[data.licence_no] = rownum
        parsed.append((rownum, data))
    if problems:
        raise ValidationError(problems)
    return parsed


def import_sites(
    session: Session, actor: Actor, path: Path, *, update_existing: bool = False
) -> ImportResult:
    """Write the validated file; an existing licence number is an error unless ``update_existing``."""
    actor.require(Role.OFFICE, Role.SUPERVISOR)
    parsed = parse_sites(path)
    licences = [d.licence_no for _, d in parsed if d.licence_no]
    existing: dict[str, Site] = {}
    for chunk in range(0, len(licences), 500):
        q = select(Site).where(Site.licence_no.in_(licences[chunk : chunk + 500]))
        existing.update({s.licence_no: s for s in session.execute(q).scalars() if s.licence_no})
    if existing and not update_existing:
        problems = [
            (
                tr("row {row}", row=row),
                tr(
                    'licence number {no} is already registered as "{name}".',
                    no=d.licence_no,
                    name=existing[d.licence_no].name,
                ),
            )
            for row, d in parsed
            if d.licence_no in existing
        ]
        raise ValidationError(problems)
    created = updated = 0
    moved: list[uuid.UUID] = []
    for _, data in parsed:
        site = existing.get(data.licence_no or "")
        if site is None:
            site = Site()
            session.add(site)
            created += 1
        else:
            updated += 1
            if site.district != data.district:
                moved.append(site.id)
        _apply(site, data)
    session.flush()
    stats_summary.refresh_for(session, site_ids=moved)
    audit.record(
        session,
        actor,
        "import",
        "site",
        path.name,
        detail={"file": path.name, "created": created, "updated": updated},
    )
    return ImportResult(created=created, updated=updated)
