"""Options every command accepts. Kept free of heavy imports: the GUI start-up path parses them
before anything else is loaded."""

from __future__ import annotations

import argparse


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts, before or after the command name."""
    parser.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help="data directory (env INSPECTOR_DATA_DIR)"
    )
    parser.add_argument("--db-url", default=argparse.SUPPRESS, help="database URL (env INSPECTOR_DB_URL)")
    parser.add_argument("--lang", default=argparse.SUPPRESS, choices=["zh_CN", "en"], help="message language")
