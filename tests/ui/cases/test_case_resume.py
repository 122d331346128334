"""Kill the app (SIGKILL, no chance to clean up) while a kept item or an interview is being typed at
the site, and open the case again: what was typed is there, as with the findings
(``tests/ui/test_resume.py``), losing at most two seconds of continuous typing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from inspector import workflows
from inspector.domain import CaseStatus
from inspector.services import users
from inspector.services.cases import views
from inspector.ui.cases.autosave import MAX_WAIT_MS
from inspector.ui.context import UiContext
from tests.cases.helpers import People, case_in
from tests.ui.cases.case_resume_child import ANSWER, ITEM, KEY_INTERVAL_MS

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")
CHILD = Path(__file__).with_name("case_resume_child.py")


def _run_until_ready(ctx: UiContext, case_id: uuid.UUID, user_id: uuid.UUID, mode: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, str(CHILD), str(ctx.config.data_dir), str(case_id), str(user_id), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
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


def _case(ctx: UiContext) -> tuple[uuid.UUID, uuid.UUID]:
    """An approved case, by the people the UI's fixtures made (张伟, 李芳, 王办公, 赵监督)."""
    with ctx.db.read() as s:
        found = [users.actor_for(users.find_user(s, n)) for n in ("zhang", "li", "office", "boss")]
    who = People(*found)
    assert who.inspector_a.user_id is not None
    return case_in(ctx.db, who, CaseStatus.OPENED), who.inspector_a.user_id


def test_killed_while_keeping_an_item(ctx: UiContext) -> None:
    case_id, user_id = _case(ctx)
    assert _run_until_ready(ctx, case_id, user_id, "item") == "1"
    with ctx.db.read() as s:
        case = views.get_case(s, case_id)
    (item,) = case.items
    assert item.name == ITEM and case.status == "investigating"


def test_killed_while_typing_an_answer_loses_at_most_two_seconds(ctx: UiContext) -> None:
    case_id, user_id = _case(ctx)
    typed = int(_run_until_ready(ctx, case_id, user_id, "interview"))
    with ctx.db.read() as s:
        (talk,) = views.get_case(s, case_id).interviews
    answer = talk.pairs[0].answer
    assert ANSWER.startswith(answer)
    assert len(answer) >= typed - MAX_WAIT_MS // KEY_INTERVAL_MS, (len(answer), typed)
    assert workflows  # the child wrote through the same workflows
