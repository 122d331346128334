"""The data every dialog of the walk is opened on: an office as it is a few weeks into the campaign.

Built once, through the services and workflows a person's actions go through, in a data directory
the walk's child processes open read-only: the office's people (an administrator, and the shared two
inspectors, clerk and supervisor of ``tests/factories.py``), a clinic and a pharmacy, a clinic
inspection with a non-compliant finding, its photo, finalized, its notice issued and served (so there
is a rectification with a history), and a case (立案) proposed from it, waiting for the supervisor's
approval.
Its ids are written to ``walk-world.json`` beside the database.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from inspector import workflows
from inspector.config import Config
from inspector.demo.photos import make_demo_photo
from inspector.domain import AnswerResult, Role, SiteKind
from inspector.forms import AnswerType, load_registry, visible_items
from inspector.forms.confirm import confirm_article
from inspector.services import inspections, photos, sites, users
from inspector.services.actor import SYSTEM, Actor
from inspector.services.cases import opening
from inspector.storage.db import Database
from tests import factories

ADMIN_PASSWORD = "walk-admin-2026"
FINDING = "诊室内间发现便携式B超机1台（无铭牌），耦合剂2瓶、热敏打印纸1卷，现场有孕妇候诊。"
INFO = "walk-world.json"


@dataclass(frozen=True)
class WorldIds:
    admin: str
    inspectors: tuple[str, str]
    supervisor: str
    clinic: str
    pharmacy: str
    inspection: str
    rectification: str
    photo_item: str
    case: str

    def save(self, data_dir: Path) -> None:
        (data_dir / INFO).write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def load(cls, data_dir: Path) -> WorldIds:
        raw = json.loads((data_dir / INFO).read_text(encoding="utf-8"))
        raw["inspectors"] = tuple(raw["inspectors"])
        return cls(**raw)


def _people(db: Database) -> tuple[users.UserView, list[users.UserView], users.UserView]:
    """An administrator with a password, and the shared people of ``tests/factories.py``."""
    with db.write() as s:
        admin = users.create_user(
            s, SYSTEM, users.UserInput("admin", "系统管理员", Role.ADMIN.value), password=ADMIN_PASSWORD
        )
        factories.people(s)
        pair = [users.find_user(s, "zhang"), users.find_user(s, "li")]
        boss = users.find_user(s, "boss")
    return admin, pair, boss


def _sites(db: Database) -> tuple[sites.SiteView, sites.SiteView]:
    with db.write() as s:
        clinic = factories.site_view(
            s,
            kind=SiteKind.CLINIC.value,
            name="城关镇仁心诊所",
            licence_no="PDY20260001",
            address="城关镇东关社区12号",
            district="中牟县",
            township="城关镇",
            legal_rep="张建国",
            phone="0371-66001234",
        )
        pharmacy = factories.site_view(
            s,
            kind=SiteKind.PHARMACY.value,
            name="河西镇百姓大药房",
            licence_no="豫AA20260002",
            address="河西镇人民路8号",
            district="中牟县",
            township="河西镇",
        )
    return clinic, pharmacy


def _answer_everything(db: Database, actor: object, inspection_id: uuid.UUID, bad: str) -> None:
    """Every visible item answered: ``bad`` non-compliant with a finding, the rest compliant."""
    with db.write() as s:
        view = inspections.get_inspection(s, inspection_id)
        form = inspections.form_of(s, inspection_id)
        done: set[str] = set()
        while todo := [i for i in visible_items(form, view.states()) if i.code not in done]:
            for item in todo:
                done.add(item.code)
                if item.code == bad:
                    inspections.record_answer(
                        s,
                        SYSTEM,
                        inspection_id,
                        item.code,
                        result=AnswerResult.NON_COMPLIANT,
                        finding=FINDING,
                    )
                elif item.answer_type is AnswerType.CHECK:
                    inspections.record_answer(
                        s, SYSTEM, inspection_id, item.code, result=AnswerResult.COMPLIANT
                    )
                elif item.required:
                    value = {
                        AnswerType.NUMBER: "1",
                        AnswerType.DATE: view.started_at.date().isoformat(),
                        AnswerType.CHOICE: item.choices[0] if item.choices else "",
                    }.get(item.answer_type, "无")
                    inspections.record_answer(s, SYSTEM, inspection_id, item.code, value=value)
            view = inspections.get_inspection(s, inspection_id)


def _confirm_articles(config: Config, actor: Actor, code: str) -> None:
    """The office confirms the articles item ``code`` cites in its own legal.toml, as ``inspector
    forms confirm-article`` does: a notice citing them may then be issued."""
    clinic_form = load_registry(config.forms_dir).get("clinic")
    item = clinic_form.item(code)
    legal = config.forms_dir / "legal.toml"
    legal.parent.mkdir(parents=True, exist_ok=True)
    for ref in dict.fromkeys((*item.violates, *item.basis)):
        confirm_article(legal, actor, ref, source="走查用官方文本", text=f"走查用条文（{ref}）。")


def build(db: Database, config: Config) -> WorldIds:
    """The office of the module docstring in ``config``'s data directory (an empty database)."""
    admin, pair, boss = _people(db)
    clinic, pharmacy = _sites(db)
    actor = users.actor_for(boss)
    _confirm_articles(config, actor, "CL-04")  # the office verified what the notice cites
    form = load_registry(config.forms_dir).default_for_site(clinic.kind, clinic.designations())
    started = dt.datetime.now(dt.UTC) - dt.timedelta(days=12)
    with db.write() as s:
        view = inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=clinic.id,
                form=form,
                inspector_ids=[p.id for p in pair],
                started_at=started,
                party_name="刘建国",
                party_title="负责人",
                companions="村委会主任李某",
            ),
        )
    bad = "CL-04"
    _answer_everything(db, actor, view.id, bad)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "IMG_0001.jpg"
        make_demo_photo(path, "CL-04 便携式B超机", when=started.astimezone(), size=(1280, 960))
        photos.ingest_files(db, config, actor, view.id, [path], item_code=bad)
    with db.write() as s:
        workflows.finalize_inspection(s, actor, view.id, finished_at=started + dt.timedelta(hours=1))
    issued = started + dt.timedelta(hours=2)
    notice = workflows.perform(
        db, lambda s: workflows.issue_document(s, actor, config, view.id, "notice", issued_at=issued)
    )
    (rectification,) = notice.rectifications
    with db.write() as s:
        workflows.serve_rectification(s, actor, config, rectification, served_on=issued)
    with db.write() as s:  # the inspectors propose a case from it (待立案)
        case = workflows.cases.propose_case(s, users.actor_for(pair[0]), opening.suggestion(s, view.id))
    assert case.created is not None
    ids = WorldIds(
        admin=str(admin.id),
        inspectors=(str(pair[0].id), str(pair[1].id)),
        supervisor=str(boss.id),
        clinic=str(clinic.id),
        pharmacy=str(pharmacy.id),
        inspection=str(view.id),
        rectification=str(rectification),
        photo_item=bad,
        case=str(case.created),
    )
    ids.save(config.data_dir)
    return ids


def photo_of(db: Database, ids: WorldIds) -> photos.PhotoView:
    with db.read() as s:
        return photos.list_photos(s, uuid.UUID(ids.inspection), item_code=ids.photo_item)[0]
