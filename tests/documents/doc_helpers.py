"""Builders for the document tests: a checklist citing real catalogue articles, two inspectors with
执法证号, a site, and finalized inspections with findings and photos, all made through the real
services (no rows faked), plus a re-inspection of the notice's rectification."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from inspector import workflows
from inspector.config import Config
from inspector.demo.photos import make_demo_photo
from inspector.documents.context import FindingOverride
from inspector.domain import AnswerResult, InspectionKind, Role
from inspector.forms import Form, load_form_bytes
from inspector.services import inspections, photos, sites, users
from inspector.services import settings as settings_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.documents import views as dviews
from inspector.services.followup import reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database

FORM_TOML = """
format = 1
id = "doc-test"
version = "1"
site_kinds = ["clinic", "ultrasound"]
title = { zh = "文书测试检查表", en = "Document test checklist" }

[[sections]]
id = "licence"
title = { zh = "资质", en = "Licence" }

[[sections.items]]
code = "T-01"
question = "执业许可证有效并悬挂"
legal = ["医疗机构管理条例-15"]
correction = "悬挂有效的执业许可证"
deadline_days = 10

[[sections.items]]
code = "T-02"
question = "现场无B超机、探头、耦合剂"
legal = ["人口与计划生育法-39", "规定-16"]
severity = "serious"
photo_required = true
correction = "立即停止使用并封存B超设备"
deadline_days = 3

[[sections]]
id = "records"
title = { zh = "记录", en = "Records" }

[[sections.items]]
code = "T-03"
question = "终止妊娠药品购进记录真实完整"
legal = ["规定-20"]
correction = "建立完整的购进记录和用药档案"
deadline_days = 30

[[sections.items]]
code = "T-04"
question = "B超设备数量"
answer = "number"

[[sections.items]]
code = "T-05"
question = "张贴禁止“两非”标志"
legal = ["规定-11"]
"""

FINDINGS = {
    "T-01": "执业许可证未按期校验，未悬挂于明显处所。",
    "T-02": "诊室内间发现便携式B超机1台（无铭牌），耦合剂2瓶。",
    "T-03": "米非司酮片购进记录缺少批号，3例用药者未建档。",
}


def sample_form() -> Form:
    return load_form_bytes(FORM_TOML.encode("utf-8"), "doc-test.toml")


@dataclass(frozen=True)
class Office:
    inspector_a: Actor
    inspector_b: Actor
    office: Actor
    site_id: uuid.UUID
    site_name: str

    @property
    def pair(self) -> list[uuid.UUID]:
        return [self.inspector_a.user_id, self.inspector_b.user_id]  # type: ignore[list-item]


def make_office(db: Database, *, site_name: str = "城关镇仁心诊所") -> Office:
    with db.write() as s:
        settings_service.save(
            s,
            SYSTEM,
            settings_service.OfficeSettings(
                unit_name="示范县卫生健康委员会", region="示", notice_title="卫生监督意见书"
            ),
        )
        a = users.create_user(s, SYSTEM, users.UserInput("zhang", "张伟", cert_no="41010020200001"))
        b = users.create_user(s, SYSTEM, users.UserInput("li", "李芳", cert_no="41010020200002"))
        o = users.create_user(s, SYSTEM, users.UserInput("office", "王办公", role=Role.OFFICE.value))
        site = sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind="clinic",
                name=site_name,
                licence_no="PDY41010001",
                address="城关镇东关社区卫生路12号",
                district="城关镇",
                legal_rep="王建国",
                phone="13800000000",
            ),
        )
    return Office(
        inspector_a=Actor(a.id, a.name, Role.INSPECTOR),
        inspector_b=Actor(b.id, b.name, Role.INSPECTOR),
        office=Actor(o.id, o.name, Role.OFFICE),
        site_id=site.id,
        site_name=site.name,
    )


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
) -> uuid.UUID:
    """An inspection of the office's site: ``findings`` are non-compliant items with their text,
    ``results`` set other items explicitly, everything else visible is compliant (T-04 gets a value)."""
    findings = dict(FINDINGS if findings is None else findings)
    form = form or sample_form()
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
            if item.code in findings:
                inspections.record_answer(
                    s,
                    actor,
                    view.id,
                    item.code,
                    result=AnswerResult.NON_COMPLIANT,
                    finding=findings[item.code],
                )
            elif results and item.code in results:
                inspections.record_answer(
                    s,
                    actor,
                    view.id,
                    item.code,
                    result=results[item.code],
                    finding="复查时现场核实。" if results[item.code] else "",
                )
            elif item.answer_type == "number":
                inspections.record_answer(s, actor, view.id, item.code, value="1")
            else:
                inspections.record_answer(s, actor, view.id, item.code, result=AnswerResult.COMPLIANT)
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
            inspections.finalize(s, actor, view.id, finished_at=started + dt.timedelta(minutes=70))
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
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30),
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
