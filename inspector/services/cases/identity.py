"""The 居民身份证号码 of a person named in a case (an unlicensed operator, a person questioned).

A case document identifies a person by name and 身份证号; a mistyped number names somebody else, so
the number is checked as GB 11643-1999 defines it: 17 digits, then a check character (0-9 or X)
computed from them (ISO 7064 MOD 11-2), and a birth date that exists.
"""

from __future__ import annotations

import datetime as dt

from inspector.i18n import tr

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_number_problem(number: str) -> str | None:
    """Why ``number`` is not a valid 18-digit 身份证号 (``None``: it is)."""
    text = (number or "").strip().upper()
    if not text:
        return tr("Give the person's 身份证号 (18 characters).")
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return tr("A 身份证号 has 17 digits and a last digit or X; check “{number}”.", number=text)
    try:
        dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return tr("The birth date in the 身份证号 “{number}” does not exist; check it.", number=text)
    if check_character(text[:17]) != text[17]:
        return tr("The 身份证号 “{number}” fails its check digit; a digit is mistyped.", number=text)
    return None
