"""The five situations the document tests render every kind for, made through the real services with
the built-in checklists: an ultrasound site with many findings, an all-compliant site, an unlicensed
clinic, a pharmacy, and a failed re-inspection of the ultrasound site's notice.

Only findings whose law is verified in the built-in catalogue are chosen (the ultrasound site's
cases and the local-policy opinions, the unlicensed practice, the drug matters), so every document
can be issued without an office confirming anything; the refusal of an unverified article has its
own test.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from inspector import workflows
from inspector.config import Config
from inspector.domain import AnswerResult, DocumentKind, Recusal
from inspector.forms import AnswerType, Form, load_registry, visible_items
from inspector.services import inspections, photos, sites
from inspector.services.actor import SYSTEM
from inspector.services.documents import views as dviews
from inspector.services.followup import reinspection
from inspector.services.signing import SigningDetails
from inspector.storage.db import Database
from tests.documents.doc_helpers import Office, issue, make_photo

ULTRASOUND_FINDINGS = {
    "US-05": "孕期B超实名登记簿10月12日至10月20日共14例未登记身份证号。",
    "US-06": "抽查孕14周以上孕妇B超检查记录10份，其中4份无申请单。",
    "US-07": "抽查报告20份，其中3份仅有一名医师签名。",
    "US-09": "新入职的超声医师刘某未签订承诺书。",
    "US-10": "2026年8月、9月孕情检查情况未报送。",
    "US-08": "抽查孕期B超报告20份，其中2份在检查所见栏标有“↑”符号，经询问系暗示胎儿性别。",
    "US-11": "2026年以来进行胎儿性别鉴定3例，未经省级指定机构和3名以上专家审核。",
}
UNLICENSED_FINDINGS = {
    "CL-01": "现场为民房一间，未见《医疗机构执业许可证》，房内有诊疗床1张、输液架2个。",
    "CL-05": "内间发现刮宫器械1套、米非司酮片3盒（批号20250611）。",
    "CL-06": "现场人员无母婴保健技术考核合格证书。",
    "CL-13": "米非司酮片系从网络购入，无购进票据。",
}
PHARMACY_FINDINGS = {
    "PH-04": "处方药销售记录中3笔无处方。",
    "PH-08": "购销记录缺少批号和有效期各5条。",
}
VALUES = {"number": "20", "text": "现场见记录", "date": "2026-03-01"}


@dataclass
class Case:
    name: str
    inspection_id: uuid.UUID
    documents: dict[str, dviews.DocumentView] = field(default_factory=dict)


def _site(
    db: Database, kind: str, name: str, *, licence: str | None, credit: str | None, ultrasound: bool = False
) -> uuid.UUID:
    with db.write() as s:
        view = sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind=kind,
                name=name,
                licence_no=licence,
                credit_code=credit,
                address="城关镇东关社区卫生路12号",
                district="城关镇",
                legal_rep="王建国",
                phone="13800000000",
                designated_ultrasound=ultrasound,
            ),
        )
    return view.id


def _answer(form: Form, findings: Mapping[str, str], choice: str) -> dict[str, tuple[AnswerResult, str, str]]:
    """Every visible item answered: the findings non-compliant, the rest compliant or with a value."""
    from inspector.forms import AnswerState

    states: dict[str, AnswerState] = {}
    plan: dict[str, tuple[AnswerResult, str, str]] = {}
    for item in form.items:
        if item not in visible_items(form, states):
            continue
        if item.code in findings:
            plan[item.code] = (AnswerResult.NON_COMPLIANT, "", findings[item.code])
        elif item.answer_type is AnswerType.CHOICE:
            plan[item.code] = (AnswerResult.COMPLIANT, choice or item.choices[0], "")
        elif item.answer_type is not AnswerType.CHECK:
            plan[item.code] = (AnswerResult.COMPLIANT, VALUES[item.answer_type.value], "")
        else:
            plan[item.code] = (AnswerResult.COMPLIANT, "", "")
        result, value, finding = plan[item.code]
        states[item.code] = AnswerState(result=result, value=value or None, finding=finding)
    return plan


def inspect(
    db: Database,
    config: Config,
    office: Office,
    folder: Path,
    *,
    site_id: uuid.UUID,
    form: Form,
    findings: Mapping[str, str],
    choice: str = "",
    id_no: str = "",
    refused: bool = False,
) -> uuid.UUID:
    actor = office.inspector_a
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=2, hours=3)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=site_id,
                form=form,
                inspector_ids=office.pair,
                started_at=started,
                location_note="城关镇东关社区卫生路12号",
            ),
        )
    for code, (result, value, finding) in _answer(form, findings, choice).items():
        with db.write() as s:
            inspections.record_answer(
                s, actor, view.id, code, result=result, value=value or None, finding=finding
            )
        if result is AnswerResult.NON_COMPLIANT:
            shot = make_photo(folder, code, seed=int(code[-2:]))
            report = photos.ingest_files(db, config, actor, view.id, [shot], code)
            assert report.ok, report.summary()
    details = SigningDetails(
        party_name="王建国",
        party_title="负责人",
        party_phone="13800000000",
        party_id_no=id_no,
        recusal=Recusal.DECLINED.value,
        signature_refused=refused,
        witness_name="李村长" if refused else "",
        witness_detail="城关镇东关社区居委会" if refused else "",
    )
    with db.write() as s:
        workflows.finalize_inspection(
            s, actor, view.id, finished_at=started + dt.timedelta(minutes=80), details=details
        )
    return view.id


def build_cases(db: Database, config: Config, office: Office, folder: Path) -> dict[str, Case]:
    """The five cases, every document they allow issued (a notice only where something is ordered)."""
    registry = load_registry(None)
    cases: dict[str, Case] = {}
    us_site = _site(
        db,
        "maternal_child",
        "城关镇妇幼保健站",
        licence="PDY41010002",
        credit="12410100MB0000000X",
        ultrasound=True,
    )
    us = inspect(
        db,
        config,
        office,
        folder,
        site_id=us_site,
        form=registry.get("ultrasound"),
        findings=ULTRASOUND_FINDINGS,
    )
    cases["ultrasound"] = Case("ultrasound", us)
    ok_site = _site(
        db, "hospital", "县人民医院", licence="PDY41010003", credit="12410100MB0000001X", ultrasound=True
    )
    cases["compliant"] = Case(
        "compliant",
        inspect(db, config, office, folder, site_id=ok_site, form=registry.get("ultrasound"), findings={}),
    )
    black = _site(db, "unlicensed", "东关村无证诊所", licence=None, credit=None)
    cases["unlicensed"] = Case(
        "unlicensed",
        inspect(
            db,
            config,
            office,
            folder,
            site_id=black,
            form=registry.get("clinic"),
            findings=UNLICENSED_FINDINGS,
            id_no="410102198001011234",
            refused=True,
        ),
    )
    shop = _site(db, "pharmacy", "仁和大药房", licence="豫AA3710001", credit="91410100MA0000002Y")
    cases["pharmacy"] = Case(
        "pharmacy",
        inspect(
            db,
            config,
            office,
            folder,
            site_id=shop,
            form=registry.get("pharmacy"),
            findings=PHARMACY_FINDINGS,
            choice="药品零售",
        ),
    )
    for case in cases.values():
        for kind in (DocumentKind.RECORD, DocumentKind.NOTICE):
            if case.name in ("compliant", "pharmacy") and kind is DocumentKind.NOTICE:
                continue
            case.documents[kind.value] = issue(db, config, office.office, case.inspection_id, kind)
    cases["reinspection"] = _failed_reinspection(db, config, office, folder, cases["ultrasound"])
    return cases


def _failed_reinspection(db: Database, config: Config, office: Office, folder: Path, first: Case) -> Case:
    notice = first.documents["notice"]
    assert notice.rectification_id is not None
    with db.write() as s:
        workflows.serve_rectification(
            s, office.office, config, notice.rectification_id, served_on=dt.datetime.now(dt.UTC)
        )
    with db.write() as s:
        view = reinspection.start_reinspection(
            s,
            office.inspector_a,
            notice.rectification_id,
            office.pair,
            dt.datetime.now(dt.UTC),
        )
    with db.read() as s:
        form = inspections.form_of(s, view.id)
    for item in form.items:
        failed = item.code == "US-07"
        finding = (
            "抽查复查期间报告15份，仍有2份仅有一名医师签名。"
            if failed
            else "现场核查，已按要求改正："
            + {"US-05": "登记簿补登了身份证号"}.get(item.code, "相关制度已落实")
        )
        with db.write() as s:
            inspections.record_answer(
                s,
                office.inspector_a,
                view.id,
                item.code,
                result=AnswerResult.NON_COMPLIANT if failed else AnswerResult.COMPLIANT,
                finding=finding,
            )
        if failed and item.photo_required:
            report = photos.ingest_files(
                db, config, office.inspector_a, view.id, [make_photo(folder, "复查", seed=9)], item.code
            )
            assert report.ok
    with db.write() as s:
        workflows.finalize_inspection(s, office.inspector_a, view.id)
    case = Case("reinspection", view.id)
    case.documents["reinspection"] = issue(db, config, office.inspector_a, view.id, DocumentKind.REINSPECTION)
    return case
