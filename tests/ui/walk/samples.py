"""How to open each dialog of the app for the walk (``test_every_dialog.py``), with real data.

Every ``QDialog`` subclass under ``inspector/ui`` must have a sample here: the walk discovers the
dialogs by importing the whole ``inspector.ui`` package and fails naming any dialog that has none,
so a new dialog is checked from the day it lands. To add one, write a generator decorated with
``@sample(TheDialog)`` that builds the dialog from :class:`Walk` (the office of ``world.py``: its
context, ids, people) and yields it once as it opens and again in each state worth checking, above
all with its validation errors shown, the way a person gets them (typing into its fields and
pressing its buttons through its own methods). Nothing a sample does may be saved: the world is
shared by the walk's runs; an action that would save must be one the dialog refuses.

The walk shows each yielded dialog at 1366×768 (and at 150 %), in Chinese and in English, on every
tab, and checks that no text is clipped and that the dialog fits the screen
(``checks.py``).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from PySide6.QtWidgets import QDialog

from inspector.config import Config, resolve
from inspector.domain import Role
from inspector.forms import Form, summarize
from inspector.services import auth, inspections, sites, users
from inspector.services.actor import Actor
from inspector.services.cases import opening
from inspector.services.cases import views as case_views
from inspector.storage.db import Database, open_database
from inspector.ui.auth import (
    AddUserDialog,
    ChangePasswordDialog,
    FirstAdminDialog,
    RecoveryCodeDialog,
    SignInDialog,
    UserManagementDialog,
)
from inspector.ui.cases.case_view import CaseViewWidget
from inspector.ui.cases.decision_dialog import DecisionDialog
from inspector.ui.cases.propose_dialog import ProposeCaseDialog
from inspector.ui.context import UiContext
from inspector.ui.documents.issue_dialog import IssueDialog
from inspector.ui.followup.history import HistoryDialog
from inspector.ui.inspection.addendum_dialog import AddendumDialog
from inspector.ui.inspection.finalize_dialog import FinalizeDialog
from inspector.ui.inspection.find_dialog import FindItemDialog
from inspector.ui.inspection.legal import LegalBasisDialog
from inspector.ui.new_inspection_dialog import NewInspectionDialog
from inspector.ui.photos.camera import CameraDialog
from inspector.ui.photos.viewer import PhotoViewer
from inspector.ui.settings_dialog import SettingsDialog
from inspector.ui.site_dialog import SiteDialog, UnlicensedSiteDialog
from inspector.ui.site_import_dialog import SiteImportDialog
from tests.ui.ui_helpers import finish
from tests.ui.walk.world import WorldIds, photo_of

States = Iterator[tuple[str, QDialog]]
SAMPLES: dict[type[QDialog], list[Callable[[Walk], States]]] = {}


def sample(*dialogs: type[QDialog]) -> Callable[[Callable[[Walk], States]], Callable[[Walk], States]]:
    """Register the decorated generator as a way to open each of ``dialogs``."""

    def register(fn: Callable[[Walk], States]) -> Callable[[Walk], States]:
        for cls in dialogs:
            SAMPLES.setdefault(cls, []).append(fn)
        return fn

    return register


@dataclass
class Walk:
    """The world's database, seen as its administrator (``ctx``) or as anyone else (:meth:`as_`)."""

    config: Config
    db: Database
    ids: WorldIds
    _scratch: list[Database] = field(default_factory=list)

    @cached_property
    def admin(self) -> Actor:
        return self.actor(self.ids.admin)

    def actor(self, user_id: str) -> Actor:
        with self.db.read() as s:
            return users.actor_for(users.get_user(s, uuid.UUID(user_id)))

    @cached_property
    def ctx(self) -> UiContext:
        return UiContext(config=self.config, db=self.db, actor=self.admin)

    def as_(self, user_id: str) -> UiContext:
        return UiContext(config=self.config, db=self.db, actor=self.actor(user_id))

    @property
    def inspection_id(self) -> uuid.UUID:
        return uuid.UUID(self.ids.inspection)

    @cached_property
    def form(self) -> Form:
        with self.db.read() as s:
            return inspections.form_of(s, self.inspection_id)

    def site(self, site_id: str) -> sites.SiteView:
        with self.db.read() as s:
            return sites.get_site(s, uuid.UUID(site_id))

    def empty_db(self) -> Database:
        """A database nobody has signed in to yet (the first start)."""
        folder = Path(tempfile.mkdtemp(prefix="walk-empty-"))
        db = open_database(resolve(folder))
        self._scratch.append(db)
        return db

    def close(self) -> None:
        for db in self._scratch:
            db.close()


