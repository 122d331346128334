"""Kill the app in the middle of an inspection (SIGKILL, no chance to clean up) and reopen it: the
answers, the finding being typed and the position are all there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.domain import AnswerResult
from inspector.forms import AnswerState
from inspector.ui.context import UiContext
from inspector.ui.inspection.autosave import MAX_WAIT_MS
from inspector.ui.inspection.page import InspectionPage
from tests.ui.resume_child import DICTATION, FINDING, KEY_INTERVAL_MS
from tests.ui.ui_helpers import inspection, inspectors, show_active, start

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")
CHILD = Path(__file__).with_name("resume_child.py")


def run_child_until_ready(ctx: UiContext, inspection_id: object, *mode: str) -> str:
    """Start the child, wait for READY, kill it with SIGKILL; returns what READY reported."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    user = inspectors(ctx.db)[0]
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(ctx.config.data_dir), str(inspection_id), str(user.id), *mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            deadline = time.monotonic() + 60
            line = ""
            while time.monotonic() < deadline:
                line = proc.stdout.readline()
                if line.startswith("READY") or not line:
                    break
            if not line.startswith("READY"):
                proc.kill()
                pytest.fail(f"the child did not get ready: {proc.stderr.read()}")
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=10) == -signal.SIGKILL
            return line.split()[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def test_killed_mid_inspection_reopens_where_it_was(qtbot: QtBot, ctx: UiContext) -> None:
    inspection_id = start(ctx)
    where = run_child_until_ready(ctx, inspection_id)
    assert where == "T-02"

    # What the database holds after the kill.
    view = inspection(ctx.db, inspection_id)
    assert view.answers["T-01"].result == AnswerResult.COMPLIANT.value
    assert view.answers["T-02"].result == AnswerResult.NON_COMPLIANT.value
    assert view.answers["T-02"].finding == FINDING
    assert view.last_item_code == "T-02"

    # What the person sees on reopening: the same item, the answer pressed, the finding, T-09 shown.
    page = InspectionPage(ctx, inspection_id, show_camera=False)
    qtbot.addWidget(page)
    show_active(page)
    assert page.current_code == "T-02"
    assert page.item_view.result_buttons[AnswerResult.NON_COMPLIANT].isChecked()
    assert page.item_view.finding.toPlainText() == FINDING
    assert page.states["T-01"] == AnswerState(AnswerResult.COMPLIANT)
    assert "T-09" in [i.code for i in page.visible()]
    assert page.save_state.text().startswith("已保存")


def test_killed_while_typing_continuously_loses_at_most_two_seconds(ctx: UiContext) -> None:
    """Dictating a finding without a pause: the text is saved while the typing goes on, so a kill
    loses at most the last two seconds of it (a pause timer alone would have saved nothing)."""
    inspection_id = start(ctx)
    typed = int(run_child_until_ready(ctx, inspection_id, "typing"))  # characters typed by READY
    finding = inspection(ctx.db, inspection_id).answers["T-02"].finding
    assert DICTATION.startswith(finding)  # a prefix of what was typed, in order
    lost_at_most = MAX_WAIT_MS // KEY_INTERVAL_MS  # characters typed in two seconds
    assert len(finding) >= typed - lost_at_most, (len(finding), typed)
