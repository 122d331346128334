"""Tamper evidence: prove that nothing changed behind the app's back.

One check gathers every proof the data carries: the audit chain (events altered, removed or
reordered), every sealed record against its last audited state, every photo original against its
SHA-256, every issued document file against the hash stored when it was issued, every frozen checklist
against its content hash, and the audit events imported from other databases against their own
hashes. It also looks the other way, from the disk to the records: photo originals and document
files that no record names (orphans) mean records were lost (a database replaced or rolled back), or
at best that an import was interrupted. The report lists what does not match, in words a person can
act on; the command line exits non-zero when anything does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto import files
from inspector.i18n import os_reason, tr
from inspector.services import audit, stats_summary
from inspector.services.cases import checks as case_checks
from inspector.services.followup import reinspection
from inspector.storage.exchange_models import ExchangeAuditEvent
from inspector.storage.models import AuditEvent, Document, FormSnapshot

Progress = Callable[[str], None]


def _stranded(rectification_id: str) -> str:
    return tr(
        "the re-inspection is done (its opinion issued or its result recorded) but the rectification "
        "still awaits correction; open it on the follow-up board and issue the re-inspection opinion, "
        "or run “inspector rectifications complete {id}”, to record the result",
        id=rectification_id,
    )


@dataclass(frozen=True)
class Problem:
    # "database", "chain", "record", "photo", "document", "form", "foreign", "statistics",
    # "rectification", "orphan", "case"
    area: str
    subject: str  # what is affected: an event number, a record key, a file
    reason: str  # translated


@dataclass
class VerifyReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # how many things each area checked
    head_seq: int = 0
    head_hash: str = audit.GENESIS

    @property
    def ok(self) -> bool:
        return not self.problems


def document_path(config: Config, file_path: str) -> Path:
    """Where an issued document's file is: relative paths are inside the documents directory."""
    p = Path(file_path)
    return p if p.is_absolute() else config.documents_dir / p


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def stored_sha256(config: Config, path: Path) -> str:
    """SHA-256 of a stored photo's or document's plaintext ("" when a sealed file fails its check);
    ``OSError`` when it cannot be read."""
    try:
        return files.hash_file(config.key, path)[0]
    except files.SealedFileError:
        return ""


def _check_documents(session: Session, config: Config, report: VerifyReport) -> None:
    n = 0
    for doc_id, number, file_path, sha in session.execute(
        select(Document.id, Document.number, Document.file_path, Document.sha256).order_by(Document.issued_at)
    ):
        n += 1
        path = document_path(config, file_path)
        subject = f"{number or doc_id} ({path})"
        try:
            actual, _size = files.hash_file(config.key, path)  # decrypted in chunks when sealed
        except files.SealedFileError:
            actual = ""
        except FileNotFoundError:
            report.problems.append(Problem("document", subject, tr("the issued document's file is missing")))
            continue
        except OSError as err:
            report.problems.append(
                Problem(
                    "document",
                    subject,
                    tr("the file cannot be read: {reason}", reason=os_reason(err)),
                )
            )
            continue
        if actual != sha:
            report.problems.append(
                Problem(
                    "document",
                    subject,
                    tr("the file differs from the document as issued (its SHA-256 does not match)"),
                )
            )
    report.counts["documents"] = n


ORPHANS_LISTED = 50  # one line each; more are counted in one last line


def _orphans(report: VerifyReport, paths: list[str], reason: str) -> None:
    for path in paths[:ORPHANS_LISTED]:
        report.problems.append(Problem("orphan", path, reason))
    if len(paths) > ORPHANS_LISTED:
        more = tr("{n} more files like the ones above", n=len(paths) - ORPHANS_LISTED)
        report.problems.append(Problem("orphan", more, reason))
    report.counts["orphans"] = report.counts.get("orphans", 0) + len(paths)


# Below the documents directory, the archived copies of the templates documents were issued with
# (inspector/documents/templates.py): kept by hash, not records of their own.
TEMPLATE_ARCHIVE = "templates"


def _document_orphans(session: Session, config: Config) -> list[str]:
    """Files in the documents directory that no issued document names (a second copy of an issued
    document's content, as an exchange may leave, is not an orphan: no record is missing for it)."""
    root = config.documents_dir
    if not root.is_dir():
        return []
    rows = session.execute(select(Document.file_path, Document.sha256)).all()
    known = {document_path(config, path).resolve() for path, _ in rows}
    contents = {sha for _, sha in rows}
    archive = root / TEMPLATE_ARCHIVE
    found = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".") and p.parent != archive]
    orphans = []
    for p in found:
        if p.resolve() in known:
            continue
        try:
            if stored_sha256(config, p) in contents:  # decrypted when sealed
                continue
        except OSError:
            pass
        orphans.append(str(p))
    return sorted(orphans)


