"""Options every command accepts. Kept free of heavy imports: the GUI start-up path reads them before
anything else is loaded, with :func:`scan_common` instead of a parser."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

# Option spelled in full -> attribute of the parsed namespace; the same three as add_common.
COMMON = {"--data-dir": "data_dir", "--db-url": "db_url", "--lang": "lang"}
LANGUAGES = ("zh_CN", "en")
# Flags of the desktop app alone (no value), accepted by the scan beside the common options.
APP_FLAGS = {"--smoke": "smoke"}


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts, before or after the command name."""
    parser.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help="data directory (env INSPECTOR_DATA_DIR)"
    )
    parser.add_argument("--db-url", default=argparse.SUPPRESS, help="database URL (env INSPECTOR_DB_URL)")
    parser.add_argument("--lang", default=argparse.SUPPRESS, choices=list(LANGUAGES), help="message language")


def add_app_flags(parser: argparse.ArgumentParser) -> None:
    """Flags of the desktop app (no command): ``--smoke`` checks that an installation starts."""
    parser.add_argument(
        "--smoke",
        action="store_const",
        const="1",
        default=argparse.SUPPRESS,
        help="open the window, quit after its first paint (checks an installation; prints one line)",
    )


def scan_common(args: Sequence[str]) -> dict[str, str] | None:
    """The common options (and the app's flags, as ``"1"``) when ``args`` holds nothing else, each
    spelled in full with a valid value.

    This is the start of the desktop app (``inspector``, ``inspector --data-dir D``), which must not
    spend its first milliseconds building parsers. Anything else (a command, ``--help``, an
    abbreviated option, a missing or invalid value) returns None, and argparse then decides and
    words any error exactly as it always has; where this accepts, argparse gives the same values
    (``tests/cli/test_gui_start.py`` compares them).
    """
    found: dict[str, str] = {}
    i = 0
    while i < len(args):
        name, equals, value = args[i].partition("=")
        if name in APP_FLAGS and not equals:
            found[APP_FLAGS[name]] = "1"
            i += 1
            continue
        if name not in COMMON:
            return None
        if not equals:
            # argparse takes the next word as the value unless it looks like an option.
            if i + 1 == len(args) or args[i + 1].startswith("-"):
                return None
            i += 1
            value = args[i]
        if name == "--lang" and value not in LANGUAGES:
            return None
        found[COMMON[name]] = value
        i += 1
    return found
