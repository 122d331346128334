"""Spreadsheets the app writes (the statistics workbook, CSV manifests), inert by construction.

A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
some also after a tab or carriage return: a district named ``=HYPERLINK(...)`` or
``=cmd|' /C calc'!A0`` would run as a formula on the supervisor's machine. Text from the records is
data, so every writer here puts it in as text: in a workbook a string cell (never a formula cell)
marked with Excel's quote prefix where it looks like a formula, so Excel and LibreOffice show the
characters as typed, also after the cell is edited; in a CSV file, which carries no cell types, such
a field gets a leading apostrophe, the convention both programs read as "this is text".

Numbers the app computed stay numbers. One module, so a new export cannot forget the rule.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.durable import write_atomic
from inspector.errors import UserError
from inspector.i18n import os_reason, tr

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
MAX_SHEET_NAME = 31


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program could read ``text`` as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_field(value: object) -> str:
    """``value`` as a CSV field that no spreadsheet program evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A UTF-8 CSV file (with the byte-order mark Excel needs to read it as UTF-8), every field inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_field(h) for h in header])
    writer.writerows([csv_field(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Sheet:
    """One sheet: a bold header row, the rows (text as text, numbers as numbers), notes in italics."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)


def set_cell(cell: Any, value: Any) -> None:
    """Put ``value`` into an openpyxl cell: a string always as a string cell, never a formula."""
    if isinstance(value, str):
        if not value:
            cell.value = None
            return
        cell.value = value
        cell.data_type = "s"  # openpyxl made it a formula ("f") when it starts with "="
        if looks_like_formula(value):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
        return
    cell.value = value


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unused sheet name for ``title`` (Excel allows 31 characters and no ``\\/*?:[]``)."""
    base = _SHEET_FORBIDDEN.sub("-", title).strip() or "sheet"
    name = base[:MAX_SHEET_NAME]
    n = 2
    while name in used:
        suffix = f" {n}"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _column_width(values: Iterable[str]) -> float:
    """Characters wide, counting a CJK character twice; between 8 and 60."""
    width = max((len(v) + sum(1 for ch in v if ord(ch) > 0x2E80) for v in values), default=0)
    return min(max(width + 2, 8), 60)


def _fill_sheet(ws: Any, sheet: Sheet) -> None:
    from openpyxl.styles import Font

    for col, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(row=1, column=col)
        set_cell(cell, header)
        cell.font = Font(bold=True)
    for r, row in enumerate(sheet.rows, start=2):
        for col, value in enumerate(row, start=1):
            set_cell(ws.cell(row=r, column=col), value)
    ws.freeze_panes = "A2"
    for i, header in enumerate(sheet.headers):
        values = [str(header)] + [str(r[i]) for r in sheet.rows if r[i] is not None]
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = _column_width(values)
    start_row = len(sheet.rows) + 3
    for j, line in enumerate(sheet.notes):
        cell = ws.cell(row=start_row + j, column=1)
        set_cell(cell, line)
        cell.font = Font(italic=True)


def write_xlsx(sheets: Sequence[Sheet], path: Path) -> Path:
    """Write a workbook of ``sheets`` to ``path`` (durably: a failure leaves the old file) and return it.

    Raises :class:`UserError` for a name not ending in ``.xlsx``, a missing folder, or a write that
    failed (a file open in Excel, a full disk).
    """
    from openpyxl import Workbook

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(tr("The report file must end in .xlsx: {path}", path=str(path)))
    if not path.parent.is_dir():
        raise UserError(
            tr("The folder {folder} does not exist; create it or choose another.", folder=str(path.parent))
        )
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(sheet_name(sheet.title, used)), sheet)
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        write_atomic(path, buffer.getvalue())
    except OSError as err:
        raise UserError(
            tr(
                "Cannot write the report {path}: {reason}. Close it in Excel or choose another file.",
                path=str(path),
                reason=os_reason(err),
            )
        ) from err
    return path
