"""Running one workflow action from a page or panel: one transaction, and a user error shown, not raised.

A button that voids a document, serves it, keeps an item of evidence or moves a rectification on
runs a :mod:`inspector.workflows` action in :func:`~inspector.workflows.perform` (one transaction,
the changes it made returned). A :class:`~inspector.errors.UserError` means nothing was written and
the person can put it right: it is shown as a message over the widget. What the caller does with
the changes (announce them, reload) stays with the caller. Dialogs that save a form use
:mod:`inspector.ui.submit` instead (their errors go beside the fields).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.errors import UserError
from inspector.storage.db import Database
from inspector.ui import messages


def run_workflow(
    parent: QWidget, db: Database, action: Callable[[Session], workflows.Changes]
) -> workflows.Changes | None:
    """The changes ``action`` made, or ``None`` when it refused (the reason was shown over ``parent``)."""
    try:
        return workflows.perform(db, action)
    except UserError as err:
        messages.show_error(parent, err)
        return None
