"""Inline validation messages: each problem appears in red right under the field it is about.

The services validate and answer with ``(field, message)`` pairs whose field names match their input
dataclasses (``name``, ``licence_no``, ``inspectors`` …). A dialog wraps each input with
:meth:`FieldErrors.wrap`, registering it under that name, and hands the service's problems to
:meth:`FieldErrors.show`; a problem for a field the dialog does not show goes to the general label.
The labels wrap, and the window grows to the lines they need (:func:`~inspector.ui.screen_fit.fit_contents`:
Qt does not grow a window for a wrapped label by itself, and the message was cut to its first line).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from inspector.ui.screen_fit import fit_contents

ERROR_STYLE = "color: #b3261e;"


def error_label() -> QLabel:
    """A red, wrapping, initially hidden label for one field's messages."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


class FieldErrors:
    """The error labels of one dialog, keyed by the service's field names."""

    def __init__(self) -> None:
        self.general = error_label()
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def wrap(self, name: str, widget: QWidget) -> QWidget:
        """``widget`` with its error label below it, as one widget to put in a layout."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        label = error_label()
        label.setObjectName(f"error_{name}")
        layout.addWidget(label)
        self._labels[name] = label
        self._widgets[name] = widget
        return box

    def alias(self, name: str, target: str) -> None:
        """Show problems reported for ``name`` under the field registered as ``target``."""
        self._labels[name] = self._labels[target]
        self._widgets[name] = self._widgets[target]

    def clear(self) -> None:
        for label in {*self._labels.values(), self.general}:
            label.clear()
            label.hide()

    def show(self, problems: list[tuple[str, str]]) -> None:
        """Replace the shown messages by ``problems`` and put the focus on the first bad field."""
        self.clear()
        texts: dict[QLabel, list[str]] = {}
        first: QWidget | None = None
        for name, message in problems:
            label = self._labels.get(name, self.general)
            texts.setdefault(label, [])
            if message not in texts[label]:
                texts[label].append(message)
            if first is None and name in self._widgets:
                first = self._widgets[name]
        for label, lines in texts.items():
            label.setText("\n".join(lines))
            label.show()
        if texts:
            fit_contents(next(iter(texts)).window())
        if first is not None:
            first.setFocus()
            _scroll_to(first)

    def text(self, name: str) -> str:
        """The message shown for ``name`` (empty when none); for tests and accessibility."""
        label = self._labels.get(name)
        return label.text() if label is not None and not label.isHidden() else ""

    def general_text(self) -> str:
        return self.general.text() if not self.general.isHidden() else ""

    def shown(self) -> dict[str, str]:
        """Every message on display, by field (``""`` for the general one)."""
        out = {name: self.text(name) for name in self._labels if self.text(name)}
        if self.general_text():
            out[""] = self.general_text()
        return out


def _scroll_to(widget: QWidget) -> None:
    """Where the field sits in a scrolling part of the window, bring it (with its message) into view."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget.parentWidget() or widget)
            return
        parent = parent.parentWidget()
