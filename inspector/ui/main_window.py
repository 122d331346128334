"""The main window: a navigation list (sites, inspections, documents, follow-up, each with its count)
beside a stack of pages, and a status bar that says where the data lives."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from inspector.config import Config
from inspector.storage.db import Database
from inspector.ui.inspections_page import InspectionsPage
from inspector.ui.sites_page import SitesPage


class PlaceholderPage(QLabel):
    """A page whose capability has not landed yet; says so instead of showing an empty grey area."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)


class MainWindow(QMainWindow):
    PAGES = ("sites", "inspections", "documents", "followup")

    def __init__(self, config: Config, db: Database) -> None:
        super().__init__()
        self.config = config
        self.db = db
        self.setWindowTitle(self.tr("Inspector — 关爱女孩 field inspections"))
        self.resize(1280, 720)
        self.setMinimumSize(QSize(900, 560))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.sites_page = SitesPage(db)
        self.inspections_page = InspectionsPage(db)
        self.documents_page: QWidget = PlaceholderPage(self.tr("Issued documents will be listed here."))
        self.followup_page: QWidget = PlaceholderPage(self.tr("Rectifications to follow up will be listed here."))
        self._counts = dict.fromkeys(self.PAGES, 0)
        for page in (self.sites_page, self.inspections_page, self.documents_page, self.followup_page):
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem())
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sites_page.count_changed.connect(lambda n: self.set_count("sites", n))
        self.inspections_page.count_changed.connect(lambda n: self.set_count("inspections", n))
        self.set_count("sites", self.sites_page.model.total())
        self.set_count("inspections", self.inspections_page.model.rowCount())
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.location = QLabel(self.tr("Data: %1").replace("%1", config.describe_db()))
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.location)
        for i, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4")):
            QShortcut(QKeySequence(key), self, activated=lambda i=i: self.nav.setCurrentRow(i))

    def page_titles(self) -> dict[str, str]:
        return {"sites": self.tr("Sites"), "inspections": self.tr("Inspections"),
                "documents": self.tr("Documents"), "followup": self.tr("Follow-up")}

    def set_count(self, page: str, count: int) -> None:
        self._counts[page] = count
        row = self.PAGES.index(page)
        self.nav.item(row).setText(f"{self.page_titles()[page]}  ({count})")

    def count(self, page: str) -> int:
        return self._counts[page]

    def show_page(self, page: str) -> None:
        self.nav.setCurrentRow(self.PAGES.index(page))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every change is already committed when it is made; closing only releases the database.
        self.db.close()
        super().closeEvent(event)
