"""Chinese names in pinyin order: the sort key the registry stores and the CLI and exports sort by.

People look a site up in an alphabetical list by its pinyin (安康 before 博爱 before 城关), not by
the characters' code points. The screen sorts its own small lists with Qt's collator for zh_CN; the
site list is paged from the database, so each site keeps its key in ``sites.name_key`` (indexed
like the name was) and the database sorts by it. The key is plain ASCII, which sorts the same in
any database collation: each Han character becomes its syllable and tone digit (``安`` → ``an1``), a
digit stays itself, a Latin letter becomes ``zz`` and the letter (after every Han syllable, as in
the collator's order for zh_CN), anything else (spaces, punctuation) is left out. Each character has
one reading, its most common (the dictionary's first; the collator too reads one per character, so
a key never depends on the words around it); for a few polyphonic characters (长, 重) the two may
pick different readings.

The readings come from ``pypinyin``'s character table, read directly as JSON: importing the package
would also load its phrase tables (half a second) that a per-character key never needs.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import util
from pathlib import Path
from typing import TypeVar

MAX_KEY = 200  # characters stored; two names that agree this far are in id order
_TONED = {
    **dict.fromkeys("āēīōūǖ", 1),
    **dict.fromkeys("áéíóúǘń", 2),
    **dict.fromkeys("ǎěǐǒǔǚň", 3),
    **dict.fromkeys("àèìòùǜǹ", 4),
}
_PLAIN = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ", "aaaaeeeeiiiioooouuuuvvvvvnnn")
T = TypeVar("T")


@cache
def _readings() -> dict[int, str]:
    """Code point → its readings (``"zhòng,chóng"``), from pypinyin's character table."""
    spec = util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            raw: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
            return {int(k): v for k, v in raw.items()}
    from pypinyin.pinyin_dict import pinyin_dict  # a later layout of the package

    return dict(pinyin_dict)


@cache
def syllable(char: str) -> str | None:
    """``char``'s most common reading as syllable and tone (``"zhong4"``; 5 for the neutral tone),
    or ``None`` for a character that is not Han."""
    readings = _readings().get(ord(char))
    if not readings:
        return None
    first = readings.split(",")[0]
    tone = next((_TONED[c] for c in first if c in _TONED), 5)
    return first.translate(_PLAIN) + str(tone)


def sort_key(text: str) -> str:
    """The ASCII key that sorts ``text`` in pinyin order (see the module's docstring)."""
    parts: list[str] = []
    for char in unicodedata.normalize("NFKC", text).lower():
        if char.isascii():
            if char.isdigit():
                parts.append(char)
            elif char.isalpha():
                parts.append("zz" + char)
            continue
        reading = syllable(char)
        if reading is not None:
            parts.append(reading)
    return "".join(parts)[:MAX_KEY]


def sorted_by_pinyin(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """``items`` in pinyin order of ``key(item)`` (the text itself as the tie-break)."""
    return sorted(items, key=lambda item: (sort_key(key(item)), key(item)))
