"""Helpers for the desktop app's tests (plain functions; the fixtures are in conftest.py): the shared
test checklist, people and sites of ``tests/factories.py`` put where the app finds them, inspections
started as the UI starts them, and typing into the real widgets the way a person does."""

from __future__ import annotations

import datetime as dt
import time
import uuid

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from inspector.config import Config
from inspector.domain import Role, SiteKind
from inspector.services import inspections, sites, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database
from inspector.ui.context import UiContext
from inspector.ui.jobs import Job
from tests import factories

FORM_ID = factories.FORM_ID


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
    """The shared test checklist (``tests/factories.py``) in the office's checklist folder."""
    config.forms_dir.mkdir(parents=True, exist_ok=True)
    (config.forms_dir / "test.toml").write_text(factories.CHECKLIST_TOML, encoding="utf-8")


def seed_people(db: Database) -> list[users.UserView]:
    """The shared people (``tests/factories.py``): 张伟 and 李芳, inspectors with their 执法证号, the
    office clerk 王办公 without one, and the supervisor 赵监督."""
    with db.write() as s:
        factories.people(s)
        return [users.find_user(s, name) for name in ("zhang", "li", "office", "boss")]


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
    """A site through the shared builder, with the address and legal representative the UI shows."""
    with db.write() as s:
        return factories.site_view(
            s, kind=kind, name=name, licence_no=licence_no, address="东关社区12号", legal_rep="张建国"
        )


def start(ctx: UiContext, site: sites.SiteView | None = None) -> uuid.UUID:
    """An inspection of the shared test checklist by the two inspectors, started an hour ago."""
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
    """张伟 and 李芳, the two inspectors of :func:`seed_people`, in that order."""
    with db.read() as s:
        return [users.find_user(s, "zhang"), users.find_user(s, "li")]


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


def finish(job: Job | None) -> None:
    """Let a dialog's background job end and its outcome reach the dialog, as a user waits for it
    (plain Qt, no ``qtbot``: the dialog walk's child process uses it too)."""
    assert job is not None, "no job was started"
    deadline = time.monotonic() + 30
    while job.running:
        assert time.monotonic() < deadline, "the job did not end"
        QCoreApplication.processEvents()
        time.sleep(0.01)
