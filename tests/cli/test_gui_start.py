"""How ``inspector`` decides to open the desktop app: the common options are read by a hand scan (no
parser on the start-up path) that must agree with argparse wherever it answers, and leave every
other case (commands, ``--help``, abbreviations, mistakes) to argparse, which words the errors."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from inspector import cli
from inspector.cli import gui_cmd
from inspector.cli.options import COMMON, LANGUAGES, add_app_flags, add_common, scan_common
from inspector.config import Config

ARGVS = [
    [],
    ["--data-dir", "D"],
    ["--data-dir=D"],
    ["--data-dir="],
    ["--data-dir", ""],
    ["--data-dir", "a=b"],
    ["--data-dir=-x"],
    ["--db-url", "postgresql+psycopg://u:p@h/db?sslmode=require"],
    ["--db-url=sqlite:///x.db", "--data-dir", "D"],
    ["--lang", "en"],
    ["--lang=zh_CN", "--data-dir", "D"],
    ["--data-dir", "A", "--data-dir", "B"],
    ["--data-dir", "D", "--lang", "en", "--db-url", "sqlite:///y"],
    # Left to argparse:
    ["--data", "D"],
    ["--lang", "fr"],
    ["--lang=fr"],
    ["--data-dir"],
    ["--data-dir", "-x"],
    ["--data-dir", "--lang", "en"],
    ["--data-dir", "-1"],
    ["--help"],
    ["-h"],
    ["--"],
    ["gui"],
    ["sites", "list", "--data-dir", "D"],
    ["--data-dir", "D", "db", "check"],
    ["-x"],
    ["--DATA-DIR", "D"],
    # The app's flag beside them:
    ["--smoke"],
    ["--smoke", "--data-dir", "D"],
    ["--lang", "en", "--smoke", "--smoke"],
    ["--smoke=1"],
    ["--smoke", "demo"],
    ["--data-dir", "--smoke"],
]


def _argparse_gui(argv: list[str]) -> dict[str, str] | None:
    """What the tiny parser alone answered before the scan existed."""
    quick = argparse.ArgumentParser(add_help=False)
    add_common(quick)
    add_app_flags(quick)
    known, rest = quick.parse_known_args(argv)
    return vars(known) if not rest else None


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_the_scan_agrees_with_argparse_where_it_answers(argv: list[str]) -> None:
    scanned = scan_common(argv)
    if scanned is not None:
        assert scanned == _argparse_gui(argv)


def test_the_scan_answers_the_usual_starts() -> None:
    assert scan_common([]) == {}
    assert scan_common(["--smoke", "--data-dir", "D"]) == {"smoke": "1", "data_dir": "D"}
    assert scan_common(["--data-dir", "D"]) == {"data_dir": "D"}
    assert scan_common(["--db-url=sqlite:///x", "--lang", "en"]) == {"db_url": "sqlite:///x", "lang": "en"}
    for argv in (["--data", "D"], ["--lang", "fr"], ["--data-dir"], ["--help"], ["gui"]):
        assert scan_common(argv) is None


def test_the_scan_knows_the_options_add_common_defines() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    add_common(parser)
    strings = {s for a in parser._actions for s in a.option_strings}
    assert strings == set(COMMON)
    lang = next(a for a in parser._actions if "--lang" in a.option_strings)
    assert tuple(lang.choices or ()) == LANGUAGES


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_the_decision_to_open_the_app_is_unchanged(argv: list[str]) -> None:
    try:
        expected = _argparse_gui(argv)
    except SystemExit as exit_:
        with pytest.raises(SystemExit) as raised:
            cli._gui_requested(argv)
        assert raised.value.code == exit_.code == 2
        return
    assert cli._gui_requested(argv) == expected


def test_a_bad_option_value_is_reported_by_argparse(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["--lang", "fr"])
    assert raised.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_main_opens_the_app_with_the_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[tuple[Config, list[str]]] = []
    monkeypatch.setattr(
        gui_cmd, "run_gui", lambda config, argv, smoke=False: seen.append((config, list(argv))) or 0
    )
    monkeypatch.setenv("INSPECTOR_LANG", "zh_CN")  # restored after the test, whatever main sets
    argv = ["--data-dir", str(tmp_path), "--lang", "en"]
    assert cli.main(argv) == 0
    config, passed = seen[0]
    assert config.data_dir == tmp_path.resolve()
    assert config.db_url == f"sqlite:///{tmp_path.resolve() / 'inspector.sqlite3'}"
    assert passed == argv
    assert os.environ["INSPECTOR_LANG"] == "en"  # --lang reaches the app as the environment did


def test_help_still_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "--data-dir" in out and "sites" in out and "gui" in out
