"""Where a file the person saves or opens is first proposed: their Documents folder.

The data directory holds the database, the sealed photos and documents; nobody should go looking
for an export there, and a file saved there may even be encrypted along with it. So a save dialog
proposes the Documents folder of the person's account (``QStandardPaths``), or their home folder
where the system names none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def suggested(name: str) -> str:
    """``name`` in the Documents folder, as a save dialog's starting path."""
    return str(documents_folder() / name)


def chosen_file(parent: QWidget, caption: str, filters: str) -> Path | None:
    """The file the person picks in an open dialog (starting where the last one was), or None."""
    name, _ = QFileDialog.getOpenFileName(parent, caption, "", filters)
    return Path(name) if name else None
