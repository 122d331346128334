"""立案: propose a case (待立案), or correct a proposal before the supervisor approves it.

Opened from a finalized inspection with serious findings (or from the re-inspection that found them
not corrected) with everything drafted from it (:func:`inspector.services.cases.opening.suggestion`):
the cause, the party (the institution, or for an unlicensed site a person whose name and 身份证号 the
inspectors add), the two officers, the discovery, the findings as the summary and the suggested
course. The service checks; its problems appear beside their fields and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.domain import PartyKind
from inspector.services import permissions
from inspector.services.cases.opening import CaseInput
from inspector.ui.context import UiContext
from inspector.ui.field_errors import FieldErrors
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.submit import write_and_accept
from inspector.workflows import cases as flows

PARTY_FIELDS = (
    "party_name",
    "party_id_number",
    "party_credit_code",
    "party_legal_rep",
    "party_address",
    "party_phone",
)


class ProposeCaseDialog(QDialog):
    """``case_id`` is the case made (or corrected) once the dialog was accepted."""

    def __init__(
        self,
        ctx: UiContext,
        data: CaseInput,
        parent: QWidget | None = None,
        *,
        case_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._data = data
        self.case_id = case_id
        self.setWindowTitle(
            self.tr("Propose a case (立案)") if case_id is None else self.tr("Correct the proposal")
        )
        self.errors = FieldErrors()
        self.cause = QLineEdit(data.cause)
        self.person = QRadioButton(self.tr("A person (e.g. an unlicensed operator)"))
        self.institution = QRadioButton(self.tr("An institution"))
        kinds = QButtonGroup(self)
        kinds.addButton(self.person)
        kinds.addButton(self.institution)
        (self.person if data.party_kind == PartyKind.PERSON.value else self.institution).setChecked(True)
        self.party = {name: QLineEdit(str(getattr(data, name))) for name in PARTY_FIELDS}
        self.officers = (QComboBox(), QComboBox())
        self.discovered = QDateTimeEdit()
        self.discovered.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.discovered.setCalendarPopup(True)
        if data.discovered_at is not None:
            self.discovered.setDateTime(QDateTime.fromSecsSinceEpoch(int(data.discovered_at.timestamp())))
        self.summary = QPlainTextEdit(data.summary)
        self.opinion = QPlainTextEdit(data.opinion)
        for box in (self.summary, self.opinion):
            box.setTabChangesFocus(True)
        self._fill_officers(data.officer_ids)
        self._layout()
        self.person.toggled.connect(self._on_person_toggled)
        self._on_person_toggled(self.person.isChecked())

    def _fill_officers(self, chosen: tuple[uuid.UUID, ...]) -> None:
        with self._ctx.db.read() as s:
            people = permissions.officers(s)
        for n, combo in enumerate(self.officers):
            for u in people:
                combo.addItem(u.label, u.id)
            ids = [u.id for u in people]  # findData does not compare Python objects by value
            if n < len(chosen) and chosen[n] in ids:
                combo.setCurrentIndex(ids.index(chosen[n]))
            elif len(people) > n:
                combo.setCurrentIndex(n)

    def _layout(self) -> None:
        e = self.errors
        form = QFormLayout()
        form.addRow(self.tr("Cause (案由)"), e.wrap("cause", self.cause))
        kind = QHBoxLayout()
        kind.addWidget(self.person)
        kind.addWidget(self.institution)
        form.addRow(self.tr("Party"), kind)
        labels = {
            "party_name": self.tr("Name"),
            "party_id_number": self.tr("ID number (身份证号)"),
            "party_credit_code": self.tr("Credit code"),
            "party_legal_rep": self.tr("Legal representative"),
            "party_address": self.tr("Address"),
            "party_phone": self.tr("Phone"),
        }
        for name in PARTY_FIELDS:
            form.addRow(labels[name], e.wrap(name, self.party[name]))
        pair = QHBoxLayout()
        pair.addWidget(self.officers[0])
        pair.addWidget(self.officers[1])
        holder = QWidget()
        holder.setLayout(pair)
        form.addRow(self.tr("Officers in charge"), e.wrap("officers", holder))
        form.addRow(self.tr("Discovered"), e.wrap("discovered_at", self.discovered))
        form.addRow(self.tr("Summary (简要案情)"), e.wrap("summary", self.summary))
        form.addRow(self.tr("Officers' opinion"), e.wrap("opinion", self.opinion))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Propose") if self.case_id is None else self.tr("Save")
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form), 1)  # on a low screen the fields scroll, the buttons stay
        layout.addWidget(e.general)
        layout.addWidget(buttons)
        fit_to_screen(self, 720, 640)

    def _on_person_toggled(self, person: bool) -> None:
        self.party["party_id_number"].setEnabled(person)
        self.party["party_credit_code"].setEnabled(not person)
        self.party["party_legal_rep"].setEnabled(not person)

    def value(self) -> CaseInput:
        when = self.discovered.dateTime()
        person = self.person.isChecked()
        texts: dict[str, Any] = {name: edit.text() for name, edit in self.party.items()}
        if person:
            texts.update(party_credit_code="", party_legal_rep="")
        else:
            texts["party_id_number"] = ""
        return replace(
            self._data,
            cause=self.cause.text(),
            party_kind=PartyKind.PERSON.value if person else PartyKind.SITE.value,
            officer_ids=tuple(c.currentData() for c in self.officers if c.currentData() is not None),
            discovered_at=dt.datetime.fromtimestamp(when.toSecsSinceEpoch(), dt.UTC),
            summary=self.summary.toPlainText(),
            opinion=self.opinion.toPlainText(),
            **texts,
        )

    def submit(self) -> bool:
        data, actor = self.value(), self._ctx.actor

        def write(s: Session) -> None:
            if self.case_id is None:
                changes = flows.propose_case(s, actor, data)
                self.case_id = changes.created
            else:
                changes = flows.update_case(s, actor, self.case_id, data)
            self._changes = changes

        saved = write_and_accept(self, self._ctx.db, write, self.errors)
        if saved:
            self._ctx.announce(self._changes)
        return saved
