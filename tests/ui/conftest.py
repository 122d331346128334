"""Fixtures for the desktop app's tests: Qt offscreen, the Chinese UI catalogue compiled from the
``.ts``, and a data directory with the office's people and the test checklist (helpers in
``ui_helpers.py``; a module of that unique name, because the sub-folders have conftest modules too).

Nothing here is autouse except the offscreen platform, this computer's settings (QSettings, kept in
a folder of each test's own) and the crash box (a bug fails the test instead of opening a modal box
the run would wait on), so the photo, document, account and follow-up tests in the sub-folders keep
their own set-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inspector.config import Config
from inspector.services import users
from inspector.storage.db import Database
from inspector.ui.context import UiContext
from tests.ui.ui_helpers import seed_people, write_form

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "inspector_zh_CN.ts"


@pytest.fixture(autouse=True)
def _this_computers_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings (what the app remembers on this computer: the language, the last user name, the
    inspection left open) go to a folder of the test's own, never to the real settings."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("settings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def _a_bug_fails_the_test(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """A bug that reaches the crash handler (from a job or a slot) fails the test with its traceback.

    The real crash box is modal: in a test run it would wait for a click until CI's time limit. A
    test about the box itself is marked ``crash_box`` and keeps it (and replaces its ``exec``). The
    list of tracebacks is yielded, for the test of this fixture.
    """
    if request.node.get_closest_marker("crash_box") is not None:
        yield []
        return
    from inspector.ui import crash

    bugs: list[str] = []
    monkeypatch.setattr(crash, "show_crash_box", lambda _parent, details: bugs.append(details))
    yield bugs
    if bugs:
        pytest.fail("a bug reached the crash handler:\n" + "\n".join(bugs), pytrace=False)


@pytest.fixture(scope="session")
def zh_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Chinese catalogue compiled from the .ts under test (not a possibly stale .qm in the tree)."""
    exe = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or "pyside6-lrelease"
    out = tmp_path_factory.mktemp("qm") / "inspector_zh_CN.qm"
    subprocess.run([exe, "-silent", str(TS), "-qm", str(out)], check=True)
    return out


@pytest.fixture
def zh_ui(qapp: object, zh_qm: Path) -> Iterator[None]:
    """Run the test with the Chinese UI, as a user sees it by default."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(zh_qm))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected fails the test with its text, instead of hanging it."""
    from inspector.ui import messages

    def unexpected(*args: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("show_error", "show_problems", "inform", "confirm"):
        monkeypatch.setattr(messages, name, unexpected)


@pytest.fixture
def people(sqlite_db: Database) -> list[users.UserView]:
    return seed_people(sqlite_db)


@pytest.fixture
def ctx(qapp: object, sqlite_config: Config, sqlite_db: Database, people: list[users.UserView]) -> UiContext:
    """The UI context of a fresh data directory, acting as the first inspector."""
    write_form(sqlite_config)
    return UiContext(config=sqlite_config, db=sqlite_db, actor=users.actor_for(people[0]))
