"""Migration 0009 on a database with records (as a backup of the previous version is, once restored):
old kinds become the county's kinds with their designations kept, every name gets its pinyin key,
and the statistics summary is recounted by township; and back again. Sites referenced by
inspections survive both ways on SQLite (the table is not rebuilt) and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from inspector.services import audit, sites, stats_summary
from inspector.services.actor import SYSTEM
from inspector.services.pinyin import sort_key
from inspector.storage.db import Database, alembic_config
from inspector.storage.models import Site
from tests.services.test_stats_summary import _finalized

BEFORE = "0005"


def _migrate(db: Database, target: str, up: bool) -> None:
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, target)


def _change(db: Database, **changes: object) -> None:
    """Change the one site through the services (audited, as a person's edit is)."""
    with db.write() as s:
        view = sites.get_site(s, s.execute(select(Site.id)).scalar_one())
        values = {f.name: getattr(view, f.name) for f in dataclasses.fields(sites.SiteInput)}
        sites.update_site(s, SYSTEM, view.id, sites.SiteInput(**{**values, **changes}))


def test_old_kinds_become_county_kinds(db: Database) -> None:
    """A designated hospital goes back to the old kind ``ultrasound`` and up again to ``hospital``; each
    step seals the row it changed, so ``verify`` sees recorded changes, not tampering."""
    _finalized(db, district="示范县")
    _change(db, kind="hospital", licence_no="PDY1", designated_ultrasound=True)
    _migrate(db, BEFORE, up=False)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM sites")).scalar_one() == "ultrasound"
    _migrate(db, "head", up=True)
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT kind, designated_ultrasound, name, name_key FROM sites")).one()
        assert conn.execute(text("SELECT count(*) FROM inspections")).scalar_one() == 1
    assert (row.kind, bool(row.designated_ultrasound)) == ("hospital", True)
    assert row.name_key == sort_key(row.name) and row.name_key
    with db.read() as s:
        assert stats_summary.differences(s) == []  # recounted by township in the migration's own SQL
        assert audit.verify_rows(s) == [] and audit.verify_chain(s) == []
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE sites SET kind = 'ultrasound'"))  # the CHECK follows the new kinds


def test_a_row_edited_behind_the_apps_back_is_not_sealed_by_the_upgrade(db: Database) -> None:
    """The migration re-seals only rows that matched their seal: earlier tampering stays visible."""
    _finalized(db, district="示范县")
    _migrate(db, BEFORE, up=False)
    with db.engine.begin() as conn:  # typed into the database file, bypassing the app
        conn.execute(text("UPDATE sites SET kind = 'termination_delivery', township = '南湖街道'"))
    _migrate(db, "head", up=True)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM sites")).scalar_one() == "hospital"
    with db.read() as s:
        assert [p.key.partition(":")[0] for p in audit.verify_rows(s)] == ["sites"]
        assert stats_summary.differences(s) == []


def test_back_to_the_previous_version(db: Database) -> None:
    _finalized(db, district="示范县")
    _change(db, kind="village_clinic")
    _migrate(db, BEFORE, up=False)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM sites")).scalar_one() == "clinic"
        assert conn.execute(text("SELECT count(*) FROM inspections")).scalar_one() == 1
    _migrate(db, "head", up=True)
    with db.read() as s:
        assert stats_summary.differences(s) == []
        assert audit.verify_rows(s) == [] and audit.verify_chain(s) == []
