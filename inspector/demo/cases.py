"""Demo cases (立案查处), so the case page, the supervisor's board and the statistics open with
something to show:

- an unlicensed clinic (黑诊所) found with a B超 machine: the inspection with photos, the case
  approved within the 7 days, the machine and its probe kept with their photos, the operator and a
  patient questioned, the case transferred to the police and the kept items transferred with it;
- a second unlicensed site found two days ago: its case waits for the supervisor's approval;
- a third, approved, whose kept items were registered nine days ago and still wait for a decision:
  overdue, red on the supervisor's board.

Every step goes through :mod:`inspector.workflows` like a person's would, dated in the past where the
workflow takes a time (the inspection's start, the approval, the keeping, the transfer).
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.config import Config
from inspector.demo.photos import make_demo_photo
from inspector.demo.result import DemoResult
from inspector.domain import AnswerResult, DocumentKind, PartyKind, Recusal, Role, SiteKind
from inspector.forms import Form, load_registry, visible_items
from inspector.services import inspections, photos
from inspector.services import settings as settings_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.cases import opening
from inspector.services.cases.identity import check_character
from inspector.services.cases.interviews import InterviewInput
from inspector.services.cases.views import QAPair
from inspector.services.signing import SigningDetails
from inspector.storage.db import Database
from inspector.storage.models import Site, User
from inspector.workflows import Changes
from inspector.workflows import cases as flows

FINDINGS = {
    "CL-01": "现场未悬挂《医疗机构执业许可证》，经营者不能提供执业许可证或诊所备案凭证。",
    "CL-02": "经营者王某某不能提供医师资格证书和医师执业证书。",
    "CL-04": (
        "里间卧室内发现便携式B超机1台（迈瑞牌，机身编号SN2019A0317）及探头1个、耦合剂2瓶、热敏打印纸1卷。"
    ),
}
OPERATOR_QA = (
    ("我们是示范县卫生健康委员会的执法人员，这是我们的执法证件。你是否申请我们回避？", "不申请。"),
    ("请介绍一下你的基本情况。", "我叫王某某，在这里住了五年多，以前在县医院当过护工。"),
    ("你有医师资格证书和医师执业证书吗？", "没有。"),
    ("这台B超机是谁的？从哪里来的？", "是我的，去年在网上买的二手机器，花了一万二。"),
    ("你用这台B超机给什么人做过检查？收费多少？", "给附近村里的孕妇看过，一次收两百元，大概做过二十来次。"),
    ("你有没有告诉孕妇胎儿的性别？", "没有，她们问过，我没说。"),
    ("以上所说是否属实？", "属实。"),
)
PATIENT_QA = (
    ("你今天为什么来这里？", "听村里人说这里能做B超，想看看孩子好不好。"),
    ("检查前对方有没有问你要不要知道胎儿性别？", "她说看得出来，加两百块钱可以告诉我。"),
    ("你付了多少钱？", "付了两百元检查费。"),
)


def _people(db: Database) -> tuple[list[Actor], Actor]:
    with db.read() as s:
        rows = s.execute(select(User).where(User.active.is_(True)).order_by(User.username)).scalars().all()
    field = [
        Actor(user_id=u.id, name=u.name, role=Role(u.role))
        for u in rows
        if u.role == Role.INSPECTOR.value and u.cert_no
    ]
    boss = next(
        Actor(user_id=u.id, name=u.name, role=Role(u.role)) for u in rows if u.role == Role.SUPERVISOR.value
    )
    return field, boss


def _id_number(rng: random.Random) -> str:
    born = dt.date(rng.randint(1968, 1990), rng.randint(1, 12), rng.randint(1, 28))
    body = f"410105{born:%Y%m%d}{rng.randint(100, 999)}"
    return body + check_character(body)


def _photos(
    db: Database,
    config: Config,
    *,
    actor: Actor,
    iid: uuid.UUID,
    code: str,
    labels: list[str],
    when: dt.datetime,
) -> list[uuid.UUID]:
    with tempfile.TemporaryDirectory(prefix="inspector-demo-case-") as tmp:
        paths = []
        for n, label in enumerate(labels):
            taken = when + dt.timedelta(minutes=8 + 5 * n)
            path = Path(tmp) / f"IMG_{taken:%Y%m%d_%H%M%S}_{code}_{n}.jpg"
            make_demo_photo(path, label, when=taken.astimezone(), size=(1280, 960), seed=n + len(code))
            paths.append(path)
        report = photos.ingest_files(db, config, actor, iid, paths, item_code=code)
    return [p.id for p in report.added]


def _answer(db: Database, form: Form, actor: Actor, iid: uuid.UUID) -> None:
    """Every visible item answered: the findings non-compliant, the rest as an unlicensed clinic has it."""
    answered: dict[str, object] = {}
    for item in form.items:
        if item not in visible_items(form, answered):  # type: ignore[arg-type]
            continue
        with db.write() as s:
            if item.code in FINDINGS:
                a = inspections.record_answer(
                    s,
                    actor,
                    iid,
                    item.code,
                    result=AnswerResult.NON_COMPLIANT,
                    finding=FINDINGS[item.code],
                )
            elif item.answer_type == "text":
                text = (
                    "经营者王某某，自2025年3月起在自家民房内开展B超检查，每次收费200元，现场有候诊孕妇1人。"
                )
                a = inspections.record_answer(
                    s, actor, iid, item.code, result=AnswerResult.COMPLIANT, value=text
                )
            elif item.code == "CL-03":
                a = inspections.record_answer(s, actor, iid, item.code, result=AnswerResult.NOT_APPLICABLE)
            else:
                a = inspections.record_answer(s, actor, iid, item.code, result=AnswerResult.COMPLIANT)
        answered[item.code] = a.state()


def _inspect(
    db: Database, config: Config, site: Site, pair: list[Actor], when: dt.datetime, *, operator_id: str
) -> uuid.UUID:
    """The clinic checklist walked at an unlicensed site: no licence, no qualified doctor, a B超
    machine in the back room, with photos of each."""
    form = load_registry(config.forms_dir).default_for_site(site.kind)
    actor = pair[0]
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=[p.user_id for p in pair if p.user_id is not None],
                started_at=when,
                party_name="王某某",
                party_title="经营者",
                location_note=site.address,
            ),
        )
    labels = {
        "CL-01": ["门口 无执业许可证"],
        "CL-02": ["经营者 无医师资格"],
        "CL-04": ["里间 便携式B超机", "B超机铭牌 SN2019A0317"],
    }
    for code, texts in labels.items():
        _photos(db, config, actor=actor, iid=view.id, code=code, labels=texts, when=when)
    _answer(db, form, actor, view.id)
    details = SigningDetails(
        party_name="王某某", party_title="经营者", party_id_no=operator_id, recusal=Recusal.DECLINED.value
    )
    with db.write() as s:
        workflows.finalize_inspection(
            s, actor, view.id, finished_at=when + dt.timedelta(minutes=75), details=details
        )
    issued = when + dt.timedelta(minutes=80)  # the 现场检查笔录, signed on the spot
    record = workflows.perform(
        db,
        lambda s: workflows.issue_document(s, actor, config, view.id, DocumentKind.RECORD, issued_at=issued),
    ).created
    assert record is not None
    workflows.perform(db, lambda s: workflows.serve_document(s, actor, config, record, issued))
    return view.id


def _propose(db: Database, iid: uuid.UUID, who: Actor, id_number: str, cause: str) -> uuid.UUID:
    """Proposed at the site, an hour after the inspection began."""
    with db.read() as s:
        data = opening.suggestion(s, iid)
    at = (data.discovered_at or dt.datetime.now(dt.UTC)) + dt.timedelta(hours=1)
    data = replace(
        data, cause=cause, party_kind=PartyKind.PERSON.value, party_name="王某某", party_id_number=id_number
    )
    created = workflows.perform(db, lambda s: flows.propose_case(s, who, data, at=at)).created
    assert created is not None
    return created


def _interview(
    db: Database, who: Actor, cid: uuid.UUID, data: InterviewInput, ended: dt.datetime
) -> uuid.UUID:
    iid = workflows.perform(db, lambda s: flows.start_interview(s, who, cid, data)).created
    assert iid is not None
    workflows.perform(db, lambda s: flows.update_interview(s, who, iid, ended_at=ended))
    return iid


def _issue(
    db: Database,
    config: Config,
    who: Actor,
    *,
    cid: uuid.UUID,
    kind: DocumentKind,
    at: dt.datetime,
    interview_id: uuid.UUID | None = None,
) -> None:
    workflows.perform(
        db,
        lambda s: flows.issue_case_document(
            s, who, config, cid, kind, interview_id=interview_id, issued_at=at
        ),
    )


def _keep_evidence(
    db: Database, config: Config, cid: uuid.UUID, iid: uuid.UUID, *, who: Actor, kept: dt.datetime
) -> None:
    """The B超 machine and its probe kept at the site, with their photos; the 决定书 issued there."""
    with db.read() as s:
        shots = [p for p in photos.list_photos(s, iid) if p.item_code == "CL-04"]
    place = "示范县卫生健康委员会证据保存室"
    machine = {
        "name": "便携式B超机",
        "brand": "迈瑞",
        "model": "DP-10",
        "serial_no": "SN2019A0317",
        "unit": "台",
    }
    probe = {"name": "凸阵探头", "brand": "迈瑞", "model": "35C50EB", "serial_no": "", "unit": "个"}
    for item, shown, condition in ((machine, shots, "可正常开机"), (probe, shots[:1], "完好")):

        def keep(
            s: Session, item: dict[str, str] = item, shown: list[Any] = shown, condition: str = condition
        ) -> Changes:
            ids = [p.id for p in shown]
            return flows.keep_item(
                s, who, cid, kept_at=kept, photo_ids=ids, condition=condition, storage_place=place, **item
            )

        workflows.perform(db, keep)
    _issue(db, config, who, cid=cid, kind=DocumentKind.PRESERVATION, at=kept + dt.timedelta(minutes=15))


def _question(
    db: Database, config: Config, cid: uuid.UUID, *, people: list[tuple[Actor, InterviewInput]]
) -> None:
    """Each person questioned for 40 minutes, the 询问笔录 signed at the end."""
    for who, data in people:
        assert data.started_at is not None
        ended = data.started_at + dt.timedelta(minutes=40)
        talk = _interview(db, who, cid, data, ended)
        at = ended + dt.timedelta(minutes=1)
        _issue(db, config, who, cid=cid, kind=DocumentKind.INTERVIEW, at=at, interview_id=talk)


def _approve_and_transfer(
    db: Database, config: Config, cid: uuid.UUID, *, clerk: Actor, boss: Actor, found: dt.datetime
) -> None:
    """立案 the next day, the 立案报告; the transfer to the police on day 4 with the kept items."""
    approved = found + dt.timedelta(days=1)
    workflows.perform(db, lambda s: flows.approve_case(s, boss, cid, "同意立案。", at=approved))
    _issue(db, config, clerk, cid=cid, kind=DocumentKind.CASE_REPORT, at=approved + dt.timedelta(minutes=30))
    reason = "王某某未取得医生执业资格，擅自开展B超检查二十余次，情节严重。"
    moved = found + dt.timedelta(days=4)
    workflows.perform(db, lambda s: flows.transfer_case(s, boss, cid, "police", reason, at=moved))
    decided = moved + dt.timedelta(hours=1)
    workflows.perform(
        db, lambda s: flows.decide_kept(s, boss, cid, "transfer", "随案移送公安机关。", at=decided)
    )
    _issue(db, config, clerk, cid=cid, kind=DocumentKind.KEPT_DECISION, at=decided + dt.timedelta(minutes=10))
    _issue(db, config, clerk, cid=cid, kind=DocumentKind.TRANSFER, at=decided + dt.timedelta(minutes=20))


def _transferred_case(
    db: Database, config: Config, site: Site, *, field: list[Actor], boss: Actor, rng: random.Random
) -> uuid.UUID:
    found = dt.datetime.now(dt.UTC) - dt.timedelta(days=12, hours=3)
    operator_id = _id_number(rng)
    iid = _inspect(db, config, site, field[:2], found, operator_id=operator_id)
    cid = _propose(db, iid, field[0], operator_id, f"王某某涉嫌非法行医（{site.name}）")
    _keep_evidence(db, config, cid, iid, who=field[0], kept=found + dt.timedelta(hours=1, minutes=20))
    operator = InterviewInput(
        person_name="王某某",
        person_id_number=operator_id,
        relation="当事人",
        place=site.address,
        started_at=found + dt.timedelta(minutes=90),
        person_sex="女",
        person_address=site.address,
        pairs=tuple(QAPair(q, a) for q, a in OPERATOR_QA),
    )
    patient = InterviewInput(
        person_name="李某",
        person_id_number=_id_number(rng),
        relation="就诊者",
        place=site.address,
        started_at=found + dt.timedelta(minutes=140),
        person_sex="女",
        pairs=tuple(QAPair(q, a) for q, a in PATIENT_QA),
    )
    _question(db, config, cid, people=[(field[0], operator), (field[1], patient)])
    _approve_and_transfer(db, config, cid, clerk=field[0], boss=boss, found=found)
    return cid


def _receiving_bodies(db: Database) -> None:
    """The demo county's police and drug regulator, named in its office settings."""
    with db.write() as s:
        current = settings_service.load(s)
        named = replace(current, police_body="示范县公安局", drug_body="示范县市场监督管理局")
        settings_service.save(s, SYSTEM, named)


