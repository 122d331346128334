"""The append-only, hash-chained audit trail, and the seals that tie every record to it.

Each event's hash covers its content and the previous event's hash, so an event changed or deleted
behind the app's back (editing the SQLite file) breaks the chain at that point and
:func:`verify_chain` names it. Digests of the before/after state are stored rather than the state
itself: the records hold the data, the trail proves what it was.

A chain alone would not notice a record edited directly in the database with the trail left alone.
So every event also *seals* the rows its transaction changed: ``detail["rows"]`` maps
``"<table>:<primary key>"`` to the digest of the row as stored after the change (``None`` once
deleted). Services need not do anything for this: a session listener notes every row an ORM flush
inserts, updates or deletes, and :func:`record` reads those rows back from the database and seals
them. A change a service forgot to audit is sealed at commit by an automatic ``seal`` event, so
:func:`verify_rows` never flags a legitimate change, and the missing audit call shows in the trail.
:func:`verify_rows` recomputes every row's digest and compares it with its latest seal: an
``UPDATE answers SET finding = ...`` typed into the SQLite file is found even though the audit table
was not touched.

Limits, stated plainly: the chain has no secret key, so someone who rewrites both a row and every
later event (recomputing all hashes) is not detected by this database alone. The head hash printed
by ``inspector verify`` and stored in every backup manifest and exchange package is the anchor to
compare with an outside copy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, event, inspect, or_, select
from sqlalchemy.orm import Session

from inspector.i18n import tr
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.exchange_models import ExchangeAuditEvent
from inspector.storage.models import AuditEvent, Base, Counter
from inspector.storage.types import utcnow

GENESIS = "0" * 64

# Tables whose rows are not sealed: the trail itself, mechanical counters, content-addressed form
# snapshots (their key *is* the hash of their content), the exchange bookkeeping, the statistics
# summary (recounted from the records, see inspector/services/stats_summary.py) and this database's
# own bookkeeping (inspector/storage/local_models.py: the sign-in throttle, the data marker).
UNSEALED_TABLES = frozenset(
    {
        "audit_events",
        "counters",
        "form_snapshots",
        "alembic_version",
        "exchange_state",
        "exchange_log",
        "exchange_conflicts",
        "exchange_audit_events",
        "stat_days",
        "stat_summary",
        "sign_in_throttle",
        "data_marker",
    }
)
# Columns that change without being a change of the record: timestamps of the last write, where the
# walk-through was, the sign-in bookkeeping, and a site's sort key (derived from its name, for order).
VOLATILE_COLUMNS = frozenset({"updated_at", "last_item_code", "failed_logins", "locked_until", "name_key"})

_TOUCHED = "trust.touched"
_ACTOR = "trust.actor"


def _canonical(value: Any) -> Any:
    """One JSON-able form per value, identical on SQLite and PostgreSQL and across a round trip."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return str(value)


