"""What the editors of a case's records typed at the site share: the autosave and the one-step actions.

The kept-items list (:mod:`~inspector.ui.cases.evidence`) and the interview entry
(:mod:`~inspector.ui.cases.interview`) each show one case's records, save every typed field through
a :class:`~inspector.ui.cases.autosave.PendingWrites` (leaving a field writes it at once), and run
their actions (add, remove, start) as one workflow step after writing what is still pending, so an
action never overtakes the typing before it. They differ in their records and their fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.services.cases.views import CaseView
from inspector.ui.cases.autosave import PendingWrites, Write
from inspector.ui.context import UiContext
from inspector.ui.workflow_run import run_workflow

Record = TypeVar("Record")


class CaseRecordEditor(QWidget):
    """Signals: ``changed(Changes)`` after an action changed the case (the case view reloads and
    announces); typed fields are only saved, not announced."""

    changed = Signal(object)

    def __init__(self, ctx: UiContext, write: Write, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case: CaseView | None = None
        self._loading = False
        self.saver = PendingWrites(ctx, write, self)

    def _save_typing(self, fields: Mapping[str, QLineEdit], queue: Callable[[str, str], None]) -> None:
        """Queue what is typed in each of ``fields`` under its name; leaving the field writes it."""
        for name, edit in fields.items():
            edit.textEdited.connect(lambda text, name=name: queue(name, text))
            edit.editingFinished.connect(self.saver.flush)

    def _selected(self, records: Callable[[CaseView], Sequence[Record]], row: int) -> Record | None:
        """The case's record at ``row`` of its list (None without a case or a selected row)."""
        if self.case is None:
            return None
        shown = records(self.case)
        return shown[row] if 0 <= row < len(shown) else None

    @staticmethod
    def _show_typed(fields: Mapping[str, QLineEdit], record: object | None) -> None:
        """Show in each of ``fields`` the record's attribute of that name (empty without a record)."""
        for name, edit in fields.items():
            edit.setText(getattr(record, name) if record is not None else "")

    def _active(self) -> bool:
        """Whether the case still takes records: proposed, opened or under investigation."""
        return self.case is not None and self.case.status in ("proposed", "opened", "investigating")

    def _run(self, action: Callable[[Session], workflows.Changes]) -> workflows.Changes | None:
        """Write what is pending, then ``action`` as one step; a refusal is shown, a change announced."""
        self.saver.flush()
        changes = run_workflow(self, self._ctx.db, action)
        if changes is not None:
            self.changed.emit(changes)
        return changes
