"""Migration 0010 on a database with records: the inspections and documents it widens (and narrows on
the way back) stay sealed in the audit trail, so ``verify`` finds nothing, while a row edited behind
the app's back before the upgrade stays flagged; the new CHECKs hold. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from inspector import workflows
from inspector.config import Config
from inspector.domain import DocumentKind
from inspector.services import audit
from inspector.storage.db import Database, alembic_config, current_revision, head_revision
from tests.factories import finalized, people, site

BEFORE = "0009_county_kinds"


def _migrate(db: Database, target: str, up: bool) -> None:
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, target)


def _issued_record(db: Database, config: Config) -> None:
    """A signed, finalized inspection (回避 answered) and its 笔录, issued: a sealed row in each table."""
    with db.write() as s:
        who = people(s)
        sid = site(s)
    iid = finalized(db, who, sid, {"T-01": "未悬挂许可证"})
    workflows.perform(db, lambda s: workflows.issue_document(s, who.office, config, iid, DocumentKind.RECORD))


def test_rows_stay_sealed_both_ways(db: Database, backend_config: Config) -> None:
    _issued_record(db, backend_config)
    _migrate(db, BEFORE, up=False)
    with db.engine.connect() as conn:
        columns = conn.execute(text("SELECT * FROM inspections")).keys()
        assert "recusal" not in columns and conn.execute(text("SELECT count(*) FROM documents")).scalar() == 1
    _migrate(db, "head", up=True)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:  # the way back drops what only this version records
        assert conn.execute(text("SELECT recusal FROM inspections")).scalar_one() is None
    with db.read() as s:
        assert audit.verify_rows(s) == [] and audit.verify_chain(s) == []


def test_a_row_edited_behind_the_apps_back_stays_flagged(db: Database, backend_config: Config) -> None:
    _issued_record(db, backend_config)
    _migrate(db, BEFORE, up=False)
    with db.engine.begin() as conn:  # typed into the database file, bypassing the app
        conn.execute(text("UPDATE documents SET template_name = 'forged.docx'"))
    _migrate(db, "head", up=True)
    with db.read() as s:
        assert [p.key.partition(":")[0] for p in audit.verify_rows(s)] == ["documents"]
        assert audit.verify_chain(s) == []


def test_the_new_checks_hold(db: Database, backend_config: Config) -> None:
    _issued_record(db, backend_config)
    _migrate(db, BEFORE, up=False)
    _migrate(db, "head", up=True)
    with db.engine.begin() as conn:  # a 补充笔录 is a kind now
        conn.execute(text("UPDATE documents SET kind = 'supplement'"))
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE inspections SET recusal = 'maybe'"))
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE documents SET kind = 'letter'"))
