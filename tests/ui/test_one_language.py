"""One language at a time: the frame built in the language remembered on this computer says
everything again when the office's language is installed (Qt's LanguageChange); Qt's own dialogs
speak Chinese; a language forced by --lang is not remembered; the window's title is the page and the
application's name once; English mode punctuates in English. And after a crash the inspection that
was open is offered again."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from inspector import i18n
from inspector.config import resolve
from inspector.services import inspections
from inspector.services import settings as office_settings
from inspector.services.actor import SYSTEM
from inspector.storage.db import open_database
from inspector.ui import app as ui_app
from inspector.ui import auth as ui_auth
from inspector.ui import i18n as ui_i18n
from inspector.ui import messages, resume
from inspector.ui.context import UiContext
from inspector.ui.inspection.header import InspectionHeader
from inspector.ui.main_window import MainWindow
from tests.ui.ui_helpers import inspection, start

Install = Callable[[str], None]


@pytest.fixture
def install(qapp: QApplication, zh_qm: Path) -> Iterator[Install]:
    """Install a language as the app does (ours and Qt's catalogues), the catalogue under test
    standing in for the compiled one in the tree; everything is removed afterwards."""
    ours = QTranslator()
    assert ours.load(str(zh_qm))

    def install_language(lang: str) -> None:
        qapp.removeTranslator(ours)
        ui_i18n.install(qapp, lang)
        if lang != "en":
            qapp.installTranslator(ours)
        QApplication.processEvents()  # the LanguageChange events are posted

    yield install_language
    qapp.removeTranslator(ours)
    for translator in ui_i18n._installed:
        qapp.removeTranslator(translator)
    ui_i18n._installed.clear()
    i18n.set_language("zh_CN")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))


def _nav(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_the_frame_says_everything_again_when_the_language_is_decided(
    qtbot: QtBot, tmp_path: Path, install: Install
) -> None:
    install("en")  # remembered from an earlier start with --lang en
    window = MainWindow(resolve(tmp_path))
    qtbot.addWidget(window)
    assert _nav(window)[0] == "Sites" and window.loading.text() == "Opening the database…"
    install("zh_CN")  # the office's setting, read once the database is open
    assert _nav(window) == ["场所", "检查", "文书", "整改跟踪", "案件"]
    assert window.loading.text() == "正在打开数据库…" and window.location.text().startswith("数据：")
    assert window.windowTitle() == "关爱女孩“两非”现场检查"
    install("en")
    assert _nav(window)[0] == "Sites" and window.location.text().startswith("Data: ")


def test_an_open_window_follows_too(qtbot: QtBot, ctx: UiContext, install: Install) -> None:
    install("zh_CN")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.windowTitle() == "场所 — 关爱女孩“两非”现场检查"  # the page, then the app's name once
    window.show_page("inspections")
    assert window.windowTitle() == "检查 — 关爱女孩“两非”现场检查"
    install("en")
    assert window.windowTitle() == "Inspections — Inspector (关爱女孩 field inspections)"
    assert _nav(window)[1].startswith("Inspections") and window.new_site_action.text() == "New site"
    assert window.user_label.text().startswith("Signed in: ")


def test_qt_s_own_file_dialog_speaks_chinese(qtbot: QtBot, install: Install) -> None:
    install("zh_CN")
    dialog = QFileDialog(None, "x")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.show()
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"查找范围(&L)：", "文件类型(&T)："} <= labels
    assert not any(text.isascii() and any(c.isalpha() for c in text) for text in labels), labels
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's catalogue


def test_no_application_name_is_appended_to_every_title() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    source = Path(ui_app.__file__).read_text(encoding="utf-8")
    assert "setApplicationDisplayName" not in source  # Qt would append it to every dialog's title


def test_a_forced_language_is_used_but_not_remembered(
    ctx: UiContext, install: Install, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")
    monkeypatch.setattr(ui_i18n, "install", lambda _app, lang: i18n.set_language(lang))
    assert ui_app.settle_language(qapp, ctx.db, "zh_CN") == "en"
    assert QSettings().value(ui_app.LANGUAGE_KEY) == "zh_CN"  # the office's, for the next start
    monkeypatch.delenv("INSPECTOR_LANG")
    with ctx.db.write() as s:
        office_settings.save(s, SYSTEM, replace(office_settings.load(s), language="en"))
    assert ui_app.settle_language(qapp, ctx.db, "zh_CN") == "en"
    assert QSettings().value(ui_app.LANGUAGE_KEY) == "en"
    assert os.environ.get("INSPECTOR_LANG") is None


def test_the_language_is_decided_before_the_sign_in_where_the_database_opens_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    plain = resolve(tmp_path)  # an unencrypted directory (a server database is opened the same way)
    open_database(plain).close()
    monkeypatch.setattr(ui_auth, "sign_in_at_start", lambda _db, _parent=None: order.append("sign-in"))
    opened = ui_auth.open_data(plain, None, on_open=lambda _db: order.append("language"))
    assert opened is None and order == ["language", "sign-in"]


def test_english_mode_punctuates_in_english(qtbot: QtBot, ctx: UiContext) -> None:
    view = inspection(ctx.db, start(ctx))
    header = InspectionHeader()
    qtbot.addWidget(header)
    i18n.set_language("en")
    with ctx.db.read() as s:
        form = inspections.form_of(s, view.id)
    header.show_inspection(view, form, english=True, reinspection=False)
    text = header.details.text()
    assert "张伟 (41010020200001), 李芳 (41010020200002)" in text and "、" not in text and "（" not in text
    i18n.set_language("zh_CN")
    header.show_inspection(view, form, english=False, reinspection=False)
    assert "张伟（41010020200001）、李芳（41010020200002）" in header.details.text()


def test_after_a_crash_the_open_inspection_is_offered_again(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid = start(ctx)
    asked: list[str] = []

    def confirm(_parent: QWidget | None, title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", confirm)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert asked == []  # nothing was left open
    window.open_inspection(iid)
    assert resume.left_open(ctx.config) == iid
    # The app is killed here: no closeEvent, no close_inspection. At the next start:
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert len(asked) == 1 and "城关镇仁心诊所" in asked[0]
    assert again.inspection_page is not None and again.inspection_page.inspection_id == iid
    again.close_inspection()  # closed in order: not offered again
    assert resume.left_open(ctx.config) is None
    third = MainWindow(ctx)
    qtbot.addWidget(third)
    assert len(asked) == 1 and third.inspection_page is None


def test_a_declined_or_finished_inspection_is_not_offered_twice(
    qtbot: QtBot, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    iid = start(ctx)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or False)
    resume.remember(ctx.config, iid)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert len(asked) == 1 and window.inspection_page is None  # declined
    window2 = MainWindow(ctx)
    qtbot.addWidget(window2)
    assert len(asked) == 1
    resume.remember(resolve(Path("/elsewhere")), iid)  # another data directory's note is not ours
    window3 = MainWindow(ctx)
    qtbot.addWidget(window3)
    assert len(asked) == 1
