"""The registry and start-up dialogs with bad and good input: every problem is shown in Chinese under
its field, and nothing is written until the input is acceptable."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from inspector.domain import Role, SiteKind
from inspector.services import inspection_list, site_import, sites, users
from inspector.services import settings as office_settings
from inspector.services.sites import SiteInput
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.new_inspection_dialog import NewInspectionDialog
from inspector.ui.settings_dialog import SettingsDialog
from inspector.ui.site_dialog import SiteDialog, UnlicensedSiteDialog
from inspector.ui.site_import_dialog import SiteImportDialog
from tests.ui.ui_helpers import FORM_ID, act_as, finish, make_site

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


def site_count(ctx: UiContext) -> int:
    with ctx.db.read() as s:
        return len(sites.search_sites(s, sites.SiteFilter(include_inactive=True), limit=1000))


def test_site_dialog_shows_each_problem_at_its_field(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = SiteDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.PHARMACY.value))
    dialog.address.setText("长" * 301)
    dialog.credit_code.setText("12345")
    dialog.phone.setText("电话号码")
    assert not dialog.submit()
    shown = dialog.errors.shown()
    assert shown["name"] == "名称必填。"
    assert "许可证号" in shown["licence_no"]
    assert "300" in shown["address"]
    assert "18" in shown["credit_code"]
    assert shown["phone"]
    assert site_count(ctx) == 0
    # Fixing a field removes its message as the person types.
    dialog.name.setText("河西镇百姓大药房")
    assert "name" not in dialog.errors.shown()
    dialog.licence_no.setText("豫AA20260001")
    dialog.address.setText("河西镇人民路8号")
    dialog.credit_code.clear()
    dialog.phone.setText("0371-66001234")
    assert dialog.submit(), dialog.errors.shown()
    assert site_count(ctx) == 1


def test_site_dialog_refuses_a_licence_number_already_taken(qtbot: QtBot, ctx: UiContext) -> None:
    existing = make_site(ctx.db)
    dialog = SiteDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.name.setText("另一家诊所")
    dialog.licence_no.setText(existing.licence_no or "")
    assert not dialog.submit()
    assert existing.name in dialog.errors.text("licence_no")
    assert site_count(ctx) == 1


def test_editing_a_site_keeps_it_and_changes_it(qtbot: QtBot, ctx: UiContext) -> None:
    site = make_site(ctx.db)
    dialog = SiteDialog(ctx, site)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == site.name
    dialog.designated_ultrasound.setChecked(True)  # an individual clinic cannot be a designated site
    assert not dialog.submit()
    assert "不能作为B超/染色体定点机构" in dialog.errors.text("designations")
    dialog.kind.setCurrentIndex(dialog.kind.findData(SiteKind.TOWNSHIP_HEALTH_CENTRE.value))
    assert not dialog.errors.text("designations")  # re-checked as the person corrects it
    dialog.township.setCurrentText("河西镇")
    assert dialog.submit()
    with ctx.db.read() as s:
        saved = sites.get_site(s, site.id)
    assert saved.designated_ultrasound and saved.kind == SiteKind.TOWNSHIP_HEALTH_CENTRE.value
    assert saved.place == "城关镇 / 河西镇"


def test_unlicensed_site_in_seconds_from_the_new_inspection_dialog(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = NewInspectionDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.site_search.setText("柳树村")

    def fill_and_save(self: UnlicensedSiteDialog) -> int:
        assert self.name.text() == "柳树村"  # what was searched for is the starting name
        assert not self.submit()  # no address yet
        assert "地址" in self.errors.text("address")
        self.name.setText("柳树村无证诊所（王某）")
        self.address.setText("柳树村3组18号民房")
        self.district.setCurrentText("河西镇")
        return int(self.submit())

    monkeypatch.setattr(UnlicensedSiteDialog, "exec", fill_and_save)
    dialog.new_site_button.click()
    chosen = dialog.site()
    assert chosen is not None and chosen.kind == SiteKind.UNLICENSED.value
    assert chosen.name == "柳树村无证诊所（王某）"
    assert dialog.form_combo.currentData() == "clinic"  # unlicensed sites use the clinic checklist
    assert dialog.location_note.text() == "柳树村3组18号民房"


def _enabled(combo: QComboBox, row: int) -> bool:
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    item = model.item(row)
    return item is not None and item.isEnabled()


def test_new_inspection_refuses_bad_input_at_the_fields(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = NewInspectionDialog(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.submit()
    assert "场所" in dialog.errors.text("site")
    site = make_site(ctx.db)

    dialog.choose_site(site)
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData(FORM_ID))
    assert dialog.inspector_ids() == [ctx.actor.user_id]  # the person using the laptop comes first
    assert not dialog.submit()
    assert dialog.errors.text("inspectors") == "执法检查须至少两名执法人员。"

    # The same person in the second place: the first gives them up (the core would refuse it too).
    first, second = dialog.inspector_combos
    me = first.currentIndex()
    second.setCurrentIndex(me)
    assert second.currentIndex() == me and not first.currentData()
    assert not _enabled(first, me) and _enabled(second, me)
    dialog.started_at.setDateTime(QDateTime.currentDateTime().addDays(1))
    dialog.party_phone.setText("1" * 40)
    assert not dialog.submit()
    assert dialog.errors.text("inspectors") == "执法检查须至少两名执法人员。"
    assert "晚于当前时间" in dialog.errors.text("started_at")
    assert "32" in dialog.errors.text("party_phone")
    with ctx.db.read() as s:
        assert inspection_list.count_inspections(s) == 0

    first.setCurrentIndex(me)  # back to the person at the laptop, and 李芳 second
    second.setCurrentIndex(second.findText("李芳", Qt.MatchFlag.MatchStartsWith))
    assert not _enabled(second, me) and not _enabled(first, second.currentIndex())
    dialog.started_at.setDateTime(QDateTime.currentDateTime().addSecs(-600))
    dialog.party_phone.setText("13800001111")
    assert dialog.submit(), dialog.errors.shown()
    assert dialog.started is not None
    assert dt.datetime.now(dt.UTC) - dialog.started.started_at < dt.timedelta(minutes=11)


def test_inspectors_without_an_enforcement_id_are_not_offered(qtbot: QtBot, ctx: UiContext) -> None:
    dialog = NewInspectionDialog(ctx)
    qtbot.addWidget(dialog)
    offered = [dialog.inspector_combos[0].itemText(i) for i in range(dialog.inspector_combos[0].count())]
    assert any(t.startswith("张伟（41010020200001）") for t in offered)
    assert not any("王办公" in t for t in offered)  # office staff, no 执法证号


def test_settings_are_validated_and_saved(qtbot: QtBot, ctx: UiContext) -> None:
    act_as(ctx, Role.SUPERVISOR)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.unit_name.clear()
    dialog.region.setText("太长的地区简称九个字")
    dialog.pattern_edits["notice"].setText("{region}卫监意〔{year}〕号")
    assert not dialog.save()
    shown = dialog.errors.shown()
    assert set(shown) >= {"unit_name", "region", "notice_pattern"}
    dialog.unit_name.setText("示范县卫生健康委员会")
    dialog.region.setText("示")
    dialog.pattern_edits["notice"].setText("{region}卫监意〔{year}〕{seq:03d}号")
    assert "示卫监意〔" in dialog.preview.text()
    assert dialog.save(), dialog.errors.shown()
    with ctx.db.read() as s:
        assert office_settings.load(s).unit_name == "示范县卫生健康委员会"


def test_an_inspector_may_not_change_office_settings(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, _t=None: shown.append(err.message))
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.unit_name.setText("改名")
    assert not dialog.save()
    assert shown and "角色" in shown[0]


def _users(ctx: UiContext) -> list[users.UserView]:
    with ctx.db.read() as s:
        return users.list_users(s)


def test_the_settings_list_the_inspectors_and_add_through_the_accounts_dialog(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspector.ui.auth import AddUserDialog

    act_as(ctx, Role.ADMIN)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    rows = dialog.users_table.rowCount()
    cells = dialog.users_table.item
    listed = {cells(r, 0).text(): cells(r, 3).text() for r in range(rows)}  # type: ignore[union-attr]
    assert listed["张伟"] == "41010020200001"

    def fill(self: AddUserDialog) -> int:
        self.username.setText("sunli")
        self.name.setText("孙丽")
        self.cert_no.setText("12")
        self.password.setText("sunli-pass-1")
        self.repeat.setText("sunli-pass-1")
        assert not self.create_account()
        assert "执法证号" in self.errors.text("cert_no")
        self.cert_no.setText("41010020230004")
        return int(self.create_account())

    monkeypatch.setattr(AddUserDialog, "exec", fill)
    with qtbot.waitSignal(dialog.users_changed):
        assert dialog.add_user()
    assert dialog.users_table.rowCount() == rows + 1
    assert any(u.cert_no == "41010020230004" for u in _users(ctx))


def test_site_import_lists_every_problem_and_writes_nothing(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    act_as(ctx, Role.OFFICE)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "名称,类型,许可证号\n仁和医院B超室,定点B超,\n,药店,豫AA1\n康宁诊所,飞机场,ZS1\n", encoding="utf-8"
    )
    shown: list[list[str]] = []
    monkeypatch.setattr(messages, "show_problems", lambda _p, _t, _i, problems: shown.append(problems))
    dialog = SiteImportDialog(ctx)
    qtbot.addWidget(dialog)
    finish(dialog.set_path(bad))
    assert len(shown[0]) == 3
    assert any("第2行" in p for p in shown[0]) and any("第4行" in p for p in shown[0])
    assert "3" in dialog.preview.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.run_import() is None  # nothing clean to import
    assert site_count(ctx) == 0

    good = tmp_path / "good.csv"
    good.write_text(
        "名称,类型,许可证号,区县,定点B超\n仁和医院,医院,PDY001,城关镇,是\n百姓药房,药店,豫AA2,河西镇,否\n",
        encoding="gbk",
    )
    informed: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: informed.append(text))
    finish(dialog.set_path(good))
    assert "2" in dialog.preview.text() and dialog.import_button.isEnabled()
    finish(dialog.run_import())
    assert dialog.result_counts is not None and dialog.result_counts.created == 2
    assert dialog.result() == QDialog.DialogCode.Accepted and informed == ["新增 2 个，更新 0 个。"]
    assert site_count(ctx) == 2


def test_site_import_reads_and_writes_off_the_ui_thread_and_cannot_be_cancelled_mid_write(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A county's list takes seconds to read and write: both happen on the job's thread, the dialog
    shows it is busy, and Cancel waits for the one transaction rather than leave the user guessing."""
    act_as(ctx, Role.OFFICE)
    good = tmp_path / "sites.csv"
    good.write_text("名称,类型,许可证号\n东关诊所,诊所,PDY20269999\n", encoding="utf-8")
    threads: list[threading.Thread] = []
    release = threading.Event()
    real_parse, real_import = site_import.parse_sites, site_import.import_sites

    def parse(path: Path) -> list[tuple[int, SiteInput]]:
        threads.append(threading.current_thread())
        return real_parse(path)

    def write(*args: object, **kwargs: object) -> site_import.ImportResult:
        threads.append(threading.current_thread())
        assert release.wait(30)
        return real_import(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_import, "parse_sites", parse)
    monkeypatch.setattr(site_import, "import_sites", write)
    monkeypatch.setattr(messages, "inform", lambda *_a: None)
    dialog = SiteImportDialog(ctx)
    qtbot.addWidget(dialog)
    finish(dialog.set_path(good))
    job = dialog.run_import()
    assert job is not None and dialog.busy
    assert not dialog.import_button.isEnabled() and not dialog.browse.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None and not cancel.isEnabled()
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    dialog.reject()  # Esc while the sites are written: the dialog stays until the write ends
    assert rejected == []
    release.set()
    finish(job)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert dialog.result() == QDialog.DialogCode.Accepted and site_count(ctx) == 1
