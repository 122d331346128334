"""Importing a package: validate everything, then write it in one transaction.

Order of work, so that a refusal changes nothing and a crash leaves no half-import:

1. :func:`~inspector.exchange.package.read_package` checks the archive and every record on its own.
2. The database checks, in a read transaction: every reference (an answer's inspection, a photo's
   inspection, an inspection's site and inspectors…) must be in the package or already here; every
   photo and document must have its file in the package or here. Any problem refuses the package.
3. Photo originals are copied into the content-addressed store and document files into
   ``documents/received/`` — harmless if what follows fails, because nothing refers to them yet.
4. One write transaction re-checks the references and applies every record, then commits.

How each incoming record is applied (``mine`` = the local version, ``theirs`` = the package's,
``base`` = the version theirs was derived from, ``last`` = the version last exchanged here):

- not here yet → inserted; a clash with a unique value held by another local record is a conflict:
  a licence number or document number is cleared on the incoming record (so both records exist and
  nothing is lost), a user name gets a suffix, anything else (two answers to the same item) is held
  back in the conflict list;
- ``mine == theirs`` → nothing to do;
- ``theirs == last`` → already exchanged; this side changed it since → kept;
- ``mine == base`` → changed only there → updated;
- otherwise both sides changed it → a conflict for a person, nothing overwritten.

Existing accounts are never changed by a package (they are managed where they live), and accounts
that arrive have no password. Document numbers never collide silently: each laptop issues from its
own series (its number pattern carries its own code), and a number that does clash on import is
cleared on the incoming document and listed as a conflict, to be settled by a person.

The package's audit events are stored, with their own hashes, in ``exchange_audit_events``; the local
chain gets events for the import itself, which seal every row the import wrote.
"""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    UniqueConstraint,
    Uuid,
    and_,
    bindparam,
    exc,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from inspector import durable
from inspector.config import Config
from inspector.domain import Role
from inspector.errors import UserError
from inspector.exchange.identity import peek_install_id
from inspector.exchange.package import Package, decode_records, open_package, refused
from inspector.exchange.records import (
    INSERT_ONLY,
    Incoming,
    deferred_columns,
    encode_row,
    exchanged_tables,
    key_of,
    payload_digest,
    references,
)
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.services.verify import document_path, sha256_file
from inspector.storage.db import Database
from inspector.storage.exchange_models import ExchangeAuditEvent, ExchangeConflict, ExchangeLog, ExchangeState
from inspector.storage.types import utcnow

log = logging.getLogger(__name__)
Progress = Callable[[str], None]
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")


@dataclass
class ImportResult:
    package_id: uuid.UUID
    origin: str
    already: bool = False
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    events: int = 0
    files: int = 0

    def counts(self) -> dict[str, Any]:
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept,
            "conflicts": self.conflicts,
            "events": self.events,
            "files": self.files,
        }


def import_package(
    db: Database, config: Config, actor: Actor, path: Path, progress: Progress | None = None
) -> ImportResult:
    actor.require(Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)
    say = progress or (lambda _m: None)
    say(tr("Checking the package…"))
    pkg = open_package(path)
    result = ImportResult(package_id=pkg.package_id, origin=pkg.origin)
    with db.read() as s:
        if _already(s, pkg, result):
            return result
    decode_records(pkg)
    with db.read() as s:
        _check_database(s, config, pkg)
    say(tr("Copying the files…"))
    result.files = _store_files(config, pkg)
    say(tr("Importing the records…"))
    try:
        with db.write() as s:
            if _already(s, pkg, result):
                return result
            _check_database(s, config, pkg)
            _apply(s, actor, pkg, result)
    except exc.IntegrityError as err:
        raise UserError(
            tr(
                "The package {file} could not be imported because a record breaks a rule of the "
                "database ({reason}). Nothing was changed.",
                file=path.name,
                reason=str(err.orig or err).splitlines()[0][:300],
            )
        ) from err
    _derive_photos(config, pkg)
    return result


def _already(s: Session, pkg: Package, result: ImportResult) -> bool:
    if pkg.origin == peek_install_id(s):
        raise UserError(
            tr(
                "The package {file} was made by this database; import it on another computer. "
                "Nothing was changed.",
                file=pkg.path.name,
            )
        )
    if s.get(ExchangeLog, pkg.package_id) is not None:
        result.already = True
        return True
    return False


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


def _check_database(s: Session, config: Config, pkg: Package) -> None:
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
        if not pkg.has_file("documents", str(inc.values["sha256"])) and _local_document(config, inc) is None:
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


def _local_document(config: Config, inc: Incoming) -> str | None:
    """A usable local path (relative to the documents folder when possible) for an incoming document."""
    sha = str(inc.values["sha256"])
    given = str(inc.values["file_path"])
    candidates = [given, _received_name(sha, given)]
    for rel in candidates:
        p = document_path(config, rel)
        with contextlib.suppress(OSError):
            if p.is_file() and sha256_file(p) == sha:
                return rel
    return None


