"""Interview entry (询问笔录) by keyboard: the person, then questions and answers as pairs.

Left, the case's interviews; right, the selected one: who is questioned (name, 身份证号, sex, phone,
address, work, relation to the case), where and when, then the pairs, 问 above 答. Keys: Ctrl+Return
adds a question and puts the cursor in it; Tab moves from a question to its answer and on; Ctrl+I
starts a new interview. Everything is saved as typed (:class:`~inspector.ui.cases.autosave.PendingWrites`).
An interview whose 询问笔录 was issued is shown read-only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector import workflows
from inspector.services import permissions
from inspector.services.cases.interviews import InterviewInput
from inspector.services.cases.views import CaseView, InterviewView, QAPair
from inspector.services.permissions import Action
from inspector.ui.boxes import STRETCH, hbox, vbox
from inspector.ui.cases.record_editor import CaseRecordEditor
from inspector.ui.context import UiContext

PERSON_FIELDS = (
    "person_name",
    "person_id_number",
    "person_sex",
    "person_phone",
    "person_address",
    "person_work",
)


# A time edit shows its minimum as blank: "not given yet" (the end of an interview still going on).
NOT_GIVEN = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


def _qdatetime(value: dt.datetime | None) -> QDateTime:
    if value is None:
        return NOT_GIVEN
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def _pydatetime(value: QDateTime) -> dt.datetime | None:
    if not value.isValid() or value == NOT_GIVEN:
        return None
    return dt.datetime.fromtimestamp(value.toSecsSinceEpoch(), dt.UTC)


class PairsEditor(QWidget):
    """The question and answer boxes, in order; ``edited()`` after any keystroke in them."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: list[tuple[QPlainTextEdit, QPlainTextEdit]] = []
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(1, 1)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._read_only = False

    def set_pairs(self, pairs: tuple[QAPair, ...]) -> None:
        self.boxes.clear()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted when control returns to Qt
                widget.deleteLater()
        for pair in pairs:
            self._add(pair.question, pair.answer)

    def _box(self, text: str, placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit(text)
        box.setTabChangesFocus(True)  # Tab goes to the answer, then to the next question
        box.setPlaceholderText(placeholder)
        box.setFixedHeight(56)
        box.setReadOnly(self._read_only)
        box.textChanged.connect(self.edited)
        return box

    def _add(self, question: str = "", answer: str = "") -> QPlainTextEdit:
        n = len(self.boxes) + 1
        q = self._box(question, self.tr("Question"))
        a = self._box(answer, self.tr("Answer"))
        row = 2 * (n - 1)
        self.grid.addWidget(QLabel(self.tr("Q%1:").replace("%1", str(n))), row, 0, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(q, row, 1)
        self.grid.addWidget(
            QLabel(self.tr("A%1:").replace("%1", str(n))), row + 1, 0, Qt.AlignmentFlag.AlignTop
        )
        self.grid.addWidget(a, row + 1, 1)
        self.boxes.append((q, a))
        return q

    def add_pair(self) -> QPlainTextEdit:
        """A new empty pair at the end; returns its question box (to focus)."""
        q = self._add()
        self.edited.emit()
        return q

    def pairs(self) -> tuple[QAPair, ...]:
        return tuple(QAPair(q.toPlainText(), a.toPlainText()) for q, a in self.boxes)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for q, a in self.boxes:
            q.setReadOnly(read_only)
            a.setReadOnly(read_only)


class InterviewEditor(CaseRecordEditor):
    """Signals: ``changed(Changes)`` after an interview was started (the case view reloads)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, lambda s, iid, f: workflows.cases.update_interview(s, ctx.actor, iid, **f), parent
        )
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New interview (Ctrl+I)"))
        self.add_pair_button = QPushButton(self.tr("Add question (Ctrl+Return)"))
        self.save_state = QLabel()
        self.fields: dict[str, QLineEdit] = {n: QLineEdit() for n in (*PERSON_FIELDS, "place")}
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(["当事人", "法定代表人", "负责人", "从业人员", "就诊者", "证人", "举报人"])
        self.started = QDateTimeEdit()
        self.ended = QDateTimeEdit()
        for edit in (self.started, self.ended):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setMinimumDateTime(NOT_GIVEN)
            edit.setSpecialValueText(" ")
        self.officers = QLabel()
        self.pairs = PairsEditor()
        self._layout()
        self._connect()

    def _layout(self) -> None:
        labels = {
            "person_name": self.tr("Person questioned"),
            "person_id_number": self.tr("ID number (身份证号)"),
            "person_sex": self.tr("Sex"),
            "person_phone": self.tr("Phone"),
            "person_address": self.tr("Address"),
            "person_work": self.tr("Work unit and post"),
            "place": self.tr("Place"),
        }
        grid = QGridLayout()  # two fields a row: the pairs below get the height
        cells: list[tuple[str, QWidget]] = [(labels[n], self.fields[n]) for n in PERSON_FIELDS]
        times = QHBoxLayout()
        times.setContentsMargins(0, 0, 0, 0)
        times.addWidget(self.started)
        times.addWidget(QLabel(self.tr("to")))
        times.addWidget(self.ended)
        when = QWidget()
        when.setLayout(times)
        cells += [
            (self.tr("Relation to the case"), self.relation),
            (labels["place"], self.fields["place"]),
            (self.tr("Time"), when),
            (self.tr("Officers"), self.officers),
        ]
        for n, (label, widget) in enumerate(cells):
            grid.addWidget(QLabel(label), n // 2, 2 * (n % 2))
            grid.addWidget(widget, n // 2, 2 * (n % 2) + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pairs)
        self.editor = QWidget()
        right = QVBoxLayout(self.editor)
        right.addLayout(grid)
        right.addWidget(scroll, 1)
        right.addWidget(self.add_pair_button)
        top = hbox(self.new_button, STRETCH, self.save_state)
        vbox(top, (hbox((self.list, 1), (self.editor, 4)), 1), owner=self)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_interview)
        self.add_pair_button.clicked.connect(self.add_pair)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self._save_typing(self.fields, lambda name, text: self._queue(**{name: text}))
        self.relation.currentTextChanged.connect(lambda text: self._queue(relation=text))
        self.started.dateTimeChanged.connect(lambda value: self._queue(started_at=_pydatetime(value)))
        self.ended.dateTimeChanged.connect(lambda value: self._queue(ended_at=_pydatetime(value)))
        self.pairs.edited.connect(lambda: self._queue(pairs=self.pairs.pairs()))
        self.saver.report_to(self.save_state)
        for keys, slot in (
            ("Ctrl+Return", self.add_pair),
            ("Ctrl+Enter", self.add_pair),
            ("Ctrl+I", self.new_interview),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    # -- showing ------------------------------------------------------------------------------------
    def show_case(self, case: CaseView) -> None:
        self.saver.flush()
        keep = self.current()
        self.case = case
        self._loading = True
        self.list.clear()
        for talk in case.interviews:
            name = talk.person_name or self.tr("(no name yet)")
            when = talk.started_at.astimezone().strftime("%m-%d %H:%M")
            text = f"{name}（{talk.relation}）　{when}" if talk.relation else f"{name}　{when}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, talk.id)
            self.list.addItem(entry)
        self._loading = False
        ids = [t.id for t in case.interviews]
        row = ids.index(keep.id) if keep is not None and keep.id in ids else len(ids) - 1
        self.list.setCurrentRow(row)
        self._show(case.interviews[row] if row >= 0 else None)
        self.new_button.setEnabled(self._active() and permissions.may(self._ctx.actor, Action.INTERVIEW))

    def current(self) -> InterviewView | None:
        return self._selected(lambda case: case.interviews, self.list.currentRow())

    def _show(self, talk: InterviewView | None) -> None:
        self._loading = True
        self.editor.setEnabled(talk is not None)
        self._show_typed(self.fields, talk)
        self.relation.setCurrentText(talk.relation if talk is not None else "")
        self.started.setDateTime(_qdatetime(talk.started_at if talk else None))
        self.ended.setDateTime(_qdatetime(talk.ended_at if talk else None))
        self.officers.setText("、".join(f"{o.name}（{o.cert_no}）" for o in talk.officers) if talk else "")
        editable = talk is not None and not talk.issued and self._active()
        editable = editable and permissions.may(self._ctx.actor, Action.INTERVIEW)
        self.pairs.set_read_only(not editable)
        self.pairs.set_pairs(talk.pairs if talk is not None else ())
        for line in self.fields.values():
            line.setReadOnly(not editable)
        for control in (self.relation, self.started, self.ended, self.add_pair_button):
            control.setEnabled(editable)
        self._loading = False

    def _editable(self) -> bool:
        return self.add_pair_button.isEnabled()

    # -- editing ------------------------------------------------------------------------------------
    def _queue(self, **fields: Any) -> None:
        talk = self.current()
        if self._loading or talk is None or not self._editable():
            return
        self.saver.queue(talk.id, **fields)

    def _on_list_current_row_changed(self, _row: int) -> None:
        if self._loading:
            return
        self.saver.flush()
        self._show(self.current())

    def add_pair(self) -> None:
        if self.current() is None or not self._editable():
            return
        box = self.pairs.add_pair()
        QTimer.singleShot(0, box.setFocus)

    def new_interview(self) -> None:
        """A new interview of the case, now, by its officers; the cursor goes to the person's name."""
        if self.case is None or not self.new_button.isEnabled():
            return
        case_id, actor = self.case.id, self._ctx.actor
        data = InterviewInput(place=self.case.party.address, pairs=(QAPair("", ""),))
        changes = self._run(lambda s: workflows.cases.start_interview(s, actor, case_id, data))
        if changes is None:
            return
        self.select(changes.created)
        self.fields["person_name"].setFocus()

    def select(self, interview_id: uuid.UUID | None) -> None:
        if self.case is None or interview_id is None:
            return
        ids = [t.id for t in self.case.interviews]
        if interview_id in ids:
            self.list.setCurrentRow(ids.index(interview_id))
