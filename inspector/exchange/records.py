"""Which records travel between databases, and how a row becomes a payload and back.

Every table of the data model travels except the audit trail (sent separately), counters (each
database numbers its own documents), settings (each office and laptop keeps its own) and the exchange
bookkeeping. The list is derived from the models, so a table added by a new capability travels too.

A payload is the row as JSON: UUIDs and times as text (times in UTC with microseconds), everything
else as is. Users travel without their password hash and sign-in state, only so that the receiver
can tell who made a record: an import never creates or changes an account (accounts are managed
where they live; see :mod:`inspector.exchange.rules`). The *digest* of a payload identifies a version
of a record; it leaves out what is not the record's content (the time of the last write, the
walk-through position, where a document file lies on this computer), and names people by their
user name rather than by the id each database gave the account, so the same record has the same
digest in the office and on the laptop.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Table, Uuid, select
from sqlalchemy.orm import Mapper, Session

from inspector.i18n import tr
from inspector.services.audit import digest
from inspector.services.sites import upgrade_row
from inspector.storage.models import Base
from inspector.storage.types import UTCDateTime

NOT_EXCHANGED = frozenset(
    {
        "audit_events",
        "counters",
        "settings",
        "alembic_version",
        "exchange_state",
        "exchange_log",
        "exchange_conflicts",
        "exchange_audit_events",
        "stat_days",  # derived: each database recounts its own (inspector/services/stats_summary.py)
        "stat_summary",
        "device_keys",  # whom this database trusts is decided here, never by a package
        "sign_in_throttle",  # this database's own bookkeeping (inspector/storage/local_models.py)
        "data_marker",
    }
)
LOCAL_ONLY = {"users": frozenset({"password_hash", "failed_logins", "locked_until"})}
NOT_DIGESTED = frozenset({"updated_at", "last_item_code"})
NOT_DIGESTED_BY_TABLE = {
    "documents": frozenset({"file_path"}),
    # A frozen checklist is its content (the key is its hash); when each database froze it is local.
    "form_snapshots": frozenset({"created_at"}),
}
# Tables whose existing rows an incoming package never changes: a frozen checklist never changes at
# all. (Accounts are neither inserted nor changed: inspector/exchange/rules.py.)
INSERT_ONLY = frozenset({"form_snapshots"})
USERS = "users"
People = Mapping[str, str]  # an account's id (text) -> its user name, in the database that has it


def exchanged_tables() -> list[Table]:
    """Tables in foreign-key order (parents first), as SQLAlchemy sorts them."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_EXCHANGED]


def table_named(name: str) -> Table | None:
    t = Base.metadata.tables.get(name)
    return t if t is not None and t.name not in NOT_EXCHANGED else None


def mapper_for(table: Table) -> Mapper[Any]:
    for m in Base.registry.mappers:
        if m.local_table is table:
            return m
    raise LookupError(table.name)


def payload_columns(table: Table) -> list[str]:
    local = LOCAL_ONLY.get(table.name, frozenset())
    return [c.name for c in table.columns if c.name not in local]


def key_of(table: Table, values: Mapping[Any, Any]) -> str:
    return "/".join(str(encode_value(values[c.name])) for c in table.primary_key.columns)


def deferred_columns(table: Table) -> set[str]:
    """Foreign keys that close a cycle (``use_alter``): set after every row exists."""
    return {
        fk.parent.name for fk in table.foreign_keys if fk.constraint is not None and fk.constraint.use_alter
    }


def references(table: Table) -> list[tuple[str, Table, str]]:
    """``(column, referred table, referred column)`` for every foreign key of ``table``."""
    found = []
    for fk in table.foreign_keys:
        referred = fk.column.table
        if isinstance(referred, Table):
            found.append((fk.parent.name, referred, fk.column.name))
    return found


def encode_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode_row(table: Table, row: Mapping[Any, Any]) -> dict[str, Any]:
    return {name: encode_value(row[name]) for name in payload_columns(table)}


