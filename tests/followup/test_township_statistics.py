"""The board and the statistics by 乡镇 within its 区县, on SQLite and PostgreSQL.

Two counties each have a township called 新城街道: they are two places, counted and filtered apart.
First inspections and re-inspections are counted apart; findings are those of first inspections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from inspector.domain import AnswerResult
from inspector.services import reports, sites, stats_summary
from inspector.services.actor import SYSTEM
from inspector.services.followup import board, machine
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from tests.factories import People, people
from tests.followup.helpers import issued, reinspect

TWO = {"T-01": "未悬挂许可证", "T-05": "未张贴标志"}


def period() -> reports.Period:
    """The last 60 days up to today, taken when a test runs (not at import: a run that passes
    midnight would otherwise count today's re-inspection outside the period)."""
    today = dt.date.today()
    return reports.Period(today - dt.timedelta(days=60), today)


def _site(db: Database, name: str, district: str, township: str) -> uuid.UUID:
    with db.write() as s:
        return sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind="clinic",
                name=name,
                licence_no=f"T{uuid.uuid4().hex[:8]}",
                district=district,
                township=township,
            ),
        ).id


def county(db: Database) -> tuple[People, dict[str, uuid.UUID]]:
    """示范县/城关镇: a first inspection (2 findings) and its re-inspection; 示范县/新城街道: one first
    inspection (2 findings); 开发区/新城街道: two first inspections (1 and 2 findings)."""
    with db.write() as s:
        who = people(s)
    seat = _site(db, "仁心诊所", "示范县", "城关镇")
    county_new = _site(db, "济民诊所", "示范县", "新城街道")
    zone_new = _site(db, "惠民诊所", "开发区", "新城街道")
    rects = {
        "seat": issued(db, who, site_id=seat, bad=TWO),
        "county_new": issued(db, who, site_id=county_new, bad=TWO),
        "zone_new": issued(db, who, site_id=zone_new, bad={"T-01": "未悬挂许可证"}),
        "zone_new_2": issued(db, who, site_id=zone_new, bad=TWO),
    }
    with db.write() as s:
        machine.serve(s, who.office, rects["seat"], fviews.local_today())
    reinspect(db, who, rects["seat"], {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.COMPLIANT})
    return who, {"site_seat": seat, "site_county_new": county_new, "site_zone_new": zone_new, **rects}


def _by_township(db: Database, *, summary: bool = True) -> tuple[tuple[object, ...], ...]:
    with db.read() as s:
        window = period()
        return reports.compute(s, window, today=window.end, summary=summary).table("by_township").rows


def test_statistics_by_township_within_county(db: Database) -> None:
    county(db)
    expected = (
        # 区县, 乡镇, first inspections, re-inspections, findings, findings per first inspection
        ("开发区", "新城街道", 2, 0, 3, 1.5),
        ("示范县", "城关镇", 1, 1, 2, 2.0),
        ("示范县", "新城街道", 1, 0, 2, 2.0),
    )
    assert _by_township(db) == expected
    assert _by_township(db, summary=False) == expected  # the summary and the records agree
    with db.read() as s:
        window = period()
        stats = reports.compute(s, window, today=window.end)
        overview = dict(stats.table("overview").rows)
        assert stats_summary.differences(s) == []
    # The overview counts as the township table does: 4 first inspections, 1 re-inspection, 7 findings.
    assert (overview["首次检查数"], overview["复查数"], overview["问题数"]) == (4, 1, 7)
    per_month = stats.table("per_month").rows
    assert (sum(r[1] for r in per_month), sum(r[2] for r in per_month)) == (4, 1)


def test_moving_a_site_to_another_township_recounts_it(db: Database) -> None:
    _, ids = county(db)
    with db.read() as s:
        view = sites.get_site(s, ids["site_county_new"])
    values = {f.name: getattr(view, f.name) for f in dataclasses.fields(sites.SiteInput)}
    with db.write() as s:  # same county, another township: only the township changes
        sites.update_site(s, SYSTEM, view.id, sites.SiteInput(**{**values, "township": "城关镇"}))
    assert _by_township(db) == (("开发区", "新城街道", 2, 0, 3, 1.5), ("示范县", "城关镇", 2, 1, 4, 2.0))
    with db.read() as s:
        assert stats_summary.differences(s) == []


def test_board_filters_by_county_then_township(db: Database) -> None:
    _, ids = county(db)

    def listed(**kw: str) -> set[uuid.UUID]:
        f = board.RectificationFilter(statuses=("issued", "served", "reinspected"), **kw)  # type: ignore[arg-type]
        with db.read() as s:
            rows = board.list_rectifications(s, f)
            assert board.count_rectifications(s, f) == len(rows)
        return {r.id for r in rows}

    everything = {ids[k] for k in ("seat", "county_new", "zone_new", "zone_new_2")}
    assert listed() == everything
    assert listed(district="示范县") == {ids["seat"], ids["county_new"]}
    assert listed(district="示范县", township="新城街道") == {ids["county_new"]}
    assert listed(district="开发区", township="新城街道") == {ids["zone_new"], ids["zone_new_2"]}
    assert listed(township="新城街道") == {ids["county_new"], ids["zone_new"], ids["zone_new_2"]}
    with db.read() as s:
        row = board.list_rectifications(s, board.RectificationFilter(district="示范县", township="新城街道"))[
            0
        ]
        view = fviews.get_rectification(s, row.id)
    assert (row.district, row.township) == (view.district, view.township) == ("示范县", "新城街道")
