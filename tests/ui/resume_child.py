"""Run by ``test_resume.py`` in a subprocess: open the walk-through of an inspection, answer through
the real widgets with the keyboard, print READY once the answers are saved, then wait to be killed.

Usage: python resume_child.py DATA_DIR INSPECTION_ID USER_ID [typing]

With ``typing`` it types the finding continuously (one character every 100 ms, never pausing long
enough for the typing delay), prints READY after about three seconds, and keeps typing until killed.
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
from inspector.ui.context import UiContext
from inspector.ui.inspection.autosave import TYPING_DELAY_MS
from inspector.ui.inspection.page import InspectionPage

FINDING = "抽查报告20份，其中3份仅有一名医师签名。"
# Typed without a pause in the continuous-typing run; long enough never to run out before the kill.
DICTATION = (
    "现场查见B超室门口未张贴禁止非医学需要胎儿性别鉴定的醒目标志，检查登记簿发现多处孕周记录缺失。" * 4
)
KEY_INTERVAL_MS = 100


def press(key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    QTest.keyClick(target, key, mod)


def type_text(text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def keep_typing(text: str) -> None:
    """Type ``text`` one character per KEY_INTERVAL_MS from the event loop; READY after ~3 s."""
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
    data_dir, inspection_id, user_id = sys.argv[1:4]
    typing = sys.argv[4:5] == ["typing"]
    app = QApplication(sys.argv[:1])
    config = resolve(data_dir)
    code = os.environ.get("INSPECTOR_RECOVERY_CODE")
    if code:  # the test's data directory is encrypted: unlock it as its owner
        from inspector.services.unlock import unlock_with_recovery

        config = unlock_with_recovery(config, code)
    db = open_database(config)
    with db.read() as s:
        actor = users.actor_for(users.get_user(s, uuid.UUID(user_id)))
    ctx = UiContext(config=config, db=db, actor=actor)
    page = InspectionPage(ctx, uuid.UUID(inspection_id), show_camera=False)
    page.resize(1280, 720)
    page.show()
    page.activateWindow()
    assert QTest.qWaitForWindowActive(page)
    page.item_view.focus_answer()
    press(Qt.Key.Key_1)  # T-01 compliant
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_2)  # T-02 non-compliant, focus to the finding
    if typing:
        keep_typing(DICTATION)
        app.exec()  # until killed
        return
    type_text(FINDING)
    QTest.qWait(TYPING_DELAY_MS + 300)  # the typing pause: autosave writes the finding
    print("READY", page.current_code, flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main()
