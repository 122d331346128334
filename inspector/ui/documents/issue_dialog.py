"""The issue dialog: check a document before it gets its number, then issue, print, open its folder.

For a notice each finding's demanded correction and deadline can be edited before issuing (they
default to the checklist's, or to what the inspector recorded); once issued, nothing changes any
more. Preview shows the document exactly as issuing would make it, but without a number and without
writing anything. All work (rendering, LibreOffice, page images) runs in a background
:class:`~inspector.ui.jobs.Job`, with the progress shown in the dialog.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector import workflows
from inspector.documents.notice import FindingOverride, NoticeItem
from inspector.documents.pdf import pdf_available
from inspector.domain import DocumentKind
from inspector.errors import UserError
from inspector.services import permissions
from inspector.services.documents import evidence, issuing, views
from inspector.ui import messages
from inspector.ui.boxes import STRETCH, hbox
from inspector.ui.context import UiContext
from inspector.ui.documents import pages
from inspector.ui.documents.render_tasks import (
    POOL,
    Rendered,
    issue_job,
    issued_pdf_job,
    pdf_job,
    preview_job,
)
from inspector.ui.jobs import Control, Job, Task
from inspector.ui.screen_fit import fit_to_screen
from inspector.ui.timefmt import local_text

COL_CODE, COL_FINDING, COL_CORRECTION, COL_DEADLINE = range(4)
MAX_DAYS = 365


class IssueDialog(QDialog):
    """Issue one document of an inspection.

    Signals:
        issued(view): the document was issued (a :class:`~inspector.services.documents.views.DocumentView`).
        work_done(ok): a background job (preview, issue, print preparation) ended.
    """

    issued = Signal(object)
    work_done = Signal(bool)

    def __init__(
        self,
        ctx: UiContext,
        inspection_id: uuid.UUID,
        kind: str,
        parent: QWidget | None = None,
        *,
        replaces: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._inspection_id = inspection_id
        self._kind = DocumentKind(kind).value
        self._replaces = replaces  # the voided document this one corrects
        self._job: Job | None = None
        self._rendered: Rendered | None = None
        self._view: views.DocumentView | None = None
        self._spins: list[QSpinBox] = []
        with ctx.db.read() as s:
            self._draft = issuing.prepare_issue(s, ctx.config, inspection_id, self._kind)
        self._view = self._draft.existing
        self.setWindowTitle(self.tr("Issue %1").replace("%1", self._draft.title))
        fit_to_screen(self, 1180, 760)
        self._build()
        self._refresh_state()

    # ---------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        left = self._build_left()
        self.preview = pages.PagePreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 540])  # a whole page width of the preview (A4 at 60 dpi is 496 px)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _build_left(self) -> QWidget:
        """The heading, the refusals and warnings, and (for a notice) the table of findings."""
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(f"<b>{self._draft.title}</b> — {self._draft.site_name}")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.heading)
        self.number_label = QLabel()
        column.addWidget(self.number_label)
        refusals = list(self._draft.refusals)
        if not self._permitted():
            refusals.append(self.tr("Your role may not issue this document; ask a colleague who may."))
        self.refusal_label = QLabel("\n".join(refusals))
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_label.setStyleSheet("color: #b00020;")
        self.refusal_label.setVisible(bool(refusals))
        column.addWidget(self.refusal_label)
        notes = [*self._draft.warnings, *issuing.flag_messages(self._draft.flags)]
        self.warning_label = QLabel("\n".join(f"• {w}" for w in notes))
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5300;")
        self.warning_label.setVisible(bool(notes))
        column.addWidget(self.warning_label)
        self._build_findings_table()
        column.addWidget(self.table_hint)
        column.addWidget(self.table, 1)
        if not self.table.isVisible():
            column.addStretch(1)
        return left

    def _build_findings_table(self) -> None:
        """The notice's findings with an editable correction and deadline, and the hint above."""
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Finding"), self.tr("Correction demanded"), self.tr("Deadline (days)")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_FINDING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CORRECTION, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for finding in self._draft.findings:
            self._add_row(finding)
        self.table.resizeRowsToContents()
        self.table.setVisible(self._kind == DocumentKind.NOTICE.value and bool(self._draft.findings))
        self.table_hint = QLabel(
            self.tr(
                "Edit the correction and the deadline of each finding before issuing; "
                "0 days means correct immediately."
            )
        )
        self.table_hint.setWordWrap(True)
        self.table_hint.setVisible(self.table.isVisible())

    def _build_buttons(self) -> QHBoxLayout:
        """Preview, issue, print, open, folder on the left; close on the right."""
        self.preview_button = QPushButton(self.tr("Preview"))
        self.issue_button = QPushButton(self.tr("Issue"))
        self.issue_button.setDefault(True)
        self.print_button = QPushButton(self.tr("Print…"))
        self.folder_button = QPushButton(self.tr("Open folder"))
        self.open_button = QPushButton(self.tr("Open in Word"))
        close = QPushButton(self.tr("Close"))
        self.preview_button.clicked.connect(self.preview_document)
        self.issue_button.clicked.connect(self.issue_document)
        self.print_button.clicked.connect(self.print_document)
        self.folder_button.clicked.connect(self.open_folder)
        self.open_button.clicked.connect(self.open_document)
        close.clicked.connect(self.reject)
        return hbox(
            self.preview_button,
            self.issue_button,
            self.print_button,
            self.open_button,
            self.folder_button,
            STRETCH,
            close,
        )

    def _add_row(self, finding: NoticeItem) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        code = QTableWidgetItem(finding.code)
        code.setFlags(code.flags() & ~Qt.ItemFlag.ItemIsEditable)
        code.setToolTip(finding.question)
        text = QTableWidgetItem(finding.finding)
        text.setFlags(text.flags() & ~Qt.ItemFlag.ItemIsEditable)
        citations = "\n".join(a.citation for a in finding.articles)
        text.setToolTip(citations)
        correction = QTableWidgetItem(finding.correction)
        correction.setData(Qt.ItemDataRole.UserRole, finding.default_correction)
        self.table.setItem(row, COL_CODE, code)
        self.table.setItem(row, COL_FINDING, text)
        self.table.setItem(row, COL_CORRECTION, correction)
        spin = QSpinBox()
        spin.setRange(0, MAX_DAYS)
        spin.setValue(finding.deadline_days)
        spin.setSuffix(self.tr(" days"))
        spin.setProperty("default_days", finding.default_deadline_days)
        self.table.setCellWidget(row, COL_DEADLINE, spin)
        self._spins.append(spin)

    # ---------------------------------------------------------------------------------- state

    @property
    def view(self) -> views.DocumentView | None:
        """The issued document, once there is one."""
        return self._view

    def _permitted(self) -> bool:
        return permissions.may(self._ctx.actor, permissions.issuing(self._kind))

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def _refresh_state(self) -> None:
        issued = self._view is not None
        if issued:
            assert self._view is not None
            self.number_label.setText(
                self.tr("Issued as %1 on %2.")
                .replace("%1", self._view.number)
                .replace("%2", local_text(self._view.issued_at))
            )
        elif self._draft.number_preview:
            self.number_label.setText(
                self.tr("Issuing allocates the next number, now %1.").replace(
                    "%1", self._draft.number_preview
                )
            )
        editable = not issued and not self.busy
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for spin in self._spins:
            spin.setEnabled(editable)
        can_render = not self.busy and (issued or not self._draft.refusals)
        self.preview_button.setEnabled(can_render)
        self.issue_button.setEnabled(
            not issued and not self.busy and self._draft.can_issue and self._permitted()
        )
        self.print_button.setEnabled(can_render)
        self.open_button.setEnabled(not self.busy and (issued or self._rendered is not None))
        self.folder_button.setEnabled(not self.busy and (issued or self._rendered is not None))

    def overrides(self) -> dict[str, FindingOverride]:
        """What was changed in the findings table, by item code (unchanged rows are left out)."""
        out: dict[str, FindingOverride] = {}
        for row in range(self.table.rowCount()):
            code_item = self.table.item(row, COL_CODE)
            item = self.table.item(row, COL_CORRECTION)
            if code_item is None or item is None:
                continue
            code = code_item.text()
            text = item.text().strip()
            default = str(item.data(Qt.ItemDataRole.UserRole) or "")
            spin = self._spins[row]
            days = spin.value()
            changed_text = text if text and text != default else None
            changed_days = days if days != int(spin.property("default_days")) else None
            if changed_text is not None or changed_days is not None:
                out[code] = FindingOverride(correction=changed_text, deadline_days=changed_days)
        return out

    # ---------------------------------------------------------------------------------- actions

    def _start(self, task: Task, on_finished: Callable[[Rendered], None]) -> None:
        job = Job(self, task, pool_name=POOL).with_progress(self.status.setText).success(on_finished)
        self._job = job.failure(self._on_failed).ended(self._on_job_ended)
        self.progress.setVisible(True)
        job.run_in_background()
        self._refresh_state()

    def _job_ended(self, ok: bool) -> None:
        self.progress.setVisible(False)
        self._refresh_state()
        self.work_done.emit(ok)

    def _on_failed(self, err: UserError) -> None:
        self.status.setText("")
        messages.show_error(self, err)

    def _on_job_ended(self, ok: bool) -> None:
        if not ok:  # a user error (shown above) or a bug (the crash handler showed it)
            self._job_ended(False)

    def preview_document(self) -> None:
        """Render the document (the issued file, or what issuing would make) and show its pages."""
        if self.busy:
            return
        with_pdf = pdf_available()
        if self._view is not None:
            if not with_pdf:
                self._show_without_pdf(evidence.plain_copy_for_outside(self._ctx.config, self._view))
                return
            task = issued_pdf_job(self._ctx.config, self._view)
        else:
            task = self._preview_job(with_pdf)
        self._start(task, self._on_previewed)

    def _preview_job(self, with_pdf: bool) -> Callable[[Control], Rendered]:
        """The draft rendered with the edits in the table (and as PDF when ``with_pdf``)."""
        return preview_job(
            self._ctx.db,
            self._ctx.config,
            self._inspection_id,
            self._kind,
            self.overrides(),
            with_pdf=with_pdf,
        )

    def _on_previewed(self, result: Rendered) -> None:
        self._rendered = result
        self._show(result)
        self._job_ended(True)

    def _show(self, result: Rendered) -> None:
        shown = self.preview.show_pdf(result.pdf) if result.pdf is not None else 0
        if shown:
            self.status.setText(self.tr("%1 page(s).").replace("%1", str(shown)))
        else:
            self._show_without_pdf(result.docx, result.pdf_message)

    def _show_without_pdf(self, docx: Path, reason: str = "") -> None:
        """No LibreOffice: the word processor shows the document instead."""
        self.preview.show_message(
            (reason + "\n\n" if reason else "")
            + self.tr("The document was opened in your word processor for viewing.")
        )
        self.status.setText("")
        pages.open_path(docx)

    def issue_document(self) -> None:
        if self.busy or self._view is not None or not self._draft.can_issue:
            return
        question = self.tr("Issue the %1 now? It gets the next number and can no longer be changed.").replace(
            "%1", self._draft.title
        )
        if not messages.confirm(self, self.tr("Issue document"), question):
            return
        task = issue_job(
            self._ctx.db,
            self._ctx.config,
            self._ctx.actor,
            self._inspection_id,
            self._kind,
            overrides=self.overrides(),
            with_pdf=pdf_available(),
            replaces=self._replaces,
        )
        self._start(task, self._on_issued)

    def _on_issued(self, result: Rendered) -> None:
        self._rendered = result
        self._view = result.issued
        self._show(result)
        if self._view is not None:
            self.status.setText(
                self.tr("Issued %1: %2")
                .replace("%1", self._view.number)
                .replace("%2", str(self._view.file_path))
            )
        self._job_ended(True)
        if result.changes is not None:
            advice = workflows.escalation_advice(result.changes)
            if advice:
                self.status.setText(self.status.text() + "\n" + advice)
            self._ctx.announce(result.changes)
        if self._view is not None:
            self.issued.emit(self._view)

    def _document_file(self) -> Path | None:
        if self._view is not None:
            return evidence.plain_copy_for_outside(self._ctx.config, self._view)
        return self._rendered.docx if self._rendered is not None else None

    def print_document(self) -> None:
        """Print the issued document (or the preview) page by page; without LibreOffice the word
        processor prints it."""
        if self.busy:
            return
        if not pdf_available():
            path = self._document_file()
            if path is None:
                self.preview_document()
                return
            pages.open_path(path)
            self.status.setText(self.tr("Print it from your word processor."))
            return
        rendered = self._rendered
        if (
            rendered is not None
            and rendered.pdf is not None
            and rendered.pdf.is_file()
            and (self._view is None or rendered.issued is not None)
        ):
            self._print(rendered)
            self.work_done.emit(True)
            return
        if self._view is not None:
            task = issued_pdf_job(self._ctx.config, self._view)
        elif self._rendered is not None:
            task = pdf_job(self._rendered.docx)
        else:
            task = self._preview_job(with_pdf=True)
        self._start(task, self._on_print_ready)

    def _on_print_ready(self, result: Rendered) -> None:
        self._rendered = result if result.pdf is not None else self._rendered
        self._print(result)
        self._job_ended(True)

    def _print(self, result: Rendered) -> None:
        """Print the PDF's pages at the printer's resolution (QtPdf), or hand the .docx over."""
        if result.pdf is None:
            self._show_without_pdf(result.docx, result.pdf_message)
            return
        title = self._view.number if self._view is not None else self._draft.title
        if pages.print_pdf(self, result.pdf, title):
            self.status.setText(self.tr("Sent to the printer."))

    def open_folder(self) -> None:
        path = self._document_file()
        if path is not None:
            pages.open_path(path.parent)

    def open_document(self) -> None:
        path = self._document_file()
        if path is not None:
            pages.open_path(path)

    def reject(self) -> None:
        if self.busy:  # the job finishes on its own; closing mid-issue would hide its result
            self.status.setText(self.tr("Please wait until the current step is done."))
            return
        super().reject()
