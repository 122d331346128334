"""Run by ``test_every_dialog.py`` in a process of its own, because the screen and the scale factor
are fixed when Qt starts: open every sample dialog of ``samples.py`` on the world in DATA_DIR, in
each language, show it, check it (``checks.py``) on every tab, and print one JSON line per check.

Usage: python -m tests.ui.walk.child DATA_DIR QM_FILE LANG[,LANG...] [SHOTS_DIR]

The parent sets ``QT_QPA_PLATFORM`` (the offscreen platform with a 1366×768 screen) and
``QT_SCALE_FACTOR``. ``QM_FILE`` is the Chinese catalogue compiled from the ``.ts`` under test.
With ``SHOTS_DIR`` each checked state is also saved as a PNG, to look at.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from inspector.config import resolve
from inspector.services.unlock import unlock_with_recovery
from inspector.storage.db import open_database
from inspector.ui import i18n as ui_i18n
from inspector.ui import messages
from inspector.ui.app import make_app
from tests.ui.walk import checks
from tests.ui.walk.samples import SAMPLES, Walk
from tests.ui.walk.world import WorldIds

SETTLE_MS = 30


def _quiet_messages(log: list[str]) -> None:
    """A message box a sample provokes is noted, not shown (it would wait for a click)."""

    def note(*args: object) -> bool:
        log.append(" / ".join(str(a) for a in args[1:]))
        return False

    for name in ("show_error", "show_problems", "inform", "confirm"):
        setattr(messages, name, note)


def _settle(dialog: QDialog) -> None:
    dialog.show()
    QTest.qWait(SETTLE_MS)
    QApplication.processEvents()


def _check(dialog: QDialog, app_name: str) -> list[str]:
    return checks.window_problems(dialog, app_name) + checks.widget_problems(dialog)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def walk_language(walk: Walk, lang: str, shots: Path | None) -> None:
    app_name = QCoreApplication.translate("MainWindow", "Inspector (关爱女孩 field inspections)")
    boxes: list[str] = []
    _quiet_messages(boxes)
    for cls, makers in SAMPLES.items():
        for maker in makers:
            seen: list[QDialog] = []
            for state, dialog in maker(walk):
                if dialog not in seen:
                    seen.append(dialog)
                _settle(dialog)
                pages = checks.tabs_of(dialog) or [(None, 0)]
                for tabs, index in pages:
                    if tabs is not None:
                        tabs.setCurrentIndex(index)
                        _settle(dialog)
                    tab = tabs.tabText(index) if tabs is not None else ""
                    problems = _check(dialog, app_name)
                    print(
                        json.dumps(
                            {
                                "lang": lang,
                                "dialog": cls.__name__,
                                "sample": maker.__name__,
                                "state": state,
                                "tab": tab,
                                "title": dialog.windowTitle(),
                                "size": [dialog.width(), dialog.height()],
                                "problems": problems,
                            },
                            ensure_ascii=False,
                        ),
                        flush=True,
                    )
                    if shots is not None:
                        name = f"{lang}-{cls.__name__}-{maker.__name__}-{_slug(state)}-{index}.png"
                        dialog.grab().save(str(shots / name))
            for dialog in seen:
                dialog.done(0)
                dialog.deleteLater()
            QApplication.processEvents()


def main(argv: list[str]) -> int:
    data_dir, qm, langs = Path(argv[0]), argv[1], argv[2].split(",")
    shots = Path(argv[3]) if len(argv) > 3 else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    config = unlock_with_recovery(resolve(data_dir), os.environ["INSPECTOR_RECOVERY_CODE"])
    db = open_database(config)
    walk = Walk(config, db, WorldIds.load(data_dir))
    ours = QTranslator()
    assert ours.load(qm), qm
    try:
        for lang in langs:
            ui_i18n.install(app, lang)
            if lang != "en":
                app.installTranslator(ours)  # the catalogue under test, before a stale one in the tree
            walk_language(walk, lang, shots)
            app.removeTranslator(ours)
    finally:
        walk.close()
        db.close()
    print(json.dumps({"done": True, "screen": app.primaryScreen().availableGeometry().getRect()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
