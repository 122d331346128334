"""SIGKILL a process while it records answers: every answer whose save returned is still there and
the SQLite file passes ``PRAGMA integrity_check`` (20 kills here; 200 in ``make soak``)."""

from __future__ import annotations

from pathlib import Path

from bench.kill_harness import run


def test_answers_survive_sigkill(data_dir: Path) -> None:
    saves, problems = run(data_dir, runs=20)
    assert problems == []
    assert saves > 20, "the worker saved almost nothing; the test would prove nothing"