def _received_name(sha: str, given: str) -> str:
    suffix = Path(given.replace("\\", "/")).suffix
    return f"received/{sha[:2]}/{sha}{suffix if _SUFFIX.match(suffix) else ''}"


def _store_files(config: Config, pkg: Package) -> int:
    """Copy originals and documents in before the transaction; returns how many were new here."""
    from inspector.photos import store

    stored = 0
    with pkg.archive.open() as zf:
        for inc in pkg.records.get("photos", {}).values():
            sha = str(inc.values["sha256"])
            target = store.original_path(config.photo_dir, sha)
            if pkg.has_file("photos", sha) and not (target.is_file() and sha256_file(target) == sha):
                data = pkg.archive.read_member(zf, f"files/photos/{sha}")
                stored += int(store.store_original(config.photo_dir, sha, data))
        for inc in pkg.records.get("documents", {}).values():
            sha = str(inc.values["sha256"])
            local = _local_document(config, inc)
            if local is None:
                local = _received_name(sha, str(inc.values["file_path"]))
                data = pkg.archive.read_member(zf, f"files/documents/{sha}")
                durable.write_atomic(config.documents_dir / local, data, mode=0o644)
                stored += 1
            inc.values["file_path"] = local
            inc.payload["file_path"] = local
    return stored


def _derive_photos(config: Config, pkg: Package) -> None:
    """Working copies and thumbnails for the new photos (best effort: they can be rebuilt any time)."""
    from inspector.photos.derive import ensure_derived

    for inc in pkg.records.get("photos", {}).values():
        try:
            ensure_derived(config.photo_dir, str(inc.values["sha256"]), str(inc.values["original_filename"]))
        except Exception as err:  # a photo this computer cannot decode stays usable as evidence
            log.warning("derived images for %s not made: %s", inc.key, err)


# --- applying ------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    session: Session
    actor: Actor
    pkg: Package
    result: ImportResult
    states: dict[tuple[str, str], str]  # the version last exchanged, as loaded
    new_states: dict[tuple[str, str], str] = field(default_factory=dict)
    open_conflicts: set[tuple[str, str, str]] = field(default_factory=set)
    deferred: list[tuple[Table, dict[str, Any], dict[str, Any]]] = field(default_factory=list)


def _apply(s: Session, actor: Actor, pkg: Package, result: ImportResult) -> None:
    """Rows are written with Core statements in foreign-key order (parents first), table by table and
    in batches; each written row is handed to the audit trail to be sealed by the import's events."""
    log_row = ExchangeLog(
        package_id=pkg.package_id,
        direction="import",
        origin=pkg.origin,
        created_at=pkg.created_at,
        actor_name=actor.name[:64],
        file_name=pkg.path.name[:255],
        counts={},
    )
    s.add(log_row)
    s.flush()
    ctx = _Ctx(session=s, actor=actor, pkg=pkg, result=result, states=_load_states(s, pkg))
    ctx.open_conflicts = {
        (c.entity, c.record_id, c.theirs_digest)
        for c in s.execute(select(ExchangeConflict).where(ExchangeConflict.resolved_at.is_(None))).scalars()
    }
    for table in exchanged_tables():
        records = pkg.records.get(table.name)
        if records:
            _apply_table(ctx, table, records)
    for table, pk, values in ctx.deferred:
        s.execute(update(table).where(_pk_match(table, pk)).values(**values))
    _write_states(ctx)
    s.flush()
    for name, records in pkg.records.items():
        stats_summary.refresh_for_rows(s, name, [inc.values for inc in records.values()])
    for table in exchanged_tables():
        name = table.name
        if result.inserted.get(name) or result.updated.get(name):
            audit.record(
                s,
                actor,
                "exchange.import",
                name[:32],
                pkg.package_id,
                detail={"inserted": result.inserted.get(name, 0), "updated": result.updated.get(name, 0)},
            )
    result.events = _store_events(s, pkg)
    log_row.counts = result.counts()
    s.flush()
    audit.record(
        s,
        actor,
        "exchange.import",
        "package",
        pkg.package_id,
        detail={"file": pkg.path.name, "origin": pkg.origin, **result.counts()},
    )


def _load_states(s: Session, pkg: Package) -> dict[tuple[str, str], str]:
    states: dict[tuple[str, str], str] = {}
    for name, records in pkg.records.items():
        keys = sorted(records)
        for i in range(0, len(keys), 400):
            q = select(ExchangeState.record_id, ExchangeState.digest).where(
                ExchangeState.entity == name, ExchangeState.record_id.in_(keys[i : i + 400])
            )
            for key, digest in s.execute(q):
                states[(name, key)] = digest
    return states


