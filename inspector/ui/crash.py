"""The last line of defence: an unexpected error is logged and shown, never silently lost.

``install_excepthook`` replaces ``sys.excepthook`` (which PySide6 calls for exceptions escaping a
slot). A :class:`~inspector.errors.UserError` that escaped is shown like any other user message. A
bug is written with its traceback to ``<data_dir>/logs/inspector.log`` and shown in a dialog whose
details (the traceback) stay collapsed until asked for; the app keeps running, and since every answer
is committed when it is made, nothing typed before the error is lost.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inspector.errors import UserError
from inspector.ui import messages

log = logging.getLogger("inspector.ui")


class _State:
    """Whether a crash dialog is up (an error inside it must not open another) and where logs go."""

    showing = False
    log_path: Path | None = None


def setup_logging(log_dir: Path) -> Path:
    """Log to a rotating file in ``log_dir``; returns the file's path.

    The handler sits on the root logger and Python warnings are captured, so what libraries say
    (Pillow about an odd photo, openpyxl about a workbook) lands in the log rather than on a
    terminal the person never looks at; the app's own records are kept from INFO up.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "inspector.log"
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    logging.getLogger("inspector").setLevel(logging.INFO)
    logging.captureWarnings(True)
    return path


def handle_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Show ``exc`` to the person and log it if it is a bug."""
    if issubclass(exc_type, KeyboardInterrupt):
        QCoreApplication.quit()
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, UserError):
        messages.show_error(parent, exc)
        return
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error\n%s", details)
    if _State.showing or QApplication.instance() is None:
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        return
    _State.showing = True
    try:
        show_crash_box(parent, details)
    finally:
        _State.showing = False


def show_crash_box(parent: QWidget | None, details: str) -> None:
    """The modal box saying something went wrong, where the log is, and the traceback folded away.

    Its own function so that the UI tests can replace it: a modal box in a test run would wait for
    a click forever, where the tests want the bug reported as a failure with its traceback.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("crash", "Unexpected error"))
    box.setText(
        QCoreApplication.translate(
            "crash",
            "Something went wrong inside the app. Your answers up to this moment are saved.\n"
            "Please send the log file to the person who maintains the app.",
        )
    )
    where = str(_State.log_path) if _State.log_path else ""
    box.setInformativeText(QCoreApplication.translate("crash", "Log file: %1").replace("%1", where))
    box.setDetailedText(details)
    box.exec()


def install_excepthook(log_dir: Path) -> Path:
    """Route uncaught exceptions to :func:`handle_exception`; returns the log file's path."""
    path = setup_logging(log_dir)
    _State.log_path = path
    sys.excepthook = handle_exception
    return path