def seed_cases(db: Database, config: Config, result: DemoResult, rng: random.Random) -> None:
    _receiving_bodies(db)
    field, boss = _people(db)
    with db.read() as s:
        unlicensed = list(
            s.execute(
                select(Site).where(Site.kind == SiteKind.UNLICENSED.value).order_by(Site.name)
            ).scalars()
        )
    if len(unlicensed) < 3 or len(field) < 4:
        return
    done = _transferred_case(db, config, unlicensed[0], field=field, boss=boss, rng=rng)
    # Waiting for approval: found two days ago.
    found = dt.datetime.now(dt.UTC) - dt.timedelta(days=2, hours=5)
    operator_id = _id_number(rng)
    iid = _inspect(db, config, unlicensed[1], field[2:4], found, operator_id=operator_id)
    waiting = _propose(db, iid, field[2], operator_id, f"王某某涉嫌非法行医（{unlicensed[1].name}）")
    # Approved; its kept items wait for a decision since nine days: overdue.
    found = dt.datetime.now(dt.UTC) - dt.timedelta(days=9, hours=6)
    operator_id = _id_number(rng)
    iid = _inspect(db, config, unlicensed[2], field[1:3], found, operator_id=operator_id)
    late = _propose(db, iid, field[1], operator_id, f"王某某涉嫌非法行医（{unlicensed[2].name}）")
    kept = found + dt.timedelta(hours=2)
    workflows.perform(
        db,
        lambda s: flows.keep_item(
            s,
            field[1],
            late,
            kept_at=kept,
            name="便携式B超机",
            brand="开立",
            model="S6",
            serial_no="S6-2018-0921",
            unit="台",
            condition="完好",
            storage_place="示范县卫生健康委员会证据保存室",
        ),
    )
    _issue(db, config, field[1], cid=late, kind=DocumentKind.PRESERVATION, at=kept + dt.timedelta(minutes=20))
    workflows.perform(db, lambda s: flows.approve_case(s, boss, late, at=found + dt.timedelta(days=1)))
    _issue(
        db,
        config,
        field[1],
        cid=late,
        kind=DocumentKind.CASE_REPORT,
        at=found + dt.timedelta(days=1, minutes=20),
    )
    result.extra["cases"] = len({done, waiting, late})
