"""Lists a person reads, in the order of the names' language: pinyin for Chinese.

Names in a county's registry are Chinese whatever the interface language, so the collator is always
zh_CN's (ICU's pinyin order: 阿 安 博 城 …, Latin letters after them). Long lists paged from the
database are sorted there by the stored pinyin key (``inspector/services/pinyin.py``); the small
ones built on screen (districts, townships, inspectors in a combo box) are sorted here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale

T = TypeVar("T")


@cache
def collator() -> QCollator:
    c = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    c.setNumericMode(True)  # 2号 before 10号
    return c


def sorted_zh(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` in zh_CN collation order of ``key(item)``."""
    c = collator()
    return sorted(items, key=lambda item: c.sortKey(key(item)))
