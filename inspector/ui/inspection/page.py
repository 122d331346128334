"""The checklist walk-through of one inspection.

Left: the sections with their progress and the items with a mark per answer. Right: the current item
(:class:`ItemView`). Everything is done with the keyboard as well as the mouse: 1/2/3 answer
(Alt+1/2/3 while typing in a text field), Enter or PgDn go to the next item (Ctrl+Enter from a
multi-line field, where Enter starts a new line), PgUp goes back, Ctrl+F finds an item, Ctrl+L shows
the legal texts.

Every change is written at once (:class:`AnswerSaver`) and the position is remembered, so a reopened
inspection continues where it was. Finalize names what is missing and jumps to it; afterwards the page
is read-only, corrections are addenda, and once the 笔录 was issued they lead to a 补充笔录.
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector import i18n, workflows
from inspector.domain import AnswerResult, DocumentKind, InspectionKind
from inspector.errors import UserError
from inspector.forms import (
    AnswerState,
    Item,
    ProblemKind,
    is_answered,
    missing_for_finalize,
    visible_items,
)
from inspector.services import inspections
from inspector.services import settings as office_settings
from inspector.services.documents import supplements
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.followup.original import OriginalFindingPanel
from inspector.ui.inspection import keys
from inspector.ui.inspection.addendum_dialog import AddendumDialog
from inspector.ui.inspection.autosave import AnswerSaver
from inspector.ui.inspection.finalize_dialog import FinalizeDialog
from inspector.ui.inspection.find_dialog import FindItemDialog
from inspector.ui.inspection.header import AddendaBox, InspectionHeader
from inspector.ui.inspection.item_view import ItemView
from inspector.ui.inspection.legal import LegalBasisDialog
from inspector.ui.inspection.outline import ChecklistOutline, section_title
from inspector.ui.photos import PhotoStrip
from inspector.ui.screen_fit import UprightScrollArea


class InspectionPage(QWidget):
    """The walk-through of inspection ``inspection_id``.

    Signals:
        finalized(uuid): the inspection was finalized and is now read-only.
        answers_changed(): an answer was committed (lists showing counts may refresh).
        addendum_added(uuid): an addendum was recorded.
        document_requested(uuid, kind): the person asked to issue a document (``DocumentKind`` value)
            of this finalized inspection; the main window opens the documents' issue dialog.
    """

    finalized = Signal(object)
    answers_changed = Signal()
    addendum_added = Signal(object)
    document_requested = Signal(object, str)

    def __init__(
        self,
        ctx: UiContext,
        inspection_id: uuid.UUID,
        parent: QWidget | None = None,
        *,
        show_camera: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self._show_camera = show_camera
        self._strips: dict[str, PhotoStrip] = {}
        self._english = i18n.language() == "en"
        with ctx.db.read() as s:
            self.view = inspections.get_inspection(s, inspection_id)
            self.form = inspections.form_of(s, inspection_id)
            self.photo_counts = inspections.photo_counts(s, inspection_id)
            # Where neither the inspector nor the checklist sets a deadline, the office's applies.
            self.default_deadline_days = office_settings.load(s).default_deadline_days
        self.states: dict[str, AnswerState] = self.view.states()
        self.current_code: str | None = None
        self.saver = AnswerSaver(ctx, inspection_id, self)
        self.saver.saving_started.connect(self._on_saver_saving_started)
        self.saver.saved.connect(self._on_saver_saved)
        self.saver.answer_saved.connect(self._on_saver_answer_saved)
        self.saver.save_failed.connect(self._on_saver_save_failed)

        self.header = h = InspectionHeader()
        # The page's controls, as tests and the main window address them.
        self.title, self.details, self.save_state, self.banner = h.title, h.details, h.save_state, h.banner
        self.finalize_button, self.addendum_button = h.finalize_button, h.addendum_button
        self.record_button, self.notice_button = h.record_button, h.notice_button
        self.find_button, self.header_buttons = h.find_button, h.buttons
        self.record_button.clicked.connect(partial(self._request_document, DocumentKind.RECORD))
        h.supplement_button.clicked.connect(partial(self._request_document, DocumentKind.SUPPLEMENT))
        self.notice_button.clicked.connect(partial(self._request_document, self._notice_kind()))
        self.find_button.clicked.connect(self.find_item)
        self.finalize_button.clicked.connect(self.finalize_inspection)
        self.addendum_button.clicked.connect(self.add_addendum)
        self.outline = ChecklistOutline(self.form, self._english)
        self.outline.item_activated.connect(self._on_outline_item_activated)
        self.item_view = self._make_item_view()
        self.addenda_box = AddendaBox()
        self.addenda = self.addenda_box.list
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self._body(), 1)

        self._shortcuts()
        self._show_header()
        self.outline.update_answers(self.states)
        self.addenda_box.show_addenda(self.view)
        self.go_to(self._start_code(), focus=False)
        self.header.show_last_saved(self.view)

    def _make_item_view(self) -> ItemView:
        view = ItemView()
        view.result_chosen.connect(self._on_item_view_result_chosen)
        view.value_edited.connect(self._on_item_view_value_edited)
        view.value_chosen.connect(self._on_item_view_value_chosen)
        view.finding_edited.connect(self._on_item_view_finding_edited)
        view.correction_edited.connect(self._on_item_view_correction_edited)
        view.deadline_changed.connect(self._on_item_view_deadline_changed)
        view.editing_finished.connect(self._on_item_view_editing_finished)
        view.legal_requested.connect(self._on_item_view_legal_requested)
        view.files_dropped.connect(self._on_item_view_files_dropped)
        # A re-inspection shows, above each item's answer, what the first inspection found there.
        self.original: OriginalFindingPanel | None = None
        if self.view.kind == InspectionKind.REINSPECTION.value and self.view.rectification_id is not None:
            self.original = OriginalFindingPanel(self.ctx, self.inspection_id)
            view.set_context_widget(self.original)
        return view

    def _body(self) -> QSplitter:
        """The outline on the left; the item, its addenda and the navigation on the right."""
        item_panel = QWidget()
        ip = QVBoxLayout(item_panel)
        ip.addWidget(self.item_view)
        ip.addWidget(self.addenda_box)
        self.item_scroll = UprightScrollArea()
        self.item_scroll.setWidget(item_panel)
        self.prev_button = QPushButton(self.tr("◀ Previous (PgUp)"))
        self.next_button = QPushButton(self.tr("Next (Enter / PgDn) ▶"))
        for b in (self.prev_button, self.next_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.prev_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        # Between the buttons: the keys, or a message such as "this is the last item".
        self.nav_message = QLabel()
        self.nav_message.setWordWrap(True)
        self.nav_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._show_keys_help()
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.nav_message, 1)
        nav.addWidget(self.next_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.item_scroll, 1)
        rl.addLayout(nav)
        splitter = QSplitter()
        splitter.addWidget(self.outline)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 820])
        splitter.setChildrenCollapsible(False)
        return splitter

    # -- set-up --------------------------------------------------------------------------------------------
    def _shortcuts(self) -> None:
        keys.install(
            self,
            answer=self.answer,
            next_item=self.next_item,
            previous_item=self.previous_item,
            find_item=self.find_item,
            show_legal_basis=self.show_legal_basis,
        )

    @property
    def read_only(self) -> bool:
        return self.view.finalized

    def _show_header(self) -> None:
        reinspection = self._notice_kind() is DocumentKind.REINSPECTION
        self.header.show_inspection(self.view, self.form, english=self._english, reinspection=reinspection)
        with self.ctx.db.read() as s:
            self.header.show_supplement(supplements.pending_count(s, self.inspection_id))
        self.header.allow(self.ctx.actor, self._notice_kind())

    def _start_code(self) -> str:
        visible = self.visible()
        codes = [i.code for i in visible]
        last = self.view.last_item_code
        if last in codes:
            return str(last)
        for item in visible:
            if not is_answered(item, self.states.get(item.code)):
                return item.code
        return codes[0]

    # -- navigation ----------------------------------------------------------------------------------------
    def visible(self) -> list[Item]:
        return visible_items(self.form, self.states)

    def current_item(self) -> Item | None:
        return self.form.item(self.current_code) if self.current_code else None

    def go_to(self, code: str, *, focus: bool = True) -> None:
        """Show item ``code``, saving whatever is pending for the previous one and remembering the place."""
        if code != self.current_code:
            self.saver.flush()
        item = self.form.item(code)
        visible = self.visible()
        codes = [i.code for i in visible]
        answer = self.view.answers.get(code)
        self.item_view.show_item(
            item,
            self.states.get(code, AnswerState()),
            section_title=section_title(self.form, item.section, self._english),
            position=self._position(code, codes),
            articles=self.form.articles_for(item),
            correction=answer.correction if answer else None,
            deadline_days=(answer.deadline_days if answer else None)
            or item.deadline_days
            or self.default_deadline_days,
            photo_count=self.photo_counts.get(code, 0),
            read_only=self.read_only,
        )
        self.item_view.set_photo_widget(self._strip_for(code))
        if self.original is not None:
            self.original.set_item(code)
        # Opening the page is not a move: only a change of item is written as the new position.
        moved = self.current_code is not None and code != self.current_code
        self.current_code = code
        self.outline.select(code)
        self._show_keys_help()
        self.prev_button.setEnabled(bool(codes) and code != codes[0])
        self.item_scroll.verticalScrollBar().setValue(0)
        if moved and not self.read_only:
            self.saver.remember_position(code)
        if focus:
            self.item_view.focus_answer()

    def _show_keys_help(self) -> None:
        item = self.current_item()
        self.nav_message.setStyleSheet("color: #555;")
        self.nav_message.setText(
            keys.keys_help(item.answer_type if item is not None and not self.read_only else None)
        )

    def _on_outline_item_activated(self, code: str) -> None:
        self.go_to(code)

    def next_item(self) -> None:
        codes = [i.code for i in self.visible()]
        if self.current_code not in codes:
            self.go_to(codes[0])
            return
        i = codes.index(self.current_code)
        if i + 1 < len(codes):
            self.go_to(codes[i + 1])
        else:
            self.saver.flush()
            self.nav_message.setStyleSheet("color: #a15c00;")
            self.nav_message.setText(self.tr("This is the last item. When everything is answered, finalize."))

    def previous_item(self) -> None:
        codes = [i.code for i in self.visible()]
        if self.current_code in codes and codes.index(self.current_code) > 0:
            self.go_to(codes[codes.index(self.current_code) - 1])

    def find_item(self) -> None:
        dialog = FindItemDialog(self.visible(), self)
        if dialog.exec() and dialog.chosen_code:
            self.go_to(dialog.chosen_code)

    # -- answering -----------------------------------------------------------------------------------------
    def answer(self, result: AnswerResult) -> None:
        """Answer the current item (keys 1/2/3); a non-compliant answer moves the focus to the finding."""
        if self.read_only or self.current_code is None:
            return
        self.item_view.choose(result)

    def _on_item_view_result_chosen(self, code: str, result: str) -> None:
        view = self.saver.set_result(code, AnswerResult(result))
        if view is not None and view.result == AnswerResult.NON_COMPLIANT.value and not view.finding.strip():
            self.item_view.focus_finding()

    def _on_item_view_value_edited(self, code: str, text: str) -> None:
        self.saver.queue(code, value=text if text.strip() else None)

    def _on_item_view_value_chosen(self, code: str, text: str) -> None:
        self.saver.save(code, value=text or None)

    def _on_item_view_finding_edited(self, code: str, text: str) -> None:
        self.saver.queue(code, finding=text)

    def _on_item_view_correction_edited(self, code: str, text: str) -> None:
        self.saver.queue(code, correction=text if text.strip() else None)

    def _on_item_view_deadline_changed(self, code: str, days: int) -> None:
        self.saver.save(code, deadline_days=days)

    def _on_item_view_editing_finished(self, _code: str) -> None:
        self.saver.flush()

    def _on_saver_answer_saved(self, answer: inspections.AnswerView) -> None:
        self.view.answers[answer.item_code] = answer
        self.states[answer.item_code] = answer.state()
        self.outline.update_answers(self.states)
        if answer.item_code == self.current_code:
            self.item_view.set_state(self.states[answer.item_code])
        if self.current_code is not None:  # an answer may show or hide conditional items
            codes = [i.code for i in self.visible()]
            self.item_view.position.setText(self._position(self.current_code, codes))
        self.answers_changed.emit()

    def _position(self, code: str, codes: list[str]) -> str:
        """ "Item 3 of 12", counting the items shown now."""
        number = codes.index(code) + 1 if code in codes else 0
        return self.tr("Item %1 of %2").replace("%1", str(number)).replace("%2", str(len(codes)))

    def _on_saver_saving_started(self) -> None:
        self.header.show_saving()

    def _on_saver_saved(self, when: dt.datetime) -> None:
        self.header.show_saved(when)

    def _on_saver_save_failed(self, message: str) -> None:
        self.header.show_not_saved(message)

    # -- legal, photos ---------------------------------------------------------------------------------
    def show_legal_basis(self) -> None:
        """The text of the articles the current item cites (Ctrl+L)."""
        if self.current_code:
            self._on_item_view_legal_requested(self.current_code)

    def _on_item_view_legal_requested(self, code: str) -> None:
        item = self.form.item(code)
        LegalBasisDialog(item, self.form.articles_for(item), self).exec()

    def _strip_for(self, code: str) -> PhotoStrip:
        """The item's photo strip, made on first visit and kept, so running imports are never cut off."""
        if code in self._strips:
            return self._strips[code]
        strip = PhotoStrip(self.ctx, self.inspection_id, code, show_camera=self._show_camera)
        if self.read_only:
            strip.set_read_only()
        strip.photos_changed.connect(self._on_strip_photos_changed)
        self._strips[code] = strip
        return strip

    def _on_item_view_files_dropped(self, paths: list[Path]) -> None:
        strip = self._strips.get(self.current_code or "")
        if strip is not None:
            strip.import_paths(paths)

    def _on_strip_photos_changed(self) -> None:
        with self.ctx.db.read() as s:
            self.photo_counts = inspections.photo_counts(s, self.inspection_id)
        if self.current_code:
            self.item_view.set_photo_count(self.photo_counts.get(self.current_code, 0))

    # -- finalize and addenda ------------------------------------------------------------------------------
    def finalize_problems(self) -> list[inspections.FinalizeProblem]:
        """What still blocks finalizing, in checklist order (the same check the service makes)."""
        with self.ctx.db.read() as s:
            self.photo_counts = inspections.photo_counts(s, self.inspection_id)
        return [
            inspections.FinalizeProblem(p.code, p.message)
            for p in missing_for_finalize(self.form, self.states, self.photo_counts)
        ]

    def _refuse(self, problems: list[inspections.FinalizeProblem]) -> None:
        messages.show_problems(
            self,
            self.tr("The inspection cannot be finalized yet"),
            self.tr("Answer or complete these items first:"),
            [p.message for p in problems],
        )
        first = next((p.item_code for p in problems if p.item_code), None)
        if first:
            self.go_to(first)
            kinds = {
                p.kind
                for p in missing_for_finalize(self.form, self.states, self.photo_counts)
                if p.code == first
            }
            if ProblemKind.NO_FINDING in kinds:
                self.item_view.focus_finding()

    def finalize_inspection(self) -> bool:
        """Check, show the summary, ask, then lock; returns whether the inspection is now finalized."""
        if self.read_only:
            return False
        if not self.saver.flush():
            unsaved = self.tr("A change could not be saved; see the message at the top right and try again.")
            messages.show_error(self, UserError(unsaved))
            return False
        problems = self.finalize_problems()
        if problems:
            self._refuse(problems)
            return False
        dialog = FinalizeDialog.for_inspection(self.view, self.form, self.states, self)
        if not dialog.exec():
            return False
        try:
            with self.ctx.db.write() as s:
                changes = workflows.finalize_inspection(
                    s,
                    self.ctx.actor,
                    self.inspection_id,
                    finished_at=dialog.finished_at(),
                    details=dialog.details(),
                )
                self.view = inspections.get_inspection(s, self.inspection_id)
        except inspections.FinalizeRefused as err:
            self._refuse(err.items)
            return False
        except UserError as err:
            messages.show_error(self, err)
            return False
        self._after_lock()
        self.ctx.announce(changes)
        self.finalized.emit(self.inspection_id)
        return True

    def _after_lock(self) -> None:
        for code, strip in list(self._strips.items()):
            strip.deleteLater()
            del self._strips[code]
        self._show_header()
        self.addenda_box.show_addenda(self.view)
        if self.current_code:
            self.go_to(self.current_code, focus=False)

    def _notice_kind(self) -> DocumentKind:
        reinspection = self.view.kind == InspectionKind.REINSPECTION.value
        return DocumentKind.REINSPECTION if reinspection else DocumentKind.NOTICE

    def _request_document(self, kind: DocumentKind) -> None:
        self.document_requested.emit(self.inspection_id, kind.value)

    def add_addendum(self) -> bool:
        dialog = AddendumDialog(self.ctx, self.inspection_id, self.form, self.current_code, self)
        if not dialog.exec() or dialog.saved is None:
            return False
        with self.ctx.db.read() as s:
            self.view = inspections.get_inspection(s, self.inspection_id)
        self._show_header()
        self.addenda_box.show_addenda(self.view)
        self.addendum_added.emit(dialog.saved.id)
        if self.header.supplement_button.isVisible() and messages.confirm(
            self, self.tr("Supplementary record"), self.header.supplement_question()
        ):
            self._request_document(DocumentKind.SUPPLEMENT)
        return True

    # -- closing -------------------------------------------------------------------------------------------
    def close_inspection(self) -> bool:
        """Write everything pending and let photo imports finish; call before the page goes away."""
        ok = self.saver.flush()
        for strip in self._strips.values():
            strip.wait_for_imports()
        return ok

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_inspection()
        super().closeEvent(event)
