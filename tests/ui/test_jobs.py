"""The one background-job class: results and progress on the UI thread, a user error as a message,
a bug to the crash handler with its traceback in the log, cancel, and a dead parent left alone."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from inspector.errors import UserError
from inspector.ui import crash, messages
from inspector.ui.jobs import Control, Job


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    out: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, err, title=None: out.append(err.message))
    return out


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[BaseException]:
    """The crash handler's dialog replaced; its logging kept, to a file in ``tmp_path``."""
    out: list[BaseException] = []
    real = crash.handle_exception

    def record(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        out.append(exc)
        monkeypatch.setattr(crash.QMessageBox, "exec", lambda _self: 0)
        real(kind, exc, tb)

    monkeypatch.setattr(crash, "handle_exception", record)
    crash.setup_logging(tmp_path / "logs")
    return out


def _run(qtbot: QtBot, job: Job) -> list[bool]:
    ended: list[bool] = []
    job.ended(ended.append)
    with qtbot.waitSignal(job._ended, timeout=10_000):
        job.run_in_background()
    qtbot.waitUntil(lambda: bool(ended))
    return ended


def test_result_and_progress_arrive_on_the_ui_thread(qtbot: QtBot, shown: list[str]) -> None:
    ui_thread = threading.get_ident()
    seen: list[tuple[object, ...]] = []
    results: list[object] = []

    def task(job: Control) -> int:
        assert threading.get_ident() != ui_thread
        job.progress(1, 2, "a.jpg")
        return 42

    def on_progress(*args: object) -> None:
        assert threading.get_ident() == ui_thread
        seen.append(args)

    job = Job(None, task).with_progress(on_progress).success(results.append)
    assert _run(qtbot, job) == [True]
    qtbot.waitUntil(lambda: bool(seen))
    assert results == [42] and seen == [(1, 2, "a.jpg")] and shown == [] and not job.running


def test_a_user_error_is_shown_as_a_message(qtbot: QtBot, shown: list[str], crashes: list[object]) -> None:
    def task(_job: Control) -> None:
        raise UserError("磁盘已满，请清理后重试。")

    assert _run(qtbot, Job(None, task)) == [False]
    assert shown == ["磁盘已满，请清理后重试。"] and crashes == []


def test_a_failure_handler_replaces_the_message_box(qtbot: QtBot, shown: list[str]) -> None:
    handled: list[str] = []

    def task(_job: Control) -> None:
        raise UserError("已定稿")

    assert _run(qtbot, Job(None, task).failure(lambda err: handled.append(err.message))) == [False]
    assert handled == ["已定稿"] and shown == []


@pytest.mark.crash_box
def test_a_bug_goes_to_the_crash_handler_and_the_log(
    qtbot: QtBot, shown: list[str], crashes: list[BaseException], tmp_path: Path
) -> None:
    def task(_job: Control) -> None:
        raise ZeroDivisionError("a bug")

    assert _run(qtbot, Job(None, task)) == [False]
    assert [type(e) for e in crashes] == [ZeroDivisionError] and shown == []
    for handler in logging.getLogger("inspector").handlers:
        handler.flush()
    logged = (tmp_path / "logs" / "inspector.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug" in logged and "Traceback" in logged and "in task" in logged


def test_in_a_ui_test_a_bug_is_a_failure_not_a_modal_box(
    qtbot: QtBot, shown: list[str], _a_bug_fails_the_test: list[str]
) -> None:
    """The UI tests' guard: the crash box is replaced by a record that fails the test at its end
    (this test empties the record, having seen the traceback arrive there)."""

    def task(_job: Control) -> None:
        raise ZeroDivisionError("a bug in a job")

    assert _run(qtbot, Job(None, task)) == [False]
    assert len(_a_bug_fails_the_test) == 1 and "ZeroDivisionError: a bug in a job" in _a_bug_fails_the_test[0]
    _a_bug_fails_the_test.clear()


def test_cancel_is_seen_by_the_task(qtbot: QtBot) -> None:
    started, release = threading.Event(), threading.Event()
    results: list[object] = []

    def task(job: Control) -> bool:
        started.set()
        release.wait(5)
        return job.cancelled()

    job = Job(None, task).success(results.append)
    job.run_in_background()
    assert started.wait(5)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert results == [True]


def test_a_closed_parent_gets_no_callbacks(qtbot: QtBot, shown: list[str]) -> None:
    parent = QWidget()
    release = threading.Event()
    results: list[object] = []

    def task(_job: Control) -> int:
        release.wait(5)
        return 1

    job = Job(parent, task).success(results.append)
    job.run_in_background()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not _alive(parent))
    with qtbot.waitSignal(job._ended, timeout=10_000):
        release.set()
    qtbot.wait(50)
    assert results == [] and not job.running


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))
