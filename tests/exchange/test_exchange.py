"""Field-to-office exchange: round trips, idempotence, conflicts that are never silently overwritten,
document numbers that never collide silently, and PostgreSQL as the office database. Every laptop and
office here trust each other's keys and share their accounts (``pair``), as after enrolment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector import exchange
from inspector.cli import main
from inspector.config import Config, resolve
from inspector.domain import AnswerResult, Role
from inspector.photos import store
from inspector.services import audit, inspections, photos, sites, stats_summary, users, verify
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database, open_database
from inspector.storage.exchange_models import ExchangeAuditEvent, ExchangeConflict
from inspector.storage.models import Answer, Document, Site, User
from inspector.storage.stats_models import StatDay
from tests.factories import finalized, people, site
from tests.identity import CliAs
from tests.world import World, build_world, enrol, pair, same_accounts

TABLES = (
    "sites",
    "users",
    "inspections",
    "inspection_inspectors",
    "answers",
    "photos",
    "documents",
    "rectifications",
    "rectification_events",
    "form_snapshots",
)


def _counts(db: Database) -> dict[str, int]:
    from sqlalchemy import table as sql_table

    with db.read() as s:
        return {
            t: int(s.execute(select(func.count()).select_from(sql_table(t))).scalar_one()) for t in TABLES
        }


def _verified(db: Database, config: Config) -> None:
    with db.read() as s:
        report = verify.verify_all(s, config)
    assert report.ok, report.problems


def _answer(db: Database, world: World, code: str) -> inspections.AnswerView:
    with db.read() as s:
        return inspections.get_inspection(s, world.inspection_id).answers[code]


def test_round_trip_laptop_to_office_and_back(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    laptop_counts = _counts(sqlite_db)
    exported = exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p1.zip")
    assert exported.photos == 1 and exported.documents == 1 and exported.events > 5
    result = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p1.zip")
    assert result.conflicts == 0 and "users" not in result.inserted
    assert sum(result.inserted.values()) == sum(laptop_counts.values()) - laptop_counts["users"]
    assert _counts(office) == laptop_counts
    assert store.original_path(office_cfg.photo_dir, world.photo_sha).is_file()
    _verified(office, office_cfg)
    # importing twice changes nothing
    before = _counts(office)
    again = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p1.zip")
    assert again.already and _counts(office) == before
    with office.read() as s:
        assert s.execute(select(func.count()).select_from(ExchangeAuditEvent)).scalar_one() == exported.events
    # a change on the laptop flows to the office (fast-forward), and back again to a third copy
    since = dt.datetime.now(dt.UTC)
    with sqlite_db.write() as s:
        inspections.record_answer(
            s,
            SYSTEM,
            world.inspection_id,
            world.item_codes[1],
            result=AnswerResult.NON_COMPLIANT,
            finding="复核发现问题",
        )
        photos.set_caption(s, SYSTEM, photos.list_photos(s, world.inspection_id)[0].id, "现场照片")
    p2 = exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p2.zip", since=since)
    assert p2.counts["answers"] == 1 and p2.counts["photos"] == 1  # caption edit found by digest
    r2 = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip")
    assert r2.updated == {"answers": 1, "photos": 1} and r2.conflicts == 0
    assert _answer(office, world, world.item_codes[1]).finding == "复核发现问题"
    _verified(office, office_cfg)
    back = exchange.export_package(office, office_cfg, SYSTEM, tmp_path / "back.zip")
    assert back.records == sum(laptop_counts.values())
    assert back.counts["users"] == laptop_counts["users"]  # they say who made the records
    r3 = exchange.import_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "back.zip")
    assert not r3.inserted and not r3.updated and r3.conflicts == 0
    _verified(sqlite_db, sqlite_config)


def test_changed_on_both_sides_is_a_conflict_for_a_person(  # noqa: PLR0917 - pytest fixtures
    world: World,
    sqlite_config: Config,
    sqlite_db: Database,
    second: tuple[Config, Database],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p1.zip")
    exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p1.zip")
    with sqlite_db.write() as s:
        sites.update_site(
            s,
            SYSTEM,
            world.site_id,
            sites.SiteInput(kind="clinic", name="仁心诊所（笔记本改）", licence_no=_licence(s, world)),
        )
    with office.write() as s:
        sites.update_site(
            s,
            SYSTEM,
            world.site_id,
            sites.SiteInput(kind="clinic", name="仁心诊所（办公室改）", licence_no=_licence(s, world)),
        )
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p2.zip")
    r = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip")
    assert r.conflicts == 1
    with office.read() as s:
        assert s.get(Site, world.site_id).name == "仁心诊所（办公室改）"  # not overwritten
        [c] = exchange.list_conflicts(s)
    assert c.entity == "sites" and c.kind == "changed"
    assert [(d.field, d.mine, d.theirs) for d in c.differences if d.field == "name"] == [
        ("name", "仁心诊所（办公室改）", "仁心诊所（笔记本改）")
    ]
    data = office_cfg.data_dir
    assert main(["exchange", "conflicts", "--data-dir", str(data)]) == 0
    assert str(c.id)[:8] in capsys.readouterr().out
    resolve_as = ["exchange", "resolve", str(c.id)[:8], "--keep", "theirs", *cli_as(office_cfg)]
    assert main([*resolve_as, "--data-dir", str(data)]) == 0
    capsys.readouterr()
    with office.read() as s:
        assert s.get(Site, world.site_id).name == "仁心诊所（笔记本改）"
        assert exchange.list_conflicts(s) == []
    _verified(office, office_cfg)
    # the same package again: nothing new, no second conflict
    assert exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip").already


def _licence(s: object, world: World) -> str:
    site = s.get(Site, world.site_id)  # type: ignore[attr-defined]
    return str(site.licence_no)


def test_keep_mine_and_answer_edited_on_both_sides(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p1.zip")
    exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p1.zip")
    code = world.item_codes[0]
    for db, text in ((sqlite_db, "笔记本上的记录"), (office, "办公室的记录")):
        with db.write() as s:
            inspections.record_answer(s, SYSTEM, world.inspection_id, code, finding=text)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p2.zip")
    r = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip")
    assert r.conflicts == 1
    with office.write() as s:
        [c] = exchange.list_conflicts(s)
        assert c.entity == "answers"
        exchange.resolve_conflict(s, SYSTEM, str(c.id), "mine")
    assert _answer(office, world, code).finding == "办公室的记录"
    _verified(office, office_cfg)


def test_document_number_collision_is_listed_not_overwritten(
    sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    number = "示卫监意〔2026〕001号"
    build_world(sqlite_db, sqlite_config, tmp_path, tag="lap", number=number, seed=1)
    office_world = build_world(office, office_cfg, tmp_path, tag="off", number=number, seed=2)
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p.zip")
    r = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p.zip")
    assert r.conflicts == 1 and r.inserted["documents"] == 1
    with office.read() as s:
        docs = {d.id: d.number for d in s.execute(select(Document)).scalars()}
        [c] = exchange.list_conflicts(s)
    assert docs[office_world.document_id] == number and sorted(docs.values(), key=str) == sorted(
        [number, None], key=str
    )
    assert c.kind == "unique" and c.field == "number" and c.other_id == str(office_world.document_id)
    _verified(office, office_cfg)
    with office.write() as s:
        exchange.resolve_conflict(s, SYSTEM, str(c.id), "theirs")
    with office.read() as s:
        docs = {d.id: d.number for d in s.execute(select(Document)).scalars()}
    assert (
        docs[office_world.document_id] is None
        and docs[next(i for i in docs if i != office_world.document_id)] == number
    )
    _verified(office, office_cfg)


def test_into_postgresql(
    world: World, sqlite_config: Config, sqlite_db: Database, pg_url: str, tmp_path: Path
) -> None:
    pg_cfg = resolve(tmp_path / "pgdata", pg_url)
    pg = open_database(pg_cfg)
    try:
        pair(sqlite_config, sqlite_db, pg_cfg, pg)
        exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p.zip")
        r = exchange.import_package(pg, pg_cfg, SYSTEM, tmp_path / "p.zip")
        assert r.conflicts == 0 and _counts(pg) == _counts(sqlite_db)
        _verified(pg, pg_cfg)
        assert exchange.import_package(pg, pg_cfg, SYSTEM, tmp_path / "p.zip").already
        # and back from PostgreSQL into a fresh SQLite database, with identical digests
        fresh = resolve(tmp_path / "fresh")
        fdb = open_database(fresh)
        try:
            enrol(pg_cfg, pg, fresh, "新笔记本")  # the package is encrypted for it too
            exchange.export_package(pg, pg_cfg, SYSTEM, tmp_path / "back.zip")
            enrol(fresh, fdb, pg_cfg)
            same_accounts(pg, fdb)
            r2 = exchange.import_package(fdb, fresh, SYSTEM, tmp_path / "back.zip")
            assert r2.conflicts == 0 and _counts(fdb) == _counts(sqlite_db)
            r3 = exchange.import_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "back.zip")
            assert not r3.inserted and not r3.updated and not r3.conflicts
            laptop = _counts(sqlite_db)
            assert sum(r3.unchanged.values()) == sum(laptop.values()) - laptop["users"]  # accounts: never
            _verified(fdb, fresh)
        finally:
            fdb.close()
    finally:
        pg.close()


def test_accounts_are_matched_by_user_name_and_never_imported(
    sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    """The office's ``zhangsame`` (its own id) is the laptop's ``zhangsame``: the imported inspection
    names the office's account, and no account is created or changed."""
    office_cfg, office = second
    world = build_world(sqlite_db, sqlite_config, tmp_path, tag="same", seed=3)
    enrol(office_cfg, office, sqlite_config)
    enrol(sqlite_config, sqlite_db, office_cfg)  # packages are encrypted for the office's key
    with office.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("zhangsame", "张三（办公室）", cert_no="41010020209999"))
        users.create_user(s, SYSTEM, users.UserInput("lisame", "李芳", cert_no="41010020209998"))
        before = sorted((u.id, u.username, u.name, u.role) for u in s.execute(select(User)).scalars())
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p.zip")
    r = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p.zip")
    assert r.conflicts == 0 and "users" not in r.inserted
    with office.read() as s:
        after = sorted((u.id, u.username, u.name, u.role) for u in s.execute(select(User)).scalars())
        view = inspections.get_inspection(s, world.inspection_id)
    assert after == before
    office_ids = {u[0] for u in after}
    assert {i.user_id for i in view.inspectors} <= office_ids
    assert set(world.inspector_ids).isdisjoint(office_ids)
    _verified(office, office_cfg)
    # a later change by the laptop's zhangsame is a plain update in the office, made by its zhangsame
    since = dt.datetime.now(dt.UTC)
    zhang = Actor(world.inspector_ids[0], "张伟", Role.INSPECTOR)
    with sqlite_db.write() as s:
        inspections.record_answer(s, zhang, world.inspection_id, world.item_codes[1], finding="补充记录")
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p2.zip", since=since)
    r2 = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip")
    assert r2.updated == {"answers": 1} and r2.conflicts == 0
    with office.read() as s:
        answer = s.execute(select(Answer).where(Answer.item_code == world.item_codes[1])).scalar_one()
        office_zhang = s.execute(select(User.id).where(User.username == "zhangsame")).scalar_one()
    assert answer.finding == "补充记录" and answer.updated_by == office_zhang
    # exported back, the laptop's own accounts are found again by name: nothing changes there
    exchange.export_package(office, office_cfg, SYSTEM, tmp_path / "back.zip")
    back = exchange.import_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "back.zip")
    assert not back.inserted and not back.updated and back.conflicts == 0
    _verified(sqlite_db, sqlite_config)


