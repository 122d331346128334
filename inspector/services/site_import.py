"""Loading an office's list of licensed institutions from CSV or Excel.

All or nothing: every row is parsed and validated first, each problem is reported with its row and
column, and only a clean file is written, in one transaction. CSV files from Chinese offices come in
UTF-8, UTF-8 with BOM or GBK (Excel's default on Chinese Windows), so all three are accepted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.errors import UserError, ValidationError
from inspector.i18n import os_reason, tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.services.site_kinds import DESIGNATION_WORDS
from inspector.services.sites import SiteInput, _apply, _clean, accepted_kinds, parse_kind, validate_site
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
    "县区": "district",
    "县(区)": "district",
    "辖区": "district",
    "district": "district",
    "乡镇": "township",
    "乡镇街道": "township",
    "乡镇(街道)": "township",
    "街道": "township",
    "township": "township",
    "法定代表人": "legal_rep",
    "负责人": "legal_rep",
    "legal_rep": "legal_rep",
    "电话": "phone",
    "联系电话": "phone",
    "phone": "phone",
    "定点b超": "designated_ultrasound",
    "定点b超/染色体": "designated_ultrasound",
    "定点b超(染色体)": "designated_ultrasound",
    "定点染色体": "designated_ultrasound",
    "designated_ultrasound": "designated_ultrasound",
    "定点终止妊娠": "designated_termination",
    "designated_termination": "designated_termination",
    "定点分娩": "designated_delivery",
    "定点助产": "designated_delivery",
    "designated_delivery": "designated_delivery",
    "许可证有效期": "licence_valid_until",
    "有效期至": "licence_valid_until",
    "licence_valid_until": "licence_valid_until",
    "备注": "notes",
    "notes": "notes",
}
REQUIRED = ("name", "kind")


def _header(cell: str) -> str:
    """A header cell as :data:`HEADERS` spells it: full-width brackets and letters folded, no spaces,
    lower case ("定点B超（染色体）" → "定点b超(染色体)")."""
    return unicodedata.normalize("NFKC", cell).replace(" ", "").strip().lower()


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
        raise UserError(tr("Cannot read {file}: {reason}.", file=name, reason=os_reason(err))) from err
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
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as err:  # a cell over the csv module's limit (128 KiB), a NUL, a broken quote
        raise UserError(
            tr(
                "{file}, line {line}: not readable as CSV ({reason}). A site's cell holds at most a few "
                "hundred characters; check that this is the right file, saved as CSV.",
                file=name,
                line=reader.line_num,
                reason=str(err),
            )
        ) from err


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


def kind_problem(cell: str) -> str:
    """Why ``cell`` is no kind, with every accepted value (and the designation column it means)."""
    column = DESIGNATION_WORDS.get(cell.strip().lower())
    if column is not None:
        return tr(
            '"{kind}" is a designation, not a kind of institution: write the kind in this column '
            "(one of: {kinds}) and 是 in the column {column}.",
            kind=cell,
            kinds=accepted_kinds(),
            column=column,
        )
    if not cell.strip():
        return tr("the kind is missing; use one of: {kinds}.", kinds=accepted_kinds())
    return tr('unknown site kind "{kind}"; use one of: {kinds}.', kind=cell, kinds=accepted_kinds())


HEADER_SEARCH_ROWS = 5  # a county's sheet often starts with a title (and a date) above the header


def _find_header(rows: list[list[str]], name: str) -> tuple[int, list[str | None]]:
    """The header row's index and each column's field. A title above the header is skipped: the
    header is the first of the top rows that names both 名称 and 类型."""
    best: list[str | None] = []
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = [HEADERS.get(_header(cell)) for cell in row]
        if all(f in fields for f in REQUIRED):
            return index, fields
        if sum(f is not None for f in fields) > sum(f is not None for f in best):
            best = fields
    missing = [f for f in REQUIRED if f not in (best or [HEADERS.get(_header(c)) for c in rows[0]])]
    raise ValidationError(
        [
            (
                "",
                tr(
                    '{file}: the column "{col}" is missing. The row above the sites (the first row, or '
                    "the one after a title) must name the columns, at least 名称 and 类型.",
                    file=name,
                    col={"name": "名称", "kind": "类型"}[f],
                ),
            )
            for f in missing
        ]
    )


def _cell_value(fld: str, cell: str, where: str, problems: list[tuple[str, str]]) -> object:
    """One cell as the value of ``fld``; a problem with it is added to ``problems``."""
    if fld == "kind":
        kind = parse_kind(cell)
        if kind is None:
            problems.append((where, kind_problem(cell)))
            return cell
        return kind.value
    if fld.startswith("designated_"):
        low = cell.lower()
        if low not in TRUE_WORDS | FALSE_WORDS:
            problems.append((where, tr('expected 是 or 否, found "{value}".', value=cell)))
        return low in TRUE_WORDS
    if fld == "licence_valid_until":
        if not cell:
            return None
        try:
            return _parse_date(cell)
        except ValueError:
            problems.append((where, tr('"{value}" is not a date; write it as 2026-12-31.', value=cell)))
            return None
    return cell


def _parse_row(
    row: list[str], rownum: int, header: list[str], fields: list[str | None], problems: list[tuple[str, str]]
) -> SiteInput:
    def where(ci: int | None) -> str:
        if ci is None:
            return tr("row {row}", row=rownum)
        return tr("row {row}, column {col} ({name})", row=rownum, col=_col_name(ci), name=header[ci])

    before = len(problems)
    values: dict[str, object] = {}
    for ci, fld in enumerate(fields):
        if fld is not None:
            values[fld] = _cell_value(fld, row[ci].strip() if ci < len(row) else "", where(ci), problems)
    data = _clean(SiteInput(**values))  # type: ignore[arg-type]
    reported = len(problems) > before  # an unknown kind was reported as such, with the accepted ones
    for fld, msg in validate_site(data):
        if fld == "kind" and reported:
            continue
        problems.append((where(fields.index(fld) if fld in fields else None), msg))
    return data


def parse_sites(path: Path) -> list[tuple[int, SiteInput]]:
    """Parse and validate the whole file; raise one ValidationError listing every problem."""
    rows = read_rows(path)
    if not rows:
        raise UserError(tr("{file} is empty: it needs a header row and at least one site.", file=path.name))
    top, fields = _find_header(rows, path.name)
    if len(rows) < top + 2:
        raise UserError(tr("{file} is empty: it needs a header row and at least one site.", file=path.name))
    problems: list[tuple[str, str]] = []
    parsed: list[tuple[int, SiteInput]] = []
    seen: dict[str, int] = {}
    for rownum, row in enumerate(rows[top + 1 :], start=top + 2):
        data = _parse_row(row, rownum, rows[top], fields, problems)
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
            if (site.district, site.township) != (data.district, data.township):
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
