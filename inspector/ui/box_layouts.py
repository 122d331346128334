"""Rows and columns of widgets in one call: a toolbar over a list beside its editor, a form over its buttons.

Pages and dialogs build the same few box layouts again and again: buttons on the left and a state
on the right with a stretch between, a list beside its editor at a fixed ratio, the parts stacked
from top to bottom. Spelled with ``QHBoxLayout``/``QVBoxLayout`` that is one statement a widget, and
the order the person sees is hidden among them; :func:`hbox` and :func:`vbox` state it in one line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

Item = QWidget | QLayout
#: A part of a box: a widget or a layout, ``(part, stretch factor)``, or ``STRETCH``.
Part = Item | tuple[Item, int] | None
#: Empty space that takes what the other parts leave (``addStretch(1)``).
STRETCH = None

Box = TypeVar("Box", bound=QBoxLayout)


def _fill(box: Box, parts: Iterable[Part]) -> Box:
    for part in parts:
        if part is None:
            box.addStretch(1)
            continue
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if isinstance(item, QLayout):
            box.addLayout(item, stretch)
        else:
            box.addWidget(item, stretch)
    return box


def hbox(*parts: Part) -> QHBoxLayout:
    """``parts`` side by side, left to right."""
    return _fill(QHBoxLayout(), parts)


def vbox(parent: QWidget | None, *parts: Part) -> QVBoxLayout:
    """``parts`` from top to bottom; the layout of ``parent`` when one is given."""
    return _fill(QVBoxLayout() if parent is None else QVBoxLayout(parent), parts)