# -- signing in and accounts --------------------------------------------------------------------------


@sample(SignInDialog)
def sign_in(w: Walk) -> States:
    d = SignInDialog(w.db, username="zhang")
    yield "opened", d
    until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15)

    def locked(name: str, _password: str) -> Actor:
        raise auth.SignInError(auth.delayed_message(name, until, dt.datetime.now(dt.UTC)), until)

    d = SignInDialog(None, username="zhang", signer=locked)
    d.password.setText("wrong")
    d.try_sign_in()
    yield "refused", d


@sample(FirstAdminDialog)
def first_admin(w: Walk) -> States:
    d = FirstAdminDialog(w.empty_db())
    yield "opened", d
    d.name.setText("系统管理员")
    d.password.setText("12345678")
    d.repeat.setText("1234567")
    d.create_account()
    yield "passwords differ", d
    d.username.setText("a")
    d.name.clear()
    d.password.setText("123")
    d.repeat.setText("123")
    d.create_account()
    yield "refused", d


@sample(ChangePasswordDialog)
def change_password(w: Walk) -> States:
    d = ChangePasswordDialog(w.db, w.admin)
    yield "opened", d
    d.current.setText("not the password")
    d.new.setText("123")
    d.repeat.setText("1234")
    d.change()
    yield "passwords differ", d
    d.current.setText("walk-admin-2026")
    d.repeat.setText("123")
    d.change()
    yield "too short", d


@sample(RecoveryCodeDialog)
def recovery_code(_w: Walk) -> States:
    yield "opened", RecoveryCodeDialog("NS4D-XTH8-VPX4-JV0G-SKVR-G663")


@sample(AddUserDialog)
def add_user(w: Walk) -> States:
    d = AddUserDialog(w.db, w.admin)
    yield "opened", d
    d.role.setCurrentIndex(d.role.findData(Role.INSPECTOR.value))
    d.username.setText("王")
    d.cert_no.setText("12")
    d.password.setText("123")
    d.repeat.setText("123")
    d.create_account()
    yield "refused", d


@sample(UserManagementDialog)
def user_management(w: Walk) -> States:
    d = UserManagementDialog(w.db, w.admin)
    d.select_user(uuid.UUID(w.ids.inspectors[0]))
    yield "opened", d


# -- settings and the registry ------------------------------------------------------------------------


@sample(SettingsDialog)
def settings(w: Walk) -> States:
    d = SettingsDialog(w.ctx)
    yield "opened", d
    d.unit_name.clear()
    d.region.setText("一二三四五六七八九")
    d.pattern_edits["record"].setText("{region}卫监录〔{year}〕号")
    d.pattern_edits["notice"].setText("{region}卫监意〔{year}〕{number}号")
    d.court.setText("某" * 200)
    d.save()
    yield "refused", d


@sample(SiteDialog)
def site(w: Walk) -> States:
    d = SiteDialog(w.ctx)
    yield "new", d
    d.address.setText("长" * 301)
    d.credit_code.setText("12345")
    d.phone.setText("电话号码")
    d.submit()
    yield "refused", d
    yield "edit", SiteDialog(w.ctx, w.site(w.ids.clinic))


@sample(UnlicensedSiteDialog)
def unlicensed_site(w: Walk) -> States:
    d = UnlicensedSiteDialog(w.ctx)
    yield "opened", d
    d.submit()
    yield "refused", d


