"""Adding and editing a site, and the quick entry of an unlicensed site found in the field.

Both dialogs hand the typed values to :func:`inspector.services.sites.create_site` /
``update_site`` in one transaction; the service's ``validate_site`` problems come back as inline
messages under each field, and nothing is written until every field is acceptable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.domain import (
    SiteKind,
    site_kind_label,
)
from inspector.services import sites
from inspector.ui.boxes import vbox
from inspector.ui.collation import sorted_zh
from inspector.ui.context import UiContext
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.submit import save_cancel, write_and_accept


def district_combo(ctx: UiContext, current: str = "") -> QComboBox:
    """An editable combo offering the districts (区县) already in the registry."""
    combo = QComboBox()
    combo.setEditable(True)
    with ctx.db.read() as s:
        names = sites.districts(s)
    combo.addItems(sorted_zh(names))
    combo.setCurrentText(current)
    return combo


def township_combo(ctx: UiContext, district: QComboBox) -> QComboBox:
    """An editable combo offering the townships (乡镇) the registry knows in the district typed or
    chosen in ``district``; what is typed is kept when the district changes."""
    combo = QComboBox()
    combo.setEditable(True)

    def refill() -> None:
        typed = combo.currentText()
        with ctx.db.read() as s:
            names = sites.townships(s, district.currentText().strip() or None)
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(sorted_zh(names))
        combo.setCurrentText(typed)
        combo.blockSignals(False)

    district.currentTextChanged.connect(refill)
    refill()
    return combo


# The one-line fields and the designation boxes: each dialog attribute is named as the
# :class:`~inspector.services.sites.SiteInput` field it holds.
LINE_FIELDS = ("name", "licence_no", "credit_code", "address", "legal_rep", "phone")
DESIGNATIONS = ("designated_ultrasound", "designated_termination", "designated_delivery")


class SiteDialog(QDialog):
    """Add a site (``site=None``) or edit one; after ``accept`` the result is in ``saved_site``."""

    def __init__(
        self, ctx: UiContext, site: sites.SiteView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._site = site
        self.saved_site: sites.SiteView | None = None
        self.setWindowTitle(self.tr("Edit site") if site else self.tr("New site"))
        self.errors = FieldErrors()
        self._build_fields()
        form = self._build_form()
        self.buttons = save_cancel(self, self.submit)
        vbox((scrolling(form), 1), self.errors.general, self.buttons, owner=self)
        fit_to_screen(self, 620)
        if site is not None:
            self._fill(site)
        self._connect_edits()

    def _build_fields(self) -> None:
        ctx = self._ctx
        self.kind = QComboBox()
        for k in SiteKind:
            self.kind.addItem(site_kind_label(k.value), k.value)
        self.name = QLineEdit()
        self.licence_no = QLineEdit()
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText(self.tr("18 characters, optional"))
        self.address = QLineEdit()
        self.district = district_combo(ctx)
        self.township = township_combo(ctx, self.district)
        self.legal_rep = QLineEdit()
        self.phone = QLineEdit()
        self.designated_ultrasound = QCheckBox(self.tr("Ultrasound / chromosome"))
        self.designated_termination = QCheckBox(self.tr("Termination of pregnancy"))
        self.designated_delivery = QCheckBox(self.tr("Delivery"))
        self.has_valid_until = QCheckBox(self.tr("Licence valid until"))
        self.valid_until = QDateEdit()
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("yyyy-MM-dd")
        self.valid_until.setDate(QDate.currentDate().addYears(1))
        self.valid_until.setEnabled(False)
        self.has_valid_until.toggled.connect(self.valid_until.setEnabled)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)

    def _build_form(self) -> QFormLayout:
        """The fields in rows, the designations and the licence validity each on one line."""
        designations = QWidget()
        dl = QHBoxLayout(designations)
        dl.setContentsMargins(0, 0, 0, 0)
        for box in (self.designated_ultrasound, self.designated_termination, self.designated_delivery):
            dl.addWidget(box)
        dl.addStretch(1)
        validity = QWidget()
        vl = QHBoxLayout(validity)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.addWidget(self.has_valid_until)
        vl.addWidget(self.valid_until)
        vl.addStretch(1)

        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.errors.wrap("kind", self.kind))
        form.addRow(self.tr("Name"), self.errors.wrap("name", self.name))
        form.addRow(self.tr("Licence no."), self.errors.wrap("licence_no", self.licence_no))
        form.addRow(self.tr("Unified social credit code"), self.errors.wrap("credit_code", self.credit_code))
        form.addRow(self.tr("Address"), self.errors.wrap("address", self.address))
        form.addRow(self.tr("County / district"), self.errors.wrap("district", self.district))
        form.addRow(self.tr("Township / street"), self.errors.wrap("township", self.township))
        form.addRow(self.tr("Legal representative"), self.errors.wrap("legal_rep", self.legal_rep))
        form.addRow(self.tr("Phone"), self.errors.wrap("phone", self.phone))
        form.addRow(self.tr("Designated for"), self.errors.wrap("designations", designations))
        for flag in DESIGNATIONS:
            self.errors.alias(flag, "designations")
        form.addRow("", self.errors.wrap("licence_valid_until", validity))
        form.addRow(self.tr("Notes"), self.errors.wrap("notes", self.notes))
        return form

    def _line_edits(self) -> dict[str, QLineEdit]:
        """The one-line fields, by the :class:`~inspector.services.sites.SiteInput` field each holds."""
        return {field: getattr(self, field) for field in LINE_FIELDS}

    def _designations(self) -> dict[str, QCheckBox]:
        """The designation boxes, by the :class:`~inspector.services.sites.SiteInput` field each holds."""
        return {field: getattr(self, field) for field in DESIGNATIONS}

    def _connect_edits(self) -> None:
        """Every edit of a field that identifies the site runs :meth:`_on_field_edited`."""
        self.kind.currentIndexChanged.connect(self._on_field_edited)
        for edit in self._line_edits().values():
            edit.textChanged.connect(self._on_field_edited)
        self.township.currentTextChanged.connect(self._on_field_edited)
        for box in self._designations().values():
            box.toggled.connect(self._on_field_edited)

    def _fill(self, site: sites.SiteView) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(site.kind), 0))
        for field, edit in self._line_edits().items():
            edit.setText(getattr(site, field) or "")
        self.district.setCurrentText(site.district)
        self.township.setCurrentText(site.township)
        for field, box in self._designations().items():
            box.setChecked(getattr(site, field))
        if site.licence_valid_until:
            self.has_valid_until.setChecked(True)
            self.valid_until.setDate(QDate(site.licence_valid_until))
        self.notes.setPlainText(site.notes)

    def value(self) -> sites.SiteInput:
        """The site as typed (not yet cleaned or validated)."""
        until: dt.date | None = None
        if self.has_valid_until.isChecked():
            until = self.valid_until.date().toPython()  # type: ignore[assignment]
        keep = self._site
        typed: dict[str, Any] = {field: edit.text() for field, edit in self._line_edits().items()}
        typed |= {field: box.isChecked() for field, box in self._designations().items()}
        return sites.SiteInput(
            kind=self.kind.currentData(),
            district=self.district.currentText(),
            township=self.township.currentText(),
            licence_valid_until=until,
            latitude=keep.latitude if keep else None,
            longitude=keep.longitude if keep else None,
            notes=self.notes.toPlainText(),
            **typed,
        )

    def _on_field_edited(self) -> None:
        # Once a problem is shown, re-check as the person types so the message goes away when fixed.
        if any(
            self.errors.text(n)
            for n in (
                "kind",
                "name",
                "licence_no",
                "credit_code",
                "address",
                "township",
                "legal_rep",
                "phone",
                "designations",
            )
        ):
            self.errors.show(sites.validate_site(self.value()))

    def submit(self) -> bool:
        """Validate and save; on success the dialog is accepted and ``saved_site`` is set."""
        data = self.value()

        def write(s: Session) -> None:
            if self._site is None:
                self.saved_site = sites.create_site(s, self._ctx.actor, data)
            else:
                self.saved_site = sites.update_site(s, self._ctx.actor, self._site.id, data)

        return write_and_accept(self, self._ctx.db, write, self.errors)


class UnlicensedSiteDialog(QDialog):
    """A 黑诊所 / 黑B超点 found in the field, entered in seconds: name, address, 区县 and 乡镇 only."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.saved_site: sites.SiteView | None = None
        self.setWindowTitle(self.tr("New unlicensed site"))
        self.errors = FieldErrors()
        self.name = QLineEdit(name)
        self.name.setPlaceholderText(self.tr("The sign over the door, or 无名诊所 and the owner's name"))
        self.address = QLineEdit()
        self.district = district_combo(ctx)
        self.township = township_combo(ctx, self.district)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.errors.wrap("name", self.name))
        form.addRow(self.tr("Address"), self.errors.wrap("address", self.address))
        form.addRow(self.tr("County / district"), self.errors.wrap("district", self.district))
        form.addRow(self.tr("Township / street"), self.errors.wrap("township", self.township))
        self.buttons = save_cancel(self, self.submit)
        vbox(form, self.errors.general, self.buttons, owner=self)
        fit_to_screen(self, 480)

    def value(self) -> sites.SiteInput:
        return sites.SiteInput(
            kind=SiteKind.UNLICENSED.value,
            name=self.name.text(),
            address=self.address.text(),
            district=self.district.currentText(),
            township=self.township.currentText(),
        )

    def submit(self) -> bool:
        data = self.value()
        problems = []
        if not data.address.strip():
            problems.append(
                (
                    "address",
                    self.tr("Write where the site is, so the record and the notice can name the place."),
                )
            )
        if not data.name.strip():
            problems.insert(
                0,
                (
                    "name",
                    self.tr('Give the site a name, e.g. the sign over the door or "无名诊所（户主姓名）".'),
                ),
            )
        if problems:
            self.errors.show(problems)
            return False

        def write(s: Session) -> None:
            self.saved_site = sites.create_site(s, self._ctx.actor, data)

        return write_and_accept(self, self._ctx.db, write, self.errors)
