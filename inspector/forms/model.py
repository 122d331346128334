"""The parsed shape of a checklist and of the legal articles it cites.

Everything here is an immutable value: a :class:`Form` is built once by the validator (from a TOML
file or from a frozen snapshot) and then shared by the UI, the services and the document generator
without anyone being able to change it behind the others' backs. A form carries the articles it cites
(``Form.articles``), so an inspection's frozen copy keeps the law text as it was on the day.

An enforcement document needs more than a question: what was seen, in the party's terms (``fact``),
the article broken (``violates``), the article that empowers the order (``basis``), and what the
office does about it (``action``: correct within a deadline, stop at once, open a case, hand a drug
matter to the drug regulator, or only advise). A campaign notice or a local policy explains why a
check is made (``grounds``) but is never law, so it is kept apart from ``violates`` and ``basis``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from inspector.domain import Designation, SiteKind

# Format 2 added the enforcement data (fact, violates, basis, grounds, action); format 1 files and
# the frozen copies of inspections made before it are still read (their ``legal`` is unclassified).
FORMAT_VERSION = 2
FIRST_FORMAT = 1


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
    """A statute (law, regulation or rule) has numbered articles and may be cited as 违反 or 依据.
    A local policy document or a campaign requirement is a reason for the check (检查依据), never law."""

    STATUTE = "statute"
    LOCAL = "local"
    POLICY = "policy"


class Action(StrEnum):
    """What the office does about a non-compliant item.

    ``correct``: 责令限期改正 (a deadline in days). ``stop_now``: 责令立即停止 (no day count).
    ``case``: stop at once and flag the inspection for 立案 (and 移送 the police where ``crime``
    applies). ``transfer_drug``: a drug sale or purchase outside the rules, recorded and handed to the
    药品监督管理部门; the health office orders nothing. ``advise``: a supervisory opinion resting on a
    local policy only: no article is said to be broken.
    """

    CORRECT = "correct"
    STOP_NOW = "stop_now"
    CASE = "case"
    TRANSFER_DRUG = "transfer_drug"
    ADVISE = "advise"

    @property
    def has_deadline(self) -> bool:
        """Only a correction or an opinion runs to a day count; "立即" orders never do."""
        return self in (Action.CORRECT, Action.ADVISE)

    @property
    def orders(self) -> bool:
        """The health office orders something (at least to stop), so a document names the article
        broken; a correction or a stop order also cites the article that empowers it."""
        return self in (Action.CORRECT, Action.STOP_NOW, Action.CASE)


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
    """A statute, regulation, local rule or policy, as the catalogue names it.

    ``source`` says where the catalogue's texts of it come from; ``superseded`` names a later
    revision in force whose text the catalogue does not have, so none of its articles counts as
    verified until an office confirms it against the text in force."""

    key: str
    title: str
    kind: LawKind = LawKind.STATUTE
    version_date: str = ""
    note: str = ""
    source: str = ""
    superseded: str = ""


@dataclass(frozen=True)
class Confirmation:
    """An office's record that it checked an entry against the official text: who, when, where."""

    by: str
    on: str
    source: str


@dataclass(frozen=True)
class Renumbering:
    """A later revision's number for the same article, as copies made before format 2 recorded it.
    Read back unchanged, never printed: a citation names the number of the text it quotes."""

    version_date: str
    article: int


# Marks of a shortened quotation: a text carrying one is not the whole article or 款.
EXCERPT_MARKS = ("……", "节选")


@dataclass(frozen=True)
class Article:
    """One entry of the legal catalogue: a statute's article (or one 款, or one 项 within a 款), a
    local policy or a campaign requirement.

    ``text`` is verbatim or empty, never a paraphrase: the whole article, or the whole 款 when
    ``paragraph`` is set (also when ``point`` names one 项 of it). ``verified`` means number and
    text were checked against the text in force, so a document may cite it; ``confirmation`` says
    who in the office checked it, when and against what. ``renumbered`` is only read from copies made
    before format 2 and never printed."""

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
    point: int | None = None
    confirmation: Confirmation | None = None
    law_source: str = ""
    law_superseded: str = ""

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())

    @property
    def is_law(self) -> bool:
        """A statute's article: citable as 违反 or 依据 (policies and local documents are not)."""
        return self.law_kind is LawKind.STATUTE

    @property
    def is_whole_text(self) -> bool:
        """The text is there and carries no mark of a shortened quotation."""
        return self.has_text and not any(mark in self.text for mark in EXCERPT_MARKS)

    @property
    def citable(self) -> bool:
        """A document may cite it: verified, and for a statute with its number and whole text."""
        if not self.verified:
            return False
        return not self.is_law or (self.article is not None and self.is_whole_text)

    @property
    def citation(self) -> str:
        """The citation as written in a document, e.g. 《中华人民共和国人口与计划生育法》第三十九条."""
        if not self.is_law:
            return f"{self.law}：{self.title}" if self.title else self.law
        if self.article is None:
            return f"《{self.law}》（{self.title}）" if self.title else f"《{self.law}》"
        text = f"《{self.law}》第{chinese_number(self.article)}条"
        if self.paragraph:
            text += f"第{chinese_number(self.paragraph)}款"
        if self.point:
            text += f"第{chinese_number(self.point)}项"
        return text


