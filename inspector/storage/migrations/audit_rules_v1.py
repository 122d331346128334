"""The audit trail's rules as migrations 0008, 0009, 0010 and 0012 shipped with them: one copy.

A migration that changes rows must seal them in the audit trail, or ``inspector verify`` calls the
change tampering. It cannot use the live rules (``inspector/services/audit.py``): a migration stays
what it was the day it shipped, whatever the app becomes later. These are those rules as they were
then: the canonical JSON of a value, a row's seal (the SHA-256 of its columns less the volatile ones,
which each migration names, as the set grew over the versions), the chain of event hashes from the
genesis value, the ``audit_events`` table's columns.

This module never changes. Rules that change (a new column in the hash, another canonical form) go
in a new module (``audit_rules_v2``) for the migrations written after them; the ones that used this
module keep using it. It imports nothing from the services, and lives outside ``versions/`` because
Alembic loads every file there as a revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Container, Mapping
from typing import Any, overload

import sqlalchemy as sa

from inspector.storage.types import UTCDateTime

GENESIS = "0" * 64

AUDIT_EVENTS = sa.Table(
    "audit_events",
    sa.MetaData(),
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("id", sa.Uuid()),
    sa.Column("at", UTCDateTime(timezone=True)),
    sa.Column("actor_id", sa.Uuid()),
    sa.Column("actor_name", sa.String(64)),
    sa.Column("action", sa.String(32)),
    sa.Column("entity", sa.String(32)),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("before_digest", sa.String(64)),
    sa.Column("after_digest", sa.String(64)),
    sa.Column("detail", sa.JSON()),
    sa.Column("prev_hash", sa.String(64)),
    sa.Column("hash", sa.String(64)),
)


def canonical(value: Any) -> Any:
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
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return str(value)


@overload
def digest(state: Mapping[str, Any]) -> str: ...
@overload
def digest(state: None) -> None: ...
def digest(state: Mapping[str, Any] | None) -> str | None:
    if state is None:
        return None
    blob = json.dumps(canonical(dict(state)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def row_digest(table: sa.Table, row: Mapping[Any, Any], volatile: frozenset[str]) -> str:
    """A row's seal: the digest of every column of ``table`` but the ``volatile`` ones."""
    return digest({c.name: canonical(row[c.name]) for c in table.columns if c.name not in volatile})


def seal(
    conn: sa.Connection, table: sa.Table, key: tuple[Any, ...], volatile: frozenset[str]
) -> tuple[str, str]:
    """``("<table>:<primary key>", seal)`` of the stored row; a composite key joins its parts with ``/``."""
    cols = list(table.primary_key.columns)
    cond = sa.and_(*(c == v for c, v in zip(cols, key, strict=True)))
    row = conn.execute(sa.select(table).where(cond)).mappings().one()
    return f"{table.name}:" + "/".join(str(canonical(v)) for v in key), row_digest(table, row, volatile)


def intact(conn: sa.Connection, digests: Mapping[str, str]) -> frozenset[str]:
    """Of the rows ``digests`` names (``"<table>:<key>"`` → the digest as stored now), those that
    equal their latest seal in the trail: a row edited behind the app's back stays flagged."""
    seals = _latest_seals(conn, digests)
    return frozenset(k for k, d in digests.items() if k in seals and seals[k] == d)


def _latest_seals(conn: sa.Connection, keys: Container[str]) -> dict[str, str | None]:
    seals: dict[str, str | None] = {}
    for detail in conn.execute(sa.select(AUDIT_EVENTS.c.detail).order_by(AUDIT_EVENTS.c.seq)).scalars():
        rows = detail.get("rows") if isinstance(detail, dict) else None
        if isinstance(rows, dict):
            seals.update((k, v) for k, v in rows.items() if k in keys)
    return seals


def append_event(
    conn: sa.Connection,
    now: dt.datetime,
    *,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
    before_digest: str | None = None,
    after_digest: str | None = None,
) -> None:
    """Append one event by the system (no actor) at ``now`` (UTC) to the chain."""
    last = conn.execute(sa.select(AUDIT_EVENTS.c.hash).order_by(AUDIT_EVENTS.c.seq.desc()).limit(1)).scalar()
    event: dict[str, Any] = {
        "id": uuid.uuid4(),
        "at": now,
        "actor_id": None,
        "actor_name": "system",
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before_digest": before_digest,
        "after_digest": after_digest,
        "detail": detail,
        "prev_hash": last or GENESIS,
    }
    body = {
        "id": str(event["id"]),
        "at": now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": None,
        "actor_name": event["actor_name"],
        "action": event["action"],
        "entity": event["entity"],
        "entity_id": event["entity_id"],
        "before": event["before_digest"],
        "after": event["after_digest"],
        "detail": event["detail"],
        "prev": event["prev_hash"],
    }
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    event["hash"] = hashlib.sha256(blob.encode("utf-8")).hexdigest()
    conn.execute(AUDIT_EVENTS.insert().values(**event))
