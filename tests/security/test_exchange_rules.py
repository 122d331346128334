"""What no package may do even when signed by an enrolled laptop: create or change an account, set a
finalized inspection back to draft, rewrite it, or add findings to it.

Each attack is a package a hostile (or stolen) enrolled laptop could make: the records edited with
correct digests, the manifest recomputed and the whole signed with the laptop's real key. Each is
refused as a whole and leaves the office exactly as it was.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from inspector import exchange
from inspector.domain import InspectionStatus, Role
from inspector.errors import UserError
from inspector.services.actor import SYSTEM
from inspector.storage.models import Inspection, User
from tests.factories import finalized, people, site
from tests.security.exchange_setup import (
    Members,
    Peers,
    assert_unchanged,
    forge,
    lines,
    peers_fixture,  # noqa: F401 - the fixture
    put,
    redigest,
    snapshot,
)
from tests.world import same_accounts

ANSWERS = "records/answers.jsonl"
INSPECTIONS = "records/inspections.jsonl"


@pytest.fixture
def closed(peers: Peers, tmp_path: Path) -> tuple[Peers, uuid.UUID, Path]:
    """A finalized inspection made on the laptop and already imported by the office, and the package
    that carried it (the starting point of every forgery below)."""
    with peers.laptop_db.write() as s:
        who = people(s)
        where = site(s, district="河西镇")
    inspection_id = finalized(peers.laptop_db, who, where, {"T-01": "未悬挂执业许可证", "T-05": "未张贴"})
    same_accounts(peers.laptop_db, peers.office_db)
    package = tmp_path / "p1.zip"
    exchange.export_package(peers.laptop_db, peers.laptop, SYSTEM, package)
    exchange.import_package(peers.office_db, peers.office, SYSTEM, package)
    with peers.office_db.read() as s:
        assert s.get(Inspection, inspection_id).status == InspectionStatus.FINALIZED.value
    return peers, inspection_id, package


def _refused(p: Peers, package: Path, message: str) -> None:
    before = snapshot(p.office, p.office_db)
    with pytest.raises(UserError, match=message) as info:
        exchange.import_package(p.office_db, p.office, SYSTEM, package)
    assert "未作任何更改" in str(info.value)
    assert_unchanged(p.office, p.office_db, before)


def _edit_inspection(inspection_id: uuid.UUID, change: dict[str, Any]) -> Any:
    def edit(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, INSPECTIONS)
        row = next(r for r in rows if r["key"] == str(inspection_id))
        row["base"] = row["digest"]  # "changed only on the laptop": a fast-forward if it were allowed
        row["data"].update(change)
        redigest(m, INSPECTIONS, row)
        put(m, INSPECTIONS, rows)

    return edit


def test_a_new_administrator_is_refused(peers: Peers, tmp_path: Path) -> None:
    def inject(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, "records/users.jsonl")
        evil = dict(rows[0], key=str(uuid.uuid4()))
        evil["data"] = dict(rows[0]["data"], id=evil["key"], username="evil", name="某人", role="admin")
        evil["base"] = None
        redigest(m, "records/users.jsonl", evil)
        put(m, "records/users.jsonl", [*rows, evil])

    bad = forge(peers.package, tmp_path / "admin.zip", inject, signer=peers.laptop, to=peers.office)
    _refused(peers, bad, "“evil”.*账户从不导入")
    with peers.office_db.read() as s:
        assert s.execute(select(User).where(User.username == "evil")).first() is None


def test_a_role_in_a_package_is_never_applied(peers: Peers, tmp_path: Path) -> None:
    """An account the office has, sent with the role admin: the records are imported, the account is
    left exactly as the office keeps it."""
    with peers.office_db.read() as s:
        accounts = sorted((u.id, u.username, u.role, u.active) for u in s.execute(select(User)).scalars())

    def promote(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, "records/users.jsonl")
        for row in rows:
            row["data"]["role"] = Role.ADMIN.value
            redigest(m, "records/users.jsonl", row)
        put(m, "records/users.jsonl", rows)

    promoted = forge(peers.package, tmp_path / "promote.zip", promote, signer=peers.laptop, to=peers.office)
    exchange.import_package(peers.office_db, peers.office, SYSTEM, promoted)
    with peers.office_db.read() as s:
        assert (
            sorted((u.id, u.username, u.role, u.active) for u in s.execute(select(User)).scalars())
            == accounts
        )


def test_setting_a_finalized_inspection_back_to_draft_is_refused(
    closed: tuple[Peers, uuid.UUID, Path], tmp_path: Path
) -> None:
    p, inspection_id, package = closed
    edit = _edit_inspection(inspection_id, {"status": "draft", "finalized_at": None, "finalized_by": None})
    bad = forge(package, tmp_path / "draft.zip", edit, signer=p.laptop, to=p.office)
    _refused(p, bad, f"检查 {inspection_id} 在本处已定稿；数据包会把它改回 draft")
    with p.office_db.read() as s:
        assert s.get(Inspection, inspection_id).status == InspectionStatus.FINALIZED.value


def test_rewriting_a_finalized_inspection_is_refused(
    closed: tuple[Peers, uuid.UUID, Path], tmp_path: Path
) -> None:
    p, inspection_id, package = closed
    bad = forge(
        package,
        tmp_path / "rewrite.zip",
        _edit_inspection(inspection_id, {"party_name": "李四"}),
        signer=p.laptop,
        to=p.office,
    )
    _refused(p, bad, "party_name.*只能通过补充说明更正")


def test_adding_findings_to_a_finalized_inspection_is_refused(
    closed: tuple[Peers, uuid.UUID, Path], tmp_path: Path
) -> None:
    p, inspection_id, package = closed

    def add(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, ANSWERS)
        mine = [r for r in rows if r["data"]["inspection_id"] == str(inspection_id)]
        new = dict(mine[0], key=str(uuid.uuid4()), base=None)
        new["data"] = dict(mine[0]["data"], id=new["key"], item_code="T-99", result="non_compliant")
        new["data"]["finding"] = "补录的违法事实"
        redigest(m, ANSWERS, new)
        put(m, ANSWERS, [*rows, new])

    bad = forge(package, tmp_path / "add.zip", add, signer=p.laptop, to=p.office)
    _refused(p, bad, f"会把它加入已定稿的检查 {inspection_id}")


def test_changing_a_finding_of_a_finalized_inspection_is_refused(
    closed: tuple[Peers, uuid.UUID, Path], tmp_path: Path
) -> None:
    p, inspection_id, package = closed

    def change(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, ANSWERS)
        row = next(
            r for r in rows if r["data"]["inspection_id"] == str(inspection_id) and r["data"]["finding"]
        )
        row["base"] = row["digest"]
        row["data"]["finding"] = "改写后的违法事实"
        redigest(m, ANSWERS, row)
        put(m, ANSWERS, rows)

    bad = forge(package, tmp_path / "change.zip", change, signer=p.laptop, to=p.office)
    _refused(p, bad, f"已定稿检查 {inspection_id} 中的它（finding）")


def test_an_account_the_office_lacks_is_named(peers: Peers, tmp_path: Path) -> None:
    """The laptop's records name accounts by user name; one the office lacks refuses the package."""
    with peers.office_db.write() as s:
        s.execute(select(User)).scalars()
        victim = s.execute(select(User).where(User.username.like("li%"))).scalars().first()
        assert victim is not None
        victim.username = "someone-else"
    bad = forge(
        peers.package, tmp_path / "again.zip", lambda _m, _man: None, signer=peers.laptop, to=peers.office
    )
    _refused(peers, bad, "账户“li.*本数据库没有该账户")


