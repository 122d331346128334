"""Main-window start of ``inspector`` (on demo data) vs a bare QApplication + QMainWindow, each a fresh
process timed from launch to the first shown window and exit. Target: at most 1.5x.

Two figures for the app: the main window on screen (its frame: navigation, status bar and the data
location, shown before the data layer is imported; the target) and the window filled with the demo
data (database opened, sites and inspections listed; reported for context).

``make bench`` compiles the package's bytecode first, as installing it does; 15 interleaved pairs,
since a single start varies by tens of milliseconds on these machines."""

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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INSPECTOR_QUIT_AFTER_SHOW": "frame"}
    loaded_env = {**env, "INSPECTOR_QUIT_AFTER_SHOW": "loaded"}
    subprocess.run(
        [sys.executable, "-m", "inspector", "demo", "--data-dir", str(data)],
        check=True,
        env=env,
        capture_output=True,
    )
    # Seeding (and, under make bench, the fresh PostgreSQL cluster) leaves dirty pages that the
    # kernel writes back during the first starts, slowing the process that reads more files: flush
    # them first so both sides are timed on a quiet disk.
    os.sync()

    def bare() -> None:
        subprocess.run([sys.executable, "-c", BARE], check=True, env=env, capture_output=True)

    def ours() -> None:
        subprocess.run(
            [sys.executable, "-m", "inspector", "--data-dir", str(data)],
            check=True,
            env=env,
            capture_output=True,
        )

    def loaded() -> None:
        subprocess.run(
            [sys.executable, "-m", "inspector", "--data-dir", str(data)],
            check=True,
            env=loaded_env,
            capture_output=True,
        )

    for _ in range(2):  # page cache and bytecode warm for both
        bare()
        ours()
    t_bare, t_ours = interleaved_medians(bare, ours, repeat=15)
    t_bare2, t_loaded = interleaved_medians(bare, loaded, repeat=5)
    ratio = t_ours / t_bare
    return [
        Result("startup: bare Qt window", round(t_bare * 1000, 1), "ms", "baseline", True),
        Result("startup: inspector main window on screen", round(t_ours * 1000, 1), "ms", "context", True),
        Result("startup: ratio inspector window / bare Qt", round(ratio, 2), "x", "<= 1.5", ratio <= 1.5),
        Result("startup: window filled with demo data", round(t_loaded * 1000, 1), "ms", "context", True),
        Result("startup: ratio filled window / bare Qt", round(t_loaded / t_bare2, 2), "x", "context", True),
    ]
