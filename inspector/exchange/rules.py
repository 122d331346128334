"""What no package may do, signed or not: touch accounts, change a finalized inspection or an issued
document.

A signature says which enrolled computer sent a package; it does not make everything in it
acceptable. Independently of it, before anything is written:

- **Accounts are managed where they live, never imported.** A package's account records only say
  who made its records. Each reference to an account is translated to *this* database's account with
  the same user name (the laptop's ``inspector3`` is the office's ``inspector3``; the ids differ
  because each database made its own). A package that names an account this database does not have
  (in a reference or among its account records) is refused as a whole, naming the account, until an
  administrator creates it here. No account is
  ever inserted or changed by an import, so no role either.
- **A finalized inspection changes only by addendum.** For an inspection finalized here, the package
  must carry exactly the version held here (or nothing): a different version, a draft one (going
  back to draft), a new or different answer, inspector or photo of it are refused. New addenda are
  welcome; an existing addendum is never changed.
- **An issued document is a legal record.** Its number, file, template and the data it was rendered
  from never change; a package may only record what happens to it afterwards (served, voided) where
  this database has not recorded it yet.

Both checks run in the import's read phase and again inside its write transaction.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from inspector.domain import InspectionStatus
from inspector.exchange.package import Package
from inspector.exchange.receiving import load_locals
from inspector.exchange.records import (
    NOT_DIGESTED,
    USERS,
    Incoming,
    People,
    encode_row,
    local_people,
    payload_digest,
    table_named,
    user_columns,
)
from inspector.i18n import tr
from inspector.storage.models import Inspection

CHILDREN = ("answers", "inspection_inspectors", "photos")
DOCUMENTS = "documents"
# What may happen to an issued document after it was issued, set once: the rest of its row is fixed.
DOCUMENT_STATE = frozenset({"served_at", "voided_at", "voided_by", "void_reason", "replaced_by"})
ADDENDA = "addenda"
INSPECTIONS = "inspections"


def map_accounts(s: Session, pkg: Package) -> list[str]:
    """Translate every account reference to the local account with the same user name, and drop the
    package's account records (never applied); returns the problems (accounts not here)."""
    sender = {key: inc.values for key, inc in pkg.records.get(USERS, {}).items()}
    here = local_people(s)
    by_name = {username: ident for ident, username in here.items()}
    missing: dict[str, str] = {}
    problems: list[str] = []
    for name, records in pkg.records.items():
        table = table_named(name)
        if name == USERS or table is None:
            continue
        for inc in records.values():
            for col in user_columns(table):
                value = inc.values.get(col)
                if value is None:
                    continue
                who = sender.get(str(value))
                if who is None:
                    if str(value) not in here:
                        problems.append(
                            tr(
                                "{entity} {id}: names an account that is not in the package",
                                entity=name,
                                id=inc.key,
                            )
                        )
                    continue
                local = by_name.get(str(who["username"]))
                if local is None:
                    missing[str(who["username"])] = str(who["name"])
                    continue
                inc.values[col] = uuid.UUID(local)
                inc.payload[col] = local
    for ident, values in sender.items():  # an account nothing refers to is no more welcome
        if ident not in here and str(values["username"]) not in by_name:
            missing[str(values["username"])] = str(values["name"])
    for username, person in sorted(missing.items()):
        problems.append(
            tr(
                "its records name the account “{username}” ({name}), which this database does not have; "
                "accounts are never imported: an administrator creates it here with the same user name, "
                "then the package is imported again",
                username=username,
                name=person,
            )
        )
    pkg.records.pop(USERS, None)
    return problems


def _finalized_here(s: Session, ids: set[Any]) -> set[str]:
    found: set[str] = set()
    items = sorted(ids, key=str)
    for i in range(0, len(items), 400):
        chunk = [v if isinstance(v, uuid.UUID) else uuid.UUID(str(v)) for v in items[i : i + 400]]
        q = select(Inspection.id).where(
            Inspection.id.in_(chunk), Inspection.status == InspectionStatus.FINALIZED.value
        )
        found.update(str(v) for v in s.execute(q).scalars())
    return found


def _changed_fields(table: Table, row: dict[str, Any], inc: Incoming) -> str:
    mine = encode_row(table, row)
    names = [n for n in sorted(inc.payload) if n not in NOT_DIGESTED and mine.get(n) != inc.payload.get(n)]
    return ", ".join(names[:6]) or "-"


