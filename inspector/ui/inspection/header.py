"""What the walk-through shows about the inspection as a whole: the header and the addenda.

The header names the site, the checklist, the inspectors and who was present, says whether the last
change was saved, and holds the page's buttons (find, finalize; once finalized: addendum, record,
notice). A finalized inspection gets a banner saying it is locked, and its addenda are listed under
the item. Apart from :mod:`inspector.ui.inspection.page` so that the page holds the walk itself.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from inspector.domain import DocumentKind
from inspector.forms import Form
from inspector.i18n import bracketed, join
from inspector.services import inspections, permissions
from inspector.services.actor import Actor
from inspector.services.permissions import Action
from inspector.ui.timefmt import local_text


class InspectionHeader(QWidget):
    """Title, details, save state and the page's buttons; :meth:`show_inspection` fills them in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #444;")
        self.save_state = QLabel()
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.find_button = QPushButton(self.tr("Find item (Ctrl+F)"))
        self.finalize_button = QPushButton(self.tr("Finalize…"))
        self.addendum_button = QPushButton(self.tr("Add addendum…"))
        self.record_button = QPushButton(self.tr("On-site record…"))
        self.notice_button = QPushButton(self.tr("Notice…"))
        self.supplement_button = QPushButton(self.tr("Supplementary record…"))
        self.supplement_button.setVisible(False)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4e5; color: #5c3b00; padding: 4px;")
        # The main window puts its "back to the list" button in front of these.
        self.buttons = QHBoxLayout()
        for b in (
            self.find_button,
            self.record_button,
            self.notice_button,
            self.supplement_button,
            self.addendum_button,
            self.finalize_button,
        ):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.buttons.addWidget(b)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.save_state)
        details_row = QHBoxLayout()
        details_row.addWidget(self.details, 1)
        details_row.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(title_row)
        layout.addLayout(details_row)

    def show_inspection(
        self, v: inspections.InspectionView, form: Form, *, english: bool, reinspection: bool
    ) -> None:
        form_title = form.title_en if english and form.title_en else form.title
        self.title.setText(v.site_name)
        people = join(p.name + bracketed(p.cert_no) if p.cert_no else p.name for p in v.inspectors)
        parts = [
            self.tr("%1, version %2").replace("%1", form_title).replace("%2", v.form_version),
            self.tr("started %1").replace("%1", local_text(v.started_at)),
            self.tr("inspectors: %1").replace("%1", people),
        ]
        if v.party_name:
            present = v.party_name + (bracketed(v.party_title) if v.party_title else "")
            if v.companions:
                present = join([present, v.companions])
            parts.append(self.tr("present: %1").replace("%1", present))
        self.details.setText(" · ".join(parts))
        if v.finalized:
            self.banner.setText(
                self.tr("Finalized on %1 and locked. Corrections are added as addenda.").replace(
                    "%1", local_text(v.finalized_at)
                )
            )
        self.banner.setVisible(v.finalized)
        self.finalize_button.setVisible(not v.finalized)
        for b in (self.addendum_button, self.record_button, self.notice_button):
            b.setVisible(v.finalized)
        if reinspection:
            self.notice_button.setText(self.tr("Re-inspection opinion…"))

    def show_supplement(self, pending: int) -> None:
        """Offer the 补充笔录 while addenda made after the issued 笔录 are in no record yet."""
        self.supplement_button.setVisible(pending > 0)
        self.supplement_button.setToolTip(
            self.tr("%1 addendum(s) made after the on-site record was issued").replace("%1", str(pending))
        )

    def supplement_question(self) -> str:
        return self.tr(
            "The on-site record was already issued, so the addendum is in no document yet. Issue a "
            "supplementary record (补充笔录) with it now?"
        )

    def allow(self, actor: Actor, notice_kind: DocumentKind) -> None:
        """Enable only the buttons ``actor``'s role may use (the one rule book, permissions)."""
        self.finalize_button.setEnabled(permissions.may(actor, Action.INSPECT))
        self.addendum_button.setEnabled(permissions.may(actor, Action.INSPECT))
        self.record_button.setEnabled(permissions.may(actor, Action.ISSUE_RECORD))
        self.supplement_button.setEnabled(permissions.may(actor, Action.ISSUE_RECORD))
        self.notice_button.setEnabled(permissions.may(actor, permissions.issuing(notice_kind)))

    def show_last_saved(self, v: inspections.InspectionView) -> None:
        """When the inspection was last saved, as the page opens."""
        times = [a.updated_at for a in v.answers.values()]
        if times:
            self.save_state.setText(self.tr("Saved %1").replace("%1", local_text(max(times))))
        else:
            self.save_state.setText(self.tr("Nothing answered yet"))

    def show_saving(self) -> None:
        self.save_state.setStyleSheet("")
        self.save_state.setText(self.tr("Saving…"))

    def show_saved(self, when: dt.datetime) -> None:
        self.save_state.setStyleSheet("color: #1b7f3b;")
        self.save_state.setText(self.tr("Saved %1").replace("%1", when.astimezone().strftime("%H:%M:%S")))

    def show_not_saved(self, message: str) -> None:
        self.save_state.setStyleSheet("color: #b3261e;")
        self.save_state.setText(self.tr("Not saved: %1").replace("%1", message))


class AddendaBox(QGroupBox):
    """The addenda of a finalized inspection, newest last."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Addenda"), parent)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(120)
        QVBoxLayout(self).addWidget(self.list)

    def show_addenda(self, v: inspections.InspectionView) -> None:
        self.list.clear()
        for a in v.addenda:
            where = f"[{a.item_code}] " if a.item_code else ""
            self.list.addItem(
                self.tr("%1 by %2: %3 (reason: %4)")
                .replace("%1", local_text(a.created_at))
                .replace("%2", a.created_by)
                .replace("%3", where + a.text)
                .replace("%4", a.reason)
            )
        if not v.addenda:
            self.list.addItem(self.tr("No addenda."))
        self.setVisible(v.finalized or bool(v.addenda))
