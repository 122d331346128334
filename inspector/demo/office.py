"""The demo office itself: settings, accounts, the site registry and the inspections made there."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from inspector import workflows
from inspector.config import Config
from inspector.demo.result import DEMO_PASSWORD, DemoResult
from inspector.domain import AnswerResult, Recusal, Role, SiteKind
from inspector.domain.office import OfficeSettings
from inspector.forms import AnswerState, Form, FormRegistry, Item, load_registry, visible_items
from inspector.services import inspections, sites, users
from inspector.services import settings as settings_service
from inspector.services.actor import SYSTEM, Actor
from inspector.services.signing import SigningDetails
from inspector.storage.db import Database

# The demo county's 区县 (the county and its development zone) and their 乡镇, each with its villages or
# communities; what each township's health centre is designated for (三定点), as a county's list says.
PLACES = (
    ("示范县", "城关镇", ("东关社区", "西街社区"), ("ultrasound", "delivery")),
    ("示范开发区", "南湖街道", ("湖滨社区", "新城社区"), ("ultrasound",)),
    ("示范县", "河西镇", ("柳树村", "河湾村"), ("ultrasound", "termination", "delivery")),
    ("示范县", "东山乡", ("石桥村", "松林村"), ()),
)
COUNTY = "示范县"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "伟", "芳", "海燕", "明", "丽", "军", "静", "强", "敏", "磊", "洋", "艳", "勇", "娟"]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_PREFIX = {SiteKind.PHARMACY: "91", SiteKind.WHOLESALER: "91", SiteKind.CLINIC: "52"}


def _credit_code(kind: SiteKind, name: str) -> str:
    """A made-up 统一社会信用代码 of the right shape, check character included (GB 32100): 12 for a
    public institution, 52 for a private clinic, 91 for a company; the same for the same name."""
    serial = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:9]
    body = _CODE_PREFIX.get(kind, "12") + "410100" + serial
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(body, _CODE_WEIGHTS, strict=True))
    return body + _CODE_CHARS[(31 - total % 31) % 31]


class _Specs:
    """The demo registry: a county's real mix of institutions, each kind at least once, designations
    only where a county grants them (independent of the kind)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.specs: list[sites.SiteInput] = []
        self._n = 0

    def lic(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{2026_0000 + self._n:08d}"

    def phone(self) -> str:
        return f"1{self.rng.randint(3000000000, 8999999999)}"

    def add(
        self,
        kind: SiteKind,
        name: str,
        place: tuple[str, str],
        *,
        address: str,
        licence_no: str | None = None,
        phone: str = "",
        designated: tuple[str, ...] = (),
        notes: str = "",
    ) -> None:
        self.specs.append(
            sites.SiteInput(
                kind=kind.value,
                name=name,
                licence_no=licence_no,
                credit_code=_credit_code(kind, name) if licence_no else None,
                address=address,
                district=place[0],
                township=place[1],
                legal_rep=_person(self.rng),
                phone=phone,
                designated_ultrasound="ultrasound" in designated,
                designated_termination="termination" in designated,
                designated_delivery="delivery" in designated,
                notes=notes,
            )
        )

    def township(
        self, district: str, town: str, villages: tuple[str, ...], designated: tuple[str, ...]
    ) -> None:
        rng, place = self.rng, (district, town)
        centre = SiteKind.COMMUNITY_HEALTH if town.endswith("街道") else SiteKind.TOWNSHIP_HEALTH_CENTRE
        centre_name = (
            f"{town}社区卫生服务中心" if centre is SiteKind.COMMUNITY_HEALTH else f"{town}中心卫生院"
        )
        self.add(
            centre,
            centre_name,
            place,
            licence_no=self.lic("PDY"),
            address=f"{town}{rng.choice(villages)}卫生路{rng.randint(1, 99)}号",
            phone=f"0371-6{rng.randint(1000000, 9999999)}",
            designated=designated,
        )
        self.add(
            SiteKind.HOSPITAL,
            f"{town}{rng.choice(['仁和', '康宁', '博爱'])}医院",
            place,
            licence_no=self.lic("PDY"),
            address=f"{town}建设路{rng.randint(1, 199)}号",
            phone=self.phone(),
            designated=("ultrasound",),
        )
        for kind, name in (
            (SiteKind.CLINIC, "仁心诊所"),
            (SiteKind.OUTPATIENT, "济民门诊部"),
            (SiteKind.CLINIC, "惠民中医诊所"),
        ):
            self.add(
                kind,
                f"{town}{name}",
                place,
                licence_no=self.lic("ZS"),
                address=f"{rng.choice(villages)}{rng.randint(1, 60)}号",
                phone=self.phone(),
            )
        self.add(
            SiteKind.VILLAGE_CLINIC,
            f"{villages[0]}卫生室",
            place,
            address=f"{villages[0]}{rng.randint(1, 60)}号",
            phone=self.phone(),
        )
        self.drug_sellers(district, town, villages)

    def drug_sellers(self, district: str, town: str, villages: tuple[str, ...]) -> None:
        rng, place = self.rng, (district, town)
        for name in ("百姓大药房", "益丰大药房", "老百姓药店", "同仁堂药店"):
            self.add(
                SiteKind.PHARMACY,
                f"{town}{name}{rng.choice(['', '分店'])}",
                place,
                licence_no=self.lic("豫AA"),
                address=f"{town}人民路{rng.randint(1, 300)}号",
                phone=self.phone(),
            )
        self.add(
            SiteKind.WHOLESALER,
            f"{town}{rng.choice(['华康', '天元', '瑞丰'])}医药有限公司",
            place,
            licence_no=self.lic("豫AA"),
            address=f"{town}物流园{rng.randint(1, 30)}号",
            phone=f"0371-6{rng.randint(1000000, 9999999)}",
        )
        self.add(
            SiteKind.UNLICENSED,
            f"{rng.choice(villages)}无证诊所（群众举报）",
            place,
            address=f"{rng.choice(villages)}{rng.randint(1, 80)}号民房",
            notes="群众举报有B超机，疑似非法鉴定胎儿性别",
        )

    def county(self) -> None:
        """The county-level institutions, in the county seat."""
        seat = (COUNTY, "城关镇")
        every = ("ultrasound", "termination", "delivery")
        for kind, name, address, designated in (
            (SiteKind.MATERNAL_CHILD, "县妇幼保健院", "城关镇健康路1号", every),
            (SiteKind.HOSPITAL, "县人民医院", "城关镇人民路88号", every),
            (SiteKind.FAMILY_PLANNING, "县计划生育服务站", "城关镇幸福路6号", ("termination",)),
            (SiteKind.HOSPITAL, "县中医院", "城关镇中医街3号", ()),
        ):
            self.add(
                kind,
                name,
                seat,
                licence_no=self.lic("PDY"),
                address=address,
                phone=f"0371-660{self.rng.randint(10000, 99999)}",
                designated=designated,
            )


def _site_specs(rng: random.Random) -> list[sites.SiteInput]:
    specs = _Specs(rng)
    for district, town, villages, designated in PLACES:
        specs.township(district, town, villages, designated)
    specs.county()
    return specs.specs


# The demo's findings cite only law the built-in catalogue verified (or, for an opinion, a local
# policy): every document they lead to can be issued in a fresh office. A finding that cites an
# unverified article (US-04: 规定 第十一条) is left to the screenshots, to show the refusal.
FINDINGS = {
    "US-05": "孕期B超实名登记簿近一个月共14例未登记身份证号。",
    "US-06": "抽查孕14周以上孕妇B超检查记录10份，其中4份无申请单。",
    "US-07": "抽查报告20份，其中3份仅有一名医师签名。",
    "TD-04": "上月终止妊娠手术登记3例未按月上报。",
    "TD-06": "抽查米非司酮片处方12张，其中5张未注明用药者身份证号。",
    "CL-01": "现场为民房一间，未见《医疗机构执业许可证》，房内有诊疗床1张、输液架2个。",
    "CL-05": "诊室内间发现刮宫器械1套、米非司酮片3盒（批号20250611）。",
    "PH-04": "处方药销售记录中3笔无处方。",
    "PH-08": "购销记录缺少批号和有效期各5条。",
    "PH-09": "米非司酮片的供货单位未能提供药品经营许可证复印件。",
}

# What an inspector writes in a free-text item (the others, 其他情况, are left empty).
TEXT_ANSWERS = {
    "CL-09": "经营者自述自2025年3月起在此行医，输液每次收费30元；现场有就诊者2人；"
    "清点药品12种、器械5件，已先行登记保存",
}


def _bad_codes(site: sites.SiteView, form: Form, rng: random.Random, *, k: int) -> set[str]:
    """The finding of a demo inspection: practice without a licence only where there is none (always
    there), otherwise one of the checklist's findings (or none)."""
    if site.kind == SiteKind.UNLICENSED.value and any(i.code == "CL-01" for i in form.items):
        return {"CL-01"}
    prefix = form.items[0].code.split("-")[0]
    candidates = [c for c in FINDINGS if c.split("-")[0] == prefix and c != "CL-01"] or [form.items[0].code]
    return set(rng.sample(candidates, k=k))


def _evidence(
    db: Database,
    config: Config,
    *,
    inspection_id: uuid.UUID,
    code: str,
    finding: str,
    when: dt.datetime,
    site: sites.SiteView,
    rng: random.Random,
    folder: Path,
    taker: Actor,
) -> None:
    """Two real photos (Pillow-drawn, with EXIF time and GPS) as the evidence of a finding."""
    from inspector.demo.photos import make_demo_photo
    from inspector.services import photos

    paths = []
    for n in range(2):
        taken = when + dt.timedelta(minutes=10 + 7 * n)
        path = folder / f"IMG_{taken:%Y%m%d_%H%M%S}_{code}_{n}.jpg"
        make_demo_photo(
            path,
            finding[:14],
            when=taken.astimezone(),
            gps=(34.75 + rng.uniform(-0.2, 0.2), 113.62 + rng.uniform(-0.2, 0.2)),
            seed=rng.randint(0, 10**6),
            size=(1280, 960),
        )
        paths.append(path)
    report = photos.ingest_files(db, config, taker, inspection_id, paths, item_code=code)
    if report.added:
        with db.write() as s:
            photos.set_caption(s, SYSTEM, report.added[0].id, finding.rstrip("。"))


def _id_no(rng: random.Random) -> str:
    """A made-up 身份证号 of the right shape (18 characters) for the demo's unlicensed operators."""
    birth = f"{1960 + rng.randint(0, 39)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return f"410102{birth}{rng.randint(100, 999)}{rng.randint(0, 9)}"


def _choice_for(kind: str, choices: tuple[str, ...]) -> str:
    """A plausible choice: the wholesaler's business type is 批发, everyone else takes the first."""
    if kind == SiteKind.WHOLESALER.value:
        for c in choices:
            if "批发" in c:
                return c
    return choices[0] if choices else ""


def seed_office(db: Database, config: Config, rng: random.Random) -> DemoResult:
    """The office, its accounts and registry, and 30 inspections (drafts and finalized, with photos)."""
    registry = load_registry(config.forms_dir)
    result = DemoResult(created=True)
    with db.write() as s:
        _save_settings(s)
        people = _create_accounts(s, rng)
        result.users = 9
        site_views = [sites.create_site(s, SYSTEM, spec) for spec in _site_specs(rng)]
        result.sites = len(site_views)
    now = dt.datetime.now(dt.UTC)
    photo_tmp = tempfile.TemporaryDirectory(prefix="inspector-demo-")
    photo_dir = Path(photo_tmp.name)
    for idx, site in enumerate(site_views[:30]):
        _seed_inspection(db, config, rng, _Visit(idx, site, registry, people, now, photo_dir), result)
        result.inspections += 1
    photo_tmp.cleanup()
    return result


def _save_settings(s: Session) -> None:
    """The demo county's office settings, so that documents have a unit, a title and a court."""
    settings_service.save(
        s,
        SYSTEM,
        OfficeSettings(
            unit_name="示范县卫生健康委员会",
            region="示",
            notice_title="卫生监督意见书",
            review_body="示范县人民政府",
            court="示范县人民法院",
        ),
    )


def _create_accounts(s: Session, rng: random.Random) -> list[users.UserView]:
    """Six inspectors (returned: they make the inspections), then office, supervisor and admin accounts,
    all with the demo password so that any role can be tried."""
    people = []
    for i in range(6):
        people.append(
            users.create_user(
                s,
                SYSTEM,
                users.UserInput(
                    username=f"inspector{i + 1}",
                    name=_person(rng),
                    role=Role.INSPECTOR.value,
                    cert_no=f"4101{rng.randint(10, 99)}{2020 + i}{rng.randint(1000, 9999)}",
                    unit="示范县卫生健康委员会",
                ),
                password=DEMO_PASSWORD,
            )
        )
    others = (
        users.UserInput(
            username="office",
            name="办公室" + _person(rng),
            role=Role.OFFICE.value,
            unit="示范县卫生健康委员会",
        ),
        users.UserInput(
            username="supervisor",
            name=_person(rng),
            role=Role.SUPERVISOR.value,
            cert_no="41010020180001",
            unit="示范县卫生健康委员会",
        ),
        users.UserInput(username="admin", name="系统管理员", role=Role.ADMIN.value),
    )
    for spec in others:
        users.create_user(s, SYSTEM, spec, password=DEMO_PASSWORD)
    return people


@dataclasses.dataclass(frozen=True)
class _Visit:
    """What one demo inspection is made from: its place in the list decides draft or finalized."""

    idx: int
    site: sites.SiteView
    registry: FormRegistry
    people: list[users.UserView]
    now: dt.datetime
    photo_dir: Path


def _seed_inspection(
    db: Database, config: Config, rng: random.Random, visit: _Visit, result: DemoResult
) -> None:
    """One inspection of a site: started by two inspectors, answered (a draft stops part-way), and
    finalized unless it is every third one or finalizing is refused (then it stays a draft)."""
    site, idx = visit.site, visit.idx
    form = visit.registry.default_for_site(site.kind, site.designation_set)
    pair = rng.sample(visit.people, 2)
    started = visit.now - dt.timedelta(days=rng.randint(1, 150), hours=rng.randint(0, 6))
    final = idx % 3 != 2
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            SYSTEM,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=[p.id for p in pair],
                started_at=started,
                party_name=site.legal_rep or _person(rng),
                party_title="负责人",
                companions=_person(rng),
                location_note=site.address,
            ),
        )
    bad_codes = _bad_codes(site, form, rng, k=1 if idx % 2 or idx % 3 == 0 else 0)
    answered: dict[str, AnswerState] = {}
    for item in form.items:
        if not final and rng.random() < 0.4:
            break
        if item not in visible_items(form, answered):
            continue
        with db.write() as s:
            a = _answer(s, view.id, item, site=site, bad_codes=bad_codes, started=started)
        if a is None:
            continue  # 其他情况: nothing more to say
        if item.code in bad_codes:
            _evidence(
                db,
                config,
                inspection_id=view.id,
                code=item.code,
                finding=FINDINGS[item.code],
                when=started,
                site=site,
                rng=rng,
                folder=visit.photo_dir,
                taker=users.actor_for(pair[0]),
            )
        answered[item.code] = a.state()
    if final and _finalize(db, rng, view.id, site, started):
        result.finalized.append(view.id)
    else:
        result.drafts.append(view.id)


