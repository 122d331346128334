"""The statistics summary stays equal to a recount of the records through every writer, on SQLite and
PostgreSQL, and the dashboard's figures from it equal those counted from the records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from inspector.cli import main
from inspector.config import Config
from inspector.services import reports, sites, stats_summary
from inspector.services.actor import SYSTEM
from inspector.services.inspections import finalize
from inspector.services.site_import import import_sites
from inspector.storage.db import Database
from inspector.storage.models import Answer, Inspection, Site
from inspector.storage.stats_models import StatDay
from tests.factories import add_photo
from tests.followup.stats_data import CST, known_data
from tests.services.helpers import start
from tests.services.test_inspections import _answer_all


def _draft(db: Database, *, bad: str | None = "CL-02", district: str = "") -> uuid.UUID:
    """A draft inspection with every item answered, ``bad`` non-compliant with its photo."""
    with db.write() as s:
        view = start(s)
        if district:
            s.execute(update(Site).where(Site.id == view.site_id).values(district=district))
        if bad:
            add_photo(s, view.id, bad)
    _answer_all(db, view.id, bad=bad)
    return view.id


def _finalized(db: Database, *, bad: str | None = "CL-02", district: str = "") -> uuid.UUID:
    inspection = _draft(db, bad=bad, district=district)
    with db.write() as s:
        finalize(s, SYSTEM, inspection)
    return inspection


def _summary(db: Database, dim: str) -> dict[str, int]:
    with db.read() as s:
        rows = s.execute(
            select(StatDay.key, func.sum(StatDay.n)).where(StatDay.dim == dim).group_by(StatDay.key)
        ).all()
    return {k: int(n) for k, n in rows if n}


def test_finalize_and_moving_a_site_keep_the_summary(db: Database) -> None:
    with db.read() as s:
        assert stats_summary.offset(s) == reports.local_offset()  # built by the migration
    first = _finalized(db, district="城关镇")
    _finalized(db, bad=None, district="城关镇")
    assert _summary(db, stats_summary.ROUTINE) == {"城关镇": 2}
    assert _summary(db, stats_summary.FINDING_ITEM) == {"CL-02": 1}
    assert _summary(db, stats_summary.FINDING_PLACE) == {"城关镇": 1}
    with db.read() as s:
        assert stats_summary.differences(s) == []
        site_id = s.get(Inspection, first).site_id  # type: ignore[union-attr]
        view = sites.get_site(s, site_id)
    with db.write() as s:
        values = {f.name: getattr(view, f.name) for f in dataclasses.fields(sites.SiteInput)}
        data = sites.SiteInput(**{**values, "district": "河西镇"})
        sites.update_site(s, SYSTEM, site_id, data)
    assert _summary(db, stats_summary.ROUTINE) == {"城关镇": 1, "河西镇": 1}
    assert _summary(db, stats_summary.FINDING_PLACE) == {"河西镇": 1}
    with db.read() as s:
        assert stats_summary.differences(s) == []


def test_site_import_moving_districts_keeps_the_summary(db: Database, tmp_path: Path) -> None:
    inspection = _finalized(db, district="城关镇")
    with db.read() as s:
        site = s.get(Site, s.get(Inspection, inspection).site_id)  # type: ignore[union-attr]
        assert site is not None
        licence, name = site.licence_no, site.name
    csv = tmp_path / "sites.csv"
    csv.write_text(f"名称,类型,许可证号,区县\n{name},诊所,{licence},东山乡\n", encoding="utf-8")
    with db.write() as s:
        assert import_sites(s, SYSTEM, csv, update_existing=True).updated == 1
    assert _summary(db, stats_summary.FINDING_PLACE) == {"东山乡": 1}
    with db.read() as s:
        assert stats_summary.differences(s) == []


def test_a_direct_edit_shows_in_differences_and_rebuild_repairs_it(db: Database) -> None:
    _finalized(db)
    with db.write() as s:
        s.execute(update(Answer).values(result="compliant"))  # behind the services' back
    with db.read() as s:
        assert len(stats_summary.differences(s)) == 1
    with db.write() as s:
        stats_summary.rebuild(s, reports.local_offset())
    with db.read() as s:
        assert stats_summary.differences(s) == []
    assert _summary(db, stats_summary.FINDING_ITEM) == {}


def _random_records(db: Database, seed: int) -> None:
    """Inspections of both kinds at random minutes around local and UTC midnights and month ends."""
    rng = random.Random(seed)
    known_data(db)  # sites, a form snapshot and rectifications to hang re-inspections on
    with db.write() as s:
        site_ids = list(s.execute(select(Site.id)).scalars())
        template = s.execute(select(Inspection).limit(1)).scalar_one()
        base = dt.datetime(2026, 1, 31, 16, 0, tzinfo=dt.UTC)
        for _ in range(60):
            at = base + dt.timedelta(
                days=rng.randint(-40, 70), minutes=rng.choice([-61, -1, 0, 1, 59, 479, 481])
            )
            insp = Inspection(
                id=uuid.uuid4(),
                site_id=rng.choice(site_ids),
                kind=rng.choice(["routine", "routine", "reinspection"]),
                form_id=template.form_id,
                form_version=template.form_version,
                form_sha256=template.form_sha256,
                status=rng.choice(["finalized", "finalized", "draft"]),
                started_at=at,
            )
            s.add(insp)
            s.flush()
            for code in ("T-01", "T-02", "T-03"):
                result = rng.choice(["compliant", "non_compliant", "not_applicable"])
                s.add(
                    Answer(id=uuid.uuid4(), inspection_id=insp.id, item_code=code, result=result, finding="")
                )
        s.flush()


def test_summary_and_records_give_the_same_figures(db: Database) -> None:
    rng = random.Random(5)
    _random_records(db, seed=5)
    for utc_offset in (CST, dt.timedelta(0), dt.timedelta(hours=-5, minutes=-30)):
        with db.write() as s:
            stats_summary.rebuild(s, utc_offset)
        for _ in range(4):
            first = dt.date(2025, 12, 15) + dt.timedelta(days=rng.randint(0, 60))
            period = reports.Period(first, first + dt.timedelta(days=rng.randint(0, 90)))
            with db.read() as s:
                kwargs = {"utc_offset": utc_offset, "today": dt.date(2026, 3, 31)}
                fast = reports.compute(s, period, **kwargs)  # type: ignore[arg-type]
                slow = reports.compute(s, period, summary=False, **kwargs)  # type: ignore[arg-type]
            assert [t.rows for t in fast.tables] == [t.rows for t in slow.tables], (utc_offset, period)


def test_concurrent_finalizes_of_one_day(db: Database) -> None:
    """Two desks finalizing on the same day at once: the second recount waits for the first and
    counts both inspections."""
    ids = [_draft(db), _draft(db)]
    done = threading.Event()

    def second() -> None:
        with db.write() as s:
            finalize(s, SYSTEM, ids[1])
        done.set()

    with db.write() as s:
        finalize(s, SYSTEM, ids[0])
        worker = threading.Thread(target=second)
        worker.start()
        assert not done.wait(1.0)  # queued behind this transaction's recount
    worker.join(30)
    assert done.is_set()
    assert sum(_summary(db, stats_summary.FINDING_ITEM).values()) == 2
    with db.read() as s:
        assert stats_summary.differences(s) == []


def test_verify_names_a_damaged_summary_and_rebuild_stats_repairs_it(
    sqlite_config: Config, sqlite_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _finalized(sqlite_db)
    with sqlite_db.write() as s:
        s.execute(delete(StatDay))  # e.g. a summary damaged by hand
    where = ["--data-dir", str(sqlite_config.data_dir)]
    assert main(["verify", *where]) == 1
    assert "统计汇总有 1 天与记录不一致" in capsys.readouterr().out
    assert main(["db", "rebuild-stats", *where]) == 0
    assert "重新统计" in capsys.readouterr().out
    main(["verify", *where])  # the test's photo row has no file: verify names that, nothing else
    assert "统计汇总有" not in capsys.readouterr().out
    assert _summary(sqlite_db, stats_summary.FINDING_ITEM) == {"CL-02": 1}


def test_the_migration_builds_the_summary_of_existing_records(db: Database) -> None:
    """Migration 0005 counts with its own SQL (a migration never calls the live service): going back
    to 0004 and up again over existing records gives exactly the summary the service keeps."""
    from alembic import command

    from inspector.storage.db import alembic_config

    _finalized(db, district="城关镇")
    _finalized(db, bad=None, district="河西镇")
    before = {dim: _summary(db, dim) for dim in (stats_summary.ROUTINE, stats_summary.FINDING_ITEM)}
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        command.upgrade(cfg, "head")
    with db.read() as s:
        assert stats_summary.offset(s) == reports.local_offset()
        assert stats_summary.differences(s) == []
    assert {dim: _summary(db, dim) for dim in before} == before
    assert before[stats_summary.ROUTINE] == {"城关镇": 1, "河西镇": 1}