LegalRef = Article


@dataclass(frozen=True)
class Condition:
    """Show an item only when another item's answer (result or chosen value) is one of ``answers``."""

    item: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Enforcement:
    """The format-2 fields of one item: what a document says was found and cites, and the order."""

    fact: str = ""
    compliant_fact: str = ""
    violates: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    crime: tuple[str, ...] = ()
    grounds: tuple[str, ...] = ()
    action: Action | None = None

    @property
    def refs(self) -> tuple[str, ...]:
        """Every reference, in the order a reader meets them: law first, then the reasons."""
        return tuple(dict.fromkeys((*self.violates, *self.basis, *self.crime, *self.grounds)))


@dataclass(frozen=True, kw_only=True)
class Item(Enforcement):
    """A checklist item: the question and how it is answered, with its :class:`Enforcement` fields."""

    code: str
    section: str
    question: str
    question_en: str = ""
    guidance: str = ""
    evidence: str = ""
    guidance_en: str = ""
    evidence_en: str = ""
    answer_type: AnswerType = AnswerType.CHECK
    choices: tuple[str, ...] = ()
    severity: Severity = Severity.GENERAL
    legal: tuple[str, ...] = ()
    photo_required: bool = False
    required: bool = True
    condition: Condition | None = None
    correction: str = ""
    # Days to correct; None: the checklist leaves it to the office's default deadline (a setting).
    deadline_days: int | None = None
    # For a choice item the registry can answer: the choice each site kind implies (a wholesaler's
    # 经营类型 is 药品批发), recorded when the inspection starts.
    answer_for_site_kind: tuple[tuple[str, str], ...] = ()
    short: str = ""  # a caption for photos and lists, e.g. "禁止“两非”标志"

    @property
    def caption(self) -> str:
        """What a photo of this item is captioned with in a document: the short name, else the
        fact (never the question, never the code)."""
        return self.short or self.fact.replace("{value}", "").strip() or self.compliant_fact

    @property
    def is_serious(self) -> bool:
        return self.severity is Severity.SERIOUS

    @property
    def law_refs(self) -> tuple[str, ...]:
        """What a document may cite as law for this item: ``violates``, ``basis`` and ``crime``; for a
        format-1 item (no classification) everything it lists under ``legal``."""
        if self.action is None and not (self.violates or self.basis or self.crime or self.grounds):
            return self.legal
        return tuple(dict.fromkeys((*self.violates, *self.basis, *self.crime)))

    @property
    def opens_case(self) -> bool:
        return self.action is Action.CASE

    @property
    def transfers_drug_matter(self) -> bool:
        return self.action is Action.TRANSFER_DRUG


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
    # Sites holding any of these designations get the checklist too, whatever their kind.
    designations: tuple[Designation, ...] = ()
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
        """Everything the item cites (``item.legal``): law and reasons for the check together."""
        return [self._articles_by_ref[ref] for ref in item.legal]

    def violated(self, item: Item) -> list[Article]:
        """The articles broken (违反), never a penalty article."""
        return [self._articles_by_ref[ref] for ref in item.violates]

    def basis_for(self, item: Item) -> list[Article]:
        """The articles that empower the order (依据)."""
        return [self._articles_by_ref[ref] for ref in item.basis]

    def crime_for(self, item: Item) -> list[Article]:
        """The criminal-law articles under which a case is handed to the police (移送) when suspected."""
        return [self._articles_by_ref[ref] for ref in item.crime]

    def grounds_for(self, item: Item) -> list[Article]:
        """Policies and campaign requirements: the reason for the check, never law."""
        return [self._articles_by_ref[ref] for ref in item.grounds]

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
