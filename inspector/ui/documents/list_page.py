"""The documents page: the register of every issued document with its number, kind, date and whether
it was served or voided.

Served (送达) is recorded here with "Mark served", the serve workflow: for a notice it also moves its
rectification on, and the follow-up board learns of it through the announced changes. "Void…" marks a
document 作废 with the reason (office or supervisor): it stays in the register; "Correct…" issues its
correction, which gets a new number and names the voided one. Opening a document first checks the
stored file against its SHA-256, so what opens is the document as issued.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.domain import DocumentKind, document_kind_label
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.services import permissions
from inspector.services.documents import evidence, views
from inspector.services.permissions import Action
from inspector.ui import messages
from inspector.ui.boxes import STRETCH, button, hbox, vbox
from inspector.ui.cases.corrections import correct_case_document
from inspector.ui.context import UiContext
from inspector.ui.documents import pages
from inspector.ui.paged_model import Column, PagedTableModel
from inspector.ui.tables import apply_on_change, choice_combo, record_table, search_box
from inspector.ui.timefmt import local_text
from inspector.ui.workflow_run import run_workflow


def served_text(r: views.DocumentView) -> str:
    """When it was served, or that it was not; a voided one says when it was voided instead."""
    if r.voided_at is not None:
        return QCoreApplication.translate("DocumentsModel", "VOID %1").replace("%1", local_text(r.voided_at))
    return (
        local_text(r.served_at) if r.served_at else QCoreApplication.translate("DocumentsModel", "Not served")
    )


class DocumentsModel(PagedTableModel):
    """Issued documents newest first, 5000 a page (the count shown is of the rows loaded)."""

    page_size = 5000
    columns = (
        Column("number", lambda self: self.tr("Number")),
        Column("title", lambda self: self.tr("Document")),
        Column("site_name", lambda self: self.tr("Site")),
        Column("issued_at", lambda self: self.tr("Issued"), lambda r: local_text(r.issued_at)),
        Column("issued_by_name", lambda self: self.tr("Issued by")),
        Column("served_at", lambda self: self.tr("Served"), served_text),
    )

    def __init__(self, ctx: UiContext, parent: Any = None) -> None:
        super().__init__(ctx.db, parent)
        self._config = ctx.config
        self._filter = views.DocumentFilter()

    def fetch_page(self, session: Session, *, limit: int, offset: int) -> list[Any]:
        return views.list_documents(session, self._config, self._filter, limit=limit, offset=offset)

    def cell(self, row: Any, column: int, role: int) -> Any:
        r: views.DocumentView = row
        if role == Qt.ItemDataRole.ForegroundRole and r.voided:
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{document_kind_label(r.kind)}\n{r.file_path}\nSHA-256 {r.sha256}"
            if r.voided:
                tip += "\n" + self.tr("Voided by %1: %2").replace("%1", r.voided_by_name).replace(
                    "%2", r.void_reason
                )
            return tip
        return super().cell(row, column, role)


class DocumentsPage(QWidget):
    """Signals:
    document_activated(view): a row was opened (double-click or Open).
    count_changed(n): the number of rows shown changed.
    """

    document_activated = Signal(object)
    count_changed = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.kind_filter = choice_combo(
            self.tr("All documents"), ((document_kind_label(k.value), k.value) for k in DocumentKind)
        )
        self.served_filter = choice_combo(
            self.tr("Served or not"), ((self.tr("Not served"), False), (self.tr("Served"), True))
        )
        self.search = search_box(self.tr("Search site or number…"))
        self._debounce = apply_on_change(
            self,
            self.reload,
            self.search,
            self.kind_filter.currentIndexChanged,
            self.served_filter.currentIndexChanged,
            delay_ms=250,
        )

        self.model = DocumentsModel(ctx, self)
        self.table = record_table(self.model, (), alternating=False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (0, 1, 3, 4, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        buttons = self._buttons()
        filters = hbox(self.kind_filter, self.served_filter, (self.search, 1))
        vbox(filters, (self.table, 1), buttons, owner=self)
        self.reload()

    def _buttons(self) -> QHBoxLayout:
        """The row under the table: open, folder, served, void, correct; the count; refresh."""
        self.open_button = button(self.tr("Open"), self.open_selected)
        self.folder_button = button(self.tr("Open folder"), self.open_folder)
        self.served_button = button(self.tr("Mark served"), self.mark_served)
        self.void_button = button(self.tr("Void…"), self.void_selected)
        self.correct_button = button(self.tr("Issue correction…"), self.correct_selected)
        refresh = button(self.tr("Refresh"), self.reload)
        self.count_label = QLabel()
        return hbox(
            self.open_button,
            self.folder_button,
            self.served_button,
            self.void_button,
            self.correct_button,
            STRETCH,
            self.count_label,
            refresh,
        )

    def current_filter(self) -> views.DocumentFilter:
        return views.DocumentFilter(
            kind=self.kind_filter.currentData(),
            served=self.served_filter.currentData(),
            text=self.search.text().strip(),
        )

    def reload(self) -> None:
        self.model.set_filter(self.current_filter())
        n = self.model.total()
        self.count_label.setText(self.tr("%n document(s)", "", n))
        self._update_buttons()
        self.count_changed.emit(n)

    def selected(self) -> views.DocumentView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        view = self.selected()
        self.open_button.setEnabled(view is not None)
        self.folder_button.setEnabled(view is not None)
        self.served_button.setEnabled(
            view is not None
            and not view.served
            and not view.voided
            and permissions.may(self._ctx.actor, Action.SERVE)
        )
        self.void_button.setEnabled(
            view is not None and not view.voided and permissions.may(self._ctx.actor, Action.VOID_DOCUMENT)
        )
        self.correct_button.setEnabled(
            view is not None
            and view.voided
            and view.replaced_by is None
            and permissions.may(self._ctx.actor, permissions.issuing(view.kind))
        )

    def void_selected(self) -> bool:
        """Ask for the reason and mark the selected document 作废; it stays in the register."""
        view = self.selected()
        if view is None or view.voided:
            return False
        reason = messages.ask_text(
            self,
            self.tr("Void document"),
            self.tr("Why is %1 voided? The reason is recorded with your name and the time.").replace(
                "%1", view.number
            ),
        )
        if reason is None:
            return False
        changes = run_workflow(
            self,
            self._ctx.db,
            lambda s: workflows.void_document(s, self._ctx.actor, self._ctx.config, view.number, reason),
        )
        if changes is None:
            return False
        self._ctx.announce(changes)
        return True

    def correct_selected(self) -> None:
        """Issue the corrected document of the selected voided one (a new number, naming the old)."""
        from inspector.ui.documents.issue_dialog import IssueDialog

        view = self.selected()
        if view is None or not view.voided:
            return
        if DocumentKind(view.kind) in CASE_DOCUMENT_KINDS:  # issued from its case, not an inspection
            correct_case_document(self._ctx, self, view)
            return
        IssueDialog(self._ctx, view.inspection_id, view.kind, self, replaces=view.id).exec()

    def open_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        if pages.open_issued(self, self._ctx.config, view):
            self.document_activated.emit(view)

    def open_folder(self) -> None:
        """The folder of a plain copy (the stored file is sealed in an encrypted directory)."""
        view = self.selected()
        if view is not None:
            pages.open_path(evidence.plain_copy_for_outside(self._ctx.config, view).parent)

    def mark_served(self) -> None:
        view = self.selected()
        if view is None or view.served:
            return
        question = (
            self.tr("Record that %1 (%2) was handed to %3 now?")
            .replace("%1", view.title)
            .replace("%2", view.number)
            .replace("%3", view.site_name)
        )
        if not messages.confirm(self, self.tr("Mark served"), question):
            return
        changes = run_workflow(
            self,
            self._ctx.db,
            lambda s: workflows.serve_document(s, self._ctx.actor, self._ctx.config, view.id),
        )
        if changes is not None:
            self._ctx.announce(changes)

    def apply_changes(self, changes: workflows.Changes) -> None:
        """Reload when an action changed documents (the main window calls this); the selected row
        stays selected."""
        if not changes.documents:
            return
        current = self.selected()
        self.reload()
        for row in range(self.model.rowCount()):
            shown = self.model.row_at(row)
            if current is not None and shown is not None and shown.id == current.id:
                self.select_row(row)
