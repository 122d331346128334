"""Reading an incoming package and checking everything that can be checked without the database.

A package is refused as a whole, with every reason listed, when: it is not encrypted for this
computer, or its encryption fails authentication (:mod:`inspector.exchange.envelope`); the zip is
damaged or truncated; a member would unpack to more than a photo may be, or the whole to more than
the configured cap (both read from the zip's directory before anything is unpacked); a name could
escape a directory (``..``, absolute paths, drive letters, backslashes, symbolic links); a member
does not match the manifest's hash; it comes from a newer version of the app (format, schema
revision, unknown kinds of record or unknown fields); a record is malformed (wrong types, missing
required fields, a key that does not match its content, a digest that does not match); a frozen
checklist does not match its hash; an audit event does not match its hash or the chain it came in.
The database checks follow in :mod:`inspector.exchange.importer`: the signature
(:mod:`inspector.exchange.signing`), the rules no package may break
(:mod:`inspector.exchange.rules`), references and files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.archive import CheckedArchive, Limits, check_archive, total_limit
from inspector.config import Config
from inspector.errors import UserError
from inspector.exchange.envelope import open_envelope
from inspector.exchange.export import AUDIT_MEMBER, FORMAT, FORMAT_VERSION, MANIFEST
from inspector.exchange.records import (
    USERS,
    Incoming,
    PayloadError,
    decode_payload,
    key_of,
    payload_digest,
    table_named,
)
from inspector.exchange.signing import SEAL
from inspector.i18n import tr
from inspector.services.audit import event_hash
from inspector.storage.db import is_known_revision
from inspector.storage.models import AuditEvent

_RECORDS = re.compile(r"^records/([a-z_][a-z0-9_]{0,62})\.jsonl$")
_FILE = re.compile(r"^files/(photos|documents)/([0-9a-f]{64})$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_PROBLEMS = 20


@dataclass
class ForeignEvent:
    event: AuditEvent  # transient, never added to a session
    seq: int


@dataclass
class Package:
    archive: CheckedArchive
    package_id: uuid.UUID
    origin: str
    created_at: dt.datetime
    schema: str
    records: dict[str, dict[str, Incoming]] = field(default_factory=dict)
    events: list[ForeignEvent] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # the sender's accounts: id -> user name

    @property
    def path(self) -> Path:
        return self.archive.path

    def has_file(self, kind: str, sha: str) -> bool:
        return f"files/{kind}/{sha}" in self.archive.files


def refused(path: Path, problems: list[str]) -> UserError:
    shown = problems[:MAX_PROBLEMS]
    more = len(problems) - len(shown)
    text = "\n".join(f"- {p}" for p in shown)
    if more > 0:
        text += "\n" + tr("… and {n} more.", n=more)
    return UserError(
        tr("The package {file} was refused; nothing was changed:\n{problems}", file=path.name, problems=text)
    )


def _manifest_facts(path: Path, m: dict[str, Any]) -> tuple[uuid.UUID, str, dt.datetime, str]:
    version = m.get("format_version")
    schema = m.get("schema")
    if (
        not isinstance(version, int)
        or version > FORMAT_VERSION
        or not isinstance(schema, str)
        or not is_known_revision(schema)
    ):
        raise UserError(
            tr(
                "The package {file} was made by a newer version of the app (schema {rev}); install "
                "that version here first. Nothing was changed.",
                file=path.name,
                rev=str(schema),
            )
        )
    try:
        package_id = uuid.UUID(str(m.get("package_id")))
        origin = str(uuid.UUID(str(m.get("origin"))))
        created = dt.datetime.fromisoformat(str(m.get("created_at")))
        if created.tzinfo is None:
            raise ValueError
    except ValueError as err:
        raise refused(path, [tr("the package manifest is malformed")]) from err
    return package_id, origin, created, schema


def package_limits() -> Limits:
    """A photo original's limit for each file; record lists and the audit trail count only against
    the configured cap for the whole package."""
    from inspector.photos.decode import MAX_FILE_BYTES

    return Limits(member=MAX_FILE_BYTES, total=total_limit(), bulk=("records/", AUDIT_MEMBER))


def open_package(path: Path, config: Config) -> Package:
    """Open the envelope with this computer's key, then check the archive inside (sizes, names,
    hashes, manifest, version) without decoding the records yet or writing anything; the signature
    is kept for :func:`inspector.exchange.signing.signer_of`."""
    opener = open_envelope(path, config)
    archive = check_archive(path, MANIFEST, FORMAT, limits=package_limits(), seal_name=SEAL, opener=opener)
    package_id, origin, created, schema = _manifest_facts(path, archive.manifest)
    return Package(archive=archive, package_id=package_id, origin=origin, created_at=created, schema=schema)


def decode_records(pkg: Package) -> Package:
    """Decode and check every record, file and audit event; raises a UserError listing every problem."""
    archive = pkg.archive
    problems: list[str] = []
    users_member = f"records/{USERS}.jsonl"
    with archive.open() as zf:
        # the accounts first: the other records' digests name people by their user names
        for name in sorted(archive.files, key=lambda n: (n != users_member, n)):
            if name == AUDIT_MEMBER:
                _read_events(pkg, archive.read_member(zf, name), problems)
                continue
            f = _FILE.match(name)
            if f:
                if archive.files[name]["sha256"] != f.group(2):
                    problems.append(tr("{name} does not match its hash in the manifest", name=name))
                continue
            r = _RECORDS.match(name)
            if not r:
                problems.append(tr("{name} does not belong in an exchange package", name=name))
                continue
            table = table_named(r.group(1))
            if table is None:
                problems.append(
                    tr(
                        "{name}: records of a kind this version does not know (made by a newer "
                        "version of the app?)",
                        name=name,
                    )
                )
                continue
            _read_records(pkg, name, table, archive.read_member(zf, name), problems)
            if table.name == USERS:
                pkg.people = {key: str(inc.values["username"]) for key, inc in pkg.records[USERS].items()}
    _check_files(pkg, problems)
    if problems:
        raise refused(pkg.path, problems)
    return pkg


def read_package(path: Path, config: Config) -> Package:
    """Check ``path`` completely and decode it; raises a UserError listing every problem found."""
    return decode_records(open_package(path, config))


def _read_records(pkg: Package, name: str, table: Any, data: bytes, problems: list[str]) -> None:
    records: dict[str, Incoming] = pkg.records.setdefault(table.name, {})
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(tr("{name} is not UTF-8 text", name=name))
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("key"), str):
                raise PayloadError(tr("the record is not an object"))
            values = decode_payload(table, obj.get("data"))
            key = obj["key"]
            if key_of(table, values) != key:
                raise PayloadError(tr("the key {key} does not match the record", key=key[:80]))
            payload = obj["data"]
            digest = payload_digest(table, payload, pkg.people)
            if obj.get("digest") != digest:
                raise PayloadError(tr("the record does not match its digest"))
            base = obj.get("base")
            if base is not None and not (isinstance(base, str) and _HEX64.match(base)):
                raise PayloadError(tr("the base digest is malformed"))
            if key in records:
                raise PayloadError(tr("the record {key} appears twice", key=key[:80]))
            if (
                table.name == "form_snapshots"
                and hashlib.sha256(str(values["content"]).encode("utf-8")).hexdigest() != values["sha256"]
            ):
                raise PayloadError(tr("the frozen checklist does not match its hash"))
            if table.name in ("photos", "documents") and not _HEX64.match(str(values["sha256"])):
                raise PayloadError(tr("sha256 is not a SHA-256 digest"))
        except json.JSONDecodeError:
            problems.append(tr("{where}: not valid JSON", where=where))
            continue
        except PayloadError as err:
            problems.append(f"{where}: {err}")
            continue
        records[key] = Incoming(
            table=table, key=key, payload=payload, values=values, digest=digest, base=base
        )


def _check_files(pkg: Package, problems: list[str]) -> None:
    """Every file in the package must belong to a record in it (nothing smuggled in)."""
    wanted = {f"files/photos/{inc.values['sha256']}" for inc in pkg.records.get("photos", {}).values()}
    wanted |= {f"files/documents/{inc.values['sha256']}" for inc in pkg.records.get("documents", {}).values()}
    for name in sorted(n for n in pkg.archive.files if n.startswith("files/")):
        if name not in wanted:
            problems.append(tr("{name} belongs to no record in the package", name=name))


def _read_events(pkg: Package, data: bytes, problems: list[str]) -> None:
    previous: ForeignEvent | None = None
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        problems.append(tr("{name} is not UTF-8 text", name=AUDIT_MEMBER))
        return
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{AUDIT_MEMBER}:{lineno}"
        try:
            e = json.loads(line)
            at = dt.datetime.fromisoformat(e["at"])
            if at.tzinfo is None or not isinstance(e["seq"], int) or isinstance(e["seq"], bool):
                raise ValueError
            detail = e.get("detail")
            if detail is not None and not isinstance(detail, dict):
                raise ValueError
            ev = AuditEvent(
                id=uuid.UUID(e["id"]),
                at=at.astimezone(dt.UTC),
                actor_id=uuid.UUID(e["actor_id"]) if e.get("actor_id") else None,
                actor_name=str(e["actor_name"])[:64],
                action=str(e["action"])[:32],
                entity=str(e["entity"])[:32],
                entity_id=str(e["entity_id"])[:64],
                before_digest=e.get("before_digest"),
                after_digest=e.get("after_digest"),
                detail=detail,
                prev_hash=str(e["prev_hash"]),
                hash=str(e["hash"]),
            )
        except (ValueError, KeyError, TypeError):
            problems.append(tr("{where}: a malformed audit event", where=where))
            continue
        if event_hash(ev) != ev.hash:
            problems.append(
                tr("{where}: the audit event does not match its hash (it was altered)", where=where)
            )
            continue
        fe = ForeignEvent(event=ev, seq=e["seq"])
        if previous is not None and fe.seq <= previous.seq:
            problems.append(tr("{where}: the audit events are out of order", where=where))
            continue
        if previous is not None and ev.prev_hash != previous.event.hash:
            problems.append(
                tr("{where}: the audit chain is broken (an event was removed or altered)", where=where)
            )
        pkg.events.append(fe)
        previous = fe
