"""Builders for the document tests: the office's settings and site, finalized inspections of the shared
checklist (``tests/factories.py``) with findings and real photos, all made through the real services
(no rows faked), plus a re-inspection of the notice's rectification."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from inspector import workflows
from inspector.config import Config
from inspector.demo.photos import make_demo_photo
from inspector.documents.notice import FindingOverride
from inspector.domain import AnswerResult, InspectionKind
from inspector.forms import Form
from inspector.services import inspections, photos
from inspector.services import settings as settings_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.documents import views as dviews
from inspector.services.followup import reinspection
from inspector.services.followup import views as fviews
from inspector.services.signing import SigningDetails
from inspector.storage.db import Database
from tests.factories import SIGNED, People, answer, checklist, people, site

FINDINGS = {
    "T-01": "在岗的超声诊断医师赵某执业范围为内科专业。",
    "T-02": "抽查孕期B超报告20份，其中2份在检查所见栏标有“↑”符号，经询问系暗示胎儿性别。",
    "T-03": "孕期B超实名登记簿10月12日至10月20日共14例未登记身份证号。",
}


@dataclass(frozen=True)
class Office(People):
    """The shared people (``tests/factories.py``) and the office's site."""

    site_id: uuid.UUID
    site_name: str


def make_office(db: Database, *, site_name: str = "城关镇仁心诊所") -> Office:
    with db.write() as s:
        settings_service.save(
            s,
            SYSTEM,
            settings_service.OfficeSettings(
                unit_name="示范县卫生健康委员会",
                region="示",
                notice_title="卫生监督意见书",
                review_body="某某县人民政府",
                court="某某县人民法院",
            ),
        )
        who = people(s)
        site_id = site(
            s,
            name=site_name,
            licence_no="PDY41010001",
            address="城关镇东关社区卫生路12号",
            legal_rep="王建国",
            phone="13800000000",
        )
    return Office(*(getattr(who, f.name) for f in fields(People)), site_id=site_id, site_name=site_name)


def make_photo(folder: Path, label: str, *, seed: int, when: dt.datetime | None = None) -> Path:
    return make_demo_photo(
        folder / f"{label}-{seed}.jpg",
        label,
        size=(640, 480),
        seed=seed,
        when=when or dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    )


def make_inspection(
    db: Database,
    config: Config,
    office: Office,
    photo_folder: Path,
    *,
    findings: Mapping[str, str] | None = None,
    finalize: bool = True,
    form: Form | None = None,
    kind: str = InspectionKind.ROUTINE.value,
    rectification_id: uuid.UUID | None = None,
    results: Mapping[str, AnswerResult] | None = None,
    extra_photos: int = 0,
    started_at: dt.datetime | None = None,
    signing: SigningDetails | None = SIGNED,
) -> uuid.UUID:
    """An inspection of the office's site: ``findings`` are non-compliant items with their text,
    ``results`` set other items explicitly, everything else visible is compliant (T-04 gets a value)."""
    findings = dict(FINDINGS if findings is None else findings)
    form = form or checklist()
    started = started_at or dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    actor = office.inspector_a
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=office.site_id,
                form=form,
                inspector_ids=office.pair,
                started_at=started,
                party_name="王建国",
                party_title="负责人",
                party_phone="13800000000",
                companions="赵敏",
                location_note="城关镇东关社区卫生路12号诊所内",
                kind=kind,
                rectification_id=rectification_id,
            ),
        )
    for item in form.items:
        with db.write() as s:
            answer(s, actor, view.id, item, bad=findings, results=results)
        if item.code in findings and item.photo_required:
            report = photos.ingest_files(
                db, config, actor, view.id, [make_photo(photo_folder, item.code, seed=1)], item.code
            )
            assert report.ok, report.summary()
    if extra_photos:
        paths = [make_photo(photo_folder, f"现场{i}", seed=100 + i) for i in range(extra_photos)]
        report = photos.ingest_files(db, config, actor, view.id, paths)
        assert report.ok, report.summary()
    if finalize:
        with db.write() as s:
            workflows.finalize_inspection(
                s, actor, view.id, finished_at=started + dt.timedelta(minutes=70), details=signing
            )
    return view.id


def make_reinspection(
    db: Database,
    config: Config,
    office: Office,
    photo_folder: Path,
    *,
    rectification_id: uuid.UUID,
    results: Mapping[str, AnswerResult],
) -> uuid.UUID:
    """Serve the rectification, then re-inspect it through the follow-up service and finalize."""
    with db.read() as s:
        rect = fviews.get_rectification(s, rectification_id)
    if rect.status == "issued":
        with db.write() as s:
            workflows.serve_rectification(
                s, office.office, config, rectification_id, served_on=dt.datetime.now(dt.UTC)
            )
    with db.write() as s:
        view = reinspection.start_reinspection(
            s,
            office.inspector_a,
            rectification_id,
            office.pair,
            dt.datetime.now(dt.UTC),
        )
    actor = office.inspector_a
    form = None
    with db.read() as s:
        form = inspections.form_of(s, view.id)
    for item in form.items:
        result = results.get(item.code, AnswerResult.COMPLIANT)
        with db.write() as s:
            inspections.record_answer(
                s,
                actor,
                view.id,
                item.code,
                result=result,
                finding="仍未整改。" if result == AnswerResult.NON_COMPLIANT else "已整改。",
            )
        if result == AnswerResult.NON_COMPLIANT and item.photo_required:
            report = photos.ingest_files(
                db, config, actor, view.id, [make_photo(photo_folder, "复查", seed=7)], item.code
            )
            assert report.ok, report.summary()
    with db.write() as s:
        inspections.finalize(s, actor, view.id)
    return view.id


def issue(
    db: Database,
    config: Config,
    actor: Actor,
    inspection_id: uuid.UUID,
    kind: str,
    *,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> dviews.DocumentView:
    """Issue through the workflow every screen and command uses, in a transaction of its own, and
    return the issued document's view."""
    changes = workflows.perform(
        db,
        lambda s: workflows.issue_document(s, actor, config, inspection_id, kind, overrides=overrides),
    )
    assert changes.created is not None
    with db.read() as s:
        return dviews.get_document(s, config, changes.created)
