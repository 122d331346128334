"""Site registry services on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from inspector.domain import Role
from inspector.errors import PermissionDenied, ValidationError
from inspector.services import sites
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Site

CLINIC = sites.SiteInput(
    kind="clinic",
    name="城关镇仁心诊所",
    licence_no="ZS001",
    address="东关社区12号",
    district="城关镇",
    legal_rep="王建国",
    phone="13800000000",
)


def test_create_search_update_deactivate(db: Database) -> None:
    with db.write() as s:
        created = sites.create_site(s, SYSTEM, CLINIC)
        sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind="pharmacy",
                name="百姓大药房",
                licence_no="豫AA001",
                district="河西镇",
                address="人民路1号",
            ),
        )
    with db.read() as s:
        assert [v.name for v in sites.search_sites(s, sites.SiteFilter(text="仁心"))] == ["城关镇仁心诊所"]
        assert [v.name for v in sites.search_sites(s, sites.SiteFilter(text="zs001"))] == ["城关镇仁心诊所"]
        assert sites.count_sites(s, sites.SiteFilter(kinds=("pharmacy",))) == 1
        assert sites.count_sites(s, sites.SiteFilter(district="河西镇")) == 1
        assert sites.districts(s) == sorted(["城关镇", "河西镇"])
    with db.write() as s:
        sites.update_site(
            s, SYSTEM, created.id, sites.SiteInput(**{**CLINIC.__dict__, "name": "仁心诊所（新址）"})
        )
        sites.set_active(s, SYSTEM, created.id, False)
    with db.read() as s:
        assert sites.count_sites(s, sites.SiteFilter(text="仁心")) == 0
        assert sites.count_sites(s, sites.SiteFilter(text="新址", include_inactive=True)) == 1
        actions = list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())
    assert actions == ["create", "create", "update", "deactivate"]


def test_like_wildcards_are_literal(db: Database) -> None:
    with db.write() as s:
        sites.create_site(s, SYSTEM, CLINIC)
    with db.read() as s:
        assert sites.count_sites(s, sites.SiteFilter(text="%")) == 0
        assert sites.count_sites(s, sites.SiteFilter(text="_")) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "名" * 201}, "name"),
        ({"kind": "spaceship"}, "kind"),
        ({"credit_code": "123"}, "credit_code"),
        ({"phone": "call me"}, "phone"),
        ({"kind": "pharmacy", "licence_no": None}, "licence_no"),
        ({"latitude": 123.0}, "latitude"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(
    db: Database, change: dict[str, object], field: str
) -> None:
    bad = sites.SiteInput(**{**CLINIC.__dict__, **change})  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as info, db.write() as s:
        sites.create_site(s, SYSTEM, bad)
    assert field in [f for f, _ in info.value.problems]
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Site)).scalar() == 0


def test_duplicate_licence_is_refused(db: Database) -> None:
    with db.write() as s:
        sites.create_site(s, SYSTEM, CLINIC)
    with pytest.raises(ValidationError, match="仁心诊所"), db.write() as s:
        sites.create_site(s, SYSTEM, sites.SiteInput(kind="clinic", name="另一家", licence_no="ZS001"))


def test_unlicensed_site_needs_no_licence(db: Database) -> None:
    with db.write() as s:
        v = sites.create_site(s, SYSTEM, sites.SiteInput(kind="unlicensed", name="石桥村无证诊所"))
    assert v.licence_no is None
    assert v.kind_label == "无证行医点"


def test_inspector_cannot_deactivate(db: Database) -> None:
    with db.write() as s:
        v = sites.create_site(s, SYSTEM, CLINIC)
    someone = Actor(user_id=None, name="张三", role=Role.INSPECTOR)
    with pytest.raises(PermissionDenied), db.write() as s:
        sites.set_active(s, someone, v.id, False)


def test_paging_is_stable(db: Database) -> None:
    with db.write() as s:
        for i in range(25):
            sites.create_site(
                s, SYSTEM, sites.SiteInput(kind="clinic", name=f"诊所{i:02d}", licence_no=f"L{i}")
            )
    with db.read() as s:
        f = sites.SiteFilter(order_by="name")
        pages = [sites.search_sites(s, f, limit=10, offset=o) for o in (0, 10, 20)]
    names = [v.name for p in pages for v in p]
    assert names == [f"诊所{i:02d}" for i in range(25)]


def test_count_of_empty_registry_is_zero(db: Database) -> None:
    with db.read() as s:
        assert sites.count_sites(s, sites.SiteFilter(include_inactive=True)) == 0
        assert sites.count_sites(s, sites.SiteFilter(include_inactive=True), cap=10) == 0
