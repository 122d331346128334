"""Showing and printing document pages from the PDF, and handing files to the system.

The PDF (from the session's warm LibreOffice, :mod:`inspector.documents.warm_pdf`) is read with
QtPdf's :class:`QPdfDocument` (the ``PySide6-Pdf`` wheel): the preview draws each page at screen
size, printing draws each page at the printer's own resolution (capped at 600 dpi, which no laser
printer exceeds in practice and which keeps one A4 page under 140 MB while it is painted). No page
images are written to disk and no pdftoppm is needed. Without LibreOffice there is no PDF: the .docx
is opened in the default application (Word, WPS), which previews and prints it itself.

Module functions (:func:`open_path`, :func:`choose_printer`) are the seams tests replace, like
:mod:`inspector.ui.messages`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from inspector.config import Config
from inspector.errors import UserError
from inspector.services.documents import evidence
from inspector.services.documents.views import DocumentView
from inspector.ui import messages

PREVIEW_DPI = 60  # a whole A4 page is 496 px wide: the dialog shows it without scrolling sideways
MAX_PRINT_DPI = 600


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_issued(parent: QWidget | None, config: Config, view: DocumentView) -> bool:
    """Open an issued document as it was issued: its stored file is first checked against the hash
    recorded at issue, and a missing or altered file is reported instead of opened. True when the
    file was as issued (and handed to the system to open)."""
    if evidence.verify_file(config, view) != "ok":
        message = QCoreApplication.translate(
            "documents",
            "The stored file of %1 is missing or was changed after it was issued. "
            "Run “inspector documents verify --restore” or restore it from a backup.",
        )
        messages.show_error(parent, UserError(message.replace("%1", view.number)))
        return False
    open_path(evidence.plain_copy_for_outside(config, view))
    return True


def choose_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """Let the person pick the printer and pages; ``False`` when cancelled."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("documents", "Print document"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def load_pdf(pdf: Path, parent: QWidget | None = None) -> QPdfDocument | None:
    """The PDF opened with QtPdf, or ``None`` when it cannot be read."""
    owner = parent if parent is not None else QCoreApplication.instance()
    assert owner is not None, "QtPdf needs the application object"
    document = QPdfDocument(owner)
    if document.load(str(pdf)) != QPdfDocument.Error.None_ or document.pageCount() <= 0:
        document.deleteLater()
        return None
    return document


def page_pixels(document: QPdfDocument, page: int, dpi: float) -> QSize:
    """The size in pixels of ``page`` drawn at ``dpi`` (page sizes are in points, 72 a inch)."""
    points = document.pagePointSize(page)
    return QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))


def paint_pdf(printer: QPrinter, pdf: Path) -> int:
    """Paint each page of ``pdf`` onto its own sheet at the printer's resolution; returns pages painted."""
    document = load_pdf(pdf)
    if document is None:
        return 0
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        document.deleteLater()
        return 0
    painted = 0
    try:
        for index in range(document.pageCount()):
            image = document.render(index, page_pixels(document, index, dpi))
            if image.isNull():
                continue
            if painted > 0:
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
        document.deleteLater()
    return painted


def print_pdf(parent: QWidget | None, pdf: Path, title: str) -> bool:
    """Ask for a printer and print ``pdf``; ``False`` when cancelled or nothing was printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # the pages already carry the official margins
    if not choose_printer(parent, printer):
        return False
    return paint_pdf(printer, pdf) > 0


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

    def show_pdf(self, pdf: Path, *, dpi: float = PREVIEW_DPI) -> int:
        """Show the PDF's pages drawn by QtPdf; returns how many are shown."""
        self._clear()
        document = load_pdf(pdf, self)
        if document is not None:
            for index in range(document.pageCount()):
                image = document.render(index, page_pixels(document, index, dpi * self.devicePixelRatioF()))
                if image.isNull():
                    continue
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self.devicePixelRatioF())
                label = QLabel()
                label.setPixmap(pixmap)
                label.setFrameShape(QLabel.Shape.Box)
                self._layout.addWidget(label)
                self.page_labels.append(label)
            document.deleteLater()
        self.message.setVisible(not self.page_labels)
        return len(self.page_labels)
