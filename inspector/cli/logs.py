"""Where the command line's warnings go: the log file in the data directory, not the terminal.

Libraries warn about what they meet (Pillow about a truncated or odd photo, openpyxl about a
workbook's styles); on the terminal those lines look like failures and bury the command's own
messages, which say what happened in words the person can act on. So Python warnings and library
log records go to ``<data dir>/logs/cli.log``, created only when something is written there.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

LOG_FILE = "cli.log"


class _LazyFileHandler(logging.Handler):
    """Appends to a file created at the first record; a log that cannot be written is skipped."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(self.format(record) + "\n")


_installed: list[logging.Handler] = []


def route_to_log(log_dir: Path) -> Path:
    """Send warnings and log records of this process to ``log_dir``; returns the log file's path."""
    root = logging.getLogger()
    for old in _installed:
        root.removeHandler(old)
    _installed.clear()
    handler = _LazyFileHandler(log_dir / LOG_FILE)
    root.addHandler(handler)
    _installed.append(handler)
    logging.captureWarnings(True)
    return handler.path
