"""The walk-through's keys: which key does what on an item, and the hint that says so.

1/2/3 answer a check item and Enter (or PgDn) moves on; PgUp goes back, Ctrl+F finds an item,
Ctrl+L shows the legal texts. The shortcuts belong to the page and its children; a text field that
takes a key as text (a digit, Enter in a multi-line field) keeps it, so there Alt+1/2/3 and
Ctrl+Enter do the same. The hint under the item (:func:`keys_help`) says what is true for the item
shown, so that it never promises what the field in front of the person will not do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from inspector.domain import AnswerResult
from inspector.forms import AnswerType

NEXT_KEYS = ("Return", "Enter", "PgDown", "Ctrl+Return", "Ctrl+Enter")
RESULT_KEYS = {"1": AnswerResult.COMPLIANT, "2": AnswerResult.NON_COMPLIANT, "3": AnswerResult.NOT_APPLICABLE}


def install(
    page: QWidget,
    *,
    answer: Callable[[AnswerResult], None],
    next_item: Callable[[], None],
    previous_item: Callable[[], None],
    find_item: Callable[[], None],
    show_legal_basis: Callable[[], None],
) -> None:
    """The page's shortcuts, active while the focus is on the page or one of its children."""

    def shortcut(key: str, slot: Callable[[], object]) -> None:
        sc = QShortcut(QKeySequence(key), page)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(slot)

    for key, result in RESULT_KEYS.items():
        shortcut(key, partial(answer, result))
        shortcut(f"Alt+{key}", partial(answer, result))
    for key in NEXT_KEYS:
        shortcut(key, next_item)
    shortcut("PgUp", previous_item)
    shortcut("Ctrl+F", find_item)
    shortcut("Ctrl+L", show_legal_basis)


def keys_help(answer_type: AnswerType | None) -> str:
    """What the keys do on an item of ``answer_type``, as the walk-through shows it under the item.

    A check item is answered with 1/2/3 and Enter moves on. On a value item the keyboard is in the
    value's field: a text item's field takes every key as text ("1" is a digit, Enter a new line),
    so there Ctrl+Enter moves on and Alt+1/2/3 give the optional judgement; a number or date field
    takes digits but not Enter; a list is chosen with the arrow keys.
    """
    if answer_type is AnswerType.TEXT:
        return QCoreApplication.translate(
            "keys",
            "Type the answer: 1/2/3 and Enter are text here (Enter starts a new line)\n"
            "Ctrl+Enter next · Alt+1/2/3 judgement · PgUp back · Ctrl+F find",
        )
    if answer_type in (AnswerType.NUMBER, AnswerType.DATE):
        return QCoreApplication.translate(
            "keys",
            "Type the value · Enter/PgDn next · PgUp back · Ctrl+F find\nAlt+1/2/3 judgement (optional)",
        )
    if answer_type is AnswerType.CHOICE:
        return QCoreApplication.translate(
            "keys",
            "↑/↓ choose · Enter/PgDn next · PgUp back · Ctrl+F find\n"
            "1/2/3 judgement (optional); in a text field Alt+1/2/3",
        )
    return QCoreApplication.translate(
        "keys",
        "1/2/3 answer · Enter/PgDn next · PgUp back · Ctrl+F find\n"
        "In a text field: Alt+1/2/3 answer, Ctrl+Enter next",
    )
