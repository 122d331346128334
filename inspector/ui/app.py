"""Start-up of the desktop app: one QApplication, translations, the database, the main window.

Errors the user can fix (a locked or damaged database, a newer schema) are shown in a dialog with the
translated message, never as a traceback; the database file is left untouched. Anything unexpected
later is caught by the hook of :mod:`inspector.ui.crash`, shown, and logged to ``<data_dir>/logs``.

The language is Chinese unless ``INSPECTOR_LANG`` or the office's setting says English. The frame
is built before the database is open, in the language of the office's setting at the last start
(remembered on this computer; a language forced by ``--lang`` is not remembered). Once the setting
is read (before the sign-in where the database opens first, after it in an encrypted directory,
whose database only the password opens) a different language is installed and Qt's
``LanguageChange`` makes the frame say everything again: one language shows at a time. Before the
main window opens, the person signs in (:func:`inspector.ui.auth.sign_in_at_start`; on a fresh
database it first creates the administrator).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from inspector.config import Config
from inspector.i18n import default_language
from inspector.ui import i18n as ui_i18n

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from inspector.services.unlock import Unlocked
    from inspector.storage.db import Database
    from inspector.ui.context import UiContext
    from inspector.ui.main_window import MainWindow

FONT_FAMILIES = ["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei"]
LANGUAGE_KEY = "ui/language"


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationName("inspector")
    app.setOrganizationName("inspector")
    font = QFont(app.font())
    font.setFamilies([*FONT_FAMILIES, font.family()])
    app.setFont(font)
    return app


def initial_language() -> str:
    """Before the database is open: ``INSPECTOR_LANG``, else the language remembered on this computer
    from the office's setting at the last start, else Chinese."""
    if os.environ.get("INSPECTOR_LANG"):
        return default_language()
    remembered = QSettings().value(LANGUAGE_KEY, "zh_CN")
    return "en" if str(remembered).startswith("en") else "zh_CN"


def office_language(db: Database | None) -> str:
    """The office's setting, else Chinese."""
    if db is None:
        return "zh_CN"
    from inspector.services import settings as office_settings

    with db.read() as s:
        lang = office_settings.load(s).language
    return "en" if lang.startswith("en") else "zh_CN"


def choose_language(db: Database | None) -> str:
    """``INSPECTOR_LANG`` first, then the office's setting, else Chinese."""
    if os.environ.get("INSPECTOR_LANG"):
        return default_language()
    return office_language(db)


def settle_language(app: QApplication, db: Database, current: str) -> str:
    """Install the language :func:`choose_language` decides if it is not ``current`` (the frame and
    any window open retranslate), and remember the office's setting for the next start."""
    lang = choose_language(db)
    if lang != current:
        ui_i18n.install(app, lang)
    QSettings().setValue(LANGUAGE_KEY, office_language(db))
    return lang


def run(config: Config, argv: list[str], *, smoke: bool = False) -> int:
    """Show the main window's frame at once, then open the database and fill it.

    The frame needs only Qt, so it is on screen before SQLAlchemy and the services are imported
    (most of the start-up time); ``INSPECTOR_QUIT_AFTER_SHOW=frame|loaded`` lets the benchmark stop
    at either point. The rest, the crash hook and its logging included, is the first thing the event
    loop runs (:func:`_open`). ``smoke`` (``--smoke``) quits after the frame's first paint instead
    (:func:`_smoke`).
    """
    app = make_app(argv)
    language = initial_language()
    ui_i18n.install(app, language)
    from inspector.ui.main_window import MainWindow

    window = MainWindow(config)
    window.show()
    mode = os.environ.get("INSPECTOR_QUIT_AFTER_SHOW", "")
    if smoke:
        _smoke(app, window, language)
    elif mode == "frame":
        QTimer.singleShot(0, app.quit)
    else:
        after_first_paint(window, lambda: _open(app, window, config, language, benchmark=bool(mode)))
    return app.exec()


SMOKE_PATIENCE_MS = 10_000  # --smoke fails when the window is not painted by then
# Asked of Qt's own catalogue by --smoke; a name, not a literal, so lupdate does not copy the text
# into ours (which would answer for Qt's and hide a missing qtbase catalogue).
QT_CONTEXT = "QPlatformTheme"


