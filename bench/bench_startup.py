"""Main-window start of ``inspector`` (on demo data) vs a bare QApplication + QMainWindow, each a fresh
process timed from launch to the first shown window and exit. Target: at most 1.5x."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Result, interleaved_medians

BARE = (
    "import sys\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication(sys.argv)\n"
    "w = QMainWindow(); w.resize(1280, 720); w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def run() -> list[Result]:
    data = Path(tempfile.mkdtemp(prefix="inspector-bench-start-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INSPECTOR_QUIT_AFTER_SHOW": "1"}
    subprocess.run([sys.executable, "-m", "inspector", "demo", "--data-dir", str(data)], check=True, env=env,
                   capture_output=True)

    def bare() -> None:
        subprocess.run([sys.executable, "-c", BARE], check=True, env=env, capture_output=True)

    def ours() -> None:
        subprocess.run([sys.executable, "-m", "inspector", "--data-dir", str(data)], check=True, env=env,
                       capture_output=True)

    t_bare, t_ours = interleaved_medians(bare, ours, repeat=7)
    ratio = t_ours / t_bare
    return [
        Result("startup: bare Qt window", round(t_bare * 1000, 1), "ms", "baseline", True),
        Result("startup: inspector main window", round(t_ours * 1000, 1), "ms", "context", True),
        Result("startup: ratio inspector / bare Qt", round(ratio, 2), "x", "<= 1.5", ratio <= 1.5),
    ]
