"""Cases travel: the case, its history, kept items with their photos and interviews go from the laptop
to the office in a package, and into a backup and back, with ``verify`` clean. A closed case is as
final as a finalized inspection: a package that would change it, or add to it, is refused whole."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from inspector import backup, exchange, workflows
from inspector.config import resolve
from inspector.domain import CaseStatus, DocumentKind
from inspector.errors import UserError
from inspector.services import verify
from inspector.services.actor import SYSTEM
from inspector.services.cases import documents as case_docs
from inspector.services.cases import views
from inspector.services.cases.interviews import InterviewInput
from inspector.services.cases.views import QAPair
from inspector.storage.db import open_database
from inspector.storage.models import Photo
from inspector.workflows import cases as flows
from tests.cases.helpers import OPERATOR_ID, People, case_in, people
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


def _full_case(p: Peers, status: CaseStatus) -> tuple[People, uuid.UUID]:
    """On the laptop: a case with a kept item showing both photos and an interview, moved to ``status``."""
    db = p.laptop_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, CaseStatus.OPENED, config=p.laptop)
    with db.read() as s:
        (iid,) = [i.id for i in views.get_case(s, cid).inspections]
        photos = list(s.execute(select(Photo.id).where(Photo.inspection_id == iid)).scalars())
    workflows.perform(
        db, lambda s: flows.keep_item(s, who.inspector_a, cid, name="B超机", model="DP-10", photo_ids=photos)
    )
    talk = InterviewInput(
        person_name="王某某", person_id_number=OPERATOR_ID, pairs=(QAPair("你有执业证书吗？", "没有。"),)
    )
    workflows.perform(db, lambda s: flows.start_interview(s, who.inspector_a, cid, talk))
    if status is CaseStatus.CLOSED:
        workflows.perform(
            db, lambda s: flows.transfer_case(s, who.supervisor, cid, "police", "涉嫌非法行医罪")
        )
        workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "transfer"))
        workflows.perform(db, lambda s: flows.close_case(s, who.supervisor, cid, "已移送公安机关"))
    same_accounts(p.laptop_db, p.office_db)
    return who, cid


def _send(p: Peers, path: Path) -> None:
    exchange.export_package(p.laptop_db, p.laptop, SYSTEM, path)
    exchange.import_package(p.office_db, p.office, SYSTEM, path)


def test_a_case_travels_to_the_office_whole(peers: Peers, tmp_path: Path) -> None:
    """With the documents issued at the site: the 证据先行登记保存决定书 and the 询问笔录 arrive with their
    numbers, files and the case they belong to; the items and the interview they fixed stay fixed."""
    who, cid = _full_case(peers, CaseStatus.INVESTIGATING)
    db, laptop = peers.laptop_db, peers.laptop
    with db.read() as s:
        (talk,) = views.get_case(s, cid).interviews
    for kind, talk_id in ((DocumentKind.PRESERVATION, None), (DocumentKind.INTERVIEW, talk.id)):
        workflows.perform(
            db,
            lambda s, kind=kind, talk_id=talk_id: flows.issue_case_document(
                s, who.inspector_a, laptop, cid, kind, interview_id=talk_id
            ),
        )
    _send(peers, tmp_path / "case.zip")
    with peers.laptop_db.read() as s:
        mine = views.get_case(s, cid).to_json()
        my_docs = [(d.number, d.sha256) for d in case_docs.case_documents(s, laptop, cid)]
    with peers.office_db.read() as s:
        theirs = views.get_case(s, cid).to_json()
        their_docs = [(d.number, d.sha256) for d in case_docs.case_documents(s, peers.office, cid)]
        report = verify.verify_all(s, peers.office)
    assert theirs == mine and their_docs == my_docs
    assert sum("卫保〔" in n or "卫询" in n for n, _ in their_docs) == 2
    assert theirs["items"][0]["preservation_document_id"] and theirs["interviews"][0]["document_id"]
    assert theirs["status"] == "investigating" and len(theirs["items"][0]["photo_ids"]) == 2
    assert theirs["interviews"][0]["pairs"] == [{"q": "你有执业证书吗？", "a": "没有。"}]
    assert report.ok, report.problems


CASES = "records/cases.jsonl"
ITEMS = "records/kept_items.jsonl"


def _refused(p: Peers, package: Path, message: str) -> None:
    before = snapshot(p.office, p.office_db)
    with pytest.raises(UserError, match=message) as info:
        exchange.import_package(p.office_db, p.office, SYSTEM, package)
    assert "未作任何更改" in str(info.value)
    assert_unchanged(p.office, p.office_db, before)


def test_a_closed_case_is_final(peers: Peers, tmp_path: Path) -> None:
    _, cid = _full_case(peers, CaseStatus.CLOSED)
    package = tmp_path / "closed.zip"
    _send(peers, package)

    def reopen(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, CASES)
        row = next(r for r in rows if r["key"] == str(cid))
        row["base"] = row["digest"]
        row["data"].update(status="investigating", closed_at=None, close_note="")
        redigest(m, CASES, row)
        put(m, CASES, rows)

    _refused(
        peers,
        forge(package, tmp_path / "reopen.zip", reopen, signer=peers.laptop, to=peers.office),
        f"案件 {cid} 在本机已结案",
    )

    def add_item(m: Members, _man: dict[str, Any]) -> None:
        rows = lines(m, ITEMS)
        new = dict(rows[0], key=str(uuid.uuid4()), base=None)
        new["data"] = dict(rows[0]["data"], id=new["key"], name="另一台B超机", decision=None, decided_at=None)
        redigest(m, ITEMS, new)
        put(m, ITEMS, [*rows, new])

    _refused(
        peers,
        forge(package, tmp_path / "add.zip", add_item, signer=peers.laptop, to=peers.office),
        "kept_items",
    )


def test_cases_are_in_the_backup(peers: Peers, tmp_path: Path) -> None:
    _, cid = _full_case(peers, CaseStatus.CLOSED)
    out = tmp_path / "backup.zip"
    backup.create_backup(peers.laptop, out)
    target = tmp_path / "restored"
    backup.restore_backup(out, target)
    db = open_database(resolve(target))
    try:
        with db.read() as s:
            view = views.get_case(s, cid)
            report = verify.verify_all(s, resolve(target))
    finally:
        db.close()
    assert view.status == "closed" and view.items[0].decision == "transfer" and len(view.interviews) == 1
    assert report.ok, report.problems
