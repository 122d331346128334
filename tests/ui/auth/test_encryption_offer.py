"""The conversion an administrator is offered when opening a plain laptop directory runs as a
background job (the window stays painted for the minute it takes) and leaves the directory
encrypted; a refused conversion is shown as a message and the plain data opens as before."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from inspector.backup import encrypt
from inspector.config import resolve
from inspector.errors import UserError
from inspector.services import auth, unlock, users
from inspector.services.actor import SYSTEM
from inspector.storage.db import open_database
from inspector.ui import auth as ui_auth


def _plain_office(tmp_path: Path) -> unlock.Unlocked:
    config = resolve(tmp_path / "plain")
    db = open_database(config)
    with db.write() as s:
        users.create_user(s, SYSTEM, users.UserInput("boss", "管理员", role="admin"), password="boss-pass-1")
    return unlock.Unlocked(config, db, auth.sign_in(db, "boss", "boss-pass-1"))


def test_the_offered_conversion_runs_off_the_ui_thread_and_encrypts(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _plain_office(tmp_path)
    assert unlock.data_state(opened.config) is unlock.DataState.PLAIN
    threads: list[threading.Thread] = []
    codes: list[str] = []
    real = encrypt.encrypt_directory

    def watched(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(encrypt, "encrypt_directory", watched)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(ui_auth.RecoveryCodeDialog, "exec", lambda self: codes.append(self.code.text()) or 1)
    result = ui_auth._offer_encryption(opened, None)
    try:
        assert threads and threads[0] is not threading.main_thread()
        assert codes and codes[0]
        assert result.config.key is not None
        assert result.actor == opened.actor
        assert unlock.data_state(resolve(tmp_path / "plain")) is unlock.DataState.ENCRYPTED
        with result.db.read() as s:
            assert [u.username for u in users.list_users(s)] == ["boss"]
    finally:
        result.db.close()


def test_a_refused_conversion_is_said_and_the_plain_data_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _plain_office(tmp_path)
    shown: list[str] = []

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise UserError("磁盘空间不足，无法加密。")

    monkeypatch.setattr(encrypt, "encrypt_directory", refuse)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    result = ui_auth._offer_encryption(opened, None)
    try:
        assert shown == ["磁盘空间不足，无法加密。"]
        assert result.config.key is None
        assert unlock.data_state(resolve(tmp_path / "plain")) is unlock.DataState.PLAIN
    finally:
        result.db.close()
