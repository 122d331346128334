"""A laptop and its office that trust each other, a good package between them, and the tools to
forge packages from it and to prove that a refused one changed nothing.

"Nothing changed" means: every row of every table and every file of the data directory are what
they were, and ``inspector verify`` exits 0.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from inspector import exchange
from inspector.cli import main
from inspector.config import Config, resolve
from inspector.exchange import signing
from inspector.exchange.records import payload_digest, table_named
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, open_database
from inspector.storage.models import Base
from tests import sealed_packages
from tests.world import World, build_world, pair

Members = dict[str, bytes]
Snapshot = tuple[dict[str, tuple[int, str]], dict[str, str]]


@dataclass
class Peers:
    laptop: Config
    laptop_db: Database
    office: Config
    office_db: Database
    world: World
    package: Path  # everything the laptop has, signed by it


@pytest.fixture(name="peers")
def peers_fixture(tmp_path: Path) -> Iterator[Peers]:
    laptop, office = resolve(tmp_path / "laptop"), resolve(tmp_path / "office")
    laptop_db, office_db = open_database(laptop), open_database(office)
    try:
        world = build_world(laptop_db, laptop, tmp_path)
        pair(laptop, laptop_db, office, office_db)
        package = tmp_path / "good.zip"
        exchange.export_package(laptop_db, laptop, SYSTEM, package)
        yield Peers(laptop, laptop_db, office, office_db, world, package)
    finally:
        laptop_db.close()
        office_db.close()


def snapshot(config: Config, db: Database) -> Snapshot:
    """Every row of every table (hashed per table) and every file of the data directory."""
    rows: dict[str, tuple[int, str]] = {}
    with db.read() as s:
        for table in Base.metadata.sorted_tables:
            found = sorted(repr(tuple(r)) for r in s.execute(select(table)))
            rows[table.name] = (len(found), hashlib.sha256("\n".join(found).encode()).hexdigest())
    files = {
        str(p.relative_to(config.data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(config.data_dir.rglob("*"))
        if p.is_file() and not p.name.startswith("inspector.sqlite3")
    }
    return rows, files


def assert_unchanged(config: Config, db: Database, before: Snapshot) -> None:
    after = snapshot(config, db)
    assert after[0] == before[0], {
        t: (before[0][t], after[0][t]) for t in after[0] if before[0][t] != after[0][t]
    }
    assert after[1] == before[1]
    assert main(["verify", "--data-dir", str(config.data_dir)]) == 0


def lines(members: Members, name: str) -> list[dict[str, Any]]:
    return [json.loads(x) for x in members[name].decode().splitlines() if x]


def put(members: Members, name: str, rows: list[dict[str, Any]]) -> None:
    members[name] = ("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n").encode()


def redigest(members: Members, name: str, row: dict[str, Any]) -> None:
    """Give an edited record the digest it now has, as someone who knows the format would."""
    people = {r["key"]: r["data"]["username"] for r in lines(members, "records/users.jsonl")}
    table = table_named(name.removeprefix("records/").removesuffix(".jsonl"))
    assert table is not None
    row["digest"] = payload_digest(table, row["data"], people)


def forge(
    src: Path,
    dst: Path,
    edit: Callable[[Members, dict[str, Any]], None],
    *,
    to: Config,
    signer: Config | None = None,
    keep_seal: bool = False,
    sealed: bool = True,
) -> Path:
    """``src`` (opened with ``to``'s key) edited, its manifest recomputed, a new package id, then
    signed by ``signer`` (or carrying the old signature with ``keep_seal``, or none), and sealed for
    ``to`` again, as a forger who is one of its recipients would (``sealed=False``: the plain zip,
    for further edits; :func:`tests.sealed_packages.seal` seals it afterwards)."""
    members = sealed_packages.members(src, to)
    manifest = json.loads(members.pop("package.json"))
    seal = members.pop(signing.SEAL, None)
    manifest["package_id"] = str(uuid.uuid4())
    edit(members, manifest)
    manifest["files"] = {
        n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)} for n, b in members.items()
    }
    blob = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    with zipfile.ZipFile(dst, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, b in members.items():
            zf.writestr(n, b)
        zf.writestr("package.json", blob)
        if signer is not None:
            zf.writestr(signing.SEAL, signing.sealer(signer)(blob))
        elif keep_seal and seal is not None:
            zf.writestr(signing.SEAL, seal)
    return sealed_packages.seal(dst, to) if sealed else dst
