"""Loading an office's list of licensed institutions from an Excel or CSV file.

Same rules and messages as ``inspector sites import``: the whole file is parsed and validated by
:mod:`inspector.services.site_import` first, every problem is listed (row, column, what is wrong) in
one dialog, and nothing is written unless the whole file is clean.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.errors import UserError, ValidationError
from inspector.i18n import labelled
from inspector.services import site_import
from inspector.ui import messages
from inspector.ui.boxes import STRETCH, hbox, vbox
from inspector.ui.context import UiContext
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.submit import act_cancel, write_and_accept
from inspector.ui.user_folders import chosen_file


def _problem_lines(err: ValidationError) -> list[str]:
    return [labelled(where, msg) if where else msg for where, msg in err.problems]


class SiteImportDialog(QDialog):
    """Choose a file, see how many sites it holds, import; ``result`` holds the counts afterwards."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._rows = 0
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
        browse = QPushButton(self.tr("Choose file…"))
        browse.clicked.connect(self._on_browse_clicked)
        chooser = hbox((self.path, 1), browse)
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

    def set_path(self, path: Path) -> bool:
        """Parse ``path`` and show how many sites it holds, or every problem it has."""
        self.path.setText(str(path))
        self.import_button.setEnabled(False)
        self._rows = 0
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            parsed = site_import.parse_sites(path)
        except ValidationError as err:
            QGuiApplication.restoreOverrideCursor()
            self.preview.setText(
                self.tr("The file has %n problem(s); nothing was imported.", "", len(err.problems))
            )
            messages.show_problems(
                self,
                self.tr("The file cannot be imported"),
                self.tr("Correct these problems in the file and choose it again. Nothing was imported."),
                _problem_lines(err),
            )
            return False
        except UserError as err:
            QGuiApplication.restoreOverrideCursor()
            self.preview.setText(err.message)
            messages.show_error(self, err, self.tr("The file cannot be imported"))
            return False
        QGuiApplication.restoreOverrideCursor()
        self._rows = len(parsed)
        self.preview.setText(self.tr("%n site(s) read from the file, no problems found.", "", self._rows))
        self.import_button.setEnabled(True)
        return True

    def run_import(self) -> bool:
        """Write the file in one transaction; problems (e.g. licence numbers already taken) are listed."""
        if not self._rows:
            return False
        path = Path(self.path.text())

        def write(s: Session) -> None:
            self.result_counts = site_import.import_sites(
                s, self._ctx.actor, path, update_existing=self.update_existing.isChecked()
            )

        title = self.tr("The file cannot be imported")

        def list_problems(err: ValidationError) -> None:
            messages.show_problems(self, title, self.tr("Nothing was imported:"), _problem_lines(err))

        saved = write_and_accept(
            self, self._ctx.db, write, accept=False, on_invalid=list_problems, error_title=title
        )
        counts = self.result_counts
        if not saved or counts is None:
            return False
        messages.inform(
            self,
            self.tr("Sites imported"),
            self.tr("%1 new, %2 updated.")
            .replace("%1", str(counts.created))
            .replace("%2", str(counts.updated)),
        )
        self.accept()
        return True
