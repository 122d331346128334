"""双随机 plans: exact proportional allocation, reproducible draws stored with their inputs, drafts
created from a plan, and every impossible request refused with nothing stored."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select, update

from inspector.domain import Role
from inspector.errors import PermissionDenied, UserError, ValidationError
from inspector.forms import load_registry
from inspector.services import permissions, plan, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.storage.models import Inspection, Plan, Site
from tests.factories import finalized, people
from tests.followup.helpers import sites_for_plan


def test_largest_remainder_allocation() -> None:
    a, b, c = ("clinic", "城关镇"), ("clinic", "河西镇"), ("pharmacy", "城关镇")
    # quotas 1.867, 1.333, 0.8 -> floors 1, 1, 0; the two largest remainders (.867, .8) get the rest
    assert plan.allocate({a: 7, b: 5, c: 3}, 4) == {a: 2, b: 1, c: 1}
    assert plan.allocate({a: 10, b: 6, c: 4}, 10) == {a: 5, b: 3, c: 2}
    assert plan.allocate({a: 7, b: 5, c: 3}, 15) == {a: 7, b: 5, c: 3}
    assert plan.allocate({a: 7, b: 5, c: 3}, 0) == {a: 0, b: 0, c: 0}
    assert plan.allocate({a: 1, b: 1, c: 1}, 2) == {a: 1, b: 1, c: 0}  # ties: the first in order
    for n in range(16):
        assert sum(plan.allocate({a: 7, b: 5, c: 3}, n).values()) == n


def test_draw_is_stratified_reproducible_and_stored(db: Database) -> None:
    with db.write() as s:
        who = people(s)
        wang = users.create_user(s, SYSTEM, users.UserInput("wang", "王强", cert_no="41010020200003"))
    strata = sites_for_plan(db)
    # one clinic of 城关镇 was inspected 10 days ago: excluded from a 30-day window
    recent = sorted(strata["clinic/城关镇"])[0]
    finalized(db, who, recent, {}, started_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
    with db.write() as s:
        first = plan.draw_plan(s, who.supervisor, plan.PlanInput(count=5, seed=42, exclude_days=30))
    with db.write() as s:
        again = plan.draw_plan(s, who.office, plan.PlanInput(count=5, seed=42, exclude_days=30))
    assert first.id != again.id and first.seed == again.seed == 42
    assert first.draws == again.draws  # same seed and inputs: same sites, same pairs
    # eligible 6 / 5 / 3 of 14: quotas 2.14, 1.79, 1.07 -> 2, 2, 1
    assert {(x.kind, x.district): x.drawn for x in first.strata} == {
        ("clinic", "城关镇"): 2,
        ("clinic", "河西镇"): 2,
        ("pharmacy", "城关镇"): 1,
    }
    assert {(x.kind, x.district): x.eligible for x in first.strata} == {
        ("clinic", "城关镇"): 6,
        ("clinic", "河西镇"): 5,
        ("pharmacy", "城关镇"): 1 + 2,
    }
    drawn = Counter(f"{d.kind}/{d.district}" for d in first.draws)
    assert drawn == {"clinic/城关镇": 2, "clinic/河西镇": 2, "pharmacy/城关镇": 1}
    assert all(d.site_id in strata[f"{d.kind}/{d.district}"] for d in first.draws)
    assert recent not in {d.site_id for d in first.draws}
    # Drawn from every officer (the one rule of who may act as an inspector): the two inspectors, the
    # third one and the supervisor with a 执法证号; never office staff.
    with db.read() as s:
        officers = {u.id for u in permissions.officers(s)}
    assert officers == {who.inspector_a.user_id, who.inspector_b.user_id, who.supervisor.user_id, wang.id}
    for d in first.draws:
        assert d.inspector_ids[0] != d.inspector_ids[1]
        assert set(d.inspector_ids) <= officers and who.office.user_id not in d.inspector_ids
    with db.read() as s:
        assert plan.verify_plan(s, first.id)
        stored = s.get(Plan, first.id)
        assert stored is not None and stored.seed == 42 and stored.inputs["exclude_days"] == 30
        assert str(recent) not in {i for st in stored.inputs["strata"] for i in st["site_ids"]}
        other = plan.draw_sites(43, 5, plan._stored_strata(stored), stored.inputs["inspector_ids"])
    assert other[0] == {(x.kind, x.district): x.drawn for x in first.strata}  # another seed: same quotas
    # the stored result is what verify compares: a changed result no longer verifies
    with db.write() as s:
        result = dict(stored.result)
        result["draws"] = list(reversed(result["draws"]))
        s.execute(update(Plan).where(Plan.id == first.id).values(result=result))
    with db.read() as s:
        assert not plan.verify_plan(s, first.id)


def test_plan_becomes_draft_inspections_once(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    sites_for_plan(db)
    with db.write() as s:
        view = plan.draw_plan(s, who.supervisor, plan.PlanInput(count=3, seed=7, exclude_days=0))
        created = plan.create_inspections(s, who.supervisor, view.id, load_registry(None))
    with db.read() as s:
        rows = s.execute(select(Inspection).where(Inspection.plan_id == view.id)).scalars().all()
        assert len(rows) == len(created) == 3
        assert {r.site_id for r in rows} == {d.site_id for d in view.draws}
        assert all(r.status == "draft" and r.kind == "routine" for r in rows)
        by_site = {r.site_id: [i.user_id for i in r.inspectors] for r in rows}
        assert all(by_site[d.site_id] == list(d.inspector_ids) for d in view.draws)
        assert plan.get_plan(s, view.id).inspection_ids
    with pytest.raises(UserError, match="已生成 3"), db.write() as s:
        plan.create_inspections(s, who.supervisor, view.id, load_registry(None))


def test_impossible_plans_are_refused_and_nothing_is_stored(db: Database) -> None:
    with db.write() as s:
        only = users.actor_for(
            users.create_user(s, SYSTEM, users.UserInput("solo", "孤单", cert_no="41010020209999"))
        )
        boss = users.actor_for(
            users.create_user(s, SYSTEM, users.UserInput("boss", "赵", role=Role.SUPERVISOR.value))
        )
    sites_for_plan(db)
    cases: list[tuple[plan.PlanInput, type[Exception], str]] = [
        (plan.PlanInput(count=3, seed=1), UserError, "只有 1 名"),  # fewer than two inspectors
        (plan.PlanInput(count=0, seed=1), ValidationError, "至少"),
        (plan.PlanInput(count=16, seed=1, exclude_days=0), UserError, "只有 15 个"),
        (plan.PlanInput(count=1, seed=1, kinds=("wholesaler",)), UserError, "没有可抽取"),
        (plan.PlanInput(count=1, seed=-5), ValidationError, "随机种子"),
        (plan.PlanInput(count=1, seed=1, exclude_days=-1), ValidationError, "排除天数"),
    ]
    for data, error, message in cases:
        with pytest.raises(error, match=message), db.write() as s:
            plan.draw_plan(s, boss, data)
    with pytest.raises(PermissionDenied), db.write() as s:
        plan.draw_plan(s, only, plan.PlanInput(count=1, seed=1))
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Plan)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Site)).scalar_one() == 16
