"""The app makes its daily automatic backup in the background after start-up."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from inspector.config import Config
from inspector.storage.db import Database
from inspector.ui import app as app_module
from inspector.ui.context import UiContext


def test_automatic_backup_is_made_off_the_ui_thread(
    qtbot: QtBot, sqlite_config: Config, sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "FIRST_BACKUP_CHECK_MS", 0)
    qapp = app_module.make_app()
    timer = app_module._schedule_backups(qapp, UiContext(config=sqlite_config, db=sqlite_db))
    backups = sqlite_config.backups_dir
    qtbot.waitUntil(lambda: backups.exists() and any(backups.iterdir()), timeout=20_000)
    from inspector.ui.jobs import pool

    pool(app_module.BACKUP_POOL).waitForDone(20_000)
    timer.stop()
    timer.deleteLater()
    assert [p.suffix for p in backups.iterdir() if p.is_file()]