def local_people(session: Session) -> dict[str, str]:
    """Every account of this database: id (text) -> user name."""
    from inspector.storage.models import User

    return {str(i): str(u) for i, u in session.execute(select(User.id, User.username))}


def user_columns(table: Table) -> list[str]:
    """The columns of ``table`` that name an account (foreign keys to ``users.id``)."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table.name == USERS]


def payload_digest(table: Table, payload: Mapping[str, Any], people: People) -> str:
    """The version digest; an account is named by its user name (``people``), not by its id."""
    skip = NOT_DIGESTED | NOT_DIGESTED_BY_TABLE.get(table.name, frozenset())
    state = {k: v for k, v in payload.items() if k not in skip}
    for col in user_columns(table):
        value = state.get(col)
        if value is not None:
            state[col] = "user:" + people.get(str(value), str(value))
    d = digest(state)
    assert d is not None
    return d


class PayloadError(ValueError):
    """A field of an incoming record has the wrong type or form; the message is translated."""


def _decode_value(table: Table, name: str, raw: Any) -> Any:
    col = table.columns[name]
    if raw is None:
        if not col.nullable:
            raise PayloadError(tr("{field} is required", field=name))
        return None
    t = col.type
    try:
        if isinstance(t, UTCDateTime):
            if not isinstance(raw, str):
                raise TypeError
            value = dt.datetime.fromisoformat(raw)
            if value.tzinfo is None:
                raise PayloadError(tr("{field} has no time zone", field=name))
            return value.astimezone(dt.UTC)
        if isinstance(t, Uuid):
            if not isinstance(raw, str):
                raise TypeError
            return uuid.UUID(raw)
        if isinstance(t, Date):
            if not isinstance(raw, str):
                raise TypeError
            return dt.date.fromisoformat(raw)
        if isinstance(t, Boolean):
            if not isinstance(raw, bool):
                raise TypeError
            return raw
        if isinstance(t, Integer):  # also BigInteger
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise TypeError
            return raw
        if isinstance(t, Float):
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise TypeError
            return float(raw)
        if isinstance(t, JSON):
            if not isinstance(raw, dict | list):
                raise TypeError
            return raw
        if isinstance(t, String):  # also Text
            if not isinstance(raw, str):
                raise TypeError
            if t.length is not None and len(raw) > t.length:
                raise PayloadError(tr("{field} is longer than {n} characters", field=name, n=t.length))
            return raw
    except (TypeError, ValueError) as err:
        if isinstance(err, PayloadError):
            raise
        raise PayloadError(tr("{field} has a value of the wrong kind", field=name)) from err
    raise PayloadError(tr("{field} has a type this version cannot read", field=name))


def decode_payload(table: Table, payload: Any) -> dict[str, Any]:
    """Python values for every payload column; refuses unknown fields (a newer version's record)."""
    if not isinstance(payload, dict):
        raise PayloadError(tr("the record is not an object"))
    allowed = set(payload_columns(table))
    unknown = sorted(set(payload) - allowed)
    if unknown:
        raise PayloadError(
            tr("unknown fields {fields} (made by a newer version of the app?)", fields=", ".join(unknown[:5]))
        )
    values: dict[str, Any] = {}
    for name in payload_columns(table):
        if name in payload:
            values[name] = _decode_value(table, name, payload[name])
        else:
            col = table.columns[name]
            if col.nullable:
                values[name] = None
            elif col.default is not None and getattr(col.default, "is_scalar", False):
                values[name] = col.default.arg  # type: ignore[attr-defined]
            else:
                raise PayloadError(tr("{field} is required", field=name))
    return upgrade_row(values) if table.name == "sites" else values


@dataclass
class Incoming:
    """One record of a package after decoding."""

    table: Table
    key: str
    payload: dict[str, Any]  # as exchanged (JSON values)
    values: dict[str, Any]  # decoded Python values
    digest: str
    base: str | None  # the digest of the version the sender's version was derived from
