"""Where the app's windows learn what an action changed.

Every page and dialog that runs a workflow announces its :class:`~inspector.workflows.Changes` on
the context's hub; the main window listens and hands them to each page (``apply_changes``) and the
navigation counts follow. Nobody refreshes a page by hand, and an action in a dialog three levels
down updates the board it never heard of, as Anki's ``operation_did_execute`` hook does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from inspector.workflows import Changes


class ChangeHub(QObject):
    """``changed(Changes)``: a workflow finished and committed (emitted on the UI thread)."""

    changed = Signal(object)

    def announce(self, changes: Changes) -> None:
        if not changes.empty:
            self.changed.emit(changes)
