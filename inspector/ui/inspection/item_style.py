"""How a checklist item looks: the colours of the result buttons and hints, and the bold captions.

Apart from :mod:`inspector.ui.inspection.item_view` so that the editor holds behaviour only, and a
colour is changed in one place.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

HINT_STYLE = "color: #a15c00;"
STYLE = """
QPushButton[result="compliant"]:checked { background: #1b7f3b; color: white; border: 1px solid #145c2b; }
QPushButton[result="non_compliant"]:checked { background: #b3261e; color: white; border: 1px solid #8a1d17; }
QPushButton[result="not_applicable"]:checked { background: #5f6368; color: white; border: 1px solid #444; }
QLabel#severity { background: #b3261e; color: white; border-radius: 3px; padding: 1px 6px; }
QLabel#code { color: #444; }
"""


def caption(text: str) -> QLabel:
    """A bold label over a part of the item (result, value, finding, photos)."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