def finalized_problems(s: Session, pkg: Package) -> list[str]:
    """What the package would change of an inspection finalized here (see the module docstring)."""
    people = local_people(s)
    loaded: dict[str, tuple[Table, dict[str, Incoming], dict[str, dict[str, Any]]]] = {}
    ids: set[Any] = set(pkg.records.get(INSPECTIONS, {}))
    for name in (INSPECTIONS, *CHILDREN, ADDENDA):
        table = table_named(name)
        records = pkg.records.get(name)
        if table is None or not records:
            continue
        rows = load_locals(s, table, records)
        loaded[name] = (table, records, rows)
        if name in CHILDREN:
            ids |= {inc.values["inspection_id"] for inc in records.values()}
            ids |= {row["inspection_id"] for row in rows.values()}
    final = _finalized_here(s, ids)
    problems: list[str] = []
    if INSPECTIONS in loaded:
        problems += _inspection_problems(loaded[INSPECTIONS], final, people)
    for name in CHILDREN:
        if name in loaded:
            problems += _child_problems(name, loaded[name], final, people)
    problems += _document_problems(s, pkg, people)
    if ADDENDA in loaded:
        table, records, rows = loaded[ADDENDA]
        for key, inc in sorted(records.items()):
            row = rows.get(key)
            if row is not None and payload_digest(table, encode_row(table, row), people) != inc.digest:
                problems.append(
                    tr("addendum {id}: the package would change it; an addendum is never edited", id=key)
                )
    return problems


def _document_problems(s: Session, pkg: Package, people: People) -> list[str]:
    """Changes to documents issued here other than recording, once, what happened to them since."""
    table = table_named(DOCUMENTS)
    records = pkg.records.get(DOCUMENTS)
    if table is None or not records:
        return []
    rows = load_locals(s, table, records)
    problems: list[str] = []
    for key, inc in sorted(records.items()):
        row = rows.get(key)
        if row is None or payload_digest(table, encode_row(table, row), people) == inc.digest:
            continue
        mine = encode_row(table, row)
        fixed = [
            n
            for n in sorted(inc.payload)
            if n not in NOT_DIGESTED
            and n != "file_path"
            and mine.get(n) != inc.payload.get(n)
            and not (n in DOCUMENT_STATE and mine.get(n) is None)
        ]
        if fixed:
            problems.append(
                tr(
                    "document {id} was issued here; the package would change it ({fields}); an issued "
                    "document never changes",
                    id=key,
                    fields=", ".join(fixed[:6]),
                )
            )
    return problems


def _inspection_problems(
    loaded: tuple[Table, dict[str, Incoming], dict[str, dict[str, Any]]], final: set[str], people: People
) -> list[str]:
    table, records, rows = loaded
    problems: list[str] = []
    for key, inc in sorted(records.items()):
        row = rows.get(key)
        if key not in final or row is None:
            continue
        if payload_digest(table, encode_row(table, row), people) == inc.digest:
            continue
        if inc.values.get("status") != InspectionStatus.FINALIZED.value:
            problems.append(
                tr(
                    "inspection {id} is finalized here; the package would set it back to {status}",
                    id=key,
                    status=str(inc.values.get("status")),
                )
            )
        else:
            problems.append(
                tr(
                    "inspection {id} is finalized here; the package would change it ({fields}); a finalized "
                    "inspection changes only by addendum",
                    id=key,
                    fields=_changed_fields(table, row, inc),
                )
            )
    return problems


def _child_problems(
    name: str,
    loaded: tuple[Table, dict[str, Incoming], dict[str, dict[str, Any]]],
    final: set[str],
    people: People,
) -> list[str]:
    table, records, rows = loaded
    problems: list[str] = []
    for key, inc in sorted(records.items()):
        row = rows.get(key)
        owners = {str(inc.values["inspection_id"])} | ({str(row["inspection_id"])} if row else set())
        hit = sorted(owners & final)
        if not hit:
            continue
        if row is None:
            problems.append(
                tr(
                    "{entity} {id}: the package would add it to the finalized inspection {inspection}; a "
                    "finalized inspection changes only by addendum",
                    entity=name,
                    id=key,
                    inspection=hit[0],
                )
            )
        elif payload_digest(table, encode_row(table, row), people) != inc.digest:
            problems.append(
                tr(
                    "{entity} {id}: the package would change it ({fields}) in the finalized inspection "
                    "{inspection}; a finalized inspection changes only by addendum",
                    entity=name,
                    id=key,
                    fields=_changed_fields(table, row, inc),
                    inspection=hit[0],
                )
            )
    return problems


def finalized_owner(s: Session, table: Table, values: dict[str, Any], record_id: str) -> str | None:
    """The finalized inspection a record belongs to here (itself, or the inspection of an answer,
    inspector, photo or addendum, before or after the change), or None."""
    if table.name == INSPECTIONS:
        return record_id if _finalized_here(s, {record_id}) else None
    if table.name not in (*CHILDREN, ADDENDA):
        return None
    owners: set[Any] = {values.get("inspection_id")} - {None}
    first = next(iter(table.primary_key.columns))
    row = s.execute(select(table.c.inspection_id).where(first == values[first.name])).first()
    if row is not None:
        owners.add(row[0])
    hit = sorted(_finalized_here(s, owners))
    return hit[0] if hit else None
