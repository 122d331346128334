"""The main window's frame, shown before the database opens: translated, with the navigation and the
status bar that says where the data lives, and built without the data layer, the crash hook's
logging or PySide's ``Qt`` namespace (each of them tens of milliseconds of start-up); the rest of
the start (crash hook, database, sign-in) follows in the event loop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from inspector.config import Config, resolve
from inspector.services.unlock import Unlocked
from inspector.ui import app as ui_app
from inspector.ui import auth, crash
from inspector.ui.context import UiContext
from inspector.ui.main_window import MainWindow, PlaceholderPage

pytestmark = pytest.mark.usefixtures("zh_ui")


def test_the_frame_is_translated_and_says_where_the_data_lives(qtbot: QtBot, tmp_path: Path) -> None:
    config = resolve(tmp_path)
    window = MainWindow(config)
    qtbot.addWidget(window)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "场所",
        "检查",
        "文书",
        "整改跟踪",
        "案件",
    ]
    assert not window.nav.isEnabled()
    assert not window.attached
    assert str(tmp_path) in window.location.text() and window.location.text() != "Data: %1"
    # The flags set as numbers (so the frame does not build the Qt namespace) are the intended ones.
    assert window.location.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert window.loading.alignment() == Qt.AlignmentFlag.AlignCenter
    assert PlaceholderPage("…").alignment() == Qt.AlignmentFlag.AlignCenter


CHILD = """
import sys
import PySide6.QtCore as QtCore
lazy_qt = "Qt" not in vars(QtCore)  # this PySide builds the Qt namespace on first use
from inspector.cli import main
code = main(sys.argv[1:])
modules = sorted(sys.modules)
import json
print(json.dumps({
    "sites": QtCore.QCoreApplication.translate("MainWindow", "Sites"),
    "code": code,
    "modules": modules,
    "qt_namespace_built": lazy_qt and "Qt" in vars(QtCore),
    "excepthook_installed": sys.excepthook is not sys.__excepthook__,
}))
"""

NOT_ON_THE_FRAME = (
    "sqlalchemy",
    "inspector.services",
    "inspector.storage",
    "inspector.ui.crash",
    "logging.handlers",
    "PIL",
    "docx",
    "openpyxl",
    "json",
    "importlib.resources",
    "uuid",
)


@pytest.mark.parametrize(
    "db_url", [None, "postgresql+psycopg://inspector:secret@office.lan:5432/inspections"]
)
def test_the_frame_needs_neither_the_data_layer_nor_the_qt_namespace(
    tmp_path: Path, db_url: str | None
) -> None:
    """Also for an office's server: the frame shows its location without importing SQLAlchemy."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INSPECTOR_QUIT_AFTER_SHOW": "frame"}
    env.pop("INSPECTOR_LANG", None)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no language remembered from an earlier start
    options = ["--data-dir", str(tmp_path)] + (["--db-url", db_url] if db_url else [])
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *options],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["code"] == 0
    assert answer["sites"] == "场所"  # the installed catalogue, Chinese by default
    loaded = [m for m in answer["modules"] if m.startswith(NOT_ON_THE_FRAME)]
    assert loaded == []
    assert not answer["qt_namespace_built"]
    assert not answer["excepthook_installed"]  # the crash hook comes with the database, after the frame


class _MemorySettings:
    """Stands in for QSettings so the test does not write this computer's real settings."""

    values: ClassVar[dict[str, object]] = {}

    def value(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)

    def setValue(self, key: str, value: object) -> None:
        self.values[key] = value


def test_opening_the_database_installs_the_crash_hook_first_then_signs_in(
    qtbot: QtBot, qapp: QApplication, ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the frame, ``_open`` does what ``run`` did before it: hook, sign-in (which opens the
    database), pages."""
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)
    monkeypatch.setattr(ui_app, "QSettings", _MemorySettings)
    order: list[str] = []

    def hook(log_dir: Path) -> Path:
        order.append(f"hook {log_dir}")
        return log_dir / "inspector.log"

    def sign_in(config: Config, parent: QWidget | None = None, on_open: object = None) -> Unlocked:
        order.append("sign-in")  # signing in opens the (encrypted) database
        return Unlocked(ctx.config, ctx.db, ctx.actor)

    monkeypatch.setattr(crash, "install_excepthook", hook)
    monkeypatch.setattr(auth, "open_data", sign_in)
    monkeypatch.setattr(ui_app, "_schedule_backups", lambda _app, _ctx: order.append("backups"))
    window = MainWindow(ctx.config)
    qtbot.addWidget(window)
    ui_app._open(qapp, window, ctx.config, "zh_CN", benchmark=False)
    assert order == [f"hook {ctx.config.data_dir / 'logs'}", "sign-in", "backups"]
    assert window.attached and window.ctx.actor == ctx.actor
    assert window.nav.isEnabled()
    assert _MemorySettings.values[ui_app.LANGUAGE_KEY] == "zh_CN"


def test_a_crash_hook_that_cannot_log_ends_the_app_with_status_1(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As when the hook was installed before the event loop: a traceback and status 1, no hung frame."""
    config = resolve(tmp_path)
    (tmp_path / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    exits: list[int] = []
    monkeypatch.setattr(qapp, "exit", exits.append)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored, whatever happens
    window = MainWindow(config)
    qtbot.addWidget(window)
    with pytest.raises(FileExistsError):
        ui_app._open(qapp, window, config, "zh_CN", benchmark=False)
    assert exits == [1]
    assert sys.excepthook is not crash.handle_exception


def test_the_database_opens_only_after_the_frame_was_painted(qtbot: QtBot, tmp_path: Path) -> None:
    """A zero-delay timer after show() would run before the first paint and keep the frame off the
    screen while the database opens; the start waits for the paint (or a short fallback)."""
    window = MainWindow(resolve(tmp_path))
    qtbot.addWidget(window)
    events: list[str] = []

    class PaintLog(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                events.append("paint")
            return False

    log = PaintLog(window)
    window.installEventFilter(log)
    ui_app.after_first_paint(window, lambda: events.append("open"))
    window.show()
    qtbot.waitUntil(lambda: "open" in events, timeout=3000)
    assert events.index("paint") < events.index("open")
    qtbot.wait(ui_app.FIRST_PAINT_FALLBACK_MS + 100)
    assert events.count("open") == 1  # the fallback does not run it twice


def test_a_window_never_painted_still_opens_after_the_fallback(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(resolve(tmp_path))
    qtbot.addWidget(window)
    opened: list[bool] = []
    ui_app.after_first_paint(window, lambda: opened.append(True))  # never shown
    qtbot.waitUntil(lambda: bool(opened), timeout=ui_app.FIRST_PAINT_FALLBACK_MS + 2000)
    assert opened == [True]
