"""The office's own settings: who issues the documents, how they are numbered, and the defaults.

Plain data, shared by every desk of an office through the database (see
:mod:`inspector.services.settings`, which loads and checks it); it sits here because documents,
numbering and the interface all read it.

Number patterns are kept per document kind (``number_patterns``, keyed by the kind's value): a kind
the office has not set uses the domain's default (:data:`~inspector.domain.documents.
DEFAULT_NUMBER_PATTERNS`), so a new kind needs no new setting.

A 卫生监督意见书 states the party's right to 行政复议 (60 days, 行政复议法 2023 第二十条) and to
行政诉讼 (6 months, 行政诉讼法 第四十六条), naming the body that hears each: ``review_body`` and
``court``. ``state_remedies`` switches the statement on (the office's choice); ``notice_photos``
puts the photo annex on the notice too (by default photos are the 笔录's evidence annex only).

The form of a 执法证号 differs by province, so the office may narrow it. It is kept as a regular
expression (what the check uses, and what an older database holds), but nobody is asked to read or
write one: :class:`CertFormat` is the same rule in words (how long, which characters besides the
digits), the settings edit that, and :func:`cert_format_description` says it in messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import product

from inspector.domain.documents import DocumentKind, default_number_pattern
from inspector.i18n import join, tr

# The character classes a 执法证号 may hold besides its digits, as they are written in the pattern.
_LETTERS = "A-Za-z"
_CHINESE = "\\u4e00-\\u9fff"
_MARKS = "()（）〔〕\\[\\]\\-"
_SHAPE = re.compile(r"\^\[0-9(?P<body>[^]]*(?:\\][^]]*)*)\]\{(?P<min>\d+),(?P<max>\d+)\}\$")
MIN_DIGITS = 4  # every 执法证号 carries a number; fewer digits is a typing slip


@dataclass(frozen=True)
class CertFormat:
    """A 执法证号 of ``min_length`` to ``max_length`` characters: digits, and optionally Latin
    letters, Chinese characters and the brackets and dash that some provinces print."""

    min_length: int = 6
    max_length: int = 32
    letters: bool = True
    chinese: bool = True
    marks: bool = True

    def pattern(self) -> str:
        body = "0-9" + (_LETTERS if self.letters else "") + (_CHINESE if self.chinese else "")
        body += _MARKS if self.marks else ""
        return f"^[{body}]{{{self.min_length},{self.max_length}}}$"

    @classmethod
    def from_pattern(cls, pattern: str) -> CertFormat | None:
        """The format ``pattern`` was made from, or None for an expression written by hand."""
        shape = _SHAPE.fullmatch(pattern)
        if shape is None:
            return None
        low, high = int(shape["min"]), int(shape["max"])
        for letters, chinese, marks in product((True, False), repeat=3):
            found = cls(low, high, letters, chinese, marks)
            if found.pattern() == pattern:
                return found
        return None


def cert_format_description(pattern: str) -> str:
    """The rule of ``pattern`` in words, e.g. "6 to 32 characters: digits, letters, Chinese
    characters, brackets or dashes, at least 4 of them digits"."""
    fmt = CertFormat.from_pattern(pattern)
    if fmt is None:
        return tr("the form this office set, with at least {n} digits", n=MIN_DIGITS)
    kinds = [tr("digits")]
    if fmt.letters:
        kinds.append(tr("letters"))
    if fmt.chinese:
        kinds.append(tr("Chinese characters"))
    if fmt.marks:
        kinds.append(tr("brackets or dashes"))
    return tr(
        "{low} to {high} characters: {kinds}, at least {n} of them digits",
        low=fmt.min_length,
        high=fmt.max_length,
        kinds=join(kinds),
        n=MIN_DIGITS,
    )


@dataclass(frozen=True)
class OfficeSettings:
    unit_name: str = "某某县卫生健康局"
    region: str = "某"
    notice_title: str = "卫生监督意见书"
    number_patterns: Mapping[str, str] = field(default_factory=dict)
    default_deadline_days: int = 15
    # 执法证号 formats differ by province; the default accepts the common ones and can be tightened.
    cert_no_pattern: str = CertFormat().pattern()
    language: str = "zh_CN"
    review_body: str = ""  # 行政复议机关, e.g. 某某县人民政府
    court: str = ""  # 人民法院, e.g. 某某县人民法院
    state_remedies: bool = True
    notice_photos: bool = False

    # Who receives a transferred case (案件移送书): the police for suspected crimes, the drug regulator
    # for drug sales. Named by the office; a transfer is refused while its body is empty.
    police_body: str = "某某县公安局"
    drug_body: str = "某某县市场监督管理局"

    def pattern(self, kind: DocumentKind | str) -> str:
        """The number pattern of ``kind``: the office's own, else the default."""
        own = self.number_patterns.get(DocumentKind(kind).value, "").strip()
        return own or default_number_pattern(kind)
