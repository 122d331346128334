"""The sentences of an enforcement document, built from a checklist item's data, and the rule that
nothing unverified is printed.

A document states facts as narrative in the party's terms (经查，你单位…), then the article broken
(上述行为违反了《…》第…条的规定) apart from the article that empowers the order (依据《…》第…条的
规定，责令你单位…). It never quotes a checklist question, never names an item code, never prints a
question mark, and never cites an article nobody verified: :func:`refuse_unverified` stops the
document before it gets a number and says, per article, how an office confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from inspector.errors import UserError
from inspector.forms import Article, Form, chinese_number, unverified_citations, unverified_message
from inspector.forms.legal import LegalCatalogue
from inspector.i18n import tr

END_MARKS = "。；;，,：:、 \n\t"
QUESTION_MARKS = ("？", "?")
# Something that looks like a checklist code (US-08, CL-01): never in a document.
CODE_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}-\d{2}(?![0-9])")


class DocumentRefused(UserError):
    """The document cannot be issued as it stands (unverified law, text that is not a statement)."""


def bare(text: str) -> str:
    """``text`` without its final punctuation, so the document can end the sentence itself."""
    return text.strip().rstrip(END_MARKS).strip()


def sentence(text: str) -> str:
    """``text`` as one sentence ending in 。 (empty stays empty)."""
    core = bare(text)
    return f"{core}。" if core else ""


def citation_list(articles: Sequence[Article]) -> str:
    """《A》第一条、第二条第一款、《B》第三条: the law's title once for its articles in a row."""
    parts: list[str] = []
    last_law = ""
    for article in dict.fromkeys(articles):
        full = article.citation
        if article.is_law and article.law == last_law and full.startswith(f"《{article.law}》"):
            parts.append(full.removeprefix(f"《{article.law}》"))
        else:
            parts.append(full)
        last_law = article.law if article.is_law else ""
    return "、".join(parts)


def article_entry(article: Article) -> dict[str, Any]:
    """An article as the document quotes it: the citation and its whole verbatim text."""
    return {"citation": article.citation, "text": article.text.strip()}


def quoted_articles(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Each cited article once, in the order first cited, with its text (the 引用条文 annex)."""
    return [article_entry(a) for a in dict.fromkeys(articles) if a.has_text]


def days_text(days: int) -> str:
    return f"{chinese_number(days)}日" if 0 < days < 1000 else f"{days}日"


def refuse_unverified(form: Form, codes: Iterable[str], catalogue: LegalCatalogue | None) -> None:
    """Refuse a document that would cite an article not verified: one message per article, saying
    which one, why, and how an office confirms it (``inspector forms confirm-article``)."""
    missing = unverified_citations(form, list(codes), catalogue)
    if missing:
        raise DocumentRefused(
            tr("The document would cite law that nobody verified, so it cannot be issued:")
            + "\n"
            + "\n".join(f"• {unverified_message(a)}" for a in missing)
        )


def unverified_problems(form: Form, codes: Iterable[str], catalogue: LegalCatalogue | None) -> list[str]:
    """What :func:`refuse_unverified` would say, one message per article (for the issue dialog)."""
    return [unverified_message(a) for a in unverified_citations(form, list(codes), catalogue)]


def statement_problem(what: str, text: str) -> str | None:
    """Why ``text`` (a finding, a correction) cannot stand in an issued document, or ``None``."""
    if any(mark in text for mark in QUESTION_MARKS):
        return tr(
            "{what} contains a question mark; a document states facts. Rewrite it as a statement.",
            what=what,
        )
    code = CODE_LIKE.search(text)
    if code:
        return tr(
            "{what} names the checklist code {code}; a document never does. Describe the matter instead.",
            what=what,
            code=code.group(0),
        )
    return None
