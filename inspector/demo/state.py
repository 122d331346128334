"""Whether a data directory holds the demo, half of it, or somebody's real records.

The demo writes its marker (setting ``demo_seeded``) as ``seeding`` in a transaction of its own
before anything else, and sets it to the day it finished as its last step. So a demo killed half-way
is recognised as such and started again from a clean slate (its tables emptied, its photos and
documents removed), instead of staying half-seeded forever behind "already there". A database that
holds records but no demo marker is refused: the demo creates an administrator whose password is
published in the README, which must never appear in an office's real data.

Why restart rather than resume: the demo draws from one seeded random sequence and "now", so a
resumed run would not make the same records the first half assumed. Starting over is safe because
the demo starts only on an empty database, and an empty database opens only beside a data directory
without photos or documents (:mod:`inspector.storage.marker`): what the reset removes, the demo made.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import select, text

from inspector.config import Config
from inspector.demo.result import MARKER
from inspector.durable import remove_tree
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import audit
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Base, Setting

SEEDING = "seeding"
# This database's own bookkeeping and the schema version survive a reset.
KEPT_TABLES = frozenset({"alembic_version", "data_marker", "sign_in_throttle"})


class DemoState(StrEnum):
    EMPTY = "empty"
    PARTIAL = "partial"
    DONE = "done"
    FOREIGN = "foreign"


def state(db: Database) -> DemoState:
    with db.read() as s:
        row = s.get(Setting, MARKER)
        if row is not None:
            return DemoState.PARTIAL if row.value == SEEDING else DemoState.DONE
        records = s.execute(select(AuditEvent.seq).limit(1)).first() is not None
    return DemoState.FOREIGN if records else DemoState.EMPTY


def refuse_foreign() -> UserError:
    return UserError(
        tr(
            "This database already holds records that are not the demo's; nothing was changed. The demo "
            "creates accounts with a published password, so it only goes into an empty data directory: "
            'run "inspector demo --data-dir NEW_FOLDER".'
        )
    )


def begin(db: Database) -> None:
    with db.write() as s:
        s.add(Setting(key=MARKER, value=SEEDING))
        s.flush()
        audit.record(s, SYSTEM, "demo.begin", "settings", MARKER)


def finish(db: Database) -> None:
    with db.write() as s:
        row = s.get(Setting, MARKER)
        assert row is not None
        row.value = dt.date.today().isoformat()
        s.flush()
        audit.record(s, SYSTEM, "demo.done", "settings", MARKER)


def reset(db: Database, config: Config) -> None:
    """Empty what a killed demo run left: every record, its photos and its documents."""
    tables = [t for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    with db.write() as s:
        if s.get_bind().dialect.name == "postgresql":  # one statement: the foreign keys form cycles
            s.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables)))
        else:
            s.execute(text("PRAGMA defer_foreign_keys = ON"))  # checked at commit, when all are gone
            for table in tables:
                s.execute(table.delete())
    remove_tree(config.photo_dir)
    remove_tree(config.documents_dir)
