"""The tests' shared builders: ONE test checklist and the people, sites and finalized inspections the
document, follow-up, workflow, exchange, statistics, case and desktop (``tests/ui``) tests start from,
all made through the real services.

Each area used to carry its own checklist and its own "two inspectors with 执法证号"; their item codes
meant different things in each, so a test read differently depending on its folder. Here the codes mean
one thing everywhere:

- T-01 a licence item with a correction and a 10-day deadline (action "correct"),
- T-02 a serious item that needs a photo when non-compliant (action "case"),
- T-03 a records item answered by an opinion (action "advise", 30 days),
- T-04 a number (what was counted, stated in the record as a fact),
- T-05 a second item with a correction (action "correct", 15 days): a notice for T-01 and T-05 can be
  issued as it stands,
- T-06 the 禁止"两非" sign (action "correct", citing articles the catalogue has not verified: a notice
  citing it is refused until the office confirms them),
- T-07 a choice (the 机构类别, "诊所" or "门诊部"; stated in the record as a fact),
- T-08 an optional free text (other things seen on site): the only item that may stay unanswered,
- T-09 shown only when T-02 is non-compliant (the reports' two signatures, action "advise" resting on
  a local policy, and no ``deadline_days``: the office's default deadline applies). It sits right
  after T-02, in the licence section.

Between them every kind of item the walk-through knows: check, number, choice and text answers, a
serious item that needs a photo (T-02), a conditional item without a deadline of its own (T-09), an
optional item (T-08). ``site_kinds`` names the unlicensed site too, which the case tests inspect. The
articles T-01, T-02 and T-05 cite are verified in ``inspector/forms/legal.toml``; the local policies
T-03 and T-09 rest on are not, and an opinion cites no article, so they hold no notice up.

:func:`answer` (and so :func:`finalized`) answers T-07 with its first choice and leaves T-08 out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, Recusal, Role, SiteKind
from inspector.forms import Form, Item, load_form_bytes
from inspector.services import inspections, signing, sites, users
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database
from inspector.storage.models import Photo

FORM_ID = "test"
CHECKLIST_TOML = """
format = 2
id = "test"
version = "1"
site_kinds = ["clinic", "pharmacy", "ultrasound", "unlicensed"]
title = { zh = "测试检查表", en = "Test checklist" }

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

[[sections.items]]
code = "T-09"
short = "报告双签"
question = "孕期B超检查报告由两名医师签名"
condition = { item = "T-02", answer = "non_compliant" }
fact = "出具的孕期B超检查报告仅有一名医师签名"
compliant_fact = "抽查孕期B超检查报告，均有两名医师签名"
action = "advise"
grounds = ["地方-双人双签"]
correction = "孕期B超检查实行双人在场、报告双签"

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
short = "医师执业地点"
question = "在岗医师执业注册地点为本机构"
fact = "安排执业注册地点不在本机构的医师在岗执业"
compliant_fact = "查验在岗医师的医师执业证书，执业注册地点为本机构"
action = "correct"
violates = ["医师法-14.1"]
basis = ["医师法-57"]
correction = "安排执业注册地点为本机构的医师在岗执业，或者为在岗医师办理执业地点变更注册"
deadline_days = 15

[[sections.items]]
code = "T-06"
short = "禁止“两非”标志"
question = "张贴禁止“两非”标志"
fact = "未在B超室醒目位置张贴禁止非医学需要的胎儿性别鉴定的标志"
compliant_fact = "查看B超室门口，醒目位置张贴有禁止非医学需要的胎儿性别鉴定的标志"
action = "correct"
violates = ["规定-11"]
basis = ["医疗机构管理条例-40"]
correction = "在B超室醒目位置张贴禁止非医学需要的胎儿性别鉴定的标志"
deadline_days = 7

[[sections.items]]
code = "T-07"
short = "机构类别"
question = "机构类别"
answer = "choice"
choices = ["诊所", "门诊部"]
fact = "执业登记的机构类别为{value}"

