"""Loading an office's list of licensed institutions from an Excel or CSV file.

Same rules and messages as ``inspector sites import``: the whole file is parsed and validated by
:mod:`inspector.services.site_import` first, every problem is listed (row, column, what is wrong) in
one dialog, and nothing is written unless the whole file is clean. Reading a county's list and
writing it (3,000 rows: a second or two together) run as jobs off the UI thread, so the window keeps
painting. The dialog does the steps of :func:`inspector.ui.submit.write_and_accept` in the job's
callbacks instead (that helper writes on the UI thread); Cancel is refused only while the one
transaction is being written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from inspector.errors import UserError, ValidationError
from inspector.i18n import labelled
from inspector.services import site_import
from inspector.ui import messages
from inspector.ui.boxes import STRETCH, hbox, vbox
from inspector.ui.context import UiContext
from inspector.ui.jobs import Control, Job, Task
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.submit import act_cancel
from inspector.ui.user_folders import chosen_file

POOL = "site-import"


def _problem_lines(err: ValidationError) -> list[str]:
    return [labelled(where, msg) if where else msg for where, msg in err.problems]


class SiteImportDialog(QDialog):
    """Choose a file, see how many sites it holds, import; ``result`` holds the counts afterwards."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._rows = 0
        self._job: Job | None = None
        self._writing = False
        self.result_counts: site_import.ImportResult | None = None
        self.setWindowTitle(self.tr("Import sites from Excel or CSV"))
        intro = QLabel(
            self.tr(
                "The first row names the columns: at least 名称 and 类型; also 许可证号, "
                "统一社会信用代码, 地址, 区县, 乡镇, 法定代表人, 电话, 定点B超, 定点终止妊娠, "
                "定点分娩 (是/否), 有效期至, 备注. CSV files may be UTF-8 or GBK."
            )
        )
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("No file chosen"))
        self.browse = QPushButton(self.tr("Choose file…"))
        self.browse.clicked.connect(self._on_browse_clicked)
        chooser = hbox((self.path, 1), self.browse)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.update_existing = QCheckBox(self.tr("Update sites whose licence number is already registered"))
        self.buttons, self.import_button = act_cancel(self, self.tr("Import"), self.run_import)
        self.import_button.setEnabled(False)
        vbox(intro, chooser, self.preview, self.update_existing, STRETCH, self.buttons, owner=self)
        fit_to_screen(self, 640)

    def _on_browse_clicked(self) -> None:
        path = chosen_file(
            self, self.tr("Choose the list of sites"), self.tr("Spreadsheets (*.xlsx *.csv);;All files (*)")
        )
        if path is not None:
            self.set_path(path)

    def set_path(self, path: Path) -> Job:
        """Read ``path`` off the UI thread and show how many sites it holds, or every problem it
        has; the returned job says when that is done."""
        self.path.setText(str(path))
        self._rows = 0
        self.preview.setText(self.tr("Reading the file…"))
        return self._start(lambda _c: len(site_import.parse_sites(path)), self._on_read, self._on_refused)

    def run_import(self) -> Job | None:
        """Write the file in one transaction, off the UI thread; problems (e.g. licence numbers
        already taken) are listed. None when there is nothing to import yet."""
        if not self._rows or self.busy:
            return None
        path, db, actor = Path(self.path.text()), self._ctx.db, self._ctx.actor
        update_existing = self.update_existing.isChecked()

        def write(_control: Control) -> site_import.ImportResult:
            with db.write() as s:
                return site_import.import_sites(s, actor, path, update_existing=update_existing)

        self._writing = True
        self.preview.setText(self.tr("Importing %n site(s)…", "", self._rows))
        return self._start(write, self._on_imported, self._on_not_imported)

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def reject(self) -> None:
        """Cancel closes the dialog, except while the sites are being written: the transaction
        finishes (all or nothing) and the dialog then says what it did."""
        if not self._writing:
            super().reject()

    # ---------------------------------------------------------------------------------- outcomes

    def _start(self, task: Task, done: Callable[[Any], None], refused: Callable[[UserError], None]) -> Job:
        job = Job(self, task, pool_name=POOL).success(done).failure(refused).ended(self._on_ended)
        self._job = job
        job.run_in_background()
        self._show_state()
        return job

    def _on_ended(self, _ok: bool) -> None:
        self._writing = False
        self._show_state()

    def _show_state(self) -> None:
        busy = self.busy
        self.browse.setEnabled(not busy)
        self.update_existing.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self._rows > 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setEnabled(not self._writing)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _on_read(self, rows: int) -> None:
        self._rows = rows
        self.preview.setText(self.tr("%n site(s) read from the file, no problems found.", "", rows))

    def _on_refused(self, err: UserError) -> None:
        title = self.tr("The file cannot be imported")
        if isinstance(err, ValidationError):
            self.preview.setText(
                self.tr("The file has %n problem(s); nothing was imported.", "", len(err.problems))
            )
            messages.show_problems(
                self,
                title,
                self.tr("Correct these problems in the file and choose it again. Nothing was imported."),
                _problem_lines(err),
            )
        else:
            self.preview.setText(err.message)
            messages.show_error(self, err, title)

    def _on_imported(self, counts: site_import.ImportResult) -> None:
        self.result_counts = counts
        messages.inform(
            self,
            self.tr("Sites imported"),
            self.tr("%1 new, %2 updated.")
            .replace("%1", str(counts.created))
            .replace("%2", str(counts.updated)),
        )
        self.accept()

    def _on_not_imported(self, err: UserError) -> None:
        title = self.tr("The file cannot be imported")
        self.preview.setText(self.tr("Nothing was imported."))
        if isinstance(err, ValidationError):
            messages.show_problems(self, title, self.tr("Nothing was imported:"), _problem_lines(err))
        else:
            messages.show_error(self, err, title)
