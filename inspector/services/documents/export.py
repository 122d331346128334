"""Exporting the documents of a period into a folder, each verified against its SHA-256, with a
``manifest.csv`` an office can check them with (written through :func:`inspector.spreadsheet.
csv_bytes`: a site name such as ``=HYPERLINK(…)`` stays text in Excel). A voided document is
exported too, marked in the manifest: the register keeps it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import local
from inspector.documents.package import write_atomic
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services.documents.building import safe_name
from inspector.services.documents.evidence import issued_bytes
from inspector.services.documents.views import DocumentFilter, DocumentView, list_documents
from inspector.spreadsheet import csv_bytes

MANIFEST_HEADER = (
    "number",
    "kind",
    "title",
    "site",
    "issued_at",
    "served_at",
    "voided_at",
    "void_reason",
    "sha256",
    "file",
)


@dataclass
class ExportReport:
    folder: Path
    files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    manifest: Path | None = None


def local_day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """UTC bounds of local calendar days ``first`` to ``last`` inclusive."""
    start = dt.datetime.combine(first, dt.time.min).astimezone()
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min).astimezone()
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _manifest_row(view: DocumentView, path: Path) -> list[str]:
    return [
        view.number,
        view.kind,
        view.title,
        view.site_name,
        local(view.issued_at).isoformat(timespec="seconds"),
        local(view.served_at).isoformat(timespec="seconds") if view.served_at else "",
        local(view.voided_at).isoformat(timespec="seconds") if view.voided_at else "",
        view.void_reason,
        view.sha256,
        path.name,
    ]


def _write_manifest(out_dir: Path, rows: list[list[str]]) -> Path:
    manifest = out_dir / "manifest.csv"
    write_atomic(manifest, csv_bytes(MANIFEST_HEADER, rows))
    return manifest


def export_documents(
    session: Session, config: Config, first: dt.date, last: dt.date, out_dir: Path, *, pdf: bool = False
) -> ExportReport:
    """Copy every document issued from ``first`` to ``last`` (local dates, inclusive) into ``out_dir``,
    each verified against its recorded SHA-256, with ``manifest.csv`` listing number, kind, site, date
    and hash. Documents that cannot be verified are listed in ``problems`` and not written."""
    if last < first:
        raise ValidationError([("to", tr("The end date is before the start date."))])
    start, end = local_day_bounds(first, last)
    docs = list_documents(session, config, DocumentFilter(issued_from=start, issued_to=end), limit=1_000_000)
    report = ExportReport(folder=out_dir)
    rows: list[list[str]] = []
    used: set[str] = set()
    for view in sorted(docs, key=lambda v: (v.issued_at, v.number)):
        try:
            data = issued_bytes(session, config, view)
        except UserError as err:
            report.problems.append(err.message)
            continue
        name = safe_name(f"{local(view.issued_at):%Y%m%d}_{view.title}_{view.number}_{view.site_name}")[:150]
        while name in used:
            name += "_"
        used.add(name)
        path = out_dir / f"{name}.docx"
        write_atomic(path, data)
        report.files.append(path)
        rows.append(_manifest_row(view, path))
    report.manifest = _write_manifest(out_dir, rows)
    if pdf and report.files:
        from inspector.documents.pdf import convert_to_pdf

        report.pdfs = convert_to_pdf([(p, p.with_suffix(".pdf")) for p in report.files])
    return report
