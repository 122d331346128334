"""Exporting a package: the records a laptop made or changed, with their photos and documents.

What goes in: with ``since``, every record with a time at or after it (any of its time columns:
created, updated, imported, issued, served, deleted…) plus every record whose content differs from
the version last exchanged (a caption edit has no time of its own); without ``since``, everything.
The records those refer to are added as well (the inspection of an answer, its site, its inspectors,
its checklist), so a package is always complete in itself; the receiver skips what it already has.

Each record carries the digest of its version and of the version it was derived from (the one last
exchanged); that is how the receiver tells "changed only here" from "changed on both sides". After
the package is safely on disk, the exported versions become the last exchanged ones. The package is
signed with this installation's key over its manifest (:mod:`inspector.exchange.signing`), and the
signed zip is written encrypted for the receiving computers (:mod:`inspector.exchange.envelope`).

The database is read in one consistent snapshot (a read transaction on SQLite, REPEATABLE READ on
PostgreSQL), so a package never holds an answer without the inspection state it belonged to.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Uuid, func, select
from sqlalchemy.orm import Session

import inspector
from inspector.archive import ArchiveWriter, writing
from inspector.config import Config
from inspector.crypto import files
from inspector.domain import Role
from inspector.errors import UserError
from inspector.exchange import envelope, signing
from inspector.exchange.identity import install_id
from inspector.exchange.records import (
    People,
    encode_row,
    exchanged_tables,
    key_of,
    local_people,
    payload_digest,
    references,
)
from inspector.i18n import tr
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.verify import document_path, stored_sha256
from inspector.storage.db import Database, head_revision
from inspector.storage.exchange_models import ExchangeLog, ExchangeState
from inspector.storage.models import AuditEvent
from inspector.storage.types import UTCDateTime, utcnow

FORMAT = "inspector-exchange"
FORMAT_VERSION = 1
MANIFEST = "package.json"
AUDIT_MEMBER = "audit.jsonl"
Progress = Callable[[str], None]


@dataclass
class ExportResult:
    path: Path
    package_id: uuid.UUID
    counts: dict[str, int] = field(default_factory=dict)
    photos: int = 0
    documents: int = 0
    events: int = 0
    recipients: list[str] = field(default_factory=list)

    @property
    def records(self) -> int:
        return sum(self.counts.values())


@dataclass
class _Selected:
    payload: dict[str, Any]
    digest: str
    base: str | None


def _snapshot(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _select_records(
    session: Session, since: dt.datetime | None, state: dict[tuple[str, str], str]
) -> dict[str, dict[str, _Selected]]:
    chosen: dict[str, dict[str, _Selected]] = {}
    people = local_people(session)
    for table in exchanged_tables():
        times = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
        picked: dict[str, _Selected] = {}
        for row in session.execute(select(table).execution_options(yield_per=2000)).mappings():
            payload = encode_row(table, row)
            key = key_of(table, row)
            d = payload_digest(table, payload, people)
            base = state.get((table.name, key))
            recent = since is None or base != d or any(row[t] is not None and row[t] >= since for t in times)
            if recent:
                picked[key] = _Selected(payload, d, base)
        chosen[table.name] = picked
    _add_referenced(session, chosen, state, people)
    return chosen


def _add_referenced(
    session: Session,
    chosen: dict[str, dict[str, _Selected]],
    state: dict[tuple[str, str], str],
    people: People,
) -> None:
    """Add every record a chosen record refers to, until nothing is missing."""
    tables = {t.name: t for t in exchanged_tables()}
    while True:
        wanted: dict[tuple[str, str], set[Any]] = {}
        for name, records in chosen.items():
            for col, referred, ref_col in references(tables[name]):
                if referred.name not in tables:
                    continue
                by_key = [c.name for c in referred.primary_key.columns] == [ref_col]
                have = chosen[referred.name]
                for sel in records.values():
                    value = sel.payload.get(col)
                    if value is not None and not (by_key and str(value) in have):
                        wanted.setdefault((referred.name, ref_col), set()).add(value)
        added = False
        for (name, ref_col), values in wanted.items():
            table = tables[name]
            column = table.columns[ref_col]
            raw = [uuid.UUID(v) if isinstance(column.type, Uuid) else v for v in sorted(values)]
            for i in range(0, len(raw), 400):
                for row in session.execute(select(table).where(column.in_(raw[i : i + 400]))).mappings():
                    key = key_of(table, row)
                    if key not in chosen[name]:
                        payload = encode_row(table, row)
                        chosen[name][key] = _Selected(
                            payload, payload_digest(table, payload, people), state.get((name, key))
                        )
                        added = True
        if not added:
            return


def export_package(
    db: Database,
    config: Config,
    actor: Actor,
    out: Path,
    *,
    since: dt.datetime | None = None,
    progress: Progress | None = None,
    to: Sequence[str] = (),
) -> ExportResult:
    """Write a package of this database's records (see the module docstring) to ``out``, encrypted
    for the computers named in ``to`` (names or fingerprints), else for every enrolled one."""
    actor.require(Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)
    say = progress or (lambda _m: None)
    if since is not None and since.tzinfo is None:
        raise UserError(tr("The --since time needs a time zone (e.g. 2026-11-01T08:00+08:00)."))
    out = out.expanduser().resolve()
    seal = signing.sealer(config)  # made (or refused) before anything is read or written
    with db.write() as s:
        origin = install_id(s)
        recipients = envelope.recipients(s, to)
    package_id = uuid.uuid4()
    created = utcnow()
    result = ExportResult(path=out, package_id=package_id, recipients=[r.name for r in recipients])
    with db.read() as s:
        _snapshot(s)
        say(tr("Collecting the records…"))
        chosen = _select_records(s, since, _exchange_state(s))
        events = _events_since(s, since)
        _, head = audit.head(s)
    with writing(out, MANIFEST, wrap=envelope.sealing([*recipients, envelope.own_recipient(config)])) as w:
        _write_records(w, chosen, result)
        say(tr("Copying the photo originals…"))
        _write_photo_files(w, config, chosen, result)
        _write_document_files(w, config, chosen, result)
        if events:
            w.add_bytes(AUDIT_MEMBER, _jsonl(events))
        result.events = len(events)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": inspector.__version__,
            "schema": head_revision(),
            "package_id": str(package_id),
            "origin": origin,
            "created_at": created.isoformat(timespec="microseconds"),
            "since": since.astimezone(dt.UTC).isoformat() if since else None,
            "counts": result.counts,
            "audit_head": head,
        }
        w.commit(manifest, seal=seal, seal_name=signing.SEAL)
    _remember(db, actor, result, chosen, origin=origin, created=created)
    return result


def _exchange_state(s: Session) -> dict[tuple[str, str], str]:
    """The digest of each record's version last exported or imported."""
    rows = s.execute(select(ExchangeState.entity, ExchangeState.record_id, ExchangeState.digest))
    return {(e, k): d for e, k, d in rows}


