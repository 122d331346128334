"""Migration 0008 on a database with records (as a backup of the previous version is, once restored):
old kinds become the county's kinds with their designations kept, every name gets its pinyin key,
and the statistics summary is recounted by township; and back again. Sites referenced by
inspections survive both ways on SQLite (the table is not rebuilt) and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from inspector.services import stats_summary
from inspector.services.pinyin import sort_key
from inspector.storage.db import Database, alembic_config
from tests.services.test_stats_summary import _finalized

BEFORE = "0005"


def _migrate(db: Database, target: str, up: bool) -> None:
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, target)


def test_old_kinds_become_county_kinds(db: Database) -> None:
    _finalized(db, district="示范县")
    _finalized(db, bad=None, district="开发区")
    _migrate(db, BEFORE, up=False)
    with db.engine.begin() as conn:
        assert set(conn.execute(text("SELECT kind FROM sites")).scalars()) == {"clinic"}
        conn.execute(
            text(
                "UPDATE sites SET kind = 'ultrasound', designated_ultrasound = true WHERE district = '示范县'"
            )
        )
        conn.execute(
            text(
                "UPDATE sites SET kind = 'termination_delivery', township = '南湖街道'"
                " WHERE district = '开发区'"
            )
        )
    _migrate(db, "head", up=True)
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT district, kind, designated_ultrasound, designated_termination, name, name_key"
                " FROM sites"
            )
        ).all()
        count = conn.execute(text("SELECT count(*) FROM inspections")).scalar_one()
    assert count == 2  # the inspections and their sites are all there
    by_district = {r.district: r for r in rows}
    assert by_district["示范县"].kind == by_district["开发区"].kind == "hospital"
    assert (
        bool(by_district["示范县"].designated_ultrasound) and not by_district["开发区"].designated_termination
    )
    assert all(r.name_key == sort_key(r.name) and r.name_key for r in rows)
    with db.read() as s:
        assert stats_summary.differences(s) == []  # recounted by township in the migration's own SQL
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text("UPDATE sites SET kind = 'ultrasound'"))  # the CHECK follows the new kinds


def test_back_to_the_previous_version(db: Database) -> None:
    _finalized(db, district="示范县")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE sites SET kind = 'village_clinic'"))
    _migrate(db, BEFORE, up=False)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM sites")).scalar_one() == "clinic"
        assert conn.execute(text("SELECT count(*) FROM inspections")).scalar_one() == 1
    _migrate(db, "head", up=True)
    with db.read() as s:
        assert stats_summary.differences(s) == []
