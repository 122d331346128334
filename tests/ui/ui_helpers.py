"""Helpers for the desktop app's tests (plain functions; the fixtures are in conftest.py): a small
checklist with every answer type, the office's people, sites and inspections, and typing into the real
widgets the way a person does."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from inspector.config import Config
from inspector.domain import Role, SiteKind
from inspector.services import inspections, sites, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.ui.context import UiContext

# A checklist with every answer type, a serious item, a photo-required item and a conditional item.
FORM_TOML = """
id = "ui-test"
version = "1"
title = { zh = "界面测试检查表", en = "UI test checklist" }
site_kinds = ["clinic", "unlicensed"]

[[sections]]
id = "licence"
title = { zh = "资质", en = "Licences" }

[[sections.items]]
code = "T-01"
question = "持有有效的医疗机构执业许可证？"
guidance = "核对许可证名称、地址与现场一致。"
evidence = "许可证正本"
legal = ["医疗机构管理条例-15"]

[[sections.items]]
code = "T-02"
question = "现场无B超机、探头、耦合剂？"
severity = "serious"
legal = ["专项要求-三禁止", "规定-16", "规定-11"]
correction = "立即停止B超检查活动。"
deadline_days = 7

[[sections.items]]
code = "T-03"
question = "B超设备已依法先行登记保存？"
condition = { item = "T-02", answer = "non_compliant" }

[[sections]]
id = "records"
title = { zh = "记录", en = "Records" }

[[sections.items]]
code = "T-04"
question = "在岗医师人数"
answer = "number"

[[sections.items]]
code = "T-05"
question = "经营类型"
answer = "choice"
choices = ["诊所", "门诊部"]

[[sections.items]]
code = "T-06"
question = "现场发现的其他情况"
answer = "text"
required = false

[[sections.items]]
code = "T-07"
question = "张贴禁止“两非”标志？"
photo_required = true
"""
FORM_ID = "ui-test"


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, Chinese included (QTest.keyClicks takes ASCII only)."""
    for ch in text:
        if ch.isascii() and ch.isprintable():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def show_active(widget: QWidget, size: tuple[int, int] = (1280, 720)) -> None:
    """Show ``widget`` as the active window, so keys and shortcuts reach it as a person's would."""
    widget.resize(*size)
    widget.show()
    widget.activateWindow()
    assert QTest.qWaitForWindowActive(widget)


def write_form(config: Config) -> None:
    config.forms_dir.mkdir(parents=True, exist_ok=True)
    (config.forms_dir / "ui_test.toml").write_text(FORM_TOML, encoding="utf-8")


def seed_people(db: Database) -> list[users.UserView]:
    """Two inspectors with their 执法证号, an office clerk without one, and a supervisor."""
    with db.write() as s:
        return [
            users.create_user(
                s, SYSTEM, users.UserInput("wangwei", "王伟", Role.INSPECTOR.value, "41010020210001")
            ),
            users.create_user(
                s, SYSTEM, users.UserInput("lifang", "李芳", Role.INSPECTOR.value, "41010020220002")
            ),
            users.create_user(s, SYSTEM, users.UserInput("office", "赵敏", Role.OFFICE.value)),
            users.create_user(
                s, SYSTEM, users.UserInput("boss", "陈强", Role.SUPERVISOR.value, "41010020180003")
            ),
        ]


def act_as(ctx: UiContext, role: Role) -> None:
    """Let the first user with ``role`` work the UI (an administrator is made when there is none)."""
    with ctx.db.write() as s:
        found = [u for u in users.list_users(s) if u.role == role.value]
        view = (
            found[0]
            if found
            else users.create_user(s, SYSTEM, users.UserInput("admin", "系统管理员", role.value))
        )
    ctx.actor = users.actor_for(view)


def make_site(
    db: Database,
    name: str = "城关镇仁心诊所",
    kind: str = SiteKind.CLINIC.value,
    licence_no: str = "ZS20260001",
) -> sites.SiteView:
    with db.write() as s:
        return sites.create_site(
            s,
            SYSTEM,
            sites.SiteInput(
                kind=kind,
                name=name,
                licence_no=licence_no,
                address="东关社区12号",
                district="城关镇",
                legal_rep="张建国",
            ),
        )


def start(ctx: UiContext, site: sites.SiteView | None = None) -> uuid.UUID:
    """An inspection of the UI test checklist by the two inspectors, started an hour ago."""
    site = site or make_site(ctx.db)
    people = inspectors(ctx.db)
    with ctx.db.write() as s:
        view = inspections.start_inspection(
            s,
            ctx.actor,
            inspections.StartInput(
                site_id=site.id,
                form=ctx.registry().get(FORM_ID),
                inspector_ids=[p.id for p in people],
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
                party_name="张建国",
                party_title="负责人",
            ),
        )
    return view.id


def inspectors(db: Database) -> list[users.UserView]:
    """王伟 and 李芳, the two inspectors of :func:`seed_people`, in that order."""
    with db.read() as s:
        return [users.find_user(s, "wangwei"), users.find_user(s, "lifang")]


def inspection(db: Database, inspection_id: uuid.UUID) -> inspections.InspectionView:
    with db.read() as s:
        return inspections.get_inspection(s, inspection_id)


def confirm_articles(ctx: UiContext, *refs: str) -> None:
    """The office confirms catalogue entries in its own legal.toml, as ``inspector forms
    confirm-article`` does (test texts): a notice citing them may then be issued."""
    from inspector.domain import Role
    from inspector.forms.confirm import confirm_article
    from inspector.services.actor import Actor

    office = Actor(ctx.actor.user_id, ctx.actor.name, Role.SUPERVISOR)
    legal = ctx.config.forms_dir / "legal.toml"
    legal.parent.mkdir(parents=True, exist_ok=True)
    for ref in refs:
        confirm_article(legal, office, ref, source="测试用官方文本", text=f"测试用条文（{ref}）。")
