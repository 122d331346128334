"""``inspector document`` / ``documents`` without LibreOffice: issue, re-issue, list, serve, verify."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.config import Config
from inspector.crypto import files
from inspector.documents.pdf import SOFFICE_ENV
from inspector.storage.db import Database
from tests.documents.doc_helpers import Office, make_inspection
from tests.identity import CliAs


def run(config: Config, *args: str) -> int:
    return main(["--data-dir", str(config.data_dir), *args])


def test_issue_reissue_list_serve_verify(  # noqa: PLR0917 - pytest fixtures
    sqlite_db: Database,
    sqlite_config: Config,
    sqlite_office: Office,
    photo_folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    config = sqlite_config
    admin = cli_as(config)
    iid = str(make_inspection(sqlite_db, config, sqlite_office, photo_folder))
    draft = str(make_inspection(sqlite_db, config, sqlite_office, photo_folder, finalize=False))
    notice_out = tmp_path / "out" / "notice.docx"
    assert (
        run(
            config,
            "document",
            iid,
            "--kind",
            "notice",
            "--out",
            str(notice_out),
            "--deadline",
            "T-01=20",
            "--correction",
            "T-03=建立终止妊娠药品购进台账",
            *admin,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "示卫监意" in out and "001号" in out
    listed = _list_json(config, capsys)
    assert len(listed) == 1 and listed[0]["kind"] == "notice"
    notice = listed[0]
    assert hashlib.sha256(notice_out.read_bytes()).hexdigest() == notice["sha256"]

    again = tmp_path / "again.docx"
    assert run(config, "document", iid, "--kind", "notice", "--out", str(again), *admin) == 0
    out = capsys.readouterr().out
    assert notice["number"] in out and again.read_bytes() == notice_out.read_bytes()
    assert (
        run(config, "document", iid, "--kind", "notice", "--out", str(again), "--deadline", "T-01=5", *admin)
        == 2
    )
    capsys.readouterr()
    assert run(config, "document", draft, "--kind", "record", "--out", str(tmp_path / "d.docx"), *admin) == 2
    assert "定稿" in capsys.readouterr().err
    assert not (tmp_path / "d.docx").exists()
    assert (
        run(config, "document", "not-a-uuid", "--kind", "record", "--out", str(tmp_path / "x.docx"), *admin)
        == 2
    )
    assert run(config, "document", iid, "--kind", "record", "--out", str(tmp_path / "x.txt"), *admin) == 2
    assert (
        run(
            config,
            "document",
            iid,
            "--kind",
            "notice",
            "--out",
            str(tmp_path / "y.docx"),
            "--deadline",
            "T-01",
            *admin,
        )
        == 2
    )
    capsys.readouterr()

    assert run(config, "documents", "served", notice["id"], *admin) == 0
    capsys.readouterr()
    assert run(config, "documents", "list", "--unserved") == 0
    assert notice["number"] not in capsys.readouterr().out

    assert run(config, "documents", "verify") == 0
    Path(notice["file"]).unlink()
    capsys.readouterr()
    assert run(config, "documents", "verify") == 1
    assert notice["number"] in capsys.readouterr().err
    assert run(config, "documents", "verify", "--restore", *admin) == 0
    restored = files.read(config.key, Path(notice["file"]))  # sealed in the encrypted directory
    assert hashlib.sha256(restored).hexdigest() == notice["sha256"]
    assert run(config, "templates", "list") == 0
    assert "notice.docx" in capsys.readouterr().out


def test_pdf_without_libreoffice_says_what_to_install(  # noqa: PLR0917 - pytest fixtures
    sqlite_db: Database,
    sqlite_config: Config,
    sqlite_office: Office,
    photo_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    iid = str(make_inspection(sqlite_db, sqlite_config, sqlite_office, photo_folder))
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "no-libreoffice-here" / "soffice"))
    out = tmp_path / "record.docx"
    admin = cli_as(sqlite_config)
    assert run(sqlite_config, "document", iid, "--kind", "record", "--out", str(out), "--pdf", *admin) == 1
    err = capsys.readouterr().err
    assert "LibreOffice" in err
    assert out.is_file() and not out.with_suffix(".pdf").exists()  # the Word file is complete


def _list_json(config: Config, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    capsys.readouterr()
    assert run(config, "documents", "list", "--json") == 0
    data: list[dict[str, str]] = json.loads(capsys.readouterr().out)
    return data
