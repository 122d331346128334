"""Importing a package: validate everything, then write it in one transaction.

Order of work, so that a refusal changes nothing and a crash leaves no half-import:

1. :func:`~inspector.exchange.package.read_package` checks the archive and every record on its own
   (sizes before anything is unpacked, names, hashes, formats).
2. The database checks, in a read transaction: the package must be signed by a key enrolled here
   (:mod:`~inspector.exchange.signing`); it must break none of the rules no package may break
   (:mod:`~inspector.exchange.rules`: accounts are never imported, references to them are translated
   to this database's accounts by user name; a finalized inspection changes only by addendum); every
   reference (an answer's inspection, a photo's
   inspection, an inspection's site and inspectors…) must be in the package or already here; every
   photo and document must have its file in the package or here. Any problem refuses the package.
3. Photo originals are copied into the content-addressed store and document files into
   ``documents/received/`` — harmless if what follows fails, because nothing refers to them yet
   (this and the checks of step 2: :mod:`~inspector.exchange.receiving`).
4. One write transaction re-checks the references and applies every record, then commits.

How each incoming record is applied (``mine`` = the local version, ``theirs`` = the package's,
``base`` = the version theirs was derived from, ``last`` = the version last exchanged here):

- not here yet → inserted; a clash with a unique value held by another local record is a conflict:
  a licence number or document number is cleared on the incoming record (so both records exist and
  nothing is lost), anything else (two answers to the same item) is held back in the conflict list;
- ``mine == theirs`` → nothing to do;
- ``theirs == last`` → already exchanged; this side changed it since → kept;
- ``mine == base`` → changed only there → updated;
- otherwise both sides changed it → a conflict for a person, nothing overwritten.

Only the office staff or an administrator import. Document numbers never collide silently: each
laptop issues from its own series (its number pattern carries its own code), and a number that does
clash on import is cleared on the incoming document and listed as a conflict, to be settled by a
person.

The package's audit events are stored, with their own hashes, in ``exchange_audit_events``; the local
chain gets events for the import itself, which seal every row the import wrote.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    UniqueConstraint,
    and_,
    bindparam,
    exc,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.domain import Role
from inspector.errors import UserError
from inspector.exchange import case_rules, receiving, rules, signing
from inspector.exchange.identity import peek_install_id
from inspector.exchange.package import Package, decode_records, open_package, refused
from inspector.exchange.records import (
    INSERT_ONLY,
    Incoming,
    People,
    deferred_columns,
    encode_row,
    exchanged_tables,
    key_of,
    local_people,
    payload_digest,
)
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.exchange_models import ExchangeConflict, ExchangeLog, ExchangeState
from inspector.storage.types import utcnow

Progress = Callable[[str], None]


@dataclass
class ImportResult:
    package_id: uuid.UUID
    origin: str
    signed_by: str = ""
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
            "signed_by": self.signed_by,
        }


def import_package(
    db: Database, config: Config, actor: Actor, path: Path, progress: Progress | None = None
) -> ImportResult:
    actor.require(Role.OFFICE)
    say = progress or (lambda _m: None)
    say(tr("Checking the package…"))
    pkg = open_package(path, config)
    result = ImportResult(package_id=pkg.package_id, origin=pkg.origin)
    with db.read() as s:
        _refuse_own(s, pkg)
        result.signed_by = signing.signer_of(s, pkg.archive).name
        if _already(s, pkg, result):
            return result
    decode_records(pkg)
    with db.read() as s:
        _check_rules(s, pkg)
        receiving.check_database(s, config, pkg)
    say(tr("Copying the files…"))
    result.files = receiving.store_files(config, pkg)
    say(tr("Importing the records…"))
    try:
        with db.write() as s:
            if _already(s, pkg, result):
                return result
            signing.signer_of(s, pkg.archive)  # not revoked meanwhile
            _check_rules(s, pkg)
            receiving.check_database(s, config, pkg)
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
    receiving.derive_photos(config, pkg)
    return result


def _check_rules(s: Session, pkg: Package) -> None:
    """The rules of :mod:`inspector.exchange.rules`; any problem refuses the whole package."""
    problems = rules.map_accounts(s, pkg)
    problems += rules.finalized_problems(s, pkg)
    problems += case_rules.case_problems(s, pkg)
    if problems:
        raise refused(pkg.path, problems)


def _already(s: Session, pkg: Package, result: ImportResult) -> bool:
    _refuse_own(s, pkg)
    if s.get(ExchangeLog, pkg.package_id) is not None:
        result.already = True
        return True
    return False


def _refuse_own(s: Session, pkg: Package) -> None:
    if pkg.origin == peek_install_id(s):
        raise UserError(
            tr(
                "The package {file} was made by this database; import it on another computer. "
                "Nothing was changed.",
                file=pkg.path.name,
            )
        )


# --- applying ------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    session: Session
    actor: Actor
    pkg: Package
    result: ImportResult
    states: dict[tuple[str, str], str]  # the version last exchanged, as loaded
    people: People  # this database's accounts, by id: digests name people by user name
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
    ctx = _Ctx(
        session=s, actor=actor, pkg=pkg, result=result, states=_load_states(s, pkg), people=local_people(s)
    )
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
    result.events = receiving.store_events(s, pkg)
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
    local = receiving.load_locals(s, table, records)
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
        mine = payload_digest(table, encode_row(table, row), ctx.people)
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
    _conflict(ctx, table, inc, kind="unique", mine=None, field=",".join(cols), other=other)
    return None


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
