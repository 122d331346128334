"""The settings dialog: the office's details (unit, region, language), its documents (notice title,
deadline, a number pattern per document kind, the 复议机关 and the court the notice names, photos on
the notice), the inspectors with their 执法证号, and which computers' exchange packages are trusted
(:mod:`inspector.ui.exchange_keys_page`).

Office settings are stored in the database (every laptop of an office agrees on them) and saved with
:func:`inspector.services.settings.save`; problems appear under the field concerned. Accounts are
added and managed with the dialogs of :mod:`inspector.ui.auth` (administrators only, as the services
enforce).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.domain import DocumentKind, Role, document_kind_label, role_label
from inspector.domain.office import CertFormat, OfficeSettings, cert_format_description
from inspector.errors import ValidationError
from inspector.i18n import join, labelled
from inspector.services import settings as office_settings
from inspector.services import users
from inspector.ui.cases.settings_tab import CaseSettingsTab
from inspector.ui.context import UiContext
from inspector.ui.exchange_keys_page import ExchangeKeysPage
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.submit import write_and_accept
from inspector.ui.tables import listing

LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))


class CertFormatEditor(QWidget):
    """The form of a 执法证号 as a person states it: how many characters, which ones besides the
    digits; the sentence below says the rule in words. An expression written by hand earlier
    (:meth:`CertFormat.from_pattern` cannot read it) is kept until one of the controls is changed."""

    def __init__(self, pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fmt = CertFormat.from_pattern(pattern)
        self._kept: str | None = None if fmt is not None else pattern
        fmt = fmt or CertFormat()
        self.min_length = QSpinBox()
        self.max_length = QSpinBox()
        for spin, value in ((self.min_length, fmt.min_length), (self.max_length, fmt.max_length)):
            spin.setRange(1, 64)
            spin.setValue(value)
        self.letters = QCheckBox(self.tr("letters"))
        self.chinese = QCheckBox(self.tr("Chinese characters"))
        self.marks = QCheckBox(self.tr("brackets and dashes"))
        for box, on in ((self.letters, fmt.letters), (self.chinese, fmt.chinese), (self.marks, fmt.marks)):
            box.setChecked(on)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #555;")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for part in (self.min_length, QLabel(self.tr("to")), self.max_length, QLabel(self.tr("characters;"))):
            row.addWidget(part)
        row.addStretch(1)
        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        kinds.addWidget(QLabel(self.tr("besides digits:")))
        for box in (self.letters, self.chinese, self.marks):
            kinds.addWidget(box)
        kinds.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(kinds)
        layout.addWidget(self.description)
        for spin in (self.min_length, self.max_length):
            spin.valueChanged.connect(self._on_changed)
        for box in (self.letters, self.chinese, self.marks):
            box.toggled.connect(self._on_changed)
        self._describe()

    def value(self) -> CertFormat:
        return CertFormat(
            self.min_length.value(),
            self.max_length.value(),
            self.letters.isChecked(),
            self.chinese.isChecked(),
            self.marks.isChecked(),
        )

    def pattern(self) -> str:
        return self._kept if self._kept is not None else self.value().pattern()

    def _on_changed(self) -> None:
        self._kept = None
        self._describe()

    def _describe(self) -> None:
        text = self.tr("A 执法证号 has %1.").replace("%1", cert_format_description(self.pattern()))
        self.description.setText(text)


class SettingsDialog(QDialog):
    """Emits ``users_changed()`` after an account was added or changed; ``saved_settings`` holds the
    office settings after a successful save."""

    users_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved_settings: OfficeSettings | None = None
        self.setWindowTitle(self.tr("Settings"))
        with ctx.db.read() as s:
            self._loaded = office_settings.load(s)
        self.tabs = QTabWidget()
        self.errors = FieldErrors()
        self.tabs.addTab(self._office_tab(), self.tr("Office"))
        self.tabs.addTab(self._documents_tab(), self.tr("Documents"))
        self.tabs.addTab(self._people_tab(), self.tr("Inspectors and users"))
        self.exchange_page = ExchangeKeysPage(ctx)
        self.tabs.addTab(self.exchange_page, self.tr("Exchange"))
        self.cases_tab = CaseSettingsTab(self._loaded, self.errors)
        self.tabs.addTab(self.cases_tab, self.tr("Cases"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.reload_users()
        fit_to_screen(self, 760, 600)

    # -- office ------------------------------------------------------------------------------------------
    def _office_tab(self) -> QWidget:
        st = self._loaded
        self.unit_name = QLineEdit(st.unit_name)
        self.region = QLineEdit(st.region)
        self.region.setPlaceholderText(self.tr("e.g. 京 or 海淀"))
        self.cert_format = CertFormatEditor(st.cert_no_pattern)
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(self.language.findData(st.language), 0))
        form = QFormLayout()
        form.addRow(self.tr("Unit name"), self.errors.wrap("unit_name", self.unit_name))
        form.addRow(self.tr("Region abbreviation"), self.errors.wrap("region", self.region))
        form.addRow(self.tr("执法证号 form"), self.errors.wrap("cert_no_pattern", self.cert_format))
        form.addRow(self.tr("Language"), self.errors.wrap("language", self.language))
        note = QLabel(self.tr("A change of language takes effect when the app is started again."))
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.general)
        layout.addStretch(1)
        return scrolling(page)

    def _documents_tab(self) -> QWidget:
        st = self._loaded
        self.notice_title = QLineEdit(st.notice_title)
        self.deadline = QSpinBox()
        self.deadline.setRange(1, 365)
        self.deadline.setSuffix(self.tr(" days"))
        self.deadline.setValue(st.default_deadline_days)
        self.pattern_edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("Notice title"), self.errors.wrap("notice_title", self.notice_title))
        form.addRow(self.tr("Default deadline"), self.errors.wrap("default_deadline_days", self.deadline))
        for kind in DocumentKind:
            edit = QLineEdit(st.pattern(kind))
            edit.textChanged.connect(self._on_pattern_text_changed)
            self.pattern_edits[kind.value] = edit
            form.addRow(
                self.tr("%1 no.").replace("%1", document_kind_label(kind)),
                self.errors.wrap(office_settings.pattern_field(kind), edit),
            )
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.region.textChanged.connect(self._on_pattern_text_changed)
        self._on_pattern_text_changed()
        form.addRow("", self.preview)
        self.state_remedies = QCheckBox(self.tr("The notice states the rights of review and appeal"))
        self.state_remedies.setChecked(st.state_remedies)
        self.review_body = QLineEdit(st.review_body)
        self.review_body.setPlaceholderText(self.tr("e.g. 某某县人民政府"))
        self.court = QLineEdit(st.court)
        self.court.setPlaceholderText(self.tr("e.g. 某某县人民法院"))
        self.notice_photos = QCheckBox(
            self.tr("Photos also on the notice (otherwise only in the record's annex)")
        )
        self.notice_photos.setChecked(st.notice_photos)
        form.addRow("", self.errors.wrap("state_remedies", self.state_remedies))
        form.addRow(self.tr("Administrative review body"), self.errors.wrap("review_body", self.review_body))
        form.addRow(self.tr("People's court"), self.errors.wrap("court", self.court))
        form.addRow("", self.notice_photos)
        note = QLabel(
            self.tr(
                "Number patterns use {region}, {year} and {seq} (e.g. {seq:03d} for 001). The notice "
                "names the review body (60 days) and the court (6 months); left empty, they are blanks "
                "to fill in by hand."
            )
        )
        note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def value(self) -> OfficeSettings:
        return self.cases_tab.apply(self._office_value())

    def _office_value(self) -> OfficeSettings:
        return replace(
            self._loaded,
            unit_name=self.unit_name.text().strip(),
            region=self.region.text().strip(),
            notice_title=self.notice_title.text().strip(),
            default_deadline_days=self.deadline.value(),
            number_patterns={kind: edit.text().strip() for kind, edit in self.pattern_edits.items()},
            cert_no_pattern=self.cert_format.pattern(),
            language=self.language.currentData(),
            state_remedies=self.state_remedies.isChecked(),
            review_body=self.review_body.text().strip(),
            court=self.court.text().strip(),
            notice_photos=self.notice_photos.isChecked(),
        )

    def _on_pattern_text_changed(self) -> None:
        year = dt.date.today().year
        region = self.region.text().strip()
        samples = []
        for kind, edit in self.pattern_edits.items():
            try:
                sample = edit.text().format(region=region, year=year, seq=1)
            except (KeyError, ValueError, IndexError):
                sample = "—"
            samples.append(labelled(document_kind_label(kind), sample))
        self.preview.setText(self.tr("Example: %1").replace("%1", join(samples, strong=True)))

    def save(self) -> bool:
        """Save the office settings; problems are shown under their fields and nothing is written."""
        new = self.value()

        def write(s: Session) -> None:
            self.saved_settings = office_settings.save(s, self._ctx.actor, new)

        def to_first_tab(err: ValidationError) -> None:
            fields = {name for name, _ in err.problems}
            if fields & {"police_body", "drug_body"}:
                self.tabs.setCurrentIndex(self.tabs.indexOf(self.cases_tab))
                return
            document_fields = {"notice_title", "default_deadline_days", "review_body", "court"}
            on_documents = bool(fields & document_fields) or any(f.endswith("_pattern") for f in fields)
            self.tabs.setCurrentIndex(1 if on_documents and "cert_no_pattern" not in fields else 0)

        if not write_and_accept(
            self, self._ctx.db, write, self.errors, accept=False, on_invalid=to_first_tab
        ):
            return False
        self.errors.clear()
        self._loaded = new
        self.accept()
        return True

    # -- people ------------------------------------------------------------------------------------------
    def _people_tab(self) -> QWidget:
        self.users_table = listing(
            [
                self.tr("Name"),
                self.tr("User name"),
                self.tr("Role"),
                self.tr("Enforcement ID no."),
                self.tr("Unit"),
            ]
        )
        note = QLabel(
            self.tr(
                "Inspections need two inspectors with their 执法证号. Accounts are added and "
                "changed by an administrator."
            )
        )
        note.setWordWrap(True)
        self.add_user_button = QPushButton(self.tr("New inspector or user…"))
        self.add_user_button.clicked.connect(self.add_user)
        self.manage_button = QPushButton(self.tr("Manage accounts…"))
        self.manage_button.clicked.connect(self.manage_accounts)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_user_button)
        buttons.addWidget(self.manage_button)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(note)
        layout.addWidget(self.users_table, 1)
        layout.addLayout(buttons)
        return page

    def reload_users(self) -> None:
        with self._ctx.db.read() as s:
            people = users.list_users(s)
        self.users_table.setRowCount(len(people))
        for row, u in enumerate(people):
            cells = (u.name, u.username, role_label(Role(u.role)), u.cert_no or "", u.unit)
            for col, text in enumerate(cells):
                self.users_table.setItem(row, col, QTableWidgetItem(text))

    def add_user(self) -> bool:
        """Add an account with its 执法证号 (the accounts dialog of :mod:`inspector.ui.auth`)."""
        from inspector.ui.auth import AddUserDialog

        dialog = AddUserDialog(self._ctx.db, self._ctx.actor, self)
        if not dialog.exec() or dialog.created is None:
            return False
        self.reload_users()
        self.users_changed.emit()
        return True

    def manage_accounts(self) -> None:
        from inspector.ui.auth import UserManagementDialog

        dialog = UserManagementDialog(self._ctx.db, self._ctx.actor, self)
        dialog.users_changed.connect(self.users_changed)
        dialog.exec()
        self.reload_users()
