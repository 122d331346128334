"""Rows and columns of widgets said in one call, in the order they show, and buttons with their slot.

The list pages, their filter bars and the button rows under a table each built a ``QHBoxLayout`` or
``QVBoxLayout`` a line per widget, then connected each button a line further down. ``hbox(search,
(kind, 1), STRETCH, refresh)`` reads as the row looks on screen, and ``button(text, slot)`` keeps a
button beside what it does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QPushButton, QVBoxLayout, QWidget

STRETCH = None
"""In a row or column: empty room that takes what is left, pushing what follows to the far end."""

Part = QWidget | QLayout | tuple[QWidget | QLayout, int] | None
"""A widget or layout, a (widget or layout, stretch factor) pair, or :data:`STRETCH`."""


def hbox(*parts: Part) -> QHBoxLayout:
    """A row of ``parts``, left to right."""
    layout = QHBoxLayout()
    _fill(layout, parts)
    return layout


def vbox(*parts: Part, owner: QWidget | None = None) -> QVBoxLayout:
    """A column of ``parts``, top to bottom; the layout of ``owner`` when one is given."""
    layout = QVBoxLayout() if owner is None else QVBoxLayout(owner)
    _fill(layout, parts)
    return layout


def _fill(layout: QBoxLayout, parts: tuple[Part, ...]) -> None:
    for part in parts:
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)


def button(
    text: str, clicked: Callable[[], object] | SignalInstance, parent: QWidget | None = None
) -> QPushButton:
    """A push button saying ``text`` that runs ``clicked`` (a slot, or a signal to pass the click on)."""
    push = QPushButton(text, parent)
    push.clicked.connect(clicked)
    return push
