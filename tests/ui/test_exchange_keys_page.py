"""Settings › Exchange: this computer's fingerprint, exporting its key, enrolling another computer's
key (office staff and administrators only) and revoking it, as a person does it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.config import resolve
from inspector.domain import Role
from inspector.exchange import enrolment
from inspector.exchange.device_key import show_fingerprint
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.settings_dialog import SettingsDialog
from tests.ui.ui_helpers import act_as

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")


def test_enrol_export_and_revoke(
    qtbot: QtBot, ctx: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, err, _t=None: said.append(err.message))
    monkeypatch.setattr(messages, "inform", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(messages, "confirm", lambda *_a: True)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    page = dialog.exchange_page
    assert dialog.tabs.tabText(dialog.tabs.indexOf(page)) == "数据交换"
    own = enrolment.own_key(ctx.config).fingerprint
    assert show_fingerprint(own) in page.own.text() and "本机密钥" in page.own.text()
    # export this computer's key
    assert page.export_key(tmp_path / "mine.json")
    assert show_fingerprint(own) in said[-1]
    # the laptop's key: an inspector may not enrol it, office staff may
    laptop = tmp_path / "laptop"
    with ctx.db.write() as s:
        enrolment.write_key_file(s, resolve(laptop), tmp_path / "laptop.json", "laptop")
    assert not page.enrol_file(tmp_path / "laptop.json", "笔记本3")
    assert "角色" in said[-1] and page.table.rowCount() == 0
    act_as(ctx, Role.OFFICE)
    assert page.enrol_file(tmp_path / "laptop.json", "笔记本3")
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "笔记本3"  # type: ignore[union-attr]
    assert page.table.item(0, 3).text() == "受信任"  # type: ignore[union-attr]
    assert not page.enrol_file(tmp_path / "mine.json", "自己")
    assert "本机自己的密钥" in said[-1]
    page.table.selectRow(0)
    assert page.revoke_selected()
    assert page.table.item(0, 3).text().startswith("已于")  # type: ignore[union-attr]


def test_the_exchange_page_as_a_person_sees_it(qtbot: QtBot, ctx: UiContext, tmp_path: Path) -> None:
    act_as(ctx, Role.OFFICE)
    with ctx.db.write() as s:
        for n in range(2):
            key = enrolment.write_key_file(s, resolve(tmp_path / f"l{n}"), tmp_path / f"l{n}.json", "l")
            enrolment.enrol(s, ctx.actor, ctx.config, key, f"河西镇笔记本{n + 1}")
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(760, 600)
    dialog.tabs.setCurrentWidget(dialog.exchange_page)
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.grab()
    assert image.save(str(tmp_path / "exchange.png"))
    page = dialog.exchange_page
    assert page.table.rowCount() == 2
    for widget in (page.export_button, page.enrol_button, page.revoke_button):
        assert widget.sizeHint().width() <= widget.width(), widget.text()  # no clipped button text
