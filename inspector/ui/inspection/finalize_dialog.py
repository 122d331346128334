"""The last look before an inspection is locked: counts, the non-compliant items (serious first) with
their findings, the end time, and an explicit confirmation."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.forms import Summary
from inspector.ui.field_errors import FieldErrors
from inspector.ui.inspection.labels import question_text


class FinalizeDialog(QDialog):
    """Shows ``summary``; after ``accept`` the chosen end time is in :meth:`finished_at`."""

    def __init__(
        self, site_name: str, summary: Summary, started_at: dt.datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Finalize the inspection"))
        self._started = started_at
        self.errors = FieldErrors()
        head = QLabel(
            self.tr("<b>%1</b>: %2 compliant, %3 non-compliant (%4 serious), %5 not applicable, %6 recorded.")
            .replace("%1", html.escape(site_name))
            .replace("%2", str(summary.compliant))
            .replace("%3", str(summary.non_compliant))
            .replace("%4", str(len(summary.serious_findings)))
            .replace("%5", str(summary.not_applicable))
            .replace("%6", str(summary.recorded))
        )
        head.setWordWrap(True)
        self.findings = QTextBrowser()
        self.findings.setHtml(self._findings_html(summary))
        self.end_time = QDateTimeEdit(QDateTime.currentDateTime())
        self.end_time.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.end_time.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow(self.tr("Inspection ended at"), self.errors.wrap("finished_at", self.end_time))
        warning = QLabel(
            self.tr(
                "After finalizing, the record is locked and cannot be changed; corrections are "
                "added as addenda that record who, when and why."
            )
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #a15c00;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.addButton(
            self.tr("Finalize and lock"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(QLabel(self.tr("Non-compliant items, serious first:")))
        layout.addWidget(self.findings, 1)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        self.resize(720, 520)

    def _findings_html(self, summary: Summary) -> str:
        if not summary.findings:
            return "<p>" + html.escape(self.tr("No non-compliant items.")) + "</p>"
        ordered = sorted(summary.findings, key=lambda f: not f.item.is_serious)
        serious = html.escape(self.tr("Serious"))
        finding = html.escape(self.tr("Finding:"))
        rows = []
        for f in ordered:
            badge = (
                f"<span style='background:#b3261e;color:white'>&nbsp;{serious}&nbsp;</span> "
                if f.item.is_serious
                else ""
            )
            rows.append(
                f"<p>{badge}<b>{html.escape(f.item.code)}</b> {html.escape(question_text(f.item))}<br>"
                f"<span style='color:#333'>{finding} {html.escape(f.finding)}</span></p>"
            )
        return "".join(rows)

    def finished_at(self) -> dt.datetime:
        value: dt.datetime = self.end_time.dateTime().toPython()  # type: ignore[assignment]
        return value.astimezone(dt.UTC)

    def submit(self) -> None:
        end = self.finished_at()
        if end < self._started:
            self.errors.show([("finished_at", self.tr("The end time is before the start time."))])
            return
        if end > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            self.errors.show([("finished_at", self.tr("The end time is in the future."))])
            return
        self.accept()
