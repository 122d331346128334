"""The main window: a navigation list (sites, inspections, documents, follow-up, each with its count)
beside a stack of pages, a tool bar for the common actions, and a status bar that says who is working
and where the data lives.

Start-up stays quick: the window frame (navigation, status bar) is built from the configuration alone
and shown before the data layer is even imported; :meth:`MainWindow.attach` then adds the sites and
inspections pages once the database is open, the documents and follow-up pages right after that
(:data:`LATE_PAGES_DELAY_MS`), and dialogs and the inspection walk-through when first used. What the
window opens in place of its lists (an inspection, a case, the proposals after an action) is in
``window_opening``; this module is the frame, its pages and its navigation.

Whatever an action changed reaches every page the same way: the page or dialog that ran it announces
its :class:`~inspector.workflows.Changes` on the context, and :meth:`MainWindow.apply_changes` hands
them to each page, whose own ``apply_changes`` decides whether to reload; the navigation counts
follow the pages. The window never refreshes a page by name after an action.

The frame is built in the language remembered on this computer; the office's setting, read once
the database is open, may differ. Qt then sends every window a ``LanguageChange`` and the frame
says all it shows again in the new language (:meth:`MainWindow.retranslate_ui`), so the window
never shows two languages at once. Its title is the page shown and the application's name, once
(no application display name is set, which Qt would append to every dialog's title).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

# Only what the frame needs is imported here; the rest comes with attach() and the actions. PySide
# makes a class's Python type on first use, and its ``Qt`` namespace costs about 30 ms then (every
# enum in it is built at once), so the frame does without it (see ``PlaceholderPage``).
from PySide6.QtCore import QEvent, QSize
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
from inspector.ui.window_opening import WindowOpening

if TYPE_CHECKING:
    import uuid
    from collections.abc import Callable

    from PySide6.QtGui import QCloseEvent

    from inspector.services import sites
    from inspector.services.documents.views import DocumentView
    from inspector.ui.context import UiContext
    from inspector.ui.inspection.page import InspectionPage
    from inspector.ui.inspections_page import InspectionsPage
    from inspector.ui.sites_page import SitesPage
    from inspector.workflows import Changes

LATE_PAGES_DELAY_MS = 150
Page = TypeVar("Page", bound=QWidget)
# ``Qt.AlignmentFlag.AlignCenter`` and ``Qt.TextInteractionFlag.TextSelectableByMouse`` as numbers, set
# through Qt's property system, so that the frame never builds PySide's ``Qt`` namespace (see the
# imports); ``tests/ui/test_main_window_frame.py`` checks that they still mean those flags.
ALIGN_CENTER = 0x0084
TEXT_SELECTABLE_BY_MOUSE = 0x0001


class PlaceholderPage(QLabel):
    """A page whose capability has not landed yet; says so instead of showing an empty grey area."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setProperty("alignment", ALIGN_CENTER)
        self.setWordWrap(True)


