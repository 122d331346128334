"""The last look before an inspection is locked: counts, the non-compliant items (serious first) with
their findings, the end time, who was present and how the 笔录 is signed, and an explicit
confirmation.

The 现场检查笔录 names the person in charge present (name, position, and the 身份证号 where the site
is unlicensed), records the party's answer to the 回避 question, and a refusal to sign with the
witness. They are asked for here, where the inspector is, before the record is locked: the rule is
the core's (:func:`inspector.services.signing.signing_problems`); the fields start empty where
nothing was recorded (never greyed text that looks filled), and what is missing is said in red."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import Recusal, recusal_label
from inspector.forms import AnswerState, Form, Severity, Summary, summarize
from inspector.forms.labels import item_question, severity_label
from inspector.services.inspections import InspectionView
from inspector.services.signing import SigningDetails, needs_id_no, signing_problems
from inspector.ui.field_errors import FieldErrors
from inspector.ui.party_row import party_row
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.submit import act_cancel


class FinalizeDialog(QDialog):
    """Shows ``summary``; after ``accept`` the chosen end time is in :meth:`finished_at`."""

    def __init__(
        self,
        site_name: str,
        summary: Summary,
        started_at: dt.datetime,
        parent: QWidget | None = None,
        *,
        details: SigningDetails | None = None,
        site_kind: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Finalize the inspection"))
        self._started = started_at
        self._site_kind = site_kind
        self.errors = FieldErrors()
        self.people = self._people_box(details or SigningDetails())
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
        self.buttons, self.confirm_button = act_cancel(self, self.tr("Finalize and lock"), self.submit)
        self.findings.setMinimumHeight(120)
        body = QVBoxLayout()
        body.addWidget(QLabel(self.tr("Non-compliant items, serious first:")))
        body.addWidget(self.findings, 1)
        body.addWidget(self.people)
        body.addLayout(form)
        body.addWidget(warning)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(scrolling(body), 1)  # on a low screen the body scrolls, the buttons stay
        layout.addWidget(self.errors.general)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 760, 680)
        self._show_missing()

    def _findings_html(self, summary: Summary) -> str:
        if not summary.findings:
            return "<p>" + html.escape(self.tr("No non-compliant items.")) + "</p>"
        ordered = sorted(summary.findings, key=lambda f: not f.item.is_serious)
        serious = html.escape(severity_label(Severity.SERIOUS))
        finding = html.escape(self.tr("Finding:"))
        rows = []
        for f in ordered:
            badge = (
                f"<span style='background:#b3261e;color:white'>&nbsp;{serious}&nbsp;</span> "
                if f.item.is_serious
                else ""
            )
            rows.append(
                f"<p>{badge}<b>{html.escape(f.item.code)}</b> {html.escape(item_question(f.item))}<br>"
                f"<span style='color:#333'>{finding} {html.escape(f.finding)}</span></p>"
            )
        return "".join(rows)

    @classmethod
    def for_inspection(
        cls, view: InspectionView, form: Form, states: Mapping[str, AnswerState], parent: QWidget | None
    ) -> FinalizeDialog:
        """The dialog for ``view``, with what was recorded about the people present."""
        return cls(
            view.site_name,
            summarize(form, states),
            view.started_at,
            parent,
            details=SigningDetails.of(view),
            site_kind=view.site_kind,
        )

    def finished_at(self) -> dt.datetime:
        value: dt.datetime = self.end_time.dateTime().toPython()  # type: ignore[assignment]
        return value.astimezone(dt.UTC)

    def _people_box(self, d: SigningDetails) -> QGroupBox:
        box = QGroupBox(self.tr("For the on-site record (现场检查笔录)"))
        self.party_name = QLineEdit(d.party_name)
        self.party_title = QLineEdit(d.party_title)
        self.party_phone = QLineEdit(d.party_phone)
        self.party_id_no = QLineEdit(d.party_id_no)
        self.recusal_declined = QRadioButton(recusal_label(Recusal.DECLINED))
        self.recusal_requested = QRadioButton(recusal_label(Recusal.REQUESTED))
        self.recusal = QButtonGroup(box)
        for button in (self.recusal_declined, self.recusal_requested):
            self.recusal.addButton(button)
        self.recusal_declined.setChecked(d.recusal == Recusal.DECLINED.value)
        self.recusal_requested.setChecked(d.recusal == Recusal.REQUESTED.value)
        self.refused = QCheckBox(self.tr("The party refused to sign"))
        self.refused.setChecked(d.signature_refused)
        self.witness_name = QLineEdit(d.witness_name)
        self.witness_detail = QLineEdit(d.witness_detail)
        self.witness_detail.setPlaceholderText(self.tr("ID number or workplace"))
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b3261e;")
        party = (self.party_name, self.party_title, self.party_phone)
        person = party_row(self.errors, party, self.tr("Position"), self.tr("Phone"))
        answer = QHBoxLayout()
        answer.addWidget(self.recusal_declined)
        answer.addWidget(self.recusal_requested)
        answer.addStretch(1)
        witness = QHBoxLayout()
        witness.addWidget(self.refused)
        witness.addWidget(self.errors.wrap("witness_name", self.witness_name), 1)
        witness.addWidget(self.witness_detail, 1)
        self.witness_name.setPlaceholderText(self.tr("witness"))
        rows = QFormLayout(box)
        rows.addRow(self.tr("Person in charge present"), person)
        id_label = (
            self.tr("ID number (unlicensed site)") if needs_id_no(self._site_kind) else self.tr("ID number")
        )
        rows.addRow(id_label, self.errors.wrap("party_id_no", self.party_id_no))
        wrapped = QWidget()
        wrapped.setLayout(answer)
        rows.addRow(self.tr("Recusal (回避)"), self.errors.wrap("recusal", wrapped))
        rows.addRow(self.tr("Signing"), witness)
        rows.addRow(self.missing)
        for edit in (self.party_name, self.party_title, self.party_id_no, self.witness_name):
            edit.textChanged.connect(self._show_missing)
        self.recusal.buttonToggled.connect(self._show_missing)
        self.refused.toggled.connect(self._show_missing)
        return box

    def details(self) -> SigningDetails:
        """Who was present and how the record is signed, as entered."""
        recusal = None
        if self.recusal_declined.isChecked():
            recusal = Recusal.DECLINED.value
        elif self.recusal_requested.isChecked():
            recusal = Recusal.REQUESTED.value
        return SigningDetails(
            party_name=self.party_name.text().strip(),
            party_title=self.party_title.text().strip(),
            party_phone=self.party_phone.text().strip(),
            party_id_no=self.party_id_no.text().strip(),
            recusal=recusal,
            signature_refused=self.refused.isChecked(),
            witness_name=self.witness_name.text().strip(),
            witness_detail=self.witness_detail.text().strip(),
        )

    def _show_missing(self, *_args: object) -> None:
        """What the record still needs, in red, as the inspector types (the core's rule)."""
        problems = signing_problems(self.details(), self._site_kind)
        self.missing.setText("\n".join(message for _, message in problems))
        self.missing.setVisible(bool(problems))

    def submit(self) -> None:
        problems = signing_problems(self.details(), self._site_kind)
        if problems:
            self.errors.show(problems)
            return
        end = self.finished_at()
        if end < self._started:
            self.errors.show([("finished_at", self.tr("The end time is before the start time."))])
            return
        if end > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5):
            self.errors.show([("finished_at", self.tr("The end time is in the future."))])
            return
        self.accept()