def _smoke(app: QApplication, window: QWidget, language: str) -> None:
    """``--smoke``: quit after the first paint, before the database is opened or even imported.

    Checks that an installed copy (the one-folder build above all) starts: Qt's platform plugin, our
    modules and the catalogues are found. Prints one line of JSON (what was painted, whether our and
    Qt's catalogues translate) and ends with status 0, or 1 when the window was not painted within
    ``SMOKE_PATIENCE_MS``.
    """
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    painted = Painted(window)
    window.installEventFilter(painted)
    waits = [SMOKE_PATIENCE_MS // 100]

    def report() -> None:
        if not painted.seen and waits[0] > 0:  # the fallback came first (a very slow machine): wait
            waits[0] -= 1
            QTimer.singleShot(100, report)
            return
        import json

        translate = QApplication.translate
        print(
            json.dumps(
                {
                    "painted": painted.seen,
                    "language": language,
                    "title": window.windowTitle(),
                    "ui_translated": translate("MainWindow", "Sites") != "Sites",
                    "qt_translated": translate(QT_CONTEXT, "Cancel") != "Cancel",
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
        app.exit(0 if painted.seen else 1)

    after_first_paint(window, report)


FIRST_PAINT_FALLBACK_MS = 500


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Run ``then`` once, as soon as ``window`` has been painted for the first time.

    A zero-delay timer set after ``show()`` fires *before* the first paint (on X11 and offscreen
    alike), so work started from it would keep the frame off the screen until that work is done. A
    window that is never painted (started minimised) still gets ``then`` after a short delay.
    """
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(window)
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.fire)  # after this paint reaches the screen
            return False

        def fire(self) -> None:
            if self.done:
                return
            self.done = True
            window.removeEventFilter(self)
            then()

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, watcher.fire)


def _open(app: QApplication, window: MainWindow, config: Config, language: str, *, benchmark: bool) -> None:
    """Open the database and fill the window; the first thing the event loop runs after the frame.

    The crash hook (and the logging it sets up, ~15 ms of imports) comes first: building the frame is
    plain Qt with no Python code of ours running between it and this point, and everything that can
    fail in the data layer runs after it. If the hook itself cannot be set up (the log folder cannot
    be written), the app ends with status 1 and the traceback, as when this ran before the loop.
    """
    from inspector.ui.crash import install_excepthook

    try:
        install_excepthook(config.data_dir / "logs")
    except BaseException:
        app.exit(1)
        raise  # printed by PySide, which calls the default sys.excepthook
    from inspector.errors import UserError
    from inspector.storage.db_errors import explain

    decided = [language]

    def on_open(db: Database) -> None:  # before the sign-in, where the database opens first
        decided[0] = settle_language(app, db, decided[0])

    try:
        ctx = _start(app, window, config, decided, benchmark=benchmark, on_open=on_open)
    except UserError as err:
        _refuse_start(app, window, err.message)
        return
    except Exception as err:
        # A damaged database fails in many ways while the window fills (a page SQLite cannot read, a
        # row that decodes to nothing); the person needs the same message as for one that cannot open.
        damage = explain(err, config)
        if damage is None:
            raise  # a bug: the crash hook shows and logs it
        _refuse_start(app, window, damage.message)
        return
    if ctx is None:  # the person cancelled the sign-in: nothing to do
        window.close()
        app.quit()
        return
    if not benchmark:
        _schedule_backups(app, ctx)
    if benchmark:
        # The start-up benchmark measures the filled main window: quit once it is up.
        QTimer.singleShot(0, app.quit)


def _open_data(
    config: Config, window: MainWindow, *, benchmark: bool, on_open: Callable[[Database], None]
) -> Unlocked | None:
    """Sign in and open the data (an encrypted directory opens with the password). The start-up
    benchmark signs in without a dialog as ``INSPECTOR_BENCH_USER`` when it is set, else opens an
    unencrypted directory without signing in."""
    from inspector.services import unlock

    if benchmark:
        user = os.environ.get("INSPECTOR_BENCH_USER")
        if user:
            return unlock.sign_in(config, user, os.environ.get("INSPECTOR_BENCH_PASSWORD", ""))
        from inspector.storage.db import open_database

        return unlock.Unlocked(config, open_database(config), None)
    from inspector.crypto.files import remove_stale_plain_copies
    from inspector.ui.auth import open_data

    remove_stale_plain_copies()
    return open_data(config, window, on_open=on_open)


def _start(
    app: QApplication,
    window: MainWindow,
    config: Config,
    decided: list[str],
    *,
    benchmark: bool,
    on_open: Callable[[Database], None],
) -> UiContext | None:
    """Sign in, open the data and fill the window; None when the person cancelled the sign-in.
    ``decided`` holds the language installed so far (the sign-in may already have settled it)."""
    from inspector.ui.context import UiContext

    opened = _open_data(config, window, benchmark=benchmark, on_open=on_open)
    if opened is None:
        return None
    db = opened.db
    try:
        decided[0] = settle_language(app, db, decided[0])
        ctx = UiContext(config=opened.config, db=db)  # the configuration carrying the unlocked key
        if opened.actor is not None:
            ctx.actor = opened.actor
        window.attach(ctx)
    except BaseException:
        db.close()
        raise
    return ctx


def _refuse_start(app: QApplication, window: MainWindow, message: str) -> None:
    """The database cannot be used (missing, damaged, locked, newer): say why, then end (status 2)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(window, app.translate("app", "Cannot open the database"), message)
    window.close()
    app.exit(2)


BACKUP_CHECK_MS = 60 * 60 * 1000  # every hour; a backup is made when the newest is a day old
FIRST_BACKUP_CHECK_MS = 10_000  # after the start-up work, not during it
BACKUP_POOL = "backup"


def _schedule_backups(app: QApplication, ctx: UiContext) -> QTimer:
    """Daily automatic backup (SQLite only), keeping the last 7, made off the UI thread.

    The online backup is consistent while the person keeps working; a failure (disk full, …) is
    logged and tried again at the next check, never shown as a crash.
    """
    import logging

    from inspector.ui.jobs import Control, Job

    def backup(_job: Control) -> None:
        from inspector.backup import auto_backup_if_due

        try:
            auto_backup_if_due(ctx.config, ctx.db, interval_hours=24, keep=7)
        except Exception:  # a backup must never take the app down; the log says why it failed
            logging.getLogger("inspector").exception("automatic backup failed")

    def check() -> None:
        Job(None, backup, pool_name=BACKUP_POOL).in_background_priority().run_in_background()

    timer = QTimer(app)
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(check)
    timer.start()
    QTimer.singleShot(FIRST_BACKUP_CHECK_MS, check)
    return timer
