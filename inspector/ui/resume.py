"""Offering, after a crash, the inspection that was open.

Every answer is saved as it is typed, so nothing is lost when the app is killed (a flat battery, a
frozen laptop); but the person then comes back to a list and must find the inspection again. So
while a draft inspection is open the app notes it in this computer's settings, and removes the note
when the walk-through is closed (going back to the list, opening another, quitting the app). A note
still there at the next start means the app did not end cleanly: the window offers to reopen that
inspection, if it is still a draft of this database that the person may work on.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings

from inspector.domain import InspectionStatus
from inspector.errors import NotFoundError
from inspector.services import inspections, permissions
from inspector.ui import messages
from inspector.ui.timefmt import local_text

if TYPE_CHECKING:
    from inspector.config import Config
    from inspector.ui.main_window import MainWindow

KEY = "session/open_inspection"


def remember(config: Config, inspection_id: uuid.UUID) -> None:
    """A draft is open in the walk-through (of this data location)."""
    QSettings().setValue(KEY, f"{config.describe_db()}\n{inspection_id}")


def forget() -> None:
    """The walk-through was closed in order."""
    QSettings().remove(KEY)


def left_open(config: Config) -> uuid.UUID | None:
    """The inspection that was open when the app last ended without closing it, in this data location."""
    note = str(QSettings().value(KEY, "") or "")
    where, _, inspection = note.rpartition("\n")
    if where != config.describe_db():
        return None
    try:
        return uuid.UUID(inspection)
    except ValueError:
        return None


def offer(window: MainWindow) -> bool:
    """Ask whether to reopen the inspection left open by a crash; True when it was reopened."""
    inspection_id = left_open(window.ctx.config)
    if inspection_id is None:
        return False
    forget()  # asked once: a "no" is not asked again
    try:
        with window.ctx.db.read() as s:
            view = inspections.get_inspection(s, inspection_id)
    except NotFoundError:
        return False
    if view.status != InspectionStatus.DRAFT.value or not permissions.may(
        window.ctx.actor, permissions.Action.INSPECT
    ):
        return False
    question = (
        QCoreApplication.translate(
            "resume",
            "The app was closed while the inspection of %1 (started %2) was open. Everything typed "
            "was saved. Reopen it where it was?",
        )
        .replace("%1", view.site_name)
        .replace("%2", local_text(view.started_at))
    )
    if not messages.confirm(
        window, QCoreApplication.translate("resume", "Continue the inspection?"), question
    ):
        return False
    window.open_inspection(inspection_id)
    return True