def _write_states(ctx: _Ctx) -> None:
    table = ExchangeState.metadata.tables[ExchangeState.__tablename__]
    now = utcnow()
    fresh = [
        {"entity": e, "record_id": k, "digest": d, "exchanged_at": now}
        for (e, k), d in ctx.new_states.items()
        if (e, k) not in ctx.states
    ]
    changed = [
        {"e": e, "k": k, "d": d, "t": now}
        for (e, k), d in ctx.new_states.items()
        if (e, k) in ctx.states and ctx.states[(e, k)] != d
    ]
    for i in range(0, len(fresh), 500):
        ctx.session.execute(insert(table), fresh[i : i + 500])
    if changed:
        stmt = (
            update(table)
            .where(table.c.entity == bindparam("e"), table.c.record_id == bindparam("k"))
            .values(digest=bindparam("d"), exchanged_at=bindparam("t"))
        )
        ctx.session.connection().execute(stmt, changed)


def _bump(counter: dict[str, int], name: str) -> None:
    counter[name] = counter.get(name, 0) + 1


def set_state(
    s: Session, states: dict[tuple[str, str], ExchangeState], entity: str, key: str, digest: str
) -> None:
    """Remember ``digest`` as the version of a record last exchanged (one record, ORM)."""
    st = states.get((entity, key)) or s.get(ExchangeState, (entity, key))
    if st is None:
        st = ExchangeState(entity=entity, record_id=key, digest=digest)
        s.add(st)
    elif st.digest != digest:
        st.digest = digest
        st.exchanged_at = utcnow()
    states[(entity, key)] = st


def _pk_match(table: Table, pk: dict[str, Any]) -> ColumnElement[bool]:
    return and_(*(table.columns[c] == v for c, v in pk.items()))


def local_row(s: Session, table: Table, pk: dict[str, Any]) -> dict[str, Any] | None:
    row = s.execute(select(table).where(_pk_match(table, pk))).mappings().first()
    return dict(row) if row is not None else None


def _load_locals(s: Session, table: Table, records: dict[str, Incoming]) -> dict[str, dict[str, Any]]:
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


class _Taken:
    """The unique values (licence numbers, document numbers, user names, an answer's item…) in use,
    locally and by the records applied so far, to find a clash before the database refuses it."""

    def __init__(self, s: Session, table: Table, records: dict[str, Incoming]) -> None:
        self.groups = [
            tuple(c.name for c in uc.columns) for uc in table.constraints if isinstance(uc, UniqueConstraint)
        ]
        self.groups += [(c.name,) for c in table.columns if c.unique and not c.primary_key]
        self.used: dict[tuple[str, ...], dict[tuple[Any, ...], str]] = {g: {} for g in self.groups}
        for cols in self.groups:
            firsts = sorted(
                {
                    inc.values[cols[0]]
                    for inc in records.values()
                    if all(inc.values.get(c) is not None for c in cols)
                },
                key=str,
            )
            col = table.columns[cols[0]]
            for i in range(0, len(firsts), 400):
                for row in s.execute(select(table).where(col.in_(firsts[i : i + 400]))).mappings():
                    self.used[cols][tuple(row[c] for c in cols)] = key_of(table, row)

    def clash(self, values: dict[str, Any], key: str) -> tuple[list[str], str] | None:
        for cols in self.groups:
            if any(values.get(c) is None for c in cols):
                continue
            other = self.used[cols].get(tuple(values[c] for c in cols))
            if other is not None and other != key:
                return list(cols), other
        return None

    def take(self, values: dict[str, Any], key: str, old: dict[str, Any] | None = None) -> None:
        for cols in self.groups:
            if old is not None and all(old.get(c) is not None for c in cols):
                was = tuple(old[c] for c in cols)
                if self.used[cols].get(was) == key:
                    del self.used[cols][was]
            if all(values.get(c) is not None for c in cols):
                self.used[cols][tuple(values[c] for c in cols)] = key


