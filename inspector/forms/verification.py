"""Which citations a document may print, and what to tell the person when it may not.

A document is refused while it would cite an article nobody verified (an inferred number, a text
not checked against the version in force): the code that issues documents calls
:func:`unverified_citations` and shows :func:`unverified_message` for each article it returns. An
inspection keeps the articles frozen with its checklist; when an office confirms one of them later
(in its own ``forms/legal.toml``), passing the current catalogue lets that confirmation count, and
:func:`cited_article` gives the confirmed text to print instead of the frozen one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inspector.forms.legal import LegalCatalogue
from inspector.forms.model import Article, Form, Item
from inspector.i18n import tr

CONFIRM_COMMAND = 'inspector forms confirm-article {ref} --source "…" --text FILE --as USER'


def cited_article(form: Form, ref: str, catalogue: LegalCatalogue | None = None) -> Article:
    """The article ``ref`` as a document should print it: the form's frozen copy, or the current
    catalogue's when only that one is citable (an office confirmed it after the inspection began)."""
    frozen = form.article(ref)
    if frozen.citable or catalogue is None or ref not in catalogue:
        return frozen
    current = catalogue.get(ref)
    return current if current.citable else frozen


@dataclass(frozen=True)
class ItemCitations:
    """What a document cites for one item, each list in the checklist's order."""

    violates: tuple[Article, ...]
    basis: tuple[Article, ...]
    crime: tuple[Article, ...]
    grounds: tuple[Article, ...]
    unclassified: tuple[Article, ...] = ()

    @property
    def law(self) -> tuple[Article, ...]:
        """Every article of law the document would cite (never a policy)."""
        seen = dict.fromkeys((*self.violates, *self.basis, *self.crime, *self.unclassified))
        return tuple(a for a in seen if a.is_law)


def item_citations(form: Form, item: Item, catalogue: LegalCatalogue | None = None) -> ItemCitations:
    """The item's citations, sorted by role; a format-1 item's are all ``unclassified``."""

    def resolve(refs: Iterable[str]) -> tuple[Article, ...]:
        return tuple(cited_article(form, ref, catalogue) for ref in refs)

    classified = item.action is not None or bool(item.violates or item.basis or item.crime or item.grounds)
    if not classified:
        articles = resolve(item.legal)
        return ItemCitations(
            violates=(),
            basis=(),
            crime=(),
            grounds=tuple(a for a in articles if not a.is_law),
            unclassified=tuple(a for a in articles if a.is_law),
        )
    return ItemCitations(
        violates=resolve(item.violates),
        basis=resolve(item.basis),
        crime=resolve(item.crime),
        grounds=resolve(item.grounds),
    )


def unverified_citations(
    form: Form, item_codes: Iterable[str], catalogue: LegalCatalogue | None = None
) -> list[Article]:
    """The articles of law that a document about ``item_codes`` would cite and that may not be cited
    yet (not verified, or without their number or whole text); each once, in checklist order.

    Policies and local documents (reasons for the check) are not law and never counted here; a
    document shows them only when they are verified. Unknown codes raise ``KeyError``.
    """
    out: dict[str, Article] = {}
    for code in item_codes:
        for article in item_citations(form, form.item(code), catalogue).law:
            if not article.citable:
                out.setdefault(article.ref, article)
    return list(out.values())


def unverified_reason(article: Article) -> str:
    """Why an entry is not verified, in a sentence for the office."""
    if not article.is_law:
        return tr("the office has not yet named the document, its number (文号) and the clause")
    if article.law_superseded:
        return tr(
            "the catalogue holds the {version} text; the text in force ({superseded}) must be checked",
            version=article.version_date,
            superseded=article.law_superseded,
        )
    if article.article is None:
        return tr("the article number is not known")
    if not article.has_text:
        return tr(
            "the catalogue does not hold its text: number and text must be checked against the official "
            "publication"
        )
    if not article.is_whole_text:
        return tr("its text is shortened; the whole article or paragraph (款) must be quoted")
    return tr("nobody has confirmed it against the official text")


def confirm_hint(article: Article) -> str:
    """How an office confirms the entry: the command, or the file to edit."""
    return tr(
        "An office or supervisor account confirms it against the official text with: {command} "
        "(or in forms/legal.toml of the data folder).",
        command=CONFIRM_COMMAND.format(ref=article.ref),
    )


def unverified_message(article: Article) -> str:
    """The refusal for one article: which article, why, and how to confirm it."""
    return tr(
        "{citation} ({ref}) is not verified: {reason}. {hint}",
        citation=article.citation,
        ref=article.ref,
        reason=unverified_reason(article),
        hint=confirm_hint(article),
    )