DOCUMENTS = "records/documents.jsonl"


def _edit_document(change: dict[str, Any]) -> Any:
    def edit(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, DOCUMENTS)
        row = rows[0]
        row["base"] = row["digest"]
        row["data"].update(change)
        redigest(m, DOCUMENTS, row)
        put(m, DOCUMENTS, rows)

    return edit


def test_rewriting_an_issued_document_is_refused(peers: Peers, tmp_path: Path) -> None:
    """An issued document is a legal record: a package may record that it was served, never change
    its number, its file or what it was rendered from."""
    same_accounts(peers.laptop_db, peers.office_db)
    exchange.import_package(peers.office_db, peers.office, SYSTEM, peers.package)
    renumbered = forge(
        peers.package,
        tmp_path / "renumber.zip",
        _edit_document({"number": "示卫监意〔2026〕999号"}),
        signer=peers.laptop,
        to=peers.office,
    )
    _refused(peers, renumbered, "本机出具.*（number）.*不得更改")
    served = forge(
        peers.package,
        tmp_path / "served.zip",
        _edit_document({"served_at": "2026-11-30T08:00:00+00:00"}),
        signer=peers.laptop,
        to=peers.office,
    )
    exchange.import_package(peers.office_db, peers.office, SYSTEM, served)  # what happened since: welcome
