"""Starting an inspection: which site, which checklist, which two (or more) inspectors, when, and who
is present for the site.

The site is found by typing (the same lazily fetched model as the site registry, so it stays instant
with 100,000 sites); an unlicensed site found in the field is added on the spot with three fields.
The checklist follows the site kind and can be changed. :func:`inspections.start_inspection`
validates everything (``validate_start``) and its problems appear under the fields concerned.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QDateTime, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.forms import Form
from inspector.services import inspections, permissions, sites
from inspector.ui.boxes import hbox, vbox
from inspector.ui.collation import sorted_zh
from inspector.ui.context import UiContext
from inspector.ui.distinct_choices import DistinctChoices
from inspector.ui.field_errors import FieldErrors
from inspector.ui.party_row import party_row
from inspector.ui.screen_fit import fit_to_screen, scrolling
from inspector.ui.site_dialog import UnlicensedSiteDialog
from inspector.ui.sites_model import SitesModel
from inspector.ui.submit import act_cancel, write_and_accept
from inspector.ui.tables import debounced, record_table, search_box

SHOWN_COLUMNS = ("name", "kind", "place", "address")


class NewInspectionDialog(QDialog):
    """After ``accept`` the started inspection is in ``started``."""

    def __init__(
        self, ctx: UiContext, site: sites.SiteView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.started: inspections.InspectionView | None = None
        self._site: sites.SiteView | None = None
        self.setWindowTitle(self.tr("New inspection"))
        self.errors = FieldErrors()
        site_box = self._build_site_box()
        inspectors_widget = self._build_inspectors()
        self._build_party()
        fields = self._build_fields(site_box, inspectors_widget)
        self._build_buttons()
        vbox((scrolling(fields), 1), self.errors.general, self.buttons, owner=self)
        fit_to_screen(self, 880, 700)

        self._apply_search()
        if site is not None:
            self.choose_site(site)

    def _build_site_box(self) -> QWidget:
        """The site search, its table of matches, the "new unlicensed site" button and the choice."""
        self.site_search = search_box(self.tr("Type part of the name, address or licence no."))
        self.new_site_button = QPushButton(self.tr("New unlicensed site…"))
        self.new_site_button.clicked.connect(self.add_unlicensed_site)
        self.sites_model = SitesModel(self._ctx.db, self)
        self.site_table = record_table(self.sites_model, ())
        self.site_table.setMinimumHeight(150)
        for col, key in enumerate(SitesModel.COLUMNS):
            self.site_table.setColumnHidden(col, key not in SHOWN_COLUMNS)
        for key, width in (("name", 240), ("kind", 150), ("place", 150)):
            self.site_table.setColumnWidth(SitesModel.COLUMNS.index(key), width)
        self.site_table.selectionModel().currentRowChanged.connect(self._on_site_table_current_row_changed)
        self.chosen_site = QLabel()
        self.chosen_site.setWordWrap(True)
        search_row = hbox((self.site_search, 1), self.new_site_button)
        site_box = QWidget()
        sl = QVBoxLayout(site_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addLayout(search_row)
        sl.addWidget(self.site_table)
        sl.addWidget(self.chosen_site)
        self._timer = debounced(self, self._apply_search)
        self.site_search.textChanged.connect(self._timer.start)
        return site_box

    def _build_inspectors(self) -> QWidget:
        """The checklist combo and the inspector rows (this officer first when they may inspect)."""
        ctx = self._ctx
        self.form_combo = QComboBox()
        for form in ctx.registry().all():
            self.form_combo.addItem(
                self.tr("%1 (version %2)").replace("%1", form.title).replace("%2", form.version), form.id
            )
        with ctx.db.read() as s:
            self._people = permissions.officers(s)
        self._people = sorted_zh(self._people, key=lambda u: u.name)
        self.inspector_combos: list[QComboBox] = []
        self._distinct = DistinctChoices(self)  # the same person cannot be chosen twice
        self.inspectors_box = QVBoxLayout()
        self.inspectors_box.setContentsMargins(0, 0, 0, 0)
        inspectors_widget = QWidget()
        iv = QVBoxLayout(inspectors_widget)
        iv.setContentsMargins(0, 0, 0, 0)
        iv.addLayout(self.inspectors_box)
        self.add_inspector_button = QPushButton(self.tr("Add another inspector"))
        self.add_inspector_button.clicked.connect(self._on_add_inspector_button_clicked)
        iv.addWidget(self.add_inspector_button, 0, Qt.AlignmentFlag.AlignLeft)
        me = ctx.actor.user_id if any(p.id == ctx.actor.user_id for p in self._people) else None
        self.add_inspector_row(me)
        self.add_inspector_row()
        return inspectors_widget

    def _build_party(self) -> None:
        """The time, who is present for the site, who accompanies, and the place."""
        self.started_at = QDateTimeEdit(QDateTime.currentDateTime())
        self.started_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.started_at.setCalendarPopup(True)
        self.party_name = QLineEdit()
        self.party_name.setPlaceholderText(self.tr("required before the record is issued: name"))
        self.party_title = QLineEdit(self.tr("person in charge"))
        self.party_phone = QLineEdit()
        self.companions = QLineEdit()
        self.companions.setPlaceholderText(self.tr("others accompanying the inspection, separated by 、"))
        self.location_note = QLineEdit()
        self.location_note.textEdited.connect(lambda _t: self.location_note.setProperty("auto", False))

    def _build_fields(self, site_box: QWidget, inspectors_widget: QWidget) -> QFormLayout:
        fields = QFormLayout()
        fields.addRow(self.tr("Site"), self.errors.wrap("site", site_box))
        fields.addRow(self.tr("Checklist"), self.errors.wrap("form", self.form_combo))
        fields.addRow(self.tr("Inspectors"), self.errors.wrap("inspectors", inspectors_widget))
        fields.addRow(self.tr("Started at"), self.errors.wrap("started_at", self.started_at))
        present = (self.party_name, self.party_title, self.party_phone)
        party = party_row(self.errors, present, self.tr("Position"), self.tr("Phone"))
        fields.addRow(self.tr("Present for the site"), party)
        fields.addRow(self.tr("Accompanied by"), self.errors.wrap("companions", self.companions))
        fields.addRow(self.tr("Place"), self.errors.wrap("location_note", self.location_note))
        return fields

    def _build_buttons(self) -> None:
        self.buttons, self.start_button = act_cancel(self, self.tr("Start inspection"), self.submit)

    # -- site ------------------------------------------------------------------------------------------
    def _apply_search(self) -> None:
        self._timer.stop()
        self.sites_model.set_filter(sites.SiteFilter(text=self.site_search.text()))
        if self.sites_model.rowCount() == 1:
            self.site_table.selectRow(0)

    def _on_site_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        site = self.sites_model.site_at(current.row()) if current.isValid() else None
        if site is not None:
            self._set_site(site)

    def choose_site(self, site: sites.SiteView) -> None:
        """Make ``site`` the inspected site (shown in the list and below it)."""
        self.site_search.blockSignals(True)
        self.site_search.setText(site.name)
        self.site_search.blockSignals(False)
        self.sites_model.set_filter(sites.SiteFilter(text=site.name))
        for row in range(self.sites_model.rowCount()):
            found = self.sites_model.site_at(row)
            if found is not None and found.id == site.id:
                self.site_table.selectionModel().setCurrentIndex(
                    self.sites_model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                break
        self._set_site(site)

    def _set_site(self, site: sites.SiteView) -> None:
        self._site = site
        kind = site.kind_label
        if site.designations():
            kind += self.tr(" (designated: %1)").replace("%1", "、".join(site.designations()))
        self.chosen_site.setText(
            self.tr("Chosen: <b>%1</b> · %2 · %3")
            .replace("%1", site.name)
            .replace("%2", kind)
            .replace("%3", site.address or "—")
        )
        # The checklists that fit the site's kind and designations (the registry decides from their
        # data); the first is the default. None fits: the person chooses.
        forms = self._ctx.registry().for_site(site.kind, site.designation_set)
        if forms:
            self.form_combo.setCurrentIndex(max(self.form_combo.findData(forms[0].id), 0))
        if not self.location_note.text() or self.location_note.property("auto"):
            self.location_note.setText(site.address)
            self.location_note.setProperty("auto", True)
        # Never the registry's legal representative as grey text: it looks filled and is not. Who was
        # present is asked again (required) before the record is locked.
        self.party_name.setToolTip(
            self.tr("Registered legal representative: %1").replace("%1", site.legal_rep)
            if site.legal_rep
            else ""
        )

    def site(self) -> sites.SiteView | None:
        return self._site

    def add_unlicensed_site(self) -> None:
        dialog = UnlicensedSiteDialog(self._ctx, self, name=self.site_search.text().strip())
        if dialog.exec() and dialog.saved_site is not None:
            self.choose_site(dialog.saved_site)

    # -- inspectors ------------------------------------------------------------------------------------
    def add_inspector_row(self, user_id: uuid.UUID | None = None) -> QComboBox:
        combo = QComboBox()
        combo.addItem(self.tr("(choose an inspector)"), None)
        for p in self._people:
            combo.addItem(p.label, str(p.id))  # a str: QVariant compares UUID objects by identity
        if user_id is not None:
            combo.setCurrentIndex(max(combo.findData(str(user_id)), 0))
        self.inspector_combos.append(combo)
        self._distinct.add(combo)
        self.inspectors_box.addWidget(combo)
        return combo

    def _on_add_inspector_button_clicked(self) -> None:
        self.add_inspector_row().setFocus()

    def inspector_ids(self) -> list[uuid.UUID]:
        return [uuid.UUID(c.currentData()) for c in self.inspector_combos if c.currentData()]

    def selected_form(self) -> Form | None:
        form_id = self.form_combo.currentData()
        return self._ctx.registry().get(form_id) if form_id else None

    def started_at_value(self) -> dt.datetime:
        local: dt.datetime = self.started_at.dateTime().toPython()  # type: ignore[assignment]
        return local.astimezone(dt.UTC)

    # -- submit ----------------------------------------------------------------------------------------
    def submit(self) -> bool:
        problems: list[tuple[str, str]] = []
        form = self.selected_form()
        if self._site is None:
            problems.append(
                ("site", self.tr("Choose the site to inspect, or add it as a new unlicensed site."))
            )
        if form is None:
            problems.append(("form", self.tr("Choose a checklist.")))
        if problems or self._site is None or form is None:
            self.errors.show(problems)
            return False
        data = inspections.StartInput(
            site_id=self._site.id,
            form=form,
            inspector_ids=self.inspector_ids(),
            started_at=self.started_at_value(),
            party_name=self.party_name.text().strip(),
            party_title=self.party_title.text().strip(),
            party_phone=self.party_phone.text().strip(),
            companions=self.companions.text().strip(),
            location_note=self.location_note.text().strip(),
        )

        def write(s: Session) -> None:
            self.started = inspections.start_inspection(s, self._ctx.actor, data)

        return write_and_accept(self, self._ctx.db, write, self.errors)
