"""One checklist item as the inspector works on it.

Shows the question, the guidance, what to photograph, the legal basis (citations here, article text
in a dialog), the answer (合格 / 不合格 / 不适用 buttons, or a field for number, text, date and choice
items), the finding, the correction demanded and its deadline, and the item's evidence photos. It
holds no data of its own: it emits what the person did and the inspection page saves it and tells the
view the new state.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain import AnswerResult, answer_result_label
from inspector.forms import AnswerState, AnswerType, Article, Item, Severity, value_problem
from inspector.forms.labels import item_evidence, item_guidance, item_question, severity_label
from inspector.services.inspections import MAX_FINDING
from inspector.ui.field_errors import ERROR_STYLE, error_label
from inspector.ui.inspection.item_style import HINT_STYLE, STYLE, caption
from inspector.ui.inspection.legal import legal_line_html, legal_tooltip

RESULTS = (AnswerResult.COMPLIANT, AnswerResult.NON_COMPLIANT, AnswerResult.NOT_APPLICABLE)


class ItemView(QWidget):
    """The editor of one item.

    Signals:
        result_chosen(code, result): a result button was pressed (``AnswerResult`` value).
        value_edited(code, text): a value is being typed (save after a pause).
        value_chosen(code, text): a value was picked from a list (save now).
        finding_edited(code, text): the finding is being typed.
        correction_edited(code, text): the correction demanded is being typed.
        deadline_changed(code, days): the deadline for the correction changed.
        editing_finished(code): a text field lost the focus (save now).
        legal_requested(code): the person asked for the articles' text.
        files_dropped(paths): files were dropped on the item (evidence photos to import).
    """

    result_chosen = Signal(str, str)
    value_edited = Signal(str, str)
    value_chosen = Signal(str, str)
    finding_edited = Signal(str, str)
    correction_edited = Signal(str, str)
    deadline_changed = Signal(str, int)
    editing_finished = Signal(str)
    legal_requested = Signal(str)
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.setAcceptDrops(True)
        self._item: Item | None = None
        self._state = AnswerState()
        self._photos = 0
        self._read_only = False
        self._loading = False

        top = self._build_top()
        legal_row = self._build_texts()
        buttons_row = self._build_answer()
        self._build_value()
        self._build_finding()
        self.photos_caption = caption(self.tr("Evidence photos"))
        self.photo_hint = QLabel()
        self.photo_hint.setWordWrap(True)
        self.photo_stack = QStackedWidget()

        self._assemble(top, legal_row, buttons_row)

    # -- building ----------------------------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        """Code, severity, section and position of the item."""
        self.section = QLabel()
        self.section.setStyleSheet("color: #555;")
        self.code = QLabel()
        self.code.setObjectName("code")
        self.severity = QLabel(severity_label(Severity.SERIOUS))
        self.severity.setObjectName("severity")
        self.position = QLabel()
        self.position.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(self.code)
        top.addWidget(self.severity)
        top.addWidget(self.section, 1)
        top.addWidget(self.position)

        return top

    def _build_texts(self) -> QHBoxLayout:
        """The question, how to check it, what to photograph, and the legal basis (returned as a row)."""
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        qfont = QFont(self.question.font())
        qfont.setPointSizeF(qfont.pointSizeF() * 1.25)
        qfont.setBold(True)
        self.question.setFont(qfont)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.legal = QLabel()
        self.legal.setWordWrap(True)
        self.legal.setTextFormat(Qt.TextFormat.RichText)
        self.legal_button = QPushButton(self.tr("Legal basis… (Ctrl+L)"))
        self.legal_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.legal_button.clicked.connect(self._on_legal_button_clicked)
        legal_row = QHBoxLayout()
        legal_row.addWidget(self.legal, 1)
        legal_row.addWidget(self.legal_button, 0, Qt.AlignmentFlag.AlignTop)

        return legal_row

    def _build_answer(self) -> QHBoxLayout:
        """The result buttons, 1/2/3."""
        self.answer_caption = caption(self.tr("Result"))
        self.result_group = QButtonGroup(self)
        self.result_buttons: dict[AnswerResult, QPushButton] = {}
        buttons_row = QHBoxLayout()
        for key, result in enumerate(RESULTS, start=1):
            button = QPushButton(f"{answer_result_label(result)}  ({key})")
            button.setCheckable(True)
            button.setProperty("result", result.value)
            button.setMinimumHeight(36)
            button.setMinimumWidth(110)
            self.result_group.addButton(button)
            self.result_buttons[result] = button
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        self.result_group.buttonClicked.connect(self._on_result_group_button_clicked)

        return buttons_row

    def _build_value(self) -> None:
        """The value of a number, date, text or choice item."""
        self.value_line = QLineEdit()
        self.value_text = QPlainTextEdit()
        self.value_text.setFixedHeight(80)
        self.value_text.setTabChangesFocus(True)
        self.value_choice = QComboBox()
        self.value_stack = QStackedWidget()
        for w in (self.value_line, self.value_text, self.value_choice):
            self.value_stack.addWidget(w)
        self.value_caption = caption(self.tr("Value"))
        self.value_error = error_label()
        self.value_line.textEdited.connect(self._on_value_line_text_edited)
        self.value_text.textChanged.connect(self._on_value_text_text_changed)
        self.value_choice.activated.connect(self._on_value_choice_activated)

    def _build_finding(self) -> None:
        """The finding and, for a non-compliant answer, the correction demanded and its deadline."""
        self.finding_caption = caption(self.tr("Finding (what was seen, where, how many)"))
        self.finding = QPlainTextEdit()
        self.finding.setTabChangesFocus(True)
        self.finding.setMinimumHeight(60)
        self.finding.setMaximumHeight(100)
        self.finding.setPlaceholderText(
            self.tr("Objective facts only, e.g. 诊室内间发现便携式B超机1台（无铭牌）。")
        )
        self.finding.textChanged.connect(self._on_finding_text_changed)
        self.finding_hint = error_label()
        self.correction_caption = caption(self.tr("Correction demanded"))
        self.correction = QPlainTextEdit()
        self.correction.setTabChangesFocus(True)
        self.correction.setFixedHeight(48)
        self.correction.textChanged.connect(self._on_correction_text_changed)
        self.deadline = QSpinBox()
        self.deadline.setRange(1, 365)
        self.deadline.setSuffix(self.tr(" days"))
        self.deadline.valueChanged.connect(self._on_deadline_value_changed)
        caption_row = QHBoxLayout()
        caption_row.addWidget(self.correction_caption)
        caption_row.addStretch(1)
        caption_row.addWidget(QLabel(self.tr("Deadline for correction")))
        caption_row.addWidget(self.deadline)
        self.correction_box = QWidget()
        cl = QVBoxLayout(self.correction_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(caption_row)
        cl.addWidget(self.correction)
        for edit in (self.finding, self.correction, self.value_text, self.value_line):
            edit.installEventFilter(self)

    def _assemble(self, top: QHBoxLayout, legal_row: QHBoxLayout, buttons_row: QHBoxLayout) -> None:
        """Top to bottom: what the item asks, then the answer, the finding and the photos."""
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        # A re-inspection puts the original finding here, above the answer (see set_context_widget).
        self.context_slot = QVBoxLayout()
        self.context_slot.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        parts = (
            *(top, self.question, self.guidance, self.evidence, legal_row, line, self.context_slot),
            *(self.value_caption, self.value_stack, self.value_error, self.answer_caption, buttons_row),
            *(self.finding_caption, self.finding, self.finding_hint, self.correction_box),
            *(self.photos_caption, self.photo_hint, self.photo_stack),
        )
        for part in parts:
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        layout.addStretch(1)

    # -- showing -----------------------------------------------------------------------------------------
    @property
    def item(self) -> Item | None:
        return self._item

    def show_item(
        self,
        item: Item,
        state: AnswerState,
        *,
        section_title: str,
        position: str,
        articles: list[Article],
        correction: str | None,
        deadline_days: int | None,
        photo_count: int,
        read_only: bool,
    ) -> None:
        """Load ``item`` and its saved answer; nothing is emitted while loading."""
        self._loading = True
        try:
            self._item = item
            self._state = state
            self._photos = photo_count
            self._read_only = read_only
            self._show_texts(item, section_title, position, articles)
            self._show_value(item, state)
            self.finding.setPlainText(state.finding)
            self.correction.setPlainText(correction or "")
            self.correction.setPlaceholderText(item.correction)
            self.deadline.setValue(deadline_days or item.deadline_days or 15)
            for edit in (self.finding, self.correction, self.value_text, self.value_line):
                edit.setReadOnly(read_only)
            for control in (*self.result_buttons.values(), self.value_choice, self.deadline):
                control.setEnabled(not read_only)
            self._check_result(state.result)
            self.refresh_hints()
        finally:
            self._loading = False

    def _show_texts(self, item: Item, section_title: str, position: str, articles: list[Article]) -> None:
        self.code.setText(item.code)
        self.severity.setVisible(item.is_serious)
        self.section.setText(section_title)
        self.position.setText(position)
        self.question.setText(item_question(item))
        guidance = item_guidance(item)
        self.guidance.setText(self.tr("How to check: %1").replace("%1", guidance) if guidance else "")
        self.guidance.setVisible(bool(guidance))
        evidence = item_evidence(item)
        if evidence:
            text = self.tr("Photograph: %1").replace("%1", evidence)
            if item.photo_required:
                text += self.tr(" (required when non-compliant)")
            self.evidence.setText(text)
        self.evidence.setVisible(bool(evidence))
        self.legal.setText(legal_line_html(item, articles))
        self.legal.setToolTip(legal_tooltip(articles))
        self.legal_button.setEnabled(bool(articles))

    def _show_value(self, item: Item, state: AnswerState) -> None:
        is_check = item.answer_type is AnswerType.CHECK
        self.value_caption.setVisible(not is_check)
        self.value_stack.setVisible(not is_check)
        self.answer_caption.setText(self.tr("Result") if is_check else self.tr("Judgement (optional)"))
        value = state.value or ""
        if item.answer_type is AnswerType.CHOICE:
            self.value_choice.clear()
            self.value_choice.addItem(self.tr("(choose)"), "")
            for choice in item.choices:
                self.value_choice.addItem(choice, choice)
            self.value_choice.setCurrentIndex(max(self.value_choice.findData(value), 0))
            self.value_stack.setCurrentWidget(self.value_choice)
        elif item.answer_type is AnswerType.TEXT:
            self.value_text.setPlainText(value)
            self.value_stack.setCurrentWidget(self.value_text)
        else:
            self.value_line.setText(value)
            self.value_line.setPlaceholderText(
                self.tr("YYYY-MM-DD") if item.answer_type is AnswerType.DATE else self.tr("a number")
            )
            self.value_stack.setCurrentWidget(self.value_line)
        # A stack is as tall as its tallest page; a drop-down or a line stretched to the text box's
        # height (or more) looks like something else: the stack takes the height of the field shown.
        shown = self.value_stack.currentWidget()
        if shown is not None:
            self.value_stack.setFixedHeight(shown.sizeHint().height())

    def set_state(self, state: AnswerState, photo_count: int | None = None) -> None:
        """The item's answer changed (saved); update the buttons and hints, not the text being typed."""
        self._state = state
        if photo_count is not None:
            self._photos = photo_count
        self._loading = True
        try:
            self._check_result(state.result)
        finally:
            self._loading = False
        self.refresh_hints()

    def set_photo_count(self, count: int) -> None:
        self._photos = count
        self.refresh_hints()

    def set_photo_widget(self, widget: QWidget) -> None:
        """Show ``widget`` (the item's photo strip) in the evidence area."""
        if self.photo_stack.indexOf(widget) < 0:
            self.photo_stack.addWidget(widget)
        self.photo_stack.setCurrentWidget(widget)

    def set_context_widget(self, widget: QWidget) -> None:
        """Show ``widget`` between the item's description and its answer (a re-inspection's original
        finding, to compare with what is seen now)."""
        self.context_slot.addWidget(widget)

    def _check_result(self, result: AnswerResult) -> None:
        self.result_group.setExclusive(False)
        for r, button in self.result_buttons.items():
            button.setChecked(r is result)
        self.result_group.setExclusive(True)

    def refresh_hints(self) -> None:
        """Say what is still missing: a finding for a non-compliant item, a required photo, a bad value."""
        item = self._item
        if item is None:
            return
        non_compliant = self._state.result is AnswerResult.NON_COMPLIANT
        finding = self.finding.toPlainText()
        if non_compliant and not finding.strip():
            self.finding_hint.setText(
                self.tr(
                    "A non-compliant item needs a finding: describe what was seen. "
                    "The inspection cannot be finalized without it."
                )
            )
            self.finding_hint.show()
        elif len(finding) > MAX_FINDING:
            self.finding_hint.setText(
                self.tr("Too long: at most %1 characters.").replace("%1", str(MAX_FINDING))
            )
            self.finding_hint.show()
        else:
            self.finding_hint.hide()
        self.finding_caption.setText(
            self.tr("Finding (required: what was seen, where, how many)")
            if non_compliant
            else self.tr("Finding (what was seen, where, how many)")
        )
        self.correction_box.setVisible(non_compliant)
        if item.photo_required and non_compliant and self._photos == 0:
            self.photo_hint.setText(
                self.tr(
                    "Evidence required: add at least one photo of this item (drop files "
                    "here or use Add photos). The inspection cannot be finalized "
                    "without it."
                )
            )
            self.photo_hint.setStyleSheet(ERROR_STYLE)
            self.photo_hint.show()
        elif item.photo_required:
            self.photo_hint.setText(
                self.tr("%n photo(s). A photo is required if the item is non-compliant.", "", self._photos)
            )
            self.photo_hint.setStyleSheet(HINT_STYLE)
            self.photo_hint.show()
        else:
            self.photo_hint.setText(self.tr("%n photo(s).", "", self._photos))
            self.photo_hint.setStyleSheet("")
            self.photo_hint.show()
        problem = (
            value_problem(item, self._current_value()) if item.answer_type is not AnswerType.CHECK else None
        )
        self.value_error.setText(problem or "")
        self.value_error.setVisible(bool(problem))

    # -- focus -------------------------------------------------------------------------------------------
    def focus_answer(self) -> None:
        """Put the keyboard focus where the next key press answers this item."""
        item = self._item
        if item is None:
            return
        if item.answer_type is AnswerType.CHECK or self._read_only:
            checked = self.result_group.checkedButton()
            target: QWidget = checked or self.result_buttons[AnswerResult.COMPLIANT]
            if self._read_only:
                target = self
                self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            editor = self.value_stack.currentWidget()
            if editor is not None:
                editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_finding(self) -> None:
        self.finding.setFocus(Qt.FocusReason.OtherFocusReason)
        self.finding.moveCursor(self.finding.textCursor().MoveOperation.End)

    def choose(self, result: AnswerResult) -> None:
        """Press the result button for ``result`` (keyboard 1/2/3 or Alt+1/2/3)."""
        if self._read_only or self._item is None:
            return
        self.result_buttons[result].click()

    # -- values ------------------------------------------------------------------------------------------
    def _current_value(self) -> str:
        item = self._item
        if item is None:
            return ""
        if item.answer_type is AnswerType.CHOICE:
            return str(self.value_choice.currentData() or "")
        if item.answer_type is AnswerType.TEXT:
            return self.value_text.toPlainText()
        return self.value_line.text()

    def finding_text(self) -> str:
        return self.finding.toPlainText()

    # -- slots -------------------------------------------------------------------------------------------
    def _emit(self, signal: SignalInstance, *args: object) -> None:
        if not self._loading and self._item is not None and not self._read_only:
            signal.emit(self._item.code, *args)

    def _on_result_group_button_clicked(self, button: QAbstractButton) -> None:
        self._emit(self.result_chosen, str(button.property("result")))

    def _on_value_line_text_edited(self, text: str) -> None:
        self._emit(self.value_edited, text)
        self.refresh_hints()

    def _on_value_text_text_changed(self) -> None:
        self._emit(self.value_edited, self.value_text.toPlainText())

    def _on_value_choice_activated(self, _index: int) -> None:
        self._emit(self.value_chosen, str(self.value_choice.currentData() or ""))
        self.refresh_hints()

    def _on_finding_text_changed(self) -> None:
        self._emit(self.finding_edited, self.finding.toPlainText())
        if not self._loading:
            self.refresh_hints()

    def _on_correction_text_changed(self) -> None:
        self._emit(self.correction_edited, self.correction.toPlainText())

    def _on_deadline_value_changed(self, days: int) -> None:
        self._emit(self.deadline_changed, days)

    def _on_legal_button_clicked(self) -> None:
        if self._item is not None:
            self.legal_requested.emit(self._item.code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._item is not None and not self._loading:
            self.editing_finished.emit(self._item.code)
        return super().eventFilter(watched, event)

    # -- drag and drop -----------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if not self._read_only and mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and not self._read_only:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
