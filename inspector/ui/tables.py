"""The building blocks every list page shares: a row table, a search box, a filter combo, a debounce.

The registry, the inspections list, the follow-up board, the documents list and the dialogs that
pick a row all show records the same way: whole rows selected one at a time, columns the user can
widen, the last one stretched, no row numbers. Built here once, a change of that behaviour (or a
fix, such as a column width that clips a Chinese heading) reaches every page at the same time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTableWidget,
    QWidget,
)

SEARCH_CHARS = 12
"""Characters a search box keeps room for, however many filters share its row (at 150 % in English
the registry's long kind names once squeezed it to "Sea…")."""
COMBO_CHARS = 7
"""Characters of a filter combo's current choice shown when its row is short of room; its list still
shows every entry whole."""

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
    box.setMinimumWidth(box.fontMetrics().averageCharWidth() * SEARCH_CHARS)
    return box


def compact(combo: QComboBox) -> QComboBox:
    """A combo that asks for :data:`COMBO_CHARS` characters rather than its longest entry, so that
    its row shares the room; its list is as wide as its entries."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_CHARS)
    _widen_list(combo)
    return combo


def _widen_list(combo: QComboBox) -> None:
    view = combo.view()
    frame = 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
    view.setMinimumWidth(view.sizeHintForColumn(0) + frame if combo.count() else 0)


def choice_combo(everything: str, entries: Iterable[tuple[str, Any]]) -> QComboBox:
    """A filter combo: first "all …" (data ``None``), then one entry per (label, value)."""
    combo = compact(QComboBox())
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
    if combo.sizeAdjustPolicy() is QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon:
        _widen_list(combo)


def debounced(parent: QObject, slot: Callable[[], object], delay_ms: int = SEARCH_DELAY_MS) -> QTimer:
    """A single-shot timer that runs ``slot`` once typing has paused; connect edits to its start()."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(slot)
    return timer


def apply_on_change(
    owner: QObject,
    apply: Callable[[], object],
    search: QLineEdit,
    *changed: SignalInstance,
    delay_ms: int = SEARCH_DELAY_MS,
) -> QTimer:
    """Run ``apply`` once typing pauses in ``search``, and at once on each of the filters' ``changed``
    signals; returns the pause timer (``apply`` stops it, so a search typed then left runs once)."""
    timer = debounced(owner, apply, delay_ms)
    search.textChanged.connect(timer.start)
    for signal in changed:
        signal.connect(apply)
    return timer


def listing(
    headers: Sequence[str],
    *,
    single: bool = False,
    fit_contents: bool = True,
    stretch_last: bool = True,
    parent: QWidget | None = None,
) -> QTableWidget:
    """A read-only table filled row by row (a short list: accounts, keys, events, evidence): whole
    rows selected (one at a time with ``single``), no row numbers, columns as wide as their contents
    unless ``fit_contents`` is off, the last stretched unless ``stretch_last`` is off."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    if fit_contents:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch_last)
    return table
