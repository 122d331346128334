"""Run by ``test_case_resume.py`` in a subprocess: open a case, type at the site through the real
widgets with the keyboard, print READY once the typing is saved, then wait to be killed.

Usage: python case_resume_child.py DATA_DIR CASE_ID USER_ID item|interview

``item``: Ctrl+Return adds a kept item, its name is typed, then the typing pause; READY.
``interview``: Ctrl+I starts an interview, the first answer is typed continuously (one character every
100 ms, never pausing long enough for the typing delay); READY after about three seconds, and the
typing goes on until the kill.
"""

from __future__ import annotations

import os
import sys
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from inspector.config import resolve
from inspector.services import users
from inspector.storage.db import open_database
from inspector.ui.cases.autosave import TYPING_DELAY_MS
from inspector.ui.cases.case_view import CaseViewWidget
from inspector.ui.context import UiContext

ITEM = "便携式B超机（迈瑞DP-10）"
ANSWER = "去年在网上买的二手机器，花了一万二，给附近村里的孕妇做过二十来次检查，每次收两百元。" * 4
KEY_INTERVAL_MS = 100


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def keep_typing(text: str) -> None:
    position = {"i": 0}

    def next_key() -> None:
        i = position["i"]
        if i < len(text):
            type_text(text[i])
            position["i"] = i + 1
        if position["i"] == 30:
            print("READY", position["i"], flush=True)

    timer = QTimer(QApplication.instance())
    timer.setInterval(KEY_INTERVAL_MS)
    timer.timeout.connect(next_key)
    timer.start()


def main() -> None:
    data_dir, case_id, user_id, mode = sys.argv[1:5]
    app = QApplication(sys.argv[:1])
    config = resolve(data_dir)
    code = os.environ.get("INSPECTOR_RECOVERY_CODE")
    if code:
        from inspector.services.unlock import unlock_with_recovery

        config = unlock_with_recovery(config, code)
    db = open_database(config)
    with db.read() as s:
        actor = users.actor_for(users.get_user(s, uuid.UUID(user_id)))
    view = CaseViewWidget(UiContext(config=config, db=db, actor=actor))
    view.resize(1280, 720)
    view.show_case(uuid.UUID(case_id))
    view.show()
    view.activateWindow()
    assert QTest.qWaitForWindowActive(view)
    if mode == "item":
        view.tabs.setCurrentWidget(view.evidence)
        view.evidence.table.setFocus()
        QTest.keyClick(view.evidence.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        type_text(ITEM)
        QTest.qWait(TYPING_DELAY_MS + 300)  # the typing pause: autosave writes the name
        print("READY", len(view.case.items) if view.case else 0, flush=True)
    else:
        view.tabs.setCurrentWidget(view.interviews)
        view.interviews.list.setFocus()
        QTest.keyClick(view.interviews.list, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        answer = view.interviews.pairs.boxes[0][1]
        while not answer.isVisible():
            QTest.qWait(20)
        answer.setFocus()
        keep_typing(ANSWER)
    app.exec()  # until killed


if __name__ == "__main__":
    main()
