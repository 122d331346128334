"""Showing and printing document pages, and handing files to the system.

Previews are page images (LibreOffice → PDF → pdftoppm → PNG), shown in a scroll area; this works
with PySide6-Essentials, which has no QtPdf. Printing paints the same pages, rendered at print
resolution, onto a :class:`QPrinter`. Without LibreOffice there are no pages: the .docx is opened in
the default application (Word, WPS), which previews and prints it itself.

Module functions (:func:`open_path`, :func:`choose_printer`) are the seams tests replace, like
:mod:`inspector.ui.messages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """Let the person pick the printer and pages; ``False`` when cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("documents", "Print document"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def paint_pages(printer: QPrinter, pages: Sequence[Path]) -> int:
    """Paint each page image onto its own sheet, scaled to the printable area; returns pages painted."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    painted = 0
    try:
        for index, path in enumerate(pages):
            image = QImage(str(path))
            if image.isNull():
                continue
            if index > 0:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2, area.y(), size.width(), size.height()
            )
            painter.drawImage(target, image)
            painted += 1
    finally:
        painter.end()
    return painted


def print_pages(parent: QWidget | None, pages: Sequence[Path], title: str) -> bool:
    """Ask for a printer and print ``pages``; ``False`` when cancelled or nothing was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # the pages already carry the official margins
    if not choose_printer(parent, printer):
        return False
    return paint_pages(printer, pages) > 0


class PagePreview(QScrollArea):
    """The pages of a document, one under the other, or a message where there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(360)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self.page_labels: list[QLabel] = []
        self.message = QLabel(self.tr("Press Preview to see the document before issuing it."))
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message)

    def _clear(self) -> None:
        for label in self.page_labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.page_labels = []

    def show_message(self, text: str) -> None:
        self._clear()
        self.message.setText(text)
        self.message.show()

    def show_pages(self, pages: Sequence[Path]) -> int:
        """Show the page images; returns how many could be loaded."""
        self._clear()
        for path in pages:
            pixmap = QPixmap(str(path))
            if pixmap.isNull():
                continue
            label = QLabel()
            label.setPixmap(pixmap)
            label.setFrameShape(QLabel.Shape.Box)
            self._layout.addWidget(label)
            self.page_labels.append(label)
        self.message.setVisible(not self.page_labels)
        return len(self.page_labels)