class MainWindow(WindowOpening, QMainWindow):
    """The app's one main window; ``workspace`` shows the inspection being walked through (opened, and
    the cases and decisions that follow from it, by :class:`WindowOpening`)."""

    PAGES = ("sites", "inspections", "documents", "followup", "cases")

    def __init__(self, source: Config | UiContext) -> None:
        """Build the frame; given a :class:`UiContext` (tests, screenshots) also attach it at once."""
        super().__init__()
        config = source if isinstance(source, Config) else source.config
        self.config = config
        self.inspection_page: InspectionPage | None = None
        self.setWindowTitle(self.app_name())
        self.resize(1280, 720)
        self.setMinimumSize(QSize(900, 560))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self.loading = PlaceholderPage(self.tr("Opening the database…"))
        self.stack.addWidget(self.loading)
        self._counts = dict.fromkeys(self.PAGES, 0)
        for page in self.PAGES:
            self.nav.addItem(QListWidgetItem(self.page_titles()[page]))
        self.nav.setEnabled(False)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.location = QLabel(self.tr("Data: %1").replace("%1", config.describe_db()))
        self.location.setProperty("textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
        self.statusBar().addPermanentWidget(self.location)
        if not isinstance(source, Config):
            self.attach(source)

    def attach(self, ctx: UiContext) -> None:
        """The database is open and someone is signed in: build the pages and the actions."""
        from functools import partial

        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QKeySequence, QShortcut
        from PySide6.QtWidgets import QVBoxLayout

        from inspector.ui import resume
        from inspector.ui.inspections_page import InspectionsPage
        from inspector.ui.sites_page import SitesPage

        self.ctx = ctx
        self.db = ctx.db
        self._escalations: frozenset[uuid.UUID] = frozenset()
        self.config = ctx.config
        self.sites_page: SitesPage = SitesPage(ctx.db)
        self.inspections_page: InspectionsPage = InspectionsPage(ctx.db)
        self.documents_page: QWidget = PlaceholderPage(self.tr("Loading…"))
        self.followup_page: QWidget = PlaceholderPage(self.tr("Loading…"))
        self.cases_page: QWidget = PlaceholderPage(self.tr("Loading…"))
        self._case_proposals: frozenset[uuid.UUID] = frozenset()
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        for page in self._pages():
            self.stack.addWidget(page)
        self.workspace = QWidget()
        self.workspace_layout = QVBoxLayout(self.workspace)
        self.workspace_layout.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.workspace)

        ctx.changes.changed.connect(self.apply_changes)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        self.sites_page.count_changed.connect(lambda n: self.set_count("sites", n))
        self.sites_page.site_activated.connect(self.edit_site)
        self.sites_page.new_site_requested.connect(self.new_site)
        self.sites_page.import_requested.connect(self.import_sites)
        self.sites_page.inspect_requested.connect(self.new_inspection)
        self.inspections_page.count_changed.connect(lambda n: self.set_count("inspections", n))
        self.inspections_page.inspection_activated.connect(lambda row: self.open_inspection(row.id))
        self.set_count("sites", self.sites_page.model.total())
        self.set_count("inspections", self.inspections_page.model.rowCount())
        self.set_count("documents", 0)
        self.set_count("followup", 0)
        self.set_count("cases", 0)
        self.nav.setEnabled(True)
        self.nav.setCurrentRow(0)
        self.stack.setCurrentIndex(0)
        self._tool_bar()
        self.show_current_user()
        for i, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5")):
            QShortcut(QKeySequence(key), self).activated.connect(partial(self.nav.setCurrentRow, i))
        self.sites_page.search.setFocus()
        self.retranslate_ui()
        QTimer.singleShot(LATE_PAGES_DELAY_MS, self.build_late_pages)
        resume.offer(self)  # the inspection a crash left open, if any

    @property
    def attached(self) -> bool:
        return hasattr(self, "ctx")

    def _pages(self) -> tuple[QWidget, ...]:
        return (
            self.sites_page,
            self.inspections_page,
            self.documents_page,
            self.followup_page,
            self.cases_page,
        )

    def build_late_pages(self) -> None:
        """Replace the documents and follow-up placeholders by the real pages (once)."""
        if isinstance(self.documents_page, PlaceholderPage):
            from inspector.ui.documents import DocumentsPage

            documents_page = DocumentsPage(self.ctx)
            documents_page.count_changed.connect(lambda n: self.set_count("documents", n))
            documents_page.document_activated.connect(self._on_documents_page_document_activated)
            self.documents_page = self._late_page(
                "documents", self.documents_page, documents_page, documents_page.model.rowCount()
            )
        if isinstance(self.followup_page, PlaceholderPage):
            from inspector.ui.followup import FollowupPage

            followup_page = FollowupPage(self.ctx)
            followup_page.counts_changed.connect(lambda open_, _overdue: self.set_count("followup", open_))
            followup_page.reinspection_started.connect(self.open_inspection)
            followup_page.case_activated.connect(self.open_case)
            self.followup_page = self._late_page(
                "followup", self.followup_page, followup_page, followup_page.counts()[0]
            )
        if isinstance(self.cases_page, PlaceholderPage):
            from inspector.ui.cases import CasesPage

            cases_page = CasesPage(self.ctx)
            cases_page.counts_changed.connect(lambda n: self.set_count("cases", n))
            cases_page.inspection_requested.connect(self.open_inspection)
            self.cases_page = self._late_page("cases", self.cases_page, cases_page, cases_page.open_count())

    def apply_changes(self, changes: Changes) -> None:
        """Hand what an action changed to every page (each reloads what it shows of it; the counts in
        the navigation follow), then propose escalation where a re-inspection found no correction."""
        for page in self._pages():
            apply = getattr(page, "apply_changes", None)
            if apply is not None:
                apply(changes)
        from PySide6.QtWidgets import QApplication

        self._escalations |= changes.escalation_proposed
        self._case_proposals |= changes.case_proposed
        if QApplication.activeModalWidget() is None:  # else once the dialog that issued it closes
            self.propose_escalation()
            self.propose_cases()

    def _late_page(self, page: str, placeholder: QWidget, real: Page, count: int) -> Page:
        """``real`` where ``placeholder`` stood (the page shown stays shown), its count in the navigation."""
        index = self.stack.indexOf(placeholder)
        current = self.stack.currentIndex()
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.insertWidget(index, real)
        self.stack.setCurrentIndex(current)
        self.set_count(page, count)
        return real

    def _on_documents_page_document_activated(self, view: DocumentView) -> None:
        """Open the issued document in the word processor: a private plain copy (removed when the
        app ends), since the stored file is sealed in an encrypted directory."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from inspector.services.documents import evidence

        path = evidence.plain_copy_for_outside(self.ctx.config, view)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _tool_bar(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QAction, QKeySequence
        from PySide6.QtWidgets import QToolBar

        self.tool_bar = bar = QToolBar()
        bar.setObjectName("actions")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)

        def action(slot: Callable[[], object], shortcut: str = "") -> QAction:
            made = QAction(self)
            made.triggered.connect(slot)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            return made

        self.new_inspection_action = action(lambda: self.new_inspection(None), "Ctrl+N")
        self.new_site_action = action(self.new_site)
        self.import_action = action(self.import_sites)
        self.settings_action = action(self.open_settings, "Ctrl+,")
        self.switch_user_action = action(self.switch_user)
        self.password_action = action(self.change_password)
        self._name_actions()
        bar.addActions([self.new_inspection_action, self.new_site_action, self.import_action])
        bar.addSeparator()
        bar.addActions([self.settings_action, self.switch_user_action, self.password_action])

    def _name_actions(self) -> None:
        self.tool_bar.setWindowTitle(self.tr("Actions"))
        for action, text in (
            (self.new_inspection_action, self.tr("New inspection")),
            (self.new_site_action, self.tr("New site")),
            (self.import_action, self.tr("Import sites…")),
            (self.settings_action, self.tr("Settings…")),
            (self.switch_user_action, self.tr("Switch user…")),
            (self.password_action, self.tr("Change my password…")),
        ):
            action.setText(text)

    # -- language ------------------------------------------------------------------------------------------
    def app_name(self) -> str:
        return self.tr("Inspector (关爱女孩 field inspections)")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "location"):
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Say everything the window itself shows again, in the language now installed."""
        self.location.setText(self.tr("Data: %1").replace("%1", self.config.describe_db()))
        self._show_title()
        if not self.attached:
            self.loading.setText(self.tr("Opening the database…"))
            for row, title in enumerate(self.page_titles().values()):
                self.nav.item(row).setText(title)
            return
        for page in self.PAGES:
            self.set_count(page, self._counts[page])
        for placeholder in (self.documents_page, self.followup_page):
            if isinstance(placeholder, PlaceholderPage):
                placeholder.setText(self.tr("Loading…"))
        if hasattr(self, "tool_bar"):
            self._name_actions()
            self.show_current_user()
        if self.inspection_page is not None:
            self.back_button.setText(self.tr("◀ Back to the list"))

    def _show_title(self) -> None:
        """The page shown, then the application's name."""
        row = self.nav.currentRow() if self.attached else -1
        page = f"{self.page_titles()[self.PAGES[row]]} — " if row >= 0 else ""
        self.setWindowTitle(page + self.app_name())

    # -- navigation ----------------------------------------------------------------------------------------
    def page_titles(self) -> dict[str, str]:
        return {
            "sites": self.tr("Sites"),
            "inspections": self.tr("Inspections"),
            "documents": self.tr("Documents"),
            "followup": self.tr("Follow-up"),
            "cases": self.tr("Cases"),
        }

    def set_count(self, page: str, count: int) -> None:
        self._counts[page] = count
        row = self.PAGES.index(page)
        capped = page == "sites" and self.sites_page.model.total_is_capped()
        self.nav.item(row).setText(f"{self.page_titles()[page]}  ({count}{'+' if capped else ''})")

    def count(self, page: str) -> int:
        return self._counts[page]

    def show_page(self, page: str) -> None:
        self.nav.setCurrentRow(self.PAGES.index(page))

    def _on_nav_current_row_changed(self, row: int) -> None:
        self._show_title()
        if self.inspection_page is not None and row == self.PAGES.index("inspections"):
            self.stack.setCurrentWidget(self.workspace)
            return
        self.stack.setCurrentIndex(row)

    def show_current_user(self) -> None:
        actor = self.ctx.actor
        name = actor.name if actor.user_id else self.tr("system account")
        self.user_label.setText(self.tr("Signed in: %1").replace("%1", name))
        self.password_action.setEnabled(actor.user_id is not None)
        from inspector.services import permissions

        may_inspect = permissions.may(actor, permissions.Action.INSPECT)
        self.new_inspection_action.setEnabled(may_inspect)
        self.sites_page.set_may_inspect(may_inspect)

    def switch_user(self) -> None:
        """Another person takes over the laptop: sign in again; the open inspection is saved first."""
        from inspector.ui.auth import SignInDialog

        self.close_inspection()
        dialog = SignInDialog(self.db, self, username="")  # someone else: not the last name
        if dialog.exec() and dialog.actor is not None:
            self.ctx.actor = dialog.actor
            self.show_current_user()

    def change_password(self) -> None:
        from inspector.ui.auth import ChangePasswordDialog

        ChangePasswordDialog(self.db, self.ctx.actor, self).exec()

    # -- sites ---------------------------------------------------------------------------------------------
    def new_site(self) -> None:
        from inspector.ui.site_dialog import SiteDialog

        dialog = SiteDialog(self.ctx, parent=self)
        if dialog.exec() and dialog.saved_site is not None:
            self._announce(sites=frozenset({dialog.saved_site.id}))

    def edit_site(self, site: sites.SiteView) -> None:
        from inspector.ui.site_dialog import SiteDialog

        dialog = SiteDialog(self.ctx, site, parent=self)
        if dialog.exec():
            self._announce(sites=frozenset({site.id}))

    def import_sites(self) -> None:
        from inspector.ui.site_import_dialog import SiteImportDialog

        if SiteImportDialog(self.ctx, self).exec():
            self._announce(registry=True, statistics=True)

    def _announce(self, **changed: object) -> None:
        """Announce what a dialog that is not a workflow changed (sites, a started inspection)."""
        from inspector.workflows import Changes

        self.ctx.announce(Changes(**changed))  # type: ignore[arg-type]

    # -- settings ------------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from inspector.ui.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Every change is already committed when it is made; this writes text still being typed.
        if self.attached:
            self.close_inspection()
            self.db.close()
        super().closeEvent(event)
