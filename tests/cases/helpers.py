"""Builders for the case tests: a finalized inspection of an unlicensed clinic (the shared checklist of
``tests/factories.py``, its serious item non-compliant) with photos, people of every role, and cases
moved to any state through the services."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from inspector import workflows
from inspector.config import Config
from inspector.domain import CaseStatus, PartyKind, SiteKind
from inspector.services import inspections
from inspector.services import photos as photo_service
from inspector.services.cases import opening, views
from inspector.services.cases.identity import check_character
from inspector.storage.db import Database
from inspector.workflows import cases as case_flows
from tests.factories import People, add_photo, answer, checklist, people, site
from tests.world import jpeg

__all__ = ["People", "people"]


def id_number(body: str = "41010519800101003") -> str:
    """A valid 18-character 身份证号 from its first 17 digits."""
    return body + check_character(body)


OPERATOR_ID = id_number()
# The shared checklist's T-01 (the doctor's registration) and its serious item T-02, which calls for a
# case; every other item is answered compliant.
FINDINGS = {
    "T-01": "经营者不能提供医师执业证书。",
    "T-02": "里间卧室内发现便携式B超机1台，经营者为孕妇做B超检查后告知胎儿性别。",
}


def unlicensed_site(s: Session, name: str = "东关村无证诊所", district: str = "城关镇") -> uuid.UUID:
    return site(
        s,
        kind=SiteKind.UNLICENSED.value,
        name=name,
        district=district,
        address="东关村12号民房",
        township="城关镇",
    )


def serious_inspection(
    db: Database,
    who: People,
    site_id: uuid.UUID,
    *,
    started_at: dt.datetime | None = None,
    photos: int = 2,
    config: Config | None = None,
) -> uuid.UUID:
    """A finalized inspection of the shared checklist whose serious item T-02 (and T-01) is
    non-compliant, with ``photos`` photos of T-02 (at least one: it needs a photo): real JPEG files
    imported through the photo service when ``config`` is given (what an exchange package or a document
    needs), bare rows otherwise."""
    form = checklist()
    when = started_at or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            who.inspector_a,
            inspections.StartInput(
                site_id=site_id, form=form, inspector_ids=who.pair, started_at=when, party_name="王某"
            ),
        )
        if config is None:
            for _ in range(photos):
                add_photo(s, view.id, "T-02")
    if config is not None and photos:
        folder = Path(tempfile.mkdtemp(prefix="case-photos-"))
        files = [jpeg(folder / f"b超机{n}.jpg", seed=n + 7) for n in range(photos)]
        report = photo_service.ingest_files(db, config, who.inspector_a, view.id, files, "T-02")
        assert len(report.added) == photos, report.failed
    with db.write() as s:
        for item in form.items:
            if item.condition is None or item.condition.item in FINDINGS:
                answer(s, who.inspector_a, view.id, item, bad=FINDINGS)
        inspections.finalize(s, who.inspector_a, view.id, finished_at=when + dt.timedelta(hours=1))
    return view.id


def proposal(db: Database, inspection_id: uuid.UUID, **changes: object) -> opening.CaseInput:
    """The suggestion for the inspection, with the operator's identity filled in."""
    from dataclasses import replace

    with db.read() as s:
        data = opening.suggestion(s, inspection_id)
    data = replace(data, party_kind=PartyKind.PERSON.value, party_name="王某某", party_id_number=OPERATOR_ID)
    return replace(data, **changes)  # type: ignore[arg-type]


def proposed(
    db: Database, who: People, *, started_at: dt.datetime | None = None, config: Config | None = None
) -> uuid.UUID:
    """A case awaiting approval, proposed by an inspector from a fresh serious inspection."""
    with db.write() as s:
        sid = unlicensed_site(s, name=f"无证诊所{uuid.uuid4().hex[:6]}")
    iid = serious_inspection(db, who, sid, started_at=started_at, config=config)
    changes = workflows.perform(db, lambda s: case_flows.propose_case(s, who.inspector_a, proposal(db, iid)))
    assert changes.created is not None
    return changes.created


def case_in(db: Database, who: People, status: CaseStatus, config: Config | None = None) -> uuid.UUID:
    """A case moved through the real workflows to ``status`` (closed: transferred, then closed)."""
    cid = proposed(db, who, config=config)
    if status is CaseStatus.PROPOSED:
        return cid
    workflows.perform(db, lambda s: case_flows.approve_case(s, who.supervisor, cid, "同意立案"))
    if status is CaseStatus.OPENED:
        return cid
    workflows.perform(
        db, lambda s: case_flows.keep_item(s, who.inspector_a, cid, name="B超机", model="DP-10")
    )
    if status is CaseStatus.INVESTIGATING:
        return cid
    if status is CaseStatus.DECIDED:
        workflows.perform(db, lambda s: case_flows.decide_case(s, who.supervisor, cid, "给予行政处罚"))
        return cid
    workflows.perform(
        db, lambda s: case_flows.transfer_case(s, who.supervisor, cid, "police", "涉嫌非法行医罪")
    )
    if status is CaseStatus.TRANSFERRED:
        return cid
    workflows.perform(db, lambda s: case_flows.decide_kept(s, who.supervisor, cid, "transfer"))
    workflows.perform(db, lambda s: case_flows.close_case(s, who.supervisor, cid, "已移送公安机关"))
    return cid


def status_of(db: Database, case_id: uuid.UUID) -> str:
    with db.read() as s:
        return views.get_case(s, case_id).status
