"""Message boxes in one place, so every error looks the same and tests can replace them.

Widgets call these functions through the module (``messages.show_error(...)``), never
``QMessageBox`` directly; a test monkeypatches ``messages.confirm`` instead of clicking a modal box.
A :class:`~inspector.errors.UserError` is shown with its translated text only, never a traceback.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from inspector.errors import UserError, ValidationError


def error_text(err: UserError) -> str:
    """The message of ``err`` as a person reads it: one problem per line for a validation error."""
    if isinstance(err, ValidationError) and err.problems:
        return "\n".join(msg for _field, msg in err.problems)
    return err.message


def show_error(parent: QWidget | None, err: UserError, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("messages", "Cannot do that"),
        error_text(err),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.exec()


def show_problems(parent: QWidget | None, title: str, intro: str, problems: list[str]) -> None:
    """Every problem of a refused operation (an import, a finalize) in one scrollable box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, intro, QMessageBox.StandardButton.Ok, parent)
    shown = problems[:15]
    text = intro + "\n\n" + "\n".join(f"• {p}" for p in shown)
    if len(problems) > len(shown):
        text += "\n" + QCoreApplication.translate(
            "messages", "… and %n more (see details).", "", len(problems) - len(shown)
        )
        box.setDetailedText("\n".join(problems))
    box.setText(text)
    box.exec()


def inform(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget | None, title: str, text: str) -> str | None:
    """A line of text from the person (a reason); ``None`` when cancelled or left empty."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, text)
    return value.strip() if ok and value.strip() else None
