"""What an import does besides applying records: check every reference and file against this
database, copy the photo originals and document files in (before the write transaction: harmless
if it fails, nothing refers to them yet), read the local rows of the incoming keys, keep the
sender's audit events, and make the derived photo images afterwards. The order of work is in
:mod:`inspector.exchange.importer`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Table, Uuid, select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.crypto import files
from inspector.exchange.package import Package, refused
from inspector.exchange.records import Incoming, exchanged_tables, key_of, references
from inspector.i18n import tr
from inspector.services import audit
from inspector.services.verify import document_path, stored_sha256
from inspector.storage.exchange_models import ExchangeAuditEvent

log = logging.getLogger(__name__)
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


def _py(table: Table, column: str, value: Any) -> Any:
    return (
        uuid.UUID(str(value))
        if isinstance(table.columns[column].type, Uuid) and not isinstance(value, uuid.UUID)
        else value
    )


def _existing(s: Session, table: Table, column: str, values: set[Any]) -> set[str]:
    found: set[str] = set()
    col = table.columns[column]
    items = sorted(values, key=str)
    for i in range(0, len(items), 400):
        chunk = [_py(table, column, v) for v in items[i : i + 400]]
        found.update(str(v) for v in s.execute(select(col).where(col.in_(chunk))).scalars())
    return found


def check_database(s: Session, config: Config, pkg: Package) -> None:
    """References and files: everything an incoming record needs must be in the package or here."""
    from inspector.photos import store

    problems: list[str] = []
    needed: dict[tuple[str, str], set[Any]] = {}
    tables = {t.name: t for t in exchanged_tables()}
    for name, records in pkg.records.items():
        for col, referred, ref_col in references(tables[name]):
            in_package = pkg.records.get(referred.name, {})
            by_key = [c.name for c in referred.primary_key.columns] == [ref_col]
            for inc in records.values():
                value = inc.values.get(col)
                if value is not None and not (by_key and str(value) in in_package):
                    needed.setdefault((referred.name, ref_col), set()).add(value)
    for (ref_table, ref_col), values in sorted(needed.items()):
        table = tables.get(ref_table)
        if table is None:
            continue
        here = _existing(s, table, ref_col, values)
        missing = {str(v) for v in values} - here
        if missing:
            problems += _describe_missing(pkg, tables, ref_table, ref_col, missing)
    for inc in pkg.records.get("photos", {}).values():
        sha = str(inc.values["sha256"])
        if not pkg.has_file("photos", sha) and not store.original_path(config.photo_dir, sha).is_file():
            problems.append(
                tr("photo {id}: its original is neither in the package nor in this photo store", id=inc.key)
            )
    for inc in pkg.records.get("documents", {}).values():
        if not pkg.has_file("documents", str(inc.values["sha256"])) and local_document(config, inc) is None:
            problems.append(tr("document {id}: its file is neither in the package nor here", id=inc.key))
    if problems:
        raise refused(pkg.path, problems)


def _describe_missing(
    pkg: Package, tables: dict[str, Table], ref_table: str, ref_col: str, missing: set[str]
) -> list[str]:
    out = []
    for name, records in pkg.records.items():
        for col, referred, rc in references(tables[name]):
            if referred.name != ref_table or rc != ref_col:
                continue
            for inc in records.values():
                value = inc.values.get(col)
                if value is not None and str(value) in missing:
                    out.append(
                        tr(
                            "{entity} {id}: refers to {other} {ref}, which is neither in the package nor "
                            "in this database",
                            entity=name,
                            id=inc.key,
                            other=ref_table,
                            ref=str(value),
                        )
                    )
    return out


def local_document(config: Config, inc: Incoming) -> str | None:
    """A usable local path (relative to the documents folder when possible) for an incoming document."""
    sha = str(inc.values["sha256"])
    given = str(inc.values["file_path"])
    candidates = [given, _received_name(sha, given)]
    for rel in candidates:
        p = document_path(config, rel)
        with contextlib.suppress(OSError):
            if p.is_file() and stored_sha256(config, p) == sha:
                return rel
    return None


def _received_name(sha: str, given: str) -> str:
    suffix = Path(given.replace("\\", "/")).suffix
    return f"received/{sha[:2]}/{sha}{suffix if _SUFFIX.match(suffix) else ''}"


def store_files(config: Config, pkg: Package) -> int:
    """Copy originals and documents in before the transaction; returns how many were new here."""
    from inspector.photos import store

    stored = 0
    with pkg.archive.open() as zf:
        for inc in pkg.records.get("photos", {}).values():
            sha = str(inc.values["sha256"])
            target = store.original_path(config.photo_dir, sha)
            present = target.is_file() and stored_sha256(config, target) == sha
            if pkg.has_file("photos", sha) and not present:
                data = pkg.archive.read_member(zf, f"files/photos/{sha}")
                stored += int(store.store_original(config.photo_dir, sha, data, key=config.key))
        for inc in pkg.records.get("documents", {}).values():
            sha = str(inc.values["sha256"])
            local = local_document(config, inc)
            if local is None:
                local = _received_name(sha, str(inc.values["file_path"]))
                data = pkg.archive.read_member(zf, f"files/documents/{sha}")
                files.write(config.key, config.documents_dir / local, data, mode=0o644)
                stored += 1
            inc.values["file_path"] = local
            inc.payload["file_path"] = local
    return stored


def derive_photos(config: Config, pkg: Package) -> None:
    """Working copies and thumbnails for the new photos (best effort: they can be rebuilt any time)."""
    from inspector.photos.derive import ensure_derived

    for inc in pkg.records.get("photos", {}).values():
        try:
            ensure_derived(
                config.photo_dir,
                str(inc.values["sha256"]),
                str(inc.values["original_filename"]),
                key=config.key,
            )
        except Exception as err:  # a photo this computer cannot decode stays usable as evidence
            log.warning("derived images for %s not made: %s", inc.key, err)


def load_locals(s: Session, table: Table, records: dict[str, Incoming]) -> dict[str, dict[str, Any]]:
    """The local rows with the incoming keys, in a few queries."""
    first = next(iter(table.primary_key.columns))
    values = sorted({inc.values[first.name] for inc in records.values()}, key=str)
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(values), 400):
        for row in s.execute(select(table).where(first.in_(values[i : i + 400]))).mappings():
            key = key_of(table, row)
            if key in records:
                found[key] = dict(row)
    return found


def store_events(s: Session, pkg: Package) -> int:
    ids = [fe.event.id for fe in pkg.events]
    have: set[uuid.UUID] = set()
    for i in range(0, len(ids), 400):
        have.update(
            s.execute(
                select(ExchangeAuditEvent.id).where(ExchangeAuditEvent.id.in_(ids[i : i + 400]))
            ).scalars()
        )
    n = 0
    for fe in pkg.events:
        ev = fe.event
        if ev.id in have:
            continue
        s.add(
            ExchangeAuditEvent(
                **audit.hashed_values(ev),
                origin=pkg.origin,
                package_id=pkg.package_id,
                seq=fe.seq,
                hash=ev.hash,
            )
        )
        n += 1
    s.flush()
    return n