def test_cli_export_import(  # noqa: PLR0917 - pytest fixtures
    world: World,
    sqlite_config: Config,
    sqlite_db: Database,
    second: tuple[Config, Database],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    office_cfg, _office = second
    pair(sqlite_config, sqlite_db, office_cfg, _office)
    with sqlite_db.read() as s:
        inspector_name = s.get(User, world.inspector_ids[0]).username  # type: ignore[union-attr]
    # the laptop's administrator (a directory without one opens to nobody) and its inspector
    laptop_admin = ["--data-dir", str(sqlite_config.data_dir), *cli_as(sqlite_config)]
    laptop = ["--data-dir", str(sqlite_config.data_dir), *cli_as(sqlite_config, inspector_name)]
    office = ["--data-dir", str(office_cfg.data_dir), *cli_as(office_cfg)]
    pkg = tmp_path / "cli.zip"
    assert main(["exchange", "export", "--out", str(pkg), "--since", "2000-01-01", *laptop]) == 0
    assert "数据包已写入" in capsys.readouterr().out
    assert main(["exchange", "check", str(pkg), "--data-dir", str(office_cfg.data_dir)]) == 0
    assert main(["exchange", "import", str(pkg), *office]) == 0
    assert "冲突 0 条" in capsys.readouterr().out
    assert main(["exchange", "import", str(pkg), *office]) == 0
    assert "以前已导入过" in capsys.readouterr().out
    assert main(["exchange", "import", str(pkg), *laptop_admin]) == 2
    assert "由本数据库导出" in capsys.readouterr().err
    assert main(["exchange", "export", "--out", str(pkg), "--since", "yesterday", *laptop]) == 2
    assert "不是日期或时间" in capsys.readouterr().err
    with _office.read() as s:
        assert audit.verify_chain(s) == []
        assert s.execute(select(func.count()).select_from(ExchangeConflict)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Answer)).scalar_one() == len(world.item_codes)