@sample(SiteImportDialog)
def site_import(w: Walk) -> States:
    d = SiteImportDialog(w.ctx)
    yield "opened", d
    bad = Path(tempfile.mkdtemp(prefix="walk-import-")) / "sites.csv"
    bad.write_text("名称,类型\n城关镇卫生院,卫生院\n", encoding="utf-8")
    finish(d.set_path(bad))
    yield "refused", d
    good = bad.with_name("good.csv")
    good.write_text("名称,类型,许可证号\n东关诊所,诊所,PDY20269999\n", encoding="utf-8")
    finish(d.set_path(good))
    yield "read", d


# -- inspections ---------------------------------------------------------------------------------------


@sample(NewInspectionDialog)
def new_inspection(w: Walk) -> States:
    d = NewInspectionDialog(w.as_(w.ids.inspectors[0]))
    yield "opened", d
    d.submit()
    yield "no site", d
    d = NewInspectionDialog(w.as_(w.ids.supervisor), w.site(w.ids.pharmacy))
    d.party_phone.setText("1" * 40)
    d.submit()
    yield "refused", d


@sample(FinalizeDialog)
def finalize(w: Walk) -> States:
    with w.db.read() as s:
        view = inspections.get_inspection(s, w.inspection_id)
    d = FinalizeDialog(view.site_name, summarize(w.form, view.states()), view.started_at)
    yield "opened", d
    d.end_time.setDateTime(d.end_time.dateTime().addYears(-1))
    d.submit()
    yield "refused", d


@sample(AddendumDialog)
def addendum(w: Walk) -> States:
    d = AddendumDialog(w.as_(w.ids.inspectors[0]), w.inspection_id, w.form, w.ids.photo_item)
    yield "opened", d
    d.submit()
    yield "refused", d


@sample(FindItemDialog)
def find_item(w: Walk) -> States:
    yield "opened", FindItemDialog(list(w.form.items))


@sample(LegalBasisDialog)
def legal_basis(w: Walk) -> States:
    item = w.form.item(w.ids.photo_item)
    yield "opened", LegalBasisDialog(item, w.form.articles_for(item))


@sample(PhotoViewer)
def photo_viewer(w: Walk) -> States:
    yield "opened", PhotoViewer(w.ctx, photo_of(w.db, w.ids))


@sample(CameraDialog)
def camera(_w: Walk) -> States:
    yield "opened", CameraDialog()


# -- documents and follow-up ---------------------------------------------------------------------------


@sample(IssueDialog)
def issue(w: Walk) -> States:
    ctx = w.as_(w.ids.supervisor)
    yield "record", IssueDialog(ctx, w.inspection_id, "record")
    yield "notice issued", IssueDialog(ctx, w.inspection_id, "notice")


@sample(HistoryDialog)
def history(w: Walk) -> States:
    rectification = uuid.UUID(w.ids.rectification)
    yield "supervisor", HistoryDialog(w.as_(w.ids.supervisor), rectification)
    yield "inspector", HistoryDialog(w.as_(w.ids.inspectors[0]), rectification)


# -- cases ---------------------------------------------------------------------------------------------


@sample(ProposeCaseDialog)
def propose_case(w: Walk) -> States:
    ctx = w.as_(w.ids.inspectors[0])
    with w.db.read() as s:
        drafted = opening.suggestion(s, w.inspection_id)
        case = case_views.get_case(s, uuid.UUID(w.ids.case))
    d = ProposeCaseDialog(ctx, drafted)
    yield "opened", d
    d.cause.clear()
    d.person.setChecked(True)  # a person without a name or 身份证号: refused beside the fields
    d.submit()
    yield "refused", d
    yield "correcting", ProposeCaseDialog(ctx, CaseViewWidget._as_input(case), case_id=case.id)


@sample(DecisionDialog)
def decide_case(w: Walk) -> States:
    view = CaseViewWidget(w.as_(w.ids.supervisor))  # the decisions as the case page opens them
    case_id = uuid.UUID(w.ids.case)
    view.show_case(case_id)
    for name in ("approve", "transfer", "decide", "kept", "close"):
        yield name, view._decision(name, case_id)
    d = view._decision("refuse", case_id)
    yield "refuse", d
    d.submit()  # no reason given: refused beside the field, nothing written
    yield "refuse without a reason", d
