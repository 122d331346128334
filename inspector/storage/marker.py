"""The data directory knows it has data: a database that goes missing is noticed, not replaced.

Without this, a deleted, truncated or 0-byte ``inspector.sqlite3`` was silently replaced by a new,
empty database at the next start, and ``inspector verify`` then found everything in order although
the photo originals and issued documents of years of work were still on disk with nothing naming
them. So:

- The database gets a marker (table ``data_marker``: a random id) in the transaction that writes
  its first record, and the data directory a copy of it (``inspector-data.json``) right after.
- Opening a database that is missing (or 0 bytes) beside a data directory that holds that copy,
  photo originals or issued documents, or a database without records beside that copy, is refused
  with the reason ("the database is missing; restore from a backup") before anything is created
  or migrated.

A database holding records from before this version gets its marker from migration 0009 (or at the
next write), and the data directory's copy at the next start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, text
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.durable import write_atomic
from inspector.errors import DatabaseError
from inspector.i18n import tr
from inspector.storage.local_models import DataMarker

MARKER_FILE = "inspector-data.json"
# Below the photo directory, where the photo store keeps originals (inspector/photos/store.py).
ORIGINALS = "originals"
# Below the documents directory, the templates documents were issued with (inspector/documents).
TEMPLATE_ARCHIVE = "templates"


def marker_path(config: Config) -> Path:
    return config.data_dir / MARKER_FILE


def _files(root: Path) -> int:
    """Regular files below ``root``, leaving out temporaries (dot files)."""
    if not root.is_dir():
        return 0
    return sum(1 for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def earlier_work(config: Config) -> list[str]:
    """What in the data directory shows that a database with records was used with it (translated)."""
    found = []
    if marker_path(config).is_file():
        found.append(tr("its marker {file}", file=MARKER_FILE))
    photos = _files(config.photo_dir / ORIGINALS)
    if photos:
        found.append(tr("{n} photo originals", n=photos))
    everything = _files(config.documents_dir)
    templates = _files(config.documents_dir / TEMPLATE_ARCHIVE)
    if everything > templates:
        found.append(tr("{n} issued documents", n=everything - templates))
    elif templates:
        found.append(tr("{n} archived templates of issued documents", n=templates))
    return found


def refuse_if_lost(config: Config, where: str, *, missing: bool) -> None:
    """Refuse to start on a missing or empty database beside a data directory with earlier work.

    A missing (or 0-byte) database file beside the marker, photo originals or documents is refused. A
    database that exists but holds no record is refused only beside the marker: photos and documents
    without it are what an interrupted first exchange import leaves (its files are copied in before
    its records), and ``inspector verify`` names them.
    """
    if not missing and not marker_path(config).is_file():
        return
    evidence = earlier_work(config)
    if not evidence:
        return
    raise DatabaseError(
        tr(
            "The database {where} is missing or empty, but the data directory {dir} holds the work of an "
            "earlier database ({evidence}). Nothing was created. Restore the database from a backup "
            '("inspector restore FILE --force" moves the directory aside and restores); to start afresh '
            "on purpose, move the data directory away first.",
            where=where,
            dir=str(config.data_dir),
            evidence=", ".join(evidence),
        )
    )


def _has_records(conn: Connection | Session) -> bool:
    """Every record is audited, so the first audit event is the first record."""
    return conn.execute(text("SELECT 1 FROM audit_events LIMIT 1")).first() is not None


def database_marker(conn: Connection | Session) -> str | None:
    return conn.execute(select(DataMarker.id).limit(1)).scalar()


def mark_in_transaction(session: Session) -> str | None:
    """Inside a write transaction: the marker, added now if this transaction wrote the first record."""
    existing = database_marker(session)
    if existing is not None:
        return existing
    session.flush()
    if not _has_records(session):
        return None
    new = str(uuid.uuid4())
    session.execute(insert(DataMarker).values(id=new, created_at=dt.datetime.now(dt.UTC)))
    return new


def write_file_marker(config: Config, marker_id: str) -> None:
    """The data directory's copy of the marker (kept if it already names this database)."""
    path = marker_path(config)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("database") == marker_id:
            return
    except (OSError, ValueError, AttributeError):
        pass
    note = (
        "This folder holds the data of the inspector app. The file tells the app that its database "
        "held records; if the database goes missing, the app refuses to start instead of creating "
        "an empty one. Do not delete it; restore a backup instead."
    )
    blob = json.dumps({"database": marker_id, "note": note}, ensure_ascii=False, indent=2)
    # A read-only data directory keeps none: the database's own marker and the files still count.
    with contextlib.suppress(OSError):
        write_atomic(path, blob.encode("utf-8"), mode=0o644)


def guard(
    engine: Engine, config: Config, where: str, schema: str | None, *, at_head: bool = False
) -> tuple[str | None, bool]:
    """At opening, before anything is written: refuse a lost database; else return the database's
    marker (None before migration 0009 or before the first record) and whether it holds records.

    On the usual start (schema at head, marker in place) this is one plain query."""
    with engine.connect() as conn:
        marked = schema is not None and (at_head or engine.dialect.has_table(conn, DataMarker.__tablename__))
        marker_id = conn.exec_driver_sql("SELECT id FROM data_marker LIMIT 1").scalar() if marked else None
        records = marker_id is not None or (schema is not None and _has_records(conn))
    if not records:
        refuse_if_lost(config, where, missing=False)
    return marker_id, records


def settle(engine: Engine, config: Config, marker_id: str | None, records: bool) -> str | None:
    """After migrating: a database with records has its marker (added if a process was killed between
    its first record and the marker), and the data directory its copy."""
    if marker_id is None and records:
        with engine.begin() as conn:
            marker_id = database_marker(conn)
            if marker_id is None:
                marker_id = str(uuid.uuid4())
                conn.execute(insert(DataMarker).values(id=marker_id, created_at=dt.datetime.now(dt.UTC)))
    if marker_id is not None:
        write_file_marker(config, marker_id)
    return marker_id
