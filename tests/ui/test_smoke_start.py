"""``inspector --smoke``: the check an installation gets (``make dist-check`` runs it on the built
folder). It paints the main window's first frame and quits with status 0, before the database is
opened, printing one line that says what was painted and whether the catalogues translate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector import cli
from inspector.cli import gui_cmd
from inspector.config import Config, resolve
from inspector.ui import app as ui_app
from inspector.ui.main_window import MainWindow


def _smoke(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("INSPECTOR_LANG", None)
    env.pop("INSPECTOR_QUIT_AFTER_SHOW", None)
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args, "--data-dir", str(tmp_path / "data")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a start that does not quit after painting fails here
        check=False,
    )


def test_smoke_paints_the_first_frame_and_quits_before_the_database(tmp_path: Path) -> None:
    done = _smoke(tmp_path, "--smoke")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {
        "painted": True,
        "language": "zh_CN",
        "title": "关爱女孩“两非”现场检查",
        "ui_translated": True,
        "qt_translated": True,
    }
    assert not (tmp_path / "data" / "inspector.sqlite3").exists()  # it quit before opening it


def test_smoke_in_english_reports_no_catalogue(tmp_path: Path) -> None:
    done = _smoke(tmp_path, "--lang", "en", "--smoke")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["painted"] and report["language"] == "en"
    assert not report["ui_translated"] and not report["qt_translated"]


@pytest.mark.parametrize("argv", [["--smoke"], ["--data-dir", "D", "--smoke"], ["gui", "--smoke"]])
def test_smoke_reaches_the_app(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def run_gui(config: Config, args: list[str], *, smoke: bool = False) -> int:
        seen.append(smoke)
        return 0

    monkeypatch.setattr(gui_cmd, "run_gui", run_gui)
    assert cli.main(argv) == 0
    assert seen == [True]


def test_without_smoke_the_app_runs_as_always(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(gui_cmd, "run_gui", lambda config, args, *, smoke=False: seen.append(smoke) or 0)
    assert cli.main(["--data-dir", "D"]) == 0
    assert seen == [False]


@pytest.mark.usefixtures("zh_ui")
@pytest.mark.parametrize("shown", [True, False])
def test_smoke_exits_0_once_painted_and_1_when_never_painted(
    shown: bool,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A window never painted (here: never shown) waits out the patience, then fails the check."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    monkeypatch.setattr(ui_app, "SMOKE_PATIENCE_MS", 300)
    exits: list[int] = []
    monkeypatch.setattr(qapp, "exit", exits.append)
    window = MainWindow(resolve(tmp_path))
    qtbot.addWidget(window)
    ui_app._smoke(qapp, window, "zh_CN")
    if shown:
        window.show()
    qtbot.waitUntil(lambda: bool(exits), timeout=ui_app.FIRST_PAINT_FALLBACK_MS + 5000)
    assert exits == [0 if shown else 1]
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["painted"] is shown
    assert report["ui_translated"]
