"""The conflicts an import could not settle, and how a person settles them.

``changed``: the record was changed on both sides. *mine* keeps the local version (and remembers the
incoming one as seen, so importing the same package again does not ask again); *theirs* applies the
incoming version, once its references are all here.

``unique``: the incoming record clashed with another local record on a value that must be unique.
For a licence number or document number the incoming record was imported with the value cleared:
*mine* leaves it so (a person re-numbers or merges), *theirs* moves the value from the local record to
the incoming one. A record that could not be imported at all (two answers to the same item) was held
back: *theirs* copies its content onto the local record, *mine* drops it. No resolution changes an
account or a finalized inspection (:mod:`inspector.exchange.rules`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.exchange.importer import local_row, set_state, write_values
from inspector.exchange.records import (
    USERS,
    PayloadError,
    decode_payload,
    encode_row,
    local_people,
    payload_digest,
    references,
    table_named,
)
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.storage.exchange_models import ExchangeConflict, ExchangeLog
from inspector.storage.rows import view_of
from inspector.storage.types import utcnow


@dataclass(frozen=True)
class Difference:
    field: str
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class ConflictView:
    id: uuid.UUID
    entity: str
    record_id: str
    kind: str
    field: str | None
    other_id: str | None
    created_at: dt.datetime
    origin: str
    package_file: str
    resolved_at: dt.datetime | None
    resolution: str | None
    differences: tuple[Difference, ...]

    @property
    def summary(self) -> str:
        if self.kind == "unique":
            return tr(
                "{entity} {id}: its {field} is already used by the local record {other}",
                entity=self.entity,
                id=self.record_id,
                field=self.field or "",
                other=self.other_id or "",
            )
        fields = ", ".join(d.field for d in self.differences) or "-"
        return tr(
            "{entity} {id}: changed here and there ({fields})",
            entity=self.entity,
            id=self.record_id,
            fields=fields,
        )


def _pk_of(table: Table, key: str) -> dict[str, Any]:
    parts = key.split("/")
    cols = list(table.primary_key.columns)
    if len(parts) != len(cols):
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=key))
    raw = {c.name: p for c, p in zip(cols, parts, strict=True)}
    try:
        return {c.name: _convert(c, raw[c.name]) for c in cols}
    except ValueError as err:
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=key)) from err


def _convert(col: Any, text: str) -> Any:
    from sqlalchemy import Integer, Uuid

    if isinstance(col.type, Uuid):
        return uuid.UUID(text)
    if isinstance(col.type, Integer):
        return int(text)
    return text


def _view(s: Session, c: ExchangeConflict) -> ConflictView:
    log_row = s.get(ExchangeLog, c.package_id)
    diffs: list[Difference] = []
    table = table_named(c.entity)
    if table is not None and c.kind == "changed":
        local = local_row(s, table, _pk_of(table, c.record_id))
        mine = encode_row(table, local) if local else {}
        for name in sorted(set(mine) | set(c.theirs)):
            if name in ("updated_at", "last_item_code"):
                continue
            if mine.get(name) != c.theirs.get(name):
                diffs.append(Difference(name, mine.get(name), c.theirs.get(name)))
    elif c.kind == "unique" and c.detail:
        diffs.append(Difference(c.field or "", None, c.detail.get("value")))
    return view_of(
        ConflictView,
        c,
        origin=log_row.origin if log_row else "",
        package_file=log_row.file_name if log_row else "",
        differences=tuple(diffs),
    )


def list_conflicts(session: Session, *, include_resolved: bool = False) -> list[ConflictView]:
    q = select(ExchangeConflict).order_by(ExchangeConflict.created_at, ExchangeConflict.entity)
    if not include_resolved:
        q = q.where(ExchangeConflict.resolved_at.is_(None))
    return [_view(session, c) for c in session.execute(q).scalars()]


def find_conflict(session: Session, ident: str) -> ExchangeConflict:
    """A conflict by its id or an unambiguous prefix of it (as printed by the list)."""
    ident = ident.strip().lower()
    rows = [
        c
        for c in session.execute(
            select(ExchangeConflict).where(ExchangeConflict.resolved_at.is_(None))
        ).scalars()
        if str(c.id).startswith(ident)
    ]
    if len(ident) < 4 or not rows:
        raise NotFoundError(tr("No open conflict with id {id}.", id=ident))
    if len(rows) > 1:
        raise UserError(tr("Several conflicts start with {id}; give more of the id.", id=ident))
    return rows[0]


def resolve_conflict(session: Session, actor: Actor, ident: str, keep: str) -> ConflictView:
    """Settle one conflict: ``keep`` is ``"mine"`` or ``"theirs"``."""
    actor.require(Role.OFFICE, Role.SUPERVISOR)
    if keep not in ("mine", "theirs"):
        raise ValidationError([("keep", tr('Choose "mine" or "theirs".'))])
    c = find_conflict(session, ident)
    table = table_named(c.entity)
    if table is None:
        raise UserError(tr("This version cannot apply records of kind {entity}.", entity=c.entity))
    states: dict[Any, Any] = {}
    if keep == "theirs":
        _refuse_closed(session, table, c)
        if c.kind == "changed":
            _take_theirs(session, table, c)
        elif c.detail and "value" in c.detail:
            _move_value(session, table, c)
        else:
            _copy_onto_other(session, table, c)
    if c.kind == "changed" or keep == "theirs":
        set_state(session, states, c.entity, c.record_id, c.theirs_digest)
    if keep == "theirs":  # the statistics summary recounts the days of what was written
        written = [local_row(session, table, _pk_of(table, k)) for k in (c.record_id, c.other_id) if k]
        stats_summary.refresh_for_rows(session, table.name, [r for r in written if r is not None])
    c.resolved_at = utcnow()
    c.resolved_by = actor.user_id
    c.resolution = keep
    session.flush()
    audit.record(
        session,
        actor,
        "exchange.resolve",
        c.entity[:32],
        c.record_id[:64],
        detail={"conflict": str(c.id), "kind": c.kind, "keep": keep},
    )
    return _view(session, c)


def _decoded(table: Table, c: ExchangeConflict) -> dict[str, Any]:
    try:
        return decode_payload(table, c.theirs)
    except PayloadError as err:
        raise UserError(tr("The stored incoming version cannot be read: {reason}", reason=str(err))) from err


def _check_refs(session: Session, table: Table, values: dict[str, Any]) -> None:
    for col, referred, ref_col in references(table):
        value = values.get(col)
        if value is None:
            continue
        column = referred.columns[ref_col]
        if session.execute(select(column).where(column == value)).first() is None:
            raise UserError(
                tr(
                    "The incoming version refers to {other} {ref}, which is not in this database; import the "
                    "package that holds it first.",
                    other=referred.name,
                    ref=str(value),
                )
            )


def _take_theirs(session: Session, table: Table, c: ExchangeConflict) -> None:
    values = _decoded(table, c)
    _check_refs(session, table, values)
    pk = _pk_of(table, c.record_id)
    local = local_row(session, table, pk)
    if local is None:
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=c.record_id))
    if table.name == "documents":
        values["file_path"] = local["file_path"]
    before = payload_digest(table, encode_row(table, local), local_people(session))
    write_values(session, table, pk, values)
    c.detail = {**(c.detail or {}), "mine_before": before}


def _move_value(session: Session, table: Table, c: ExchangeConflict) -> None:
    assert c.field is not None and c.other_id is not None and c.detail is not None
    other_pk = _pk_of(table, c.other_id)
    theirs_pk = _pk_of(table, c.record_id)
    if local_row(session, table, theirs_pk) is None:
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=c.record_id))
    write_values(session, table, other_pk, {c.field: None})
    write_values(session, table, theirs_pk, {c.field: c.detail["value"]})


def _refuse_closed(session: Session, table: Table, c: ExchangeConflict) -> None:
    """What an import may never do, a resolution may not either: change an account (a conflict
    from before accounts stopped travelling), a finalized inspection or a closed case."""
    from inspector.exchange.case_rules import closed_owner
    from inspector.exchange.rules import finalized_owner

    if table.name == USERS:
        raise UserError(tr("Accounts are managed here and never taken from a package; keep this database's."))
    owner = finalized_owner(session, table, _decoded(table, c), c.record_id)
    if owner is not None:
        raise UserError(
            tr(
                "Inspection {id} is finalized here, so the incoming version cannot be applied; a finalized "
                "inspection changes only by addendum. Keep this database's version.",
                id=owner,
            )
        )
    case = closed_owner(session, table, _decoded(table, c), c.record_id)
    if case is not None:
        raise UserError(
            tr(
                "Case {id} is closed here, so the incoming version cannot be applied; a closed case never "
                "changes. Keep this database's version.",
                id=case,
            )
        )


def _copy_onto_other(session: Session, table: Table, c: ExchangeConflict) -> None:
    if c.other_id is None:
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=c.record_id))
    values = _decoded(table, c)
    _check_refs(session, table, values)
    other_pk = _pk_of(table, c.other_id)
    if local_row(session, table, other_pk) is None:
        raise UserError(tr("The conflict names a record that cannot be found ({key}).", key=c.other_id))
    fixed = {col.name for col in table.primary_key.columns} | set((c.field or "").split(","))
    write_values(session, table, other_pk, {k: v for k, v in values.items() if k not in fixed})
