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
from inspector.documents.notice import FindingOverride
from inspector.domain import AnswerResult, InspectionKind, Recusal, Role
from inspector.forms import Form, load_form_bytes
from inspector.services import inspections, photos, sites, users
from inspector.services import settings as settings_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.documents import views as dviews
from inspector.services.followup import reinspection
from inspector.services.followup import views as fviews
from inspector.services.signing import SigningDetails
from inspector.storage.db import Database

FORM_TOML = """
format = 2
id = "doc-test"
version = "1"
site_kinds = ["clinic", "ultrasound"]
title = { zh = "文书测试检查表", en = "Document test checklist" }

[[sections]]
id = "licence"
title = { zh = "资质", en = "Licence" }

[[sections.items]]
code = "T-01"
short = "操作医师执业范围"
question = "操作医师执业注册范围与岗位相符"
fact = "安排执业注册范围与岗位不符的医师从事超声诊断工作"
compliant_fact = "查验操作医师的医师执业证书，执业注册范围与岗位相符"
action = "correct"
violates = ["医师法-14.1"]
basis = ["医师法-57"]
correction = "安排执业注册范围相符的医师从事超声诊断工作"
deadline_days = 10

[[sections.items]]
code = "T-02"
short = "B超报告"
question = "报告无胎儿性别信息"
fact = "在孕期B超检查的报告中标示胎儿性别"
compliant_fact = "抽查孕期B超检查报告，未发现胎儿性别信息"
action = "case"
severity = "serious"
photo_required = true
violates = ["人口与计划生育法-39"]
basis = ["人口与计划生育法-40.1.2"]
correction = "立即停止非医学需要的胎儿性别鉴定行为"

[[sections]]
id = "records"
title = { zh = "记录", en = "Records" }

[[sections.items]]
code = "T-03"
short = "实名登记"
question = "孕期B超实名登记完整"
fact = "孕期B超检查实名登记不完整"
compliant_fact = "抽查孕期B超检查实名登记，项目完整"
action = "advise"
grounds = ["地方-孕情实名登记"]
correction = "补齐孕期B超检查实名登记，指定专人负责登记"
deadline_days = 30

[[sections.items]]
code = "T-04"
short = "抽查报告份数"
question = "抽查B超报告份数"
answer = "number"
fact = "抽查孕期B超检查报告{value}份"

[[sections.items]]
code = "T-05"
short = "禁止“两非”标志"
question = "张贴禁止“两非”标志"
fact = "未在B超室醒目位置张贴禁止非医学需要的胎儿性别鉴定的标志"
compliant_fact = "查看B超室门口，醒目位置张贴有禁止非医学需要的胎儿性别鉴定的标志"
action = "correct"
violates = ["规定-11"]
basis = ["医疗机构管理条例-40"]
correction = "在B超室醒目位置张贴禁止非医学需要的胎儿性别鉴定的标志"
deadline_days = 7
"""

FINDINGS = {
    "T-01": "在岗的超声诊断医师赵某执业范围为内科专业。",
    "T-02": "抽查孕期B超报告20份，其中2份在检查所见栏标有“↑”符号，经询问系暗示胎儿性别。",
    "T-03": "孕期B超实名登记簿10月12日至10月20日共14例未登记身份证号。",
}


SIGNED = SigningDetails(
    party_name="王建国", party_title="负责人", party_phone="13800000000", recusal=Recusal.DECLINED.value
)


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
                unit_name="示范县卫生健康委员会",
                region="示",
                notice_title="卫生监督意见书",
                review_body="某某县人民政府",
                court="某某县人民法院",
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
    signing: SigningDetails | None = SIGNED,
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
