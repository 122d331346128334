"""``inspector photos add/list/verify/rebuild`` through the real CLI entry point."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.config import Config
from inspector.services import photos
from inspector.storage.db import Database
from tests.identity import CliAs
from tests.photos.photo_rows import make_inspection
from tests.photos.photo_samples import broken_corpus, oriented_jpeg, plain_jpeg


def run(config: Config, *args: str) -> int:
    return main(["--data-dir", str(config.data_dir), "--lang", "en", *args])


def test_add_list_verify_rebuild(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    config = sqlite_db.config
    admin = cli_as(config)
    inspection = make_inspection(sqlite_db)
    good = [oriented_jpeg(tmp_path / "one.jpg", 3), plain_jpeg(tmp_path / "two.jpg")]
    code = run(config, "photos", "add", str(inspection), *map(str, good), "--item", "A1", *admin)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "one.jpg" in out.out and "two.jpg" in out.out and "2 photo(s) added" in out.out

    assert run(config, "photos", "list", str(inspection), "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["original_filename"] for p in listed] == ["one.jpg", "two.jpg"]
    assert all(p["item_code"] == "A1" for p in listed)

    assert run(config, "photos", "verify") == 0
    assert "2 original(s) checked: 0 missing, 0 altered" in capsys.readouterr().out

    victim = photos.original_path(config, listed[0]["sha256"])
    victim.chmod(0o644)
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")
    assert run(config, "photos", "verify") == 1
    captured = capsys.readouterr()
    assert "ALTERED" in captured.err and "one.jpg" in captured.err

    thumb = photos.thumb_path(config, listed[1]["sha256"])
    thumb.unlink()
    assert run(config, "photos", "rebuild", "--missing-only") == 0
    capsys.readouterr()
    assert thumb.is_file()


def test_add_with_failures_exits_nonzero_and_names_each_file(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    config = sqlite_db.config
    inspection = make_inspection(sqlite_db)
    broken = broken_corpus(tmp_path / "broken")
    good = plain_jpeg(tmp_path / "good.jpg")
    code = run(
        config, "photos", "add", str(inspection), str(good), *map(str, broken.values()), *cli_as(config)
    )
    out = capsys.readouterr()
    assert code == 1
    for name in broken:
        assert name in out.err
    assert "1 photo(s) added" in out.out and f"{len(broken)} failed" in out.out


def test_add_to_a_missing_inspection_is_a_user_error(
    sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    admin = cli_as(sqlite_db.config)
    code = run(
        sqlite_db.config, "photos", "add", str(uuid.uuid4()), str(plain_jpeg(tmp_path / "a.jpg")), *admin
    )
    assert code == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (sqlite_db.config.photo_dir / "originals").exists()