[[sections.items]]
code = "T-08"
short = "其他情况"
question = "现场发现的其他情况"
answer = "text"
required = false
"""

# What the party signs on site (the 笔录's signing block).
SIGNED = signing.SigningDetails(
    party_name="王建国", party_title="负责人", party_phone="13800000000", recusal=Recusal.DECLINED.value
)


def checklist() -> Form:
    return load_form_bytes(CHECKLIST_TOML.encode("utf-8"), "test.toml")


@dataclass(frozen=True)
class People:
    """Two inspectors with their 执法证号, an office clerk without one, and a supervisor."""

    inspector_a: Actor
    inspector_b: Actor
    office: Actor
    supervisor: Actor

    @property
    def pair(self) -> list[uuid.UUID]:
        return [self.inspector_a.user_id, self.inspector_b.user_id]  # type: ignore[list-item]


def inspector_pair(s: Session, suffix: str = "") -> tuple[users.UserView, users.UserView]:
    """张伟 and 李芳 (user names ``zhang``/``li`` + ``suffix``), inspectors with their 执法证号."""
    a = users.create_user(s, SYSTEM, users.UserInput(f"zhang{suffix}", "张伟", cert_no="41010020200001"))
    b = users.create_user(s, SYSTEM, users.UserInput(f"li{suffix}", "李芳", cert_no="41010020200002"))
    return a, b


def people(s: Session) -> People:
    a, b = inspector_pair(s)
    o = users.create_user(s, SYSTEM, users.UserInput("office", "王办公", role=Role.OFFICE.value))
    v = users.create_user(
        s, SYSTEM, users.UserInput("boss", "赵监督", role=Role.SUPERVISOR.value, cert_no="41010020180001")
    )
    return People(*(users.actor_for(x) for x in (a, b, o, v)))


_counter = itertools.count(1)


def site_view(
    s: Session,
    *,
    kind: str = "clinic",
    district: str = "城关镇",
    name: str | None = None,
    licence_no: str | None = None,
    **details: str,
) -> sites.SiteView:
    """A site (a fresh name, and a fresh licence number unless given or the site is unlicensed);
    ``details`` are other ``SiteInput`` fields (address, legal_rep, phone, township)."""
    n = next(_counter)
    if licence_no is None and kind != SiteKind.UNLICENSED.value:
        licence_no = f"FU{uuid.uuid4().hex[:10]}"
    name = name or f"测试场所{n}"
    data = sites.SiteInput(kind=kind, name=name, licence_no=licence_no, district=district, **details)
    return sites.create_site(s, SYSTEM, data)


def site(
    s: Session,
    *,
    kind: str = "clinic",
    district: str = "城关镇",
    name: str | None = None,
    licence_no: str | None = None,
    **details: str,
) -> uuid.UUID:
    """The id of :func:`site_view`'s site."""
    return site_view(s, kind=kind, district=district, name=name, licence_no=licence_no, **details).id


def add_photo(s: Session, inspection_id: uuid.UUID, code: str) -> uuid.UUID:
    """A photo row (the file itself does not matter to the follow-up services)."""
    photo = Photo(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        item_code=code,
        sha256=uuid.uuid4().hex * 2,
        size=10,
        original_filename=f"{code}.jpg",
        format="JPEG",
        width=4,
        height=3,
    )
    s.add(photo)
    s.flush()
    return photo.id


def answer(
    s: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    item: Item,
    *,
    bad: Mapping[str, str],
    results: Mapping[str, AnswerResult] | None = None,
) -> None:
    """Answer one item: non-compliant with its finding when in ``bad``, as ``results`` says when there,
    a count of 1 for a number, the first choice for a choice, nothing for an optional text (T-08),
    compliant otherwise."""
    code = item.code
    if code in bad:
        inspections.record_answer(
            s, actor, inspection_id, code, result=AnswerResult.NON_COMPLIANT, finding=bad[code]
        )
    elif results and code in results:
        finding = "复查时现场核实。" if results[code] else ""
        inspections.record_answer(s, actor, inspection_id, code, result=results[code], finding=finding)
    elif item.answer_type == "text" and not item.required:
        return
    elif item.answer_type != "check":
        value = item.choices[0] if item.choices else "1"
        inspections.record_answer(s, actor, inspection_id, code, value=value)
    else:
        inspections.record_answer(s, actor, inspection_id, code, result=AnswerResult.COMPLIANT)


def finalized(
    db: Database,
    who: People,
    site_id: uuid.UUID,
    bad: dict[str, str],
    *,
    started_at: dt.datetime | None = None,
    form: Form | None = None,
    inspector_ids: list[uuid.UUID] | None = None,
) -> uuid.UUID:
    """A finalized, signed inspection of ``site_id`` where the items in ``bad`` are non-compliant
    (code → finding); an item needing a photo gets a photo row."""
    form = form or checklist()
    when = started_at or dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            who.inspector_a,
            inspections.StartInput(
                site_id=site_id,
                form=form,
                inspector_ids=inspector_ids or who.pair,
                started_at=when,
                party_name="王建国",
            ),
        )
        for code in bad:
            if form.item(code).photo_required:
                add_photo(s, view.id, code)
        for item in form.items:
            if item.condition is None or item.condition.item in bad:
                answer(s, who.inspector_a, view.id, item, bad=bad)
        signing.record_signing(s, who.inspector_a, view.id, SIGNED)  # what the 笔录 records on site
        inspections.finalize(s, who.inspector_a, view.id, finished_at=when + dt.timedelta(hours=1))
    return view.id
