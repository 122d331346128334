"""The building blocks every list page shares: a row table, a search box, a filter combo, a debounce.

The registry, the inspections list, the follow-up board, the documents list and the dialogs that
pick a row all show records the same way: whole rows selected one at a time, columns the user can
widen, the last one stretched, no row numbers. Built here once, a change of that behaviour (or a
fix, such as a column width that clips a Chinese heading) reaches every page at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QTableView, QWidget

SEARCH_DELAY_MS = 150
"""How long typing pauses before a search runs: fast enough to feel instant, slow enough that a
word typed quickly costs one query rather than one per character."""


def record_table(
    model: QAbstractItemModel,
    widths: Sequence[int],
    *,
    alternating: bool = True,
    parent: QWidget | None = None,
) -> QTableView:
    """A table of records: one whole row selected at a time, resizable columns, the last stretched."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(alternating)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def search_box(placeholder: str) -> QLineEdit:
    """A search field with a clear button, its placeholder saying what it searches."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def choice_combo(everything: str, entries: Iterable[tuple[str, Any]]) -> QComboBox:
    """A filter combo: first "all …" (data ``None``), then one entry per (label, value)."""
    combo = QComboBox()
    fill_choices(combo, everything, entries)
    return combo


def fill_choices(combo: QComboBox, everything: str, entries: Iterable[tuple[str, Any]]) -> None:
    """Refill a filter combo keeping the current choice when it is still offered, without signals."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for label, value in entries:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def debounced(parent: QObject, slot: Callable[[], None], delay_ms: int = SEARCH_DELAY_MS) -> QTimer:
    """A single-shot timer that runs ``slot`` once typing has paused; connect edits to its start()."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer
