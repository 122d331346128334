"""The parsed shape of a checklist and of the legal articles it cites.

Everything here is an immutable value: a :class:`Form` is built once by the validator (from a TOML
file or from a frozen snapshot) and then shared by the UI, the services and the document generator
without anyone being able to change it behind the others' backs. A form carries the articles it cites
(``Form.articles``), so an inspection's frozen copy keeps the law text as it was on the day.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from inspector.domain import SiteKind

FORMAT_VERSION = 1


class AnswerType(StrEnum):
    """How an item is answered: ``check`` is compliant / non-compliant / not applicable."""

    CHECK = "check"
    NUMBER = "number"
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"


class Severity(StrEnum):
    """一般 / 严重. A serious non-compliant finding flags the inspection for a case (立案)."""

    GENERAL = "general"
    SERIOUS = "serious"


class LawKind(StrEnum):
    """A statute has numbered articles; local rules and campaign policies are references the office
    fills in."""

    STATUTE = "statute"
    LOCAL = "local"
    POLICY = "policy"


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Write 1–999 the way article numbers are cited: 15 → 十五, 115 → 一百一十五, 101 → 一百零一."""
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    if n < 20:
        return "十" + (_DIGITS[ones] if ones else "")
    if n < 100:
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    text = _DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + _DIGITS[rest]
    tens, ones = divmod(rest, 10)
    return text + _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Law:
    """A statute, regulation, local rule or policy, as the catalogue names it."""

    key: str
    title: str
    kind: LawKind = LawKind.STATUTE
    version_date: str = ""
    note: str = ""


@dataclass(frozen=True)
class Renumbering:
    """The same article under a later revision's numbering (e.g. 条例 2016 第十五条 = 2022 第十四条)."""

    version_date: str
    article: int


@dataclass(frozen=True)
class Article:
    """One citable legal basis. ``text`` is verbatim statute text or empty, never a paraphrase;
    ``verified`` is false where the article number itself is an inference to be confirmed (待核实)."""

    ref: str
    law_key: str
    law: str
    law_kind: LawKind
    version_date: str
    article: int | None
    paragraph: int | None
    title: str
    text: str
    verified: bool
    note: str = ""
    renumbered: tuple[Renumbering, ...] = ()
    law_note: str = ""

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def current_article(self) -> int | None:
        """The number in the latest known revision (what a notice issued today should cite)."""
        if self.renumbered:
            return max(self.renumbered, key=lambda r: r.version_date).article
        return self.article

    @property
    def citation(self) -> str:
        """The citation as written in a notice, e.g. 《人口与计划生育法》第三十九条."""
        if self.law_kind is not LawKind.STATUTE or self.article is None:
            return f"{self.law}：{self.title}" if self.title else self.law
        text = f"《{self.law}》第{chinese_number(self.article)}条"
        if self.paragraph:
            text += f"第{chinese_number(self.paragraph)}款"
        for later in sorted(self.renumbered, key=lambda r: r.version_date):
            year = later.version_date[:4]
            text += f"（{year}年修订后为第{chinese_number(later.article)}条）"
        return text


LegalRef = Article


@dataclass(frozen=True)
class Condition:
    """Show an item only when another item's answer (result or chosen value) is one of ``answers``."""

    item: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    code: str
    section: str
    question: str
    question_en: str = ""
    guidance: str = ""
    evidence: str = ""
    answer_type: AnswerType = AnswerType.CHECK
    choices: tuple[str, ...] = ()
    severity: Severity = Severity.GENERAL
    legal: tuple[str, ...] = ()
    photo_required: bool = False
    required: bool = True
    condition: Condition | None = None
    correction: str = ""
    deadline_days: int = 15

    @property
    def is_serious(self) -> bool:
        return self.severity is Severity.SERIOUS


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_en: str
    items: tuple[Item, ...]


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` sorts after ``"1.9"``: versions compare as tuples of integers."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Form:
    """A checklist. ``source`` and ``origin`` say where it was loaded from and take no part in
    equality or in the content hash."""

    id: str
    version: str
    title: str
    title_en: str
    site_kinds: tuple[SiteKind, ...]
    sections: tuple[Section, ...]
    articles: tuple[Article, ...] = ()
    description: str = ""
    format: int = FORMAT_VERSION
    source: str = field(default="", compare=False)
    origin: str = field(default="", compare=False)

    @cached_property
    def items(self) -> list[Item]:
        """Every item in display order."""
        return [item for section in self.sections for item in section.items]

    @cached_property
    def _by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    @cached_property
    def _articles_by_ref(self) -> dict[str, Article]:
        return {article.ref: article for article in self.articles}

    def item(self, code: str) -> Item:
        """The item with ``code``; ``KeyError`` if this form has none (use :meth:`has_item` first)."""
        return self._by_code[code]

    def has_item(self, code: str) -> bool:
        return code in self._by_code

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def article(self, ref: str) -> Article:
        """The article ``ref`` as it was when this form was loaded (frozen with the snapshot)."""
        return self._articles_by_ref[ref]

    def articles_for(self, item: Item) -> list[Article]:
        return [self._articles_by_ref[ref] for ref in item.legal]

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def serious_codes(self) -> list[str]:
        return [item.code for item in self.items if item.is_serious]

    def canonical_json(self) -> str:
        """Deterministic JSON of the whole form with the cited articles; what a snapshot stores."""
        return self._canonical

    @cached_property
    def _canonical(self) -> str:
        from inspector.forms.canonical import form_to_json

        return form_to_json(self)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