def _answer(
    s: Session,
    inspection_id: uuid.UUID,
    item: Item,
    *,
    site: sites.SiteView,
    bad_codes: set[str],
    started: dt.datetime,
) -> inspections.AnswerView | None:
    """The demo's answer to one item: a value for a non-check item, the finding where the demo put
    one, compliant otherwise; None for a free-text item the demo leaves empty."""
    if item.answer_type == "text" and item.code not in TEXT_ANSWERS:
        return None
    if item.answer_type != "check":
        value = {"number": "2", "date": started.date().isoformat()}.get(
            item.answer_type, TEXT_ANSWERS.get(item.code) or _choice_for(site.kind, item.choices)
        )
        return inspections.record_answer(
            s, SYSTEM, inspection_id, item.code, result=AnswerResult.COMPLIANT, value=value
        )
    if item.code in bad_codes:
        return inspections.record_answer(
            s,
            SYSTEM,
            inspection_id,
            item.code,
            result=AnswerResult.NON_COMPLIANT,
            finding=FINDINGS[item.code],
        )
    return inspections.record_answer(s, SYSTEM, inspection_id, item.code, result=AnswerResult.COMPLIANT)


def _finalize(
    db: Database, rng: random.Random, inspection_id: uuid.UUID, site: sites.SiteView, started: dt.datetime
) -> bool:
    """Sign and finalize after 70 minutes; False where finalizing is refused (e.g. a photo is required),
    so the inspection is left as a draft to finish."""
    details = SigningDetails(
        party_name=site.legal_rep or _person(rng),
        party_title="负责人",
        party_phone=site.phone,
        party_id_no=_id_no(rng) if site.kind == SiteKind.UNLICENSED.value else "",
        recusal=Recusal.DECLINED.value,
    )
    try:
        with db.write() as s:
            workflows.finalize_inspection(
                s, SYSTEM, inspection_id, finished_at=started + dt.timedelta(minutes=70), details=details
            )
    except inspections.FinalizeRefused:
        return False
    return True
