"""The whole rectification cycle from the command line, as an office without the desktop app runs it:
``inspections list`` → ``document --kind notice`` → ``rectifications serve`` → ``rectifications
reinspect`` → ``document --kind reinspection`` → ``rectifications close``, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.config import Config
from inspector.services.followup import reinspection
from inspector.storage.db import Database
from tests.factories import finalized, people, site
from tests.identity import CliAs

BAD = {"T-01": "未悬挂许可证", "T-05": "未张贴标志"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _accounts(config: Config, cli_as: CliAs) -> None:
    """An administrator (a directory without one opens to nobody) and the password ``--as`` asks for."""
    for name in ("cli-admin", "zhang", "li", "office", "boss"):
        cli_as(config, name)


def test_the_whole_cycle_headless(
    db: Database, backend_config: Config, tmp_path: Path, capsys: pytest.CaptureFixture[str], cli_as: CliAs
) -> None:
    with db.write() as s:
        who = people(s)
        sid = site(s)
    iid = finalized(db, who, sid, BAD)
    _accounts(backend_config, cli_as)
    d = ("--data-dir", str(backend_config.data_dir), "--db-url", backend_config.db_url)

    code, out, _ = run(capsys, "inspections", "list", "--status", "finalized", "--json", *d)
    assert code == 0 and [r["id"] for r in json.loads(out)] == [str(iid)]

    notice = tmp_path / "意见书.docx"
    code, out, err = run(
        capsys, "document", str(iid), "--kind", "notice", "--out", str(notice), "--as", "zhang", *d
    )
    assert code == 0 and notice.is_file(), err
    code, out, _ = run(capsys, "rectifications", "list", "--json", *d)
    (row,) = json.loads(out)["rows"]
    rid = row["id"]
    assert row["status"] == "issued" and row["items"] == ["T-01", "T-05"]

    code, out, _ = run(capsys, "rectifications", "serve", rid, "--as", "office", "--note", "当面签收", *d)
    assert code == 0 and "已签收" in out

    # A missing answer refuses everything: no re-inspection is left behind.
    code, _, err = run(
        capsys, "rectifications", "reinspect", rid, "--inspectors", "zhang,li", "--corrected", "T-01",
        "--as", "zhang", *d,
    )  # fmt: skip
    assert code == 2 and "T-05" in err and "Traceback" not in err
    code, out, _ = run(capsys, "rectifications", "show", rid, "--json", *d)
    assert json.loads(out)["reinspections"] == []

    code, out, err = run(
        capsys, "rectifications", "reinspect", rid, "--inspectors", "zhang,li",
        "--corrected", "T-01=已悬挂许可证", "--corrected", "T-05=已张贴标志", "--as", "zhang", "--json", *d,
    )  # fmt: skip
    assert code == 0, err
    done = json.loads(out)
    assert done["finalized"] and done["result"] == "corrected"
    reinspection_id = done["inspection_id"]

    opinion = tmp_path / "复查意见书.docx"
    code, out, err = run(
        capsys,
        "document",
        reinspection_id,
        "--kind",
        "reinspection",
        "--out",
        str(opinion),
        "--as",
        "zhang",
        *d,
    )
    assert code == 0 and opinion.is_file(), err
    code, out, _ = run(capsys, "rectifications", "show", rid, "--json", *d)
    shown = json.loads(out)
    assert shown["status"] == "reinspected" and shown["result"] == "corrected"

    code, out, err = run(capsys, "rectifications", "close", rid, "--as", "boss", "--json", *d)
    assert code == 0, err
    assert json.loads(out)["status"] == "closed"
    code, out, _ = run(capsys, "verify", *d)
    assert code == 0 and "[rectification]" not in out
    with db.read() as s:
        assert reinspection.stranded(s) == []


def test_an_uncorrected_reinspection_tells_whom_to_ask(
    sqlite_db: Database,
    sqlite_config: Config,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    cli_as: CliAs,
) -> None:
    with sqlite_db.write() as s:
        who = people(s)
        sid = site(s)
    iid = finalized(sqlite_db, who, sid, BAD)
    _accounts(sqlite_config, cli_as)
    d = ("--data-dir", str(sqlite_config.data_dir))
    z = (*d, "--as", "zhang")
    assert (
        run(capsys, "document", str(iid), "--kind", "notice", "--out", str(tmp_path / "n.docx"), *z)[0] == 0
    )
    rid = json.loads(run(capsys, "rectifications", "list", "--json", *d)[1])["rows"][0]["id"]
    assert run(capsys, "rectifications", "serve", rid, "--as", "office", *d)[0] == 0
    code, out, _ = run(capsys, "rectifications", "reinspect", rid, "--inspectors", "zhang,li", *z)
    assert code == 0 and "已开始复查" in out  # the draft, to be given photos or answered later
    code, _, err = run(
        capsys, "rectifications", "reinspect", rid, "--not-corrected", "T-01", "--corrected", "T-05", *z
    )
    assert code == 2 and "T-01" in err  # a finding is needed for what is still wrong
    code, out, err = run(
        capsys, "rectifications", "reinspect", rid, "--not-corrected", "T-01=许可证仍未悬挂",
        "--not-corrected", "T-05", "--note", "标志仍未张贴", *z,
    )  # fmt: skip
    assert code == 0 and "未整改" in out and "--kind reinspection" in out, err  # finished the draft
    reinspection_id = json.loads(run(capsys, "rectifications", "show", rid, "--json", *d)[1])[
        "reinspections"
    ][0]["id"]
    code, out, _ = run(
        capsys, "document", reinspection_id, "--kind", "reinspection", "--out", str(tmp_path / "r.docx"), *z
    )
    assert code == 0 and "立案" in out and "移送" in out
    code, out, _ = run(capsys, "rectifications", "show", rid, "--json", *d)
    assert json.loads(out)["result"] == "not_corrected"
