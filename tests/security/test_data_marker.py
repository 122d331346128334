"""The data directory knows it has data (issue 12, point 5).

A database that goes missing, comes back as 0 bytes or empty beside the photos and documents of
earlier work is refused with "restore from a backup" instead of being replaced by a new, empty one
(after which ``verify`` used to say that everything matched); ``verify`` names the files on disk that
no record knows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from inspector.config import Config, resolve
from inspector.errors import DatabaseError
from inspector.services import sites
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, open_database
from inspector.storage.local_models import DataMarker
from inspector.storage.marker import MARKER_FILE
from tests.security.cli_helpers import Office, files, make_office, run, verified

READ_COMMANDS = (
    ["sites", "list"],
    ["inspections", "list"],
    ["users", "list"],
    ["verify"],
    ["db", "check"],
    ["db", "upgrade"],
    ["photos", "verify"],
)


@pytest.fixture
def office(sqlite_db: Database, sqlite_config: Config, tmp_path: Path) -> Office:
    made = make_office(sqlite_db, sqlite_config, tmp_path)
    sqlite_db.close()
    return made


def _database(config: Config) -> Path:
    return config.data_dir / "inspector.sqlite3"


def _remove_database(config: Config) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_database(config)}{suffix}").unlink(missing_ok=True)


def test_the_marker_is_written_with_the_first_record(data_dir: Path) -> None:
    config = resolve(data_dir)
    db = open_database(config)
    try:
        assert not (data_dir / MARKER_FILE).exists()  # an empty database has nothing to protect yet
        with db.read() as s:
            assert s.execute(select(DataMarker.id)).first() is None
        with db.write() as s:
            sites.create_site(s, SYSTEM, sites.SiteInput(kind="clinic", name="仁心诊所"))
        with db.read() as s:
            marker = s.execute(select(DataMarker.id)).scalar_one()
    finally:
        db.close()
    assert json.loads((data_dir / MARKER_FILE).read_text(encoding="utf-8"))["database"] == marker
    # the data directory's copy comes back at the next start if it was removed
    (data_dir / MARKER_FILE).unlink()
    open_database(config).close()
    assert json.loads((data_dir / MARKER_FILE).read_text(encoding="utf-8"))["database"] == marker


@pytest.mark.parametrize("how", ["missing", "0 bytes", "empty database"])
def test_a_lost_database_is_refused_not_replaced(
    how: str, office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = office.config
    _remove_database(config)
    if how == "0 bytes":
        _database(config).write_bytes(b"")
    elif how == "empty database":  # a new, empty database put in its place (as the old app did)
        fresh = resolve(tmp_path / "fresh").with_key(config.key)  # encrypted like the directory's
        open_database(fresh).close()
        shutil.copy(_database(fresh), _database(config))
    before = files(config)
    db_bytes = _database(config).read_bytes() if _database(config).exists() else None
    for command in READ_COMMANDS:
        code, out, err = run(capsys, *command, *office.dir)
        assert code == 2, (command, out, err)
        assert "缺失或为空" in err and "从备份恢复" in err and "Traceback" not in err
    assert files(config) == before
    now = _database(config).read_bytes() if _database(config).exists() else None
    assert now == db_bytes  # nothing was created, nothing migrated
    with pytest.raises(DatabaseError, match="缺失或为空"):  # the app's own start (GUI) is refused alike
        open_database(config)


def test_restore_as_the_owner_brings_a_lost_database_back(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "backup.zip"
    assert run(capsys, "backup", "--out", str(saved), *office.dir)[0] == 0
    _remove_database(office.config)
    code, _, err = run(capsys, "restore", str(saved), "--force", *office.dir)
    assert code == 0, err  # no account needed: there is no database to sign in to, nothing is deleted
    assert any(p.name.startswith("data.before-restore-") for p in tmp_path.iterdir())
    assert verified(office.config).ok


def test_photos_without_the_marker_beside_an_empty_database_open_and_verify_names_them(
    data_dir: Path, office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    """What an interrupted first exchange import leaves: its files, no records, no marker."""
    other = resolve(data_dir.parent / "office-new")
    open_database(other).close()
    shutil.copytree(office.config.photo_dir, other.photo_dir)
    assert not (other.data_dir / MARKER_FILE).exists()
    open_database(other).close()  # opens: nothing says records were lost
    report = verified(other)
    assert not report.ok and {p.area for p in report.problems} == {"orphan"}


def test_verify_names_orphans_and_records_whose_files_are_missing(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    config = office.config
    orphan_photo = config.photo_dir / "originals" / "ab" / ("ab" + "0" * 62)
    orphan_photo.parent.mkdir(parents=True, exist_ok=True)
    orphan_photo.write_bytes(b"a photo whose record is gone")
    orphan_doc = config.documents_dir / "notices" / "lost.docx"
    orphan_doc.write_bytes(b"a document whose record is gone")
    code, out, _ = run(capsys, "verify", *office.dir)
    assert code == 1
    assert f"[orphan] {orphan_photo}" in out and f"[orphan] {orphan_doc}" in out
    assert "没有任何记录引用" in out and "没有任何已出具文书引用" in out
    orphan_photo.unlink()
    orphan_doc.unlink()
    assert run(capsys, "verify", *office.dir)[0] == 0
    # the other way round: records whose files are gone
    from inspector.photos import store

    store.original_path(config.photo_dir, office.world.photo_sha).unlink()
    code, out, _ = run(capsys, "verify", *office.dir, "--json")
    report = json.loads(out)
    assert code == 1 and {p["area"] for p in report["problems"]} == {"photo"}


@pytest.mark.gui
def test_the_app_says_the_database_is_missing_instead_of_crashing(
    qtbot: QtBot, office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from inspector.ui import app as ui_app
    from inspector.ui import crash
    from inspector.ui.main_window import MainWindow

    _remove_database(office.config)
    shown: list[str] = []
    crashed: list[object] = []
    exits: list[int] = []
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(crash, "install_excepthook", lambda log_dir: log_dir / "inspector.log")
    monkeypatch.setattr(crash, "handle_exception", lambda *a: crashed.append(a))
    monkeypatch.setattr(qapp, "exit", exits.append)
    window = MainWindow(office.config)
    qtbot.addWidget(window)
    ui_app._open(qapp, window, office.config, "zh_CN", benchmark=False)
    assert len(shown) == 1 and "缺失或为空" in shown[0] and exits == [2] and not crashed
    assert not _database(office.config).exists()