def _check_photos(session: Session, config: Config, report: VerifyReport) -> None:
    from inspector.services import photos

    result = photos.verify_originals(session, config)
    _orphans(
        report,
        [str(photos.original_path(config, sha)) for sha in result.unreferenced],
        tr(
            "a photo original on disk that no record names: its record was lost (restore the database "
            "from a backup), or an import was interrupted"
        ),
    )
    for p in result.missing:
        report.problems.append(
            Problem(
                "photo",
                f"{p.sha256[:16]} ({', '.join(p.filenames)})",
                tr("the photo original is missing from the photo store"),
            )
        )
    for p in result.altered:
        report.problems.append(
            Problem(
                "photo",
                f"{p.sha256[:16]} ({', '.join(p.filenames)})",
                tr("the photo original was altered (its SHA-256 does not match)"),
            )
        )
    report.counts["photos"] = result.checked


def _check_forms(session: Session, report: VerifyReport) -> None:
    n = 0
    for sha, form_id, version, content in session.execute(
        select(FormSnapshot.sha256, FormSnapshot.form_id, FormSnapshot.version, FormSnapshot.content)
    ):
        n += 1
        if hashlib.sha256(content.encode("utf-8")).hexdigest() != sha:
            report.problems.append(
                Problem(
                    "form",
                    f"{form_id} {version} ({sha[:12]})",
                    tr("the frozen checklist was altered (its content does not match its hash)"),
                )
            )
    report.counts["forms"] = n


def _check_foreign(session: Session, report: VerifyReport) -> None:
    n = 0
    for ev in session.execute(
        select(ExchangeAuditEvent).order_by(ExchangeAuditEvent.origin, ExchangeAuditEvent.seq)
    ).scalars():
        n += 1
        if audit.event_hash(AuditEvent(**audit.hashed_values(ev))) != ev.hash:
            report.problems.append(
                Problem(
                    "foreign",
                    f"{ev.origin[:8]}#{ev.seq}",
                    tr("an audit event imported from another database was altered"),
                )
            )
    report.counts["foreign_events"] = n


def _check_file(session: Session, config: Config, report: VerifyReport) -> None:
    """SQLite's structural check of the file: a damaged page (an index, say) that no record check
    reads would otherwise go unnoticed until the day it is needed."""
    if session.get_bind().dialect.name != "sqlite":
        return
    found = [str(r[0]) for r in session.execute(text("PRAGMA quick_check(20)"))]
    if found != ["ok"]:
        report.problems.append(
            Problem(
                "database",
                config.describe_db(),
                tr(
                    "the database file is damaged ({detail}); restore it from a backup",
                    detail="; ".join(found)[:300],
                ),
            )
        )


def verify_all(session: Session, config: Config, progress: Progress | None = None) -> VerifyReport:
    """Run every check; read-only."""
    report = VerifyReport()
    say = progress or (lambda _msg: None)
    _check_file(session, config, report)
    say(tr("Checking the audit chain…"))
    chain = audit.verify_chain(session)
    report.problems += [Problem("chain", f"#{p.seq}", p.reason) for p in chain]
    report.head_seq, report.head_hash = audit.head(session)
    report.counts["events"] = report.head_seq
    say(tr("Checking every record against the audit trail…"))
    rows = audit.verify_rows(session)
    report.problems += [Problem("record", p.key, p.reason) for p in rows]
    say(tr("Checking the photo originals…"))
    _check_photos(session, config, report)
    say(tr("Checking the issued documents…"))
    _check_documents(session, config, report)
    _orphans(
        report,
        _document_orphans(session, config),
        tr(
            "a document file that no issued document names: its record was lost (restore the database "
            "from a backup), or the file was put there by hand"
        ),
    )
    _check_forms(session, report)
    _check_foreign(session, report)
    say(tr("Checking the cases…"))
    report.counts["cases"], found = case_checks.problems(session)
    report.problems += [Problem("case", subject, reason) for subject, reason in found]
    say(tr("Checking the rectifications…"))
    report.problems += [
        Problem("rectification", str(rid), _stranded(str(rid))) for rid in reinspection.stranded(session)
    ]
    say(tr("Checking the statistics summary…"))
    days = stats_summary.differences(session)
    if days:
        report.problems.append(
            Problem(
                "statistics",
                days[0].isoformat(),
                tr(
                    'The statistics summary differs from the records on {n} day(s); run "inspector db '
                    'rebuild-stats".',
                    n=len(days),
                ),
            )
        )
    return report
