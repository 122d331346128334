"""No traceback reaches a user (issue 12, point 6).

Copies of a real database get bytes flipped in the header, the schema page, a table's page and an
index's page; every command that reads (and the maintenance that reads) runs against each copy, and
so does ``photos add``. None may print a traceback: each either works or exits 1 or 2 with a
translated message, ``verify`` and ``db check`` notice every damage, and the damaged file is left
exactly as it was. A CSV cell over the csv module's 128 KiB limit is a message, not a traceback, and
the app, started on a damaged database, says so instead of showing the crash dialog.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.cli.context import COMMANDS, Access
from inspector.config import Config, resolve
from inspector.documents.templates import builtin_template
from inspector.domain import DocumentKind
from inspector.storage.db import Database
from tests.security.cli_helpers import ADMIN, ADMIN_PASSWORD, make_office, rows, run
from tests.world import jpeg

PAGE = 4096
CJK = re.compile(r"[\u4e00-\u9fff]")


def _root_page(db_file: Path, name: str) -> int:
    conn = sqlite3.connect(db_file)
    try:
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        assert conn.execute("PRAGMA page_size").fetchone()[0] == PAGE
    finally:
        conn.close()
    return int(page)


# Where the bytes are flipped: (what, table or index whose root page is hit, offset, how many).
DAMAGE = {
    "header": (None, 0, 16),  # the "SQLite format 3" magic
    "schema page": (None, 100, 8),  # the b-tree header of page 1, where the schema lives
    "table page": ("sites", 0, 8),
    "index page": ("sqlite_autoindex_users_1", 0, 8),
    "audit table": ("audit_events", 0, 8),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real data directory (records, a photo, a document, accounts), built once for the module."""
    from inspector.storage.db import open_database

    folder = tmp_path_factory.mktemp("pristine")
    config = resolve(folder / "data")
    db = open_database(config)
    try:
        make_office(db, config, folder)
    finally:
        db.close()
    conn = sqlite3.connect(config.data_dir / "inspector.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, as after a close
    conn.close()
    return config.data_dir


def _damaged(pristine: Path, target: Path, spot: tuple[str | None, int, int]) -> Config:
    shutil.copytree(pristine, target)
    db_file = target / "inspector.sqlite3"
    name, offset, length = spot
    page = 1 if name is None else _root_page(db_file, name)
    data = bytearray(db_file.read_bytes())
    start = (page - 1) * PAGE + offset
    data[start : start + length] = bytes(b ^ 0xA5 for b in data[start : start + length])
    db_file.write_bytes(bytes(data))
    return resolve(target)


def _reading_commands(config: Config, tmp: Path) -> dict[str, list[str]]:
    """Every command that reads (or maintains by reading), as a person would run it."""
    template = tmp / "notice.docx"
    template.write_bytes(builtin_template(DocumentKind.NOTICE).data)
    form = tmp / "form.toml"
    form.write_text('format = 1\nid = "x"\n', encoding="utf-8")
    some_id = "00000000-0000-0000-0000-000000000007"
    return {
        "db check": ["db", "check"],
        "db upgrade": ["db", "upgrade"],
        "db rebuild-stats": ["db", "rebuild-stats"],
        "sites list": ["sites", "list"],
        "inspections list": ["inspections", "list"],
        "demo": ["demo"],
        "photos list": ["photos", "list", some_id],
        "photos verify": ["photos", "verify"],
        "photos rebuild": ["photos", "rebuild"],
        "documents list": ["documents", "list"],
        "documents export": [
            "documents",
            "export",
            "--from",
            "2020-01-01",
            "--to",
            "2040-01-01",
            "--out",
            str(tmp / "x"),
        ],
        "documents verify": ["documents", "verify"],
        "templates check": ["templates", "check", str(template)],
        "templates fields": ["templates", "fields"],
        "templates list": ["templates", "list"],
        "forms list": ["forms", "list"],
        "forms check": ["forms", "check", str(form)],
        "forms show": ["forms", "show", "clinic"],
        "rectifications list": ["rectifications", "list"],
        "rectifications show": ["rectifications", "show", some_id],
        "cases list": ["cases", "list"],
        "cases show": ["cases", "show", some_id],
        "report": ["report", "--from", "2020-01-01", "--to", "2040-01-01", "--out", str(tmp / "r.xlsx")],
        "plan": ["plan", "--verify", some_id],
        "users list": ["users", "list"],
        "verify": ["verify"],
        "backup": ["backup", "--out", str(tmp / "b.zip")],
        "exchange check": ["exchange", "check", str(tmp / "none.zip")],
        "exchange conflicts": ["exchange", "conflicts"],
        "exchange keys": ["exchange", "keys"],
        "exchange key": ["exchange", "key", "--out", str(tmp / "key.json")],
        "db encrypt": ["db", "encrypt", "--check"],
    }


def test_the_reading_commands_here_are_all_of_them(tmp_path: Path) -> None:
    listed = set(_reading_commands(resolve(tmp_path), tmp_path))
    reading = {p for p, rule in COMMANDS.items() if rule in (Access.READ, Access.MAINTAIN) or callable(rule)}
    assert reading - {"restore"} <= listed, sorted(reading - listed)


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_every_reading_command_on_a_damaged_database_says_so(
    how: str,
    pristine: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = _damaged(pristine, tmp_path / "data", DAMAGE[how])
    damaged = (config.data_dir / "inspector.sqlite3").read_bytes()
    written: list[str] = []
    failed = set()
    commands = _reading_commands(config, tmp_path)
    reading_first = sorted(commands, key=lambda p: COMMANDS[p] is not Access.READ)  # maintenance may write
    for path in reading_first:
        command = commands[path]
        if COMMANDS[path] is not Access.READ and not written:
            written.append(path)  # up to here nothing was written
            assert (config.data_dir / "inspector.sqlite3").read_bytes() == damaged, how
        code, out, err = run(capsys, *command, "--data-dir", str(config.data_dir))
        assert "Traceback" not in out + err, (how, path, err)
        assert code in (0, 1, 2), (how, path, code, err)
        if code:
            failed.add(path)
            assert CJK.search(out + err), (how, path, out, err)  # a translated message, not a crash
    assert {"verify", "db check", "backup"} <= failed, failed  # every damage is noticed
    if how in ("header", "schema page"):
        assert {"sites list", "users list", "inspections list", "report"} <= failed
    assert written, "no maintenance command ran after the reading ones"
    # a change is refused as cleanly (the sign-in itself reads the damaged file)
    photo = jpeg(tmp_path / "evidence.jpg", 3)
    monkeypatch.setenv("INSPECTOR_PASSWORD", ADMIN_PASSWORD)
    code, out, err = run(
        capsys,
        "photos",
        "add",
        "00000000-0000-0000-0000-000000000007",
        str(photo),
        "--as",
        ADMIN,
        "--data-dir",
        str(config.data_dir),
    )
    assert "Traceback" not in out + err and code in (1, 2) and CJK.search(err), (how, out, err)


def test_a_csv_cell_over_128_kib_is_a_message(
    sqlite_db: Database, sqlite_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office = make_office(sqlite_db, sqlite_config, tmp_path)
    before = rows(office.config)
    big = tmp_path / "sites.csv"
    big.write_text("名称,类型,地址\n某诊所,诊所," + "长" * (130 * 1024) + "\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        "sites",
        "import",
        str(big),
        "--as",
        ADMIN,
        "--password-stdin",
        *office.dir,
        stdin=f"{ADMIN_PASSWORD}\n",
    )
    assert code == 2 and "第 2 行" in err and "CSV" in err and "Traceback" not in err
    skip = ("audit_events",)  # the sign-in is audited; nothing else moved
    assert {k: v for k, v in rows(office.config).items() if k not in skip} == {
        k: v for k, v in before.items() if k not in skip
    }


@pytest.mark.gui
@pytest.mark.parametrize(
    "spot",
    [
        DAMAGE["header"],
        ("alembic_version", 0, 8),  # the header is fine; opening reads the damaged page
        ("users", 0, 8),  # opens fine; the sign-in meets the damage
    ],
)
def test_the_app_on_a_damaged_database_shows_a_message_not_the_crash_dialog(
    spot: tuple[str | None, int, int],
    qtbot: QtBot,
    pristine: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from inspector.ui import app as ui_app
    from inspector.ui import crash
    from inspector.ui.main_window import MainWindow

    config = _damaged(pristine, tmp_path / "data", spot)
    shown: list[str] = []
    crashed: list[object] = []
    exits: list[int] = []
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(crash, "install_excepthook", lambda log_dir: log_dir / "inspector.log")
    monkeypatch.setattr(crash, "handle_exception", lambda *a: crashed.append(a))
    monkeypatch.setattr(qapp, "exit", exits.append)
    from inspector.ui.auth import FirstAdminDialog, SignInDialog

    for dialog in (FirstAdminDialog, SignInDialog):  # reaching a sign-in dialog fails the test, not hangs it
        monkeypatch.setattr(dialog, "exec", lambda self: shown.append("a sign-in dialog opened") or 0)
    window = MainWindow(config)
    qtbot.addWidget(window)
    ui_app._open(qapp, window, config, "zh_CN", benchmark=False)
    assert len(shown) == 1 and "损坏" in shown[0] and exits == [2] and not crashed, (shown, crashed)


def test_the_undamaged_copy_is_clean(
    pristine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The control: without the damage, the same checks pass (so the failures above are the damage's)."""
    config = _damaged(pristine, tmp_path / "data", (None, 0, 0))
    for command in (
        ["verify"],
        ["db", "check"],
        ["backup", "--out", str(tmp_path / "b.zip")],
        ["sites", "list"],
    ):
        code, _, err = run(capsys, *command, "--data-dir", str(config.data_dir))
        assert code == 0, (command, err)