def digest(state: Mapping[str, Any] | None) -> str | None:
    if state is None:
        return None
    blob = json.dumps(_canonical(dict(state)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def sealed_tables() -> list[Table]:
    """Every table of the data model whose rows are sealed (new capabilities' tables included)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in UNSEALED_TABLES]


def row_key(table: Table, values: Mapping[Any, Any]) -> str:
    """``"<table>:<pk>"``; a composite key joins its parts with ``/``."""
    return f"{table.name}:" + "/".join(str(_canonical(values[c.name])) for c in table.primary_key.columns)


def table_state(table: Table, values: Mapping[Any, Any]) -> dict[str, Any]:
    """The sealed state of one row: every column except the volatile ones, canonical."""
    return {c.name: _canonical(values[c.name]) for c in table.columns if c.name not in VOLATILE_COLUMNS}


def state_of(row: object) -> dict[str, Any]:
    """The sealed state of an ORM object, as :func:`verify_rows` recomputes it from the database.

    Services may pass it as ``after=`` so the event's after-digest is the row's own digest."""
    mapper = inspect(row).mapper
    table = mapper.local_table
    assert isinstance(table, Table)
    values = {c.name: getattr(row, mapper.get_property_by_column(c).key) for c in table.columns}
    return table_state(table, values)


# --- collecting the rows a transaction changed ---------------------------------------------------


def _note(session: Session, obj: object, *, check_changes: bool) -> None:
    st = inspect(obj)
    mapper = st.mapper
    table = mapper.local_table
    if not isinstance(table, Table) or table.name in UNSEALED_TABLES:
        return
    if check_changes:
        changed = False
        for prop in mapper.column_attrs:
            if prop.columns[0].name in VOLATILE_COLUMNS:
                continue
            if st.attrs[prop.key].history.has_changes():
                changed = True
                break
        if not changed:
            return
    pk = mapper.primary_key_from_instance(obj)
    if any(v is None for v in pk):
        return
    values = {c.name: v for c, v in zip(mapper.primary_key, pk, strict=True)}
    touched: dict[str, tuple[str, tuple[Any, ...]]] = session.info.setdefault(_TOUCHED, {})
    touched[row_key(table, values)] = (table.name, tuple(pk))


def touch(session: Session, table: Table, values: Mapping[Any, Any]) -> None:
    """Mark a row written with a Core statement (which the ORM listener cannot see) for sealing by the
    next :func:`record` in this transaction. ``values`` must hold the primary key."""
    if table.name in UNSEALED_TABLES:
        return
    pk = tuple(values[c.name] for c in table.primary_key.columns)
    touched: dict[str, tuple[str, tuple[Any, ...]]] = session.info.setdefault(_TOUCHED, {})
    touched[row_key(table, values)] = (table.name, pk)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: Any) -> None:
    for obj in session.new:
        _note(session, obj, check_changes=False)
    for obj in session.deleted:
        _note(session, obj, check_changes=False)
    for obj in session.dirty:
        _note(session, obj, check_changes=True)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    session.flush()
    if session.info.get(_TOUCHED):
        first = next(iter(session.info[_TOUCHED]))
        table, _, pk = first.partition(":")
        actor = session.info.get(_ACTOR, SYSTEM)
        record(session, actor, "seal", table[:32], pk[:64], detail={"unaudited": True})


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def _chunks(items: list[Any], size: int = 400) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _current_digests(
    session: Session, touched: Mapping[str, tuple[str, tuple[Any, ...]]]
) -> dict[str, str | None]:
    """Read the touched rows back from the database (not from the objects: the stored values are what
    verify will see) and digest them; a row that is gone seals as ``None``."""
    by_table: dict[str, list[tuple[Any, ...]]] = {}
    for name, pk in touched.values():
        by_table.setdefault(name, []).append(pk)
    seals: dict[str, str | None] = dict.fromkeys(touched)
    for name, pks in by_table.items():
        table = Base.metadata.tables[name]
        cols = list(table.primary_key.columns)
        for chunk in _chunks(pks):
            cond: ColumnElement[bool]
            if len(cols) == 1:
                cond = cols[0].in_([pk[0] for pk in chunk])
            else:
                cond = or_(*(and_(*(c == v for c, v in zip(cols, pk, strict=True))) for pk in chunk))
            for row in session.execute(select(table).where(cond)).mappings():
                seals[row_key(table, row)] = digest(table_state(table, row))
    return seals


# The columns of an event that its hash covers, named alike in ``audit_events`` and in
# ``exchange_audit_events`` (the events that came from another database).
HASHED_COLUMNS = (
    "id",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity",
    "entity_id",
    "before_digest",
    "after_digest",
    "detail",
    "prev_hash",
)


def hashed_values(ev: AuditEvent | ExchangeAuditEvent) -> dict[str, Any]:
    """The values of :data:`HASHED_COLUMNS`, by name: what a copy of the event keeps, and what
    :func:`event_hash` needs to check it again."""
    return {name: getattr(ev, name) for name in HASHED_COLUMNS}


def event_facts(ev: AuditEvent) -> dict[str, Any]:
    """Who did what to which record, and when, as JSON values: the start of the body an event's hash
    covers and of its line in an exchange package."""
    return {
        "id": str(ev.id),
        "at": ev.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": str(ev.actor_id) if ev.actor_id else None,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "entity": ev.entity,
        "entity_id": ev.entity_id,
    }


def _event_hash(ev: AuditEvent) -> str:
    body = {
        **event_facts(ev),
        "before": ev.before_digest,
        "after": ev.after_digest,
        "detail": ev.detail,
        "prev": ev.prev_hash,
    }
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def event_hash(ev: AuditEvent) -> str:
    """The hash an event must carry (also used to check events that came from another database)."""
    return _event_hash(ev)


def _lock_chain(session: Session) -> None:
    """Serialise appenders on PostgreSQL (SQLite already has one writer) so the chain never forks."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(Counter).where(Counter.series == "__audit__", Counter.year == 0).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            from sqlalchemy.dialects.postgresql import insert

            session.execute(
                insert(Counter).values(series="__audit__", year=0, value=0).on_conflict_do_nothing()
            )
            session.execute(
                select(Counter).where(Counter.series == "__audit__", Counter.year == 0).with_for_update()
            )


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; it also seals every row this transaction changed since the last event."""
    session.flush()
    session.info[_ACTOR] = actor
    touched = session.info.pop(_TOUCHED, None)
    if touched:
        detail = {**(detail or {}), "rows": _current_digests(session, touched)}
    _lock_chain(session)
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).scalar()
    ev = AuditEvent(
        id=uuid.uuid4(),
        at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.name[:64],
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before_digest=digest(before),
        after_digest=digest(after),
        detail=detail,
        prev_hash=last or GENESIS,
    )
    ev.hash = _event_hash(ev)
    session.add(ev)
    session.flush()
    return ev


def head(session: Session) -> tuple[int, str]:
    """The last event's sequence number and hash (``(0, GENESIS)`` for an empty trail)."""
    q = select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    row = session.execute(q).first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS)


# --- verification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(session: Session) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    prev = GENESIS
    q = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    for ev in session.execute(q).scalars():
        if ev.prev_hash != prev:
            problems.append(
                ChainProblem(
                    ev.seq, tr("the previous event's hash does not match: an event was removed or reordered")
                )
            )
        if _event_hash(ev) != ev.hash:
            problems.append(
                ChainProblem(ev.seq, tr("the event's content does not match its hash: the event was altered"))
            )
        prev = ev.hash
    return problems


@dataclass(frozen=True)
class RowProblem:
    key: str  # "<table>:<primary key>"
    reason: str


def expected_seals(session: Session) -> dict[str, str | None]:
    """The latest seal of every row, from the whole trail."""
    seals: dict[str, str | None] = {}
    q = select(AuditEvent.detail).order_by(AuditEvent.seq).execution_options(yield_per=2000)
    for detail in session.execute(q).scalars():
        if isinstance(detail, dict):
            rows = detail.get("rows")
            if isinstance(rows, dict):
                seals.update(rows)
    return seals


def _rows(session: Session, tables: Iterable[Table]) -> Iterator[tuple[Table, Mapping[Any, Any]]]:
    for table in tables:
        for row in session.execute(select(table).execution_options(yield_per=2000)).mappings():
            yield table, row


def verify_rows(session: Session) -> list[RowProblem]:
    """Compare every sealed table's rows with their latest seal in the trail."""
    seals = expected_seals(session)
    problems: list[RowProblem] = []
    tables = sealed_tables()
    names = {t.name for t in tables}
    seen: set[str] = set()
    for table, row in _rows(session, tables):
        key = row_key(table, row)
        seen.add(key)
        if key not in seals:
            reason = tr("the record is not in the audit trail: it was added behind the app's back")
            problems.append(RowProblem(key, reason))
            continue
        expected = seals[key]
        if expected is None:
            reason = tr("the audit trail says this record was deleted, but it is there")
            problems.append(RowProblem(key, reason))
        elif digest(table_state(table, row)) != expected:
            reason = tr(
                "the record differs from its last audited state: it was changed behind the app's back"
            )
            problems.append(RowProblem(key, reason))
    for key, expected in seals.items():
        if expected is not None and key not in seen and key.partition(":")[0] in names:
            reason = tr("the record is missing: it was deleted behind the app's back")
            problems.append(RowProblem(key, reason))
    return problems