def _events_since(s: Session, since: dt.datetime | None) -> list[dict[str, Any]]:
    """The audit events travel as one unbroken stretch of the chain (from the first one at or after
    ``since`` to the end), so the receiver can check that each links to the one before."""
    events_q = select(AuditEvent).order_by(AuditEvent.seq)
    if since is not None:
        first = s.execute(select(func.min(AuditEvent.seq)).where(AuditEvent.at >= since)).scalar()
        events_q = events_q.where(AuditEvent.seq >= (first if first is not None else 1 << 62))
    return [_event_json(ev) for ev in s.execute(events_q).scalars()]


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return ("\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows) + "\n").encode("utf-8")


def _write_records(w: ArchiveWriter, chosen: dict[str, dict[str, _Selected]], result: ExportResult) -> None:
    for name, records in chosen.items():
        if not records:
            continue
        rows = [
            {"key": k, "data": sel.payload, "digest": sel.digest, "base": sel.base}
            for k, sel in sorted(records.items())
        ]
        w.add_bytes(f"records/{name}.jsonl", _jsonl(rows))
        result.counts[name] = len(records)


def _write_photo_files(
    w: ArchiveWriter, config: Config, chosen: dict[str, dict[str, _Selected]], result: ExportResult
) -> None:
    from inspector.photos import store

    for sha in sorted({sel.payload["sha256"] for sel in chosen.get("photos", {}).values()}):
        path = store.original_path(config.photo_dir, sha)
        if not path.is_file() or stored_sha256(config, path) != sha:
            raise UserError(
                tr(
                    "The photo original {sha} is missing or altered, so the package was not "
                    'made. Run "inspector verify" and restore the photo from a backup.',
                    sha=sha[:12],
                )
            )
        with files.open_reader(config.key, path) as src:
            w.add_stream(f"files/photos/{sha}", src, compress=False)
        result.photos += 1


def _write_document_files(
    w: ArchiveWriter, config: Config, chosen: dict[str, dict[str, _Selected]], result: ExportResult
) -> None:
    for sel in sorted(chosen.get("documents", {}).values(), key=lambda x: str(x.payload["sha256"])):
        sha = sel.payload["sha256"]
        if f"files/documents/{sha}" in w.files:
            continue
        path = document_path(config, sel.payload["file_path"])
        if not path.is_file() or stored_sha256(config, path) != sha:
            raise UserError(
                tr(
                    "The file of document {number} is missing or altered, so the package was "
                    'not made. Run "inspector verify".',
                    number=sel.payload.get("number") or sha[:12],
                )
            )
        with files.open_reader(config.key, path) as src:
            w.add_stream(f"files/documents/{sha}", src)
        result.documents += 1


def _remember(
    db: Database,
    actor: Actor,
    result: ExportResult,
    chosen: dict[str, dict[str, _Selected]],
    *,
    origin: str,
    created: dt.datetime,
) -> None:
    """The exported versions become the last exchanged ones; the export is logged and audited."""
    with db.write() as s:
        for name, records in chosen.items():
            existing = {
                r.record_id: r
                for r in s.execute(select(ExchangeState).where(ExchangeState.entity == name)).scalars()
            }
            now = utcnow()
            for key, sel in records.items():
                row = existing.get(key)
                if row is None:
                    s.add(ExchangeState(entity=name, record_id=key, digest=sel.digest, exchanged_at=now))
                elif row.digest != sel.digest:
                    row.digest = sel.digest
                    row.exchanged_at = now
        s.add(
            ExchangeLog(
                package_id=result.package_id,
                direction="export",
                origin=origin,
                created_at=created,
                actor_name=actor.name[:64],
                file_name=result.path.name[:255],
                counts={
                    **result.counts,
                    "photos": result.photos,
                    "documents": result.documents,
                    "events": result.events,
                },
            )
        )
        s.flush()
        audit.record(
            s,
            actor,
            "exchange.export",
            "package",
            result.package_id,
            detail={"file": result.path.name, "records": result.records, "photos": result.photos},
        )


def _event_json(ev: AuditEvent) -> dict[str, Any]:
    return {
        "seq": ev.seq,
        **audit.event_facts(ev),
        "before_digest": ev.before_digest,
        "after_digest": ev.after_digest,
        "detail": ev.detail,
        "prev_hash": ev.prev_hash,
        "hash": ev.hash,
    }