def test_two_answers_to_the_same_item_are_held_back_then_merged(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p1.zip")
    exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p1.zip")
    with sqlite_db.read() as s:
        form = inspections.form_of(s, world.inspection_id)
    code = next(i.code for i in form.items if i.code not in world.item_codes and i.condition is None)
    for db, text in ((sqlite_db, "笔记本：发现问题"), (office, "办公室：补录")):
        with db.write() as s:
            inspections.record_answer(
                s, SYSTEM, world.inspection_id, code, result=AnswerResult.NON_COMPLIANT, finding=text
            )
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p2.zip")
    r = exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p2.zip")
    assert r.conflicts == 1 and not r.inserted.get("answers")
    with office.read() as s:
        [c] = exchange.list_conflicts(s)
        assert c.kind == "unique" and c.field == "inspection_id,item_code"
        assert _answer(office, world, code).finding == "办公室：补录"
    with office.write() as s:
        exchange.resolve_conflict(s, SYSTEM, str(c.id)[:8], "theirs")
    assert _answer(office, world, code).finding == "笔记本：发现问题"
    with office.read() as s:
        n = s.execute(select(func.count()).select_from(Answer).where(Answer.item_code == code)).scalar_one()
    assert n == 1
    _verified(office, office_cfg)


def test_imported_findings_count_in_the_office_statistics(
    sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    """The office's statistics summary recounts the days of a laptop's imported inspections."""
    office_cfg, office = second
    with sqlite_db.write() as s:
        who = people(s)
        where = site(s, district="河西镇")
    finalized(sqlite_db, who, where, {"T-01": "未悬挂执业许可证", "T-05": "未张贴"})
    pair(sqlite_config, sqlite_db, office_cfg, office)
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "p.zip")
    exchange.import_package(office, office_cfg, SYSTEM, tmp_path / "p.zip")
    with office.read() as s:
        assert stats_summary.differences(s) == []
        by_district = s.execute(
            select(StatDay.key, StatDay.n).where(StatDay.dim == stats_summary.FINDING_PLACE)
        ).all()
    assert [tuple(r) for r in by_district] == [("河西镇", 2)]
