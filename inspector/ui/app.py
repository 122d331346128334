"""Start-up of the desktop app: one QApplication, translations, the database, the main window.

Errors the user can fix (a locked or damaged database, a newer schema) are shown in a dialog with the
translated message, never as a traceback; the database file is left untouched.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import default_language
from inspector.storage.db import open_database
from inspector.ui import i18n as ui_i18n


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("inspector")
    app.setOrganizationName("inspector")
    app.setApplicationDisplayName("Inspector")
    font = QFont(app.font())
    font.setFamilies(["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei",
                      font.family()])
    app.setFont(font)
    return app


def run(config: Config, argv: list[str]) -> int:
    app = make_app(argv)
    ui_i18n.install(app, os.environ.get("INSPECTOR_LANG") and default_language() or "zh_CN")
    try:
        db = open_database(config)
    except UserError as err:
        QMessageBox.critical(None, app.translate("app", "Cannot open the database"), err.message)
        return 2
    from inspector.ui.main_window import MainWindow

    window = MainWindow(config, db)
    window.show()
    if os.environ.get("INSPECTOR_QUIT_AFTER_SHOW"):
        # Used by the start-up benchmark: quit as soon as the first frame is up.
        QTimer.singleShot(0, app.quit)
    return app.exec()