def _apply_table(ctx: _Ctx, table: Table, records: dict[str, Incoming]) -> None:
    s = ctx.session
    name = table.name
    local = _load_locals(s, table, records)
    taken = _Taken(s, table, records)
    inserts: list[dict[str, Any]] = []
    for key in sorted(records):
        inc = records[key]
        pk = {c.name: inc.values[c.name] for c in table.primary_key.columns}
        row = local.get(key)
        if row is None:
            values = _insert_values(ctx, table, inc, taken)
            if values is not None:
                inserts.append(values)
                taken.take(values, key)
                _bump(ctx.result.inserted, name)
                ctx.new_states[(name, key)] = inc.digest
            continue
        mine = payload_digest(table, encode_row(table, row))
        last = ctx.states.get((name, key))
        if mine == inc.digest:
            _bump(ctx.result.unchanged, name)
            ctx.new_states[(name, key)] = inc.digest
        elif last == inc.digest or name in INSERT_ONLY:
            _bump(ctx.result.kept, name)
        elif inc.base is not None and mine == inc.base:
            clash = taken.clash(inc.values, key)
            if clash is not None:
                _conflict(ctx, table, inc, kind="unique", mine=mine, field=",".join(clash[0]), other=clash[1])
                continue
            write_values(s, table, pk, inc.values, ctx.deferred)
            taken.take(inc.values, key, old=row)
            _bump(ctx.result.updated, name)
            ctx.new_states[(name, key)] = inc.digest
        else:
            _conflict(ctx, table, inc, kind="changed", mine=mine)
    later = deferred_columns(table)
    rows = []
    for values in inserts:
        pk = {c.name: values[c.name] for c in table.primary_key.columns}
        postponed = {c: v for c, v in values.items() if c in later and v is not None}
        if postponed:
            ctx.deferred.append((table, pk, postponed))
        rows.append({c: (None if c in later else v) for c, v in values.items()})
        audit.touch(s, table, pk)
    for i in range(0, len(rows), 500):
        s.execute(insert(table), rows[i : i + 500])


def write_values(
    s: Session,
    table: Table,
    pk: dict[str, Any],
    values: dict[str, Any],
    deferred: list[tuple[Table, dict[str, Any], dict[str, Any]]] | None = None,
) -> None:
    """Update one row with Core; cycle-closing foreign keys go to ``deferred`` when given."""
    later = deferred_columns(table) if deferred is not None else set()
    now = {c: v for c, v in values.items() if c not in later and c not in pk}
    postponed = {c: v for c, v in values.items() if c in later}
    if now:
        s.execute(update(table).where(_pk_match(table, pk)).values(**now))
    if postponed and deferred is not None:
        deferred.append((table, pk, postponed))
    audit.touch(s, table, pk)


def _insert_values(ctx: _Ctx, table: Table, inc: Incoming, taken: _Taken) -> dict[str, Any] | None:
    """The values to insert (a clashing unique value cleared or renamed), or None when held back."""
    values = dict(inc.values)
    clash = taken.clash(values, inc.key)
    if clash is None:
        return values
    cols, other = clash
    if len(cols) == 1 and table.columns[cols[0]].nullable:
        _conflict(
            ctx,
            table,
            inc,
            kind="unique",
            mine=None,
            field=cols[0],
            other=other,
            detail={"value": values[cols[0]]},
        )
        values[cols[0]] = None
        return values
    if table.name == "users" and cols == ["username"]:
        alias = unused_username(ctx.session, table, str(values["username"]), ctx.pkg.origin)
        _conflict(
            ctx,
            table,
            inc,
            kind="unique",
            mine=None,
            field="username",
            other=other,
            detail={"value": values["username"], "alias": alias},
        )
        values["username"] = alias
        return values
    _conflict(ctx, table, inc, kind="unique", mine=None, field=",".join(cols), other=other)
    return None


def unused_username(s: Session, table: Table, username: str, origin: str) -> str:
    col = table.columns["username"]
    for n in range(1, 1000):
        alias = f"{username[:50]}.{origin[:4]}{'' if n == 1 else n}"
        if s.execute(select(col).where(col == alias)).first() is None:
            return alias
    return f"{username[:20]}.{uuid.uuid4().hex[:12]}"


def _conflict(
    ctx: _Ctx,
    table: Table,
    inc: Incoming,
    *,
    kind: str,
    mine: str | None,
    field: str | None = None,
    other: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    ident = (table.name, inc.key, inc.digest)
    if ident in ctx.open_conflicts:
        return
    ctx.open_conflicts.add(ident)
    ctx.session.add(
        ExchangeConflict(
            id=uuid.uuid4(),
            package_id=ctx.pkg.package_id,
            entity=table.name,
            record_id=inc.key,
            kind=kind,
            field=field,
            other_id=other,
            mine_digest=mine,
            theirs_digest=inc.digest,
            theirs=inc.payload,
            detail={**(detail or {}), "base": inc.base},
        )
    )
    ctx.result.conflicts += 1


def _store_events(s: Session, pkg: Package) -> int:
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
                id=ev.id,
                origin=pkg.origin,
                package_id=pkg.package_id,
                seq=fe.seq,
                at=ev.at,
                actor_id=ev.actor_id,
                actor_name=ev.actor_name,
                action=ev.action,
                entity=ev.entity,
                entity_id=ev.entity_id,
                before_digest=ev.before_digest,
                after_digest=ev.after_digest,
                detail=ev.detail,
                prev_hash=ev.prev_hash,
                hash=ev.hash,
            )
        )
        n += 1
    s.flush()
    return n
