"""What no package may do to a case, signed or not: change a closed case, or a legal record of one.

Cases travel like every other record (their tables are derived from the models), but three things
are as fixed as a finalized inspection:

- **A closed case (已结案) is final.** For a case closed here the package must carry exactly the
  version held here (or nothing); it may not add or change its history, inspections, kept items,
  the photos of its items or its interviews.
- **A case's history is append-only.** An event recorded here never changes.
- **What an issued document recorded never changes.** An interview whose 询问笔录 was issued here
  never changes; a kept item listed in an issued 证据先行登记保存决定书 changes only by what happens to
  it afterwards (its decision and the decision document), recorded once where this database has not
  recorded it yet.

Checked in the import's read phase and again inside its write transaction, beside
:mod:`inspector.exchange.rules`; a resolved conflict obeys the same (:func:`closed_owner`).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from inspector.domain import CaseStatus
from inspector.exchange.package import Package
from inspector.exchange.receiving import load_locals
from inspector.exchange.records import (
    NOT_DIGESTED,
    Incoming,
    People,
    encode_row,
    local_people,
    payload_digest,
    table_named,
)
from inspector.i18n import tr
from inspector.storage.case_models import Case, KeptItem

CASES = "cases"
BY_CASE = ("case_events", "case_inspections", "kept_items", "interviews")
ITEM_PHOTOS = "kept_item_photos"
# What may happen to a listed kept item afterwards, set once.
ITEM_STATE = frozenset({"decision", "decision_note", "decided_at", "decided_by", "decision_document_id"})

Loaded = tuple[Table, dict[str, Incoming], dict[str, dict[str, Any]]]


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _closed_here(s: Session, ids: set[Any]) -> set[str]:
    items = sorted({str(v) for v in ids if v is not None})
    found: set[str] = set()
    for i in range(0, len(items), 400):
        chunk = [_uuid(v) for v in items[i : i + 400]]
        q = select(Case.id).where(Case.id.in_(chunk), Case.status == CaseStatus.CLOSED.value)
        found.update(str(v) for v in s.execute(q).scalars())
    return found


def _item_cases(s: Session, item_ids: set[Any]) -> dict[str, str]:
    items = sorted({str(v) for v in item_ids})
    out: dict[str, str] = {}
    for i in range(0, len(items), 400):
        chunk = [_uuid(v) for v in items[i : i + 400]]
        for item_id, case_id in s.execute(
            select(KeptItem.id, KeptItem.case_id).where(KeptItem.id.in_(chunk))
        ):
            out[str(item_id)] = str(case_id)
    return out


def _load(s: Session, pkg: Package) -> dict[str, Loaded]:
    loaded: dict[str, Loaded] = {}
    for name in (CASES, *BY_CASE, ITEM_PHOTOS):
        table = table_named(name)
        records = pkg.records.get(name)
        if table is not None and records:
            loaded[name] = (table, records, load_locals(s, table, records))
    return loaded


def _changed(table: Table, row: dict[str, Any] | None, inc: Incoming, people: People) -> bool:
    return row is not None and payload_digest(table, encode_row(table, row), people) != inc.digest


def case_problems(s: Session, pkg: Package) -> list[str]:
    """What the package would change of a closed case or of a legal record of one (module docstring)."""
    loaded = _load(s, pkg)
    if not loaded:
        return []
    people = local_people(s)
    owners: dict[str, dict[str, set[str]]] = {}  # table -> record key -> its case ids (both versions)
    for name in (CASES, *BY_CASE):
        if name in loaded:
            _, records, rows = loaded[name]
            column = "id" if name == CASES else "case_id"
            owners[name] = {
                key: {str(inc.values[column])} | ({str(rows[key][column])} if key in rows else set())
                for key, inc in records.items()
            }
    if ITEM_PHOTOS in loaded:
        _, records, _rows = loaded[ITEM_PHOTOS]
        item_ids = {inc.values["item_id"] for inc in records.values()}
        incoming_items = loaded.get("kept_items", (None, {}, {}))[1]
        of_item = _item_cases(s, item_ids) | {k: str(v.values["case_id"]) for k, v in incoming_items.items()}
        owners[ITEM_PHOTOS] = {
            key: {of_item.get(str(inc.values["item_id"]), "")} for key, inc in records.items()
        }
    closed = _closed_here(s, {c for keys in owners.values() for ids in keys.values() for c in ids if c})
    problems: list[str] = []
    for name, keys in owners.items():
        table, records, rows = loaded[name]
        for key in sorted(keys):
            hit = sorted(keys[key] & closed)
            inc, row = records[key], rows.get(key)
            if hit and (row is None or _changed(table, row, inc, people)):
                problems.append(
                    tr(
                        "{entity} {id}: the case {case} is closed here; the package would change it, and a "
                        "closed case never changes",
                        entity=name,
                        id=key,
                        case=hit[0],
                    )
                )
            elif not hit and _changed(table, row, inc, people):
                problem = _record_problem(name, table, key, row, inc)
                if problem is not None:
                    problems.append(problem)
    return problems


def _record_problem(
    name: str, table: Table, key: str, row: dict[str, Any] | None, inc: Incoming
) -> str | None:
    """A change to a record that an issued document or the history fixed here."""
    assert row is not None
    if name == "case_events":
        return tr("case event {id}: the package would change it; a case's history is never edited", id=key)
    if name == "interviews" and row.get("document_id") is not None:
        return tr("interview {id}: its 询问笔录 was issued here; the package would change it", id=key)
    if name == "kept_items" and row.get("preservation_document_id") is not None:
        mine = encode_row(table, row)
        fixed = [
            n
            for n in sorted(inc.payload)
            if n not in NOT_DIGESTED
            and mine.get(n) != inc.payload.get(n)
            and not (n in ITEM_STATE and mine.get(n) is None)
        ]
        if fixed:
            return tr(
                "kept item {id} is listed in a 证据先行登记保存决定书 issued here; the package would "
                "change it ({fields})",
                id=key,
                fields=", ".join(fixed[:6]),
            )
    return None


def closed_owner(s: Session, table: Table, values: dict[str, Any], record_id: str) -> str | None:
    """The closed case a record belongs to here (itself, or the case of its history, inspections,
    kept items, item photos or interviews, before or after the change), or None."""
    if table.name == CASES:
        return record_id if _closed_here(s, {record_id}) else None
    owners: set[Any] = set()
    if table.name in BY_CASE:
        owners.add(values.get("case_id"))
        first = next(iter(table.primary_key.columns))
        row = s.execute(select(table.c.case_id).where(first == values[first.name])).first()
        if row is not None:
            owners.add(row[0])
    elif table.name == ITEM_PHOTOS:
        owners.update(_item_cases(s, {values["item_id"]}).values())
    else:
        return None
    hit = sorted(_closed_here(s, owners))
    return hit[0] if hit else None
