"""``inspector document``, ``inspector documents`` and ``inspector templates``: the Word documents
without the desktop app.

``document`` issues a document (allocating its number) or, when that inspection already has one of
that kind, writes the issued one again, regenerated from its stored data and checked against its
recorded SHA-256. ``templates check`` exits 1 when a template has errors, so an office can test the
copy it edited in Word before putting it in place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from pathlib import Path

from inspector import workflows
from inspector.cli import case_documents_cmd, issued_files
from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.documents import schema as doc_schema
from inspector.documents.notice import FindingOverride
from inspector.documents.pdf import PdfUnavailableError, convert_to_pdf
from inspector.documents.template_check import check_file
from inspector.documents.templates import FILENAMES, office_template_path, resolve_template
from inspector.domain import DocumentKind
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.errors import UserError, ValidationError
from inspector.i18n import tr
from inspector.services.documents import evidence, export, issuing, views

KINDS = [k.value for k in DocumentKind]
INSPECTION_KINDS = [k.value for k in DocumentKind if k not in CASE_DOCUMENT_KINDS]


def register(sub: Actions) -> None:
    _register_document(sub)
    _register_documents(sub)
    _register_templates(sub)


def _register_document(sub: Actions) -> None:
    doc = command(
        sub, "document", "issue a document for an inspection (or write the issued one again)", _document
    )
    doc.add_argument(
        "inspection_id",
        help="the inspection's id (a case document: the case's; interview: the interview's)",
        metavar="ID",
    )
    doc.add_argument(
        "--kind",
        required=True,
        choices=[*INSPECTION_KINDS, *case_documents_cmd.CLI_KINDS],
        help="record, notice, reinspection or supplement; a case's: case-report, preservation, "
        "preservation-decision, interview, transfer",
    )
    doc.add_argument("--out", required=True, type=Path, metavar="FILE.docx", help="where to write the .docx")
    doc.add_argument("--pdf", action="store_true", help="also write FILE.pdf (needs LibreOffice)")
    doc.add_argument(
        "--deadline",
        action="append",
        default=[],
        metavar="CODE=DAYS",
        help="notice: change a finding's deadline in days (repeatable)",
    )
    doc.add_argument(
        "--correction",
        action="append",
        default=[],
        metavar="CODE=TEXT",
        help="notice: change a finding's demanded correction (repeatable)",
    )
    doc.add_argument(
        "--fact",
        action="append",
        default=[],
        metavar="CODE=TEXT",
        help="notice: change how a finding's facts are stated after 经查，你单位 (repeatable)",
    )
    doc.add_argument(
        "--replaces",
        metavar="NUMBER",
        help="issue the correction of this voided document (it names the one it replaces)",
    )


def _register_documents(sub: Actions) -> None:
    cmds = command_actions(sub, "documents", "issued documents: list, export, mark served, verify")

    lst = command(cmds, "list", "list issued documents, newest first", _list)
    lst.add_argument("--kind", choices=KINDS)
    lst.add_argument("--from", dest="date_from", metavar="DATE", help="issued on or after (YYYY-MM-DD)")
    lst.add_argument("--to", dest="date_to", metavar="DATE", help="issued on or before (YYYY-MM-DD)")
    lst.add_argument("--unserved", action="store_true", help="only documents not yet served")
    lst.add_argument("--json", action="store_true")

    exp = command(cmds, "export", "copy every document issued in a period into a folder", _export)
    exp.add_argument("--from", dest="date_from", required=True, metavar="DATE")
    exp.add_argument("--to", dest="date_to", required=True, metavar="DATE")
    exp.add_argument("--out", required=True, type=Path, metavar="DIR")
    exp.add_argument("--pdf", action="store_true", help="also convert them to PDF (needs LibreOffice)")

    srv = command(cmds, "served", "record that a document was handed to the party (送达)", _served)
    srv.add_argument("document_id")
    srv.add_argument("--at", metavar="DATETIME", help="when (ISO, e.g. 2026-11-30T15:00+08:00); default now")

    vd = command(cmds, "void", "void (作废) an issued document: it stays in the register, marked", _void)
    vd.add_argument("number", metavar="NUMBER", help="the document's number (or id)")
    vd.add_argument("--reason", required=True, help="why it is voided (recorded with who and when)")

    ver = command(
        cmds, "verify", "check every stored document against its SHA-256; exit 1 on a problem", _verify
    )
    ver.add_argument(
        "--restore", action="store_true", help="put back missing files that regenerate identically"
    )


def _register_templates(sub: Actions) -> None:
    tcmds = command_actions(sub, "templates", "Word templates: check an edited template, list placeholders")
    chk = command(tcmds, "check", "report syntax errors and unknown placeholders; exit 1 on errors", _check)
    chk.add_argument("file", type=Path, metavar="FILE")
    chk.add_argument("--kind", choices=KINDS, help="the document kind (default: from the file name)")
    fld = command(tcmds, "fields", "list the placeholders a template may use", _fields)
    fld.add_argument("--kind", choices=KINDS)
    command(tcmds, "list", "show which template each document kind uses", _templates_list)


def parse_date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            tr("{what}: “{value}” is not a date; write it as YYYY-MM-DD.", what=what, value=text)
        ) from None


def _uuid(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise UserError(tr("{value} is not a valid {what}.", value=text, what=what)) from None


def parse_overrides(
    deadlines: list[str], corrections: list[str], facts: list[str] | None = None
) -> dict[str, FindingOverride]:
    days: dict[str, int] = {}
    texts: dict[str, str] = {}
    stated: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for raw in deadlines:
        code, sep, value = raw.partition("=")
        if not sep or not code.strip():
            problems.append(("--deadline", tr("“{value}”: write CODE=DAYS, e.g. US-05=30.", value=raw)))
            continue
        try:
            days[code.strip()] = int(value)
        except ValueError:
            problems.append(("--deadline", tr("“{value}”: the days must be a whole number.", value=raw)))
    for raw in corrections:
        code, sep, value = raw.partition("=")
        if not sep or not code.strip() or not value.strip():
            problems.append(("--correction", tr("“{value}”: write CODE=TEXT.", value=raw)))
            continue
        texts[code.strip()] = value.strip()
    for raw in facts or []:
        code, sep, value = raw.partition("=")
        if not sep or not code.strip() or not value.strip():
            problems.append(("--fact", tr("“{value}”: write CODE=TEXT.", value=raw)))
            continue
        stated[code.strip()] = value.strip()
    if problems:
        raise ValidationError(problems)
    return {
        code: FindingOverride(correction=texts.get(code), deadline_days=days.get(code), fact=stated.get(code))
        for code in dict.fromkeys([*days, *texts, *stated])
    }


def _write_pdf(ctx: Context, docx: Path) -> int:
    try:
        (pdf,) = convert_to_pdf([(docx, docx.with_suffix(".pdf"))])
    except PdfUnavailableError as err:
        ctx.err(err.message)
        return 1
    ctx.out(tr("PDF written: {path}", path=str(pdf)))
    return 0


def _document(ctx: Context, args: argparse.Namespace) -> int:
    inspection_id = _uuid(args.inspection_id, tr("inspection id"))
    out: Path = args.out
    if out.suffix.lower() != ".docx":
        raise UserError(tr("The output file must end in .docx: {path}", path=str(out)))
    if args.kind in case_documents_cmd.CLI_KINDS:
        case_documents_cmd.run(ctx, args, inspection_id)
        return _write_pdf(ctx, out) if args.pdf else 0
    overrides = parse_overrides(args.deadline, args.correction, args.fact)
    with ctx.db.read() as s:
        existing = views.find_issued(s, ctx.config, inspection_id, args.kind)
        replaces = views.by_number(s, args.replaces).id if args.replaces else None
    if existing is not None and args.kind != "supplement":
        if overrides:
            raise UserError(
                tr(
                    "{number} is already issued; its deadlines and corrections can no longer change.",
                    number=existing.number,
                )
            )
        issued_files.write_again(ctx, existing, out)
    else:
        _issue(ctx, args, inspection_id, overrides, out, replaces=replaces)
    if args.pdf:
        return _write_pdf(ctx, out)
    return 0


def _issue(
    ctx: Context,
    args: argparse.Namespace,
    inspection_id: uuid.UUID,
    overrides: dict[str, FindingOverride],
    out: Path,
    *,
    replaces: uuid.UUID | None = None,
) -> None:
    """Issue through the workflow (a notice opens its rectification, an opinion records the result).
    A refusal (an unverified article, a missing 回避 answer…) names what to do, and nothing is written."""
    with ctx.db.read() as s:
        flags = issuing.prepare_issue(s, ctx.config, inspection_id, args.kind).flags
    changes = workflows.perform(
        ctx.db,
        lambda s: workflows.issue_document(
            s, ctx.actor, ctx.config, inspection_id, args.kind, overrides=overrides, replaces=replaces
        ),
    )
    assert changes.created is not None
    issued_files.write_new(ctx, changes.created, out)
    advice = workflows.escalation_advice(changes)
    if advice:
        ctx.out(advice)
    for message in issuing.flag_messages(flags):
        ctx.out(message)


def _void(ctx: Context, args: argparse.Namespace) -> int:
    changes = workflows.perform(
        ctx.db, lambda s: workflows.void_document(s, ctx.actor, ctx.config, args.number, args.reason)
    )
    with ctx.db.read() as s:
        (doc_id,) = changes.documents
        view = views.get_document(s, ctx.config, doc_id)
        target, kind = case_documents_cmd.correction_target(s, view) or (str(view.inspection_id), view.kind)
    ctx.out(
        tr(
            "{number} is void (作废); it stays in the register. Issue its correction with "
            "“inspector document {inspection} --kind {kind} --replaces {number} --out FILE.docx”.",
            number=view.number,
            inspection=target,
            kind=kind,
        )
    )
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    first = parse_date(args.date_from, "--from")
    last = parse_date(args.date_to, "--to")
    start = export.local_day_bounds(first, first)[0] if first else None
    end = export.local_day_bounds(last, last)[1] if last else None
    f = views.DocumentFilter(
        kind=args.kind, issued_from=start, issued_to=end, served=False if args.unserved else None
    )
    with ctx.db.read() as s:
        rows = views.list_documents(s, ctx.config, f, limit=100_000)
    if args.json:
        ctx.out_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        served = r.served_at.astimezone().strftime("%Y-%m-%d") if r.served_at else tr("not served")
        void = f"  {tr('VOID')}: {r.void_reason}（{r.voided_by_name}）" if r.voided else ""
        day = f"{r.issued_at.astimezone():%Y-%m-%d}"
        ctx.out(f"{day}  {r.number}  {r.title}  {r.site_name}  {served}  {r.id}{void}")
    ctx.out(tr("{count} document(s).", count=len(rows)))
    return 0


def _export(ctx: Context, args: argparse.Namespace) -> int:
    first = parse_date(args.date_from, "--from")
    last = parse_date(args.date_to, "--to")
    assert first is not None and last is not None
    with ctx.db.read() as s:
        try:
            report = export.export_documents(s, ctx.config, first, last, args.out, pdf=args.pdf)
        except PdfUnavailableError as err:
            ctx.err(err.message)
            return 1
    ctx.out(
        tr(
            "{count} document(s) exported to {folder} (list: manifest.csv).",
            count=len(report.files),
            folder=str(args.out),
        )
    )
    if report.pdfs:
        ctx.out(tr("{count} PDF(s) written.", count=len(report.pdfs)))
    for problem in report.problems:
        ctx.err(problem)
    return 1 if report.problems else 0


def _served(ctx: Context, args: argparse.Namespace) -> int:
    when = None
    if args.at:
        try:
            when = dt.datetime.fromisoformat(args.at)
        except ValueError:
            raise UserError(
                tr(
                    "--at: “{value}” is not a date and time; write e.g. 2026-11-30T15:00+08:00.",
                    value=args.at,
                )
            ) from None
        if when.tzinfo is None:
            when = when.astimezone()
    changes = workflows.perform(
        ctx.db, lambda s: workflows.serve_document(s, ctx.actor, ctx.config, args.document_id, when)
    )
    with ctx.db.read() as s:
        (doc_id,) = changes.documents
        view = views.get_document(s, ctx.config, doc_id)
    ctx.out(tr("{number} marked as served.", number=view.number))
    return 0


def _verify(ctx: Context, args: argparse.Namespace) -> int:
    bad = 0
    with ctx.db.read() as s:
        rows = views.list_documents(s, ctx.config, limit=10_000_000)
    for view in rows:
        state = evidence.verify_file(ctx.config, view)
        if state == "ok":
            continue
        if args.restore:
            try:
                with ctx.db.write() as s:
                    evidence.restore_file(s, ctx.actor, ctx.config, view.id)
                ctx.out(tr("{number}: restored {path}.", number=view.number, path=str(view.file_path)))
                continue
            except UserError as err:
                ctx.err(err.message)
        else:
            label = tr("missing") if state == "missing" else tr("altered")
            ctx.err(
                tr(
                    "{number}: the stored file is {state}: {path}",
                    number=view.number,
                    state=label,
                    path=str(view.file_path),
                )
            )
        bad += 1
    ctx.out(tr("{count} document(s) checked, {bad} with problems.", count=len(rows), bad=bad))
    return 1 if bad else 0


def _check(ctx: Context, args: argparse.Namespace) -> int:
    report = check_file(args.file, args.kind)
    for message in report.errors:
        ctx.err(tr("Error: {message}", message=message))
    for message in report.warnings:
        ctx.out(tr("Warning: {message}", message=message))
    if report.ok:
        kind = report.kind.value if report.kind else tr("any kind")
        ctx.out(
            tr(
                "{name}: the template can be used ({kind}, {count} placeholders).",
                name=args.file.name,
                kind=kind,
                count=len(report.placeholders),
            )
        )
        return 0
    ctx.err(
        tr(
            "{name}: {count} error(s); the template cannot be used as it is.",
            name=args.file.name,
            count=len(report.errors),
        )
    )
    return 1


def _fields(ctx: Context, args: argparse.Namespace) -> int:
    for path, kind in doc_schema.field_paths(doc_schema.schema_for(args.kind)):
        ctx.out(f"{path}  ({kind})")
    return 0


def _templates_list(ctx: Context, args: argparse.Namespace) -> int:
    for kind in DocumentKind:
        tf = resolve_template(ctx.config, kind)
        where = str(tf.path) if tf.path else tr("built-in")
        ctx.out(f"{kind.value:<13} {FILENAMES[kind]:<18} {where}  {tf.sha256[:12]}")
    ctx.out(
        tr(
            "An office's copy in {folder} replaces the built-in template of the same name.",
            folder=str(office_template_path(ctx.config, DocumentKind.NOTICE).parent),
        )
    )
    return 0
