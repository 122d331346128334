"""A package from a laptop not yet updated still imports: its sites' old kinds (``ultrasound``,
``termination_delivery``) become this version's, their designation flags stay, and the pinyin sort
key it did not know is computed from the name."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from inspector import exchange
from inspector.config import Config
from inspector.exchange import records
from inspector.services.actor import SYSTEM
from inspector.services.pinyin import sort_key
from inspector.storage.db import Database
from inspector.storage.models import Base, Site
from tests.exchange.test_hostile import lines, put, repack
from tests.world import World, pair


def _as_previous_version(members: dict[str, bytes], _manifest: dict) -> None:
    """The package's sites as the previous version wrote them: an old kind, no name_key."""
    table = Base.metadata.tables["sites"]
    rows = lines(members, "records/sites.jsonl")
    for row in rows:
        row["data"]["kind"] = "ultrasound"
        row["data"]["designated_ultrasound"] = True
        del row["data"]["name_key"]
        row["digest"] = records.payload_digest(table, row["data"], {})  # a site names no account
    put(members, "records/sites.jsonl", rows)


def test_a_site_row_of_the_previous_version_is_read_in_this_versions_words() -> None:
    table = Base.metadata.tables["sites"]
    values = records.decode_payload(
        table,
        {
            "id": "8d0b7a1e-4b4f-4c52-9c1e-0f6a8a1d2b3c",
            "kind": "termination_delivery",
            "name": "县人民医院",
            "designated_termination": True,
            "designated_delivery": True,
            "created_at": "2026-01-01T00:00:00+00:00",
            "updated_at": "2026-01-01T00:00:00+00:00",
        },
    )
    assert values["kind"] == "hospital" and values["designated_termination"] and values["designated_delivery"]
    assert values["name_key"] == sort_key("县人民医院") == "xian4ren2min2yi1yuan4"


def test_an_old_package_imports_with_current_kinds(
    world: World, sqlite_config: Config, sqlite_db: Database, second: tuple[Config, Database], tmp_path: Path
) -> None:
    office_cfg, office = second
    pair(sqlite_config, sqlite_db, office_cfg, office)
    new = exchange.export_package(sqlite_db, sqlite_config, SYSTEM, tmp_path / "new.zip")
    assert new.photos == 1
    old = repack(
        tmp_path / "new.zip", tmp_path / "old.zip", _as_previous_version, signer=sqlite_config, to=office_cfg
    )
    result = exchange.import_package(office, office_cfg, SYSTEM, old)
    assert result.conflicts == 0
    with office.read() as s:
        site = s.execute(select(Site).where(Site.id == world.site_id)).scalar_one()
    assert (site.kind, site.designated_ultrasound) == ("hospital", True)
    assert site.name_key == sort_key(site.name) and site.name_key.startswith("ren2xin1zhen3suo3")
