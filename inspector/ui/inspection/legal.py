"""The legal basis of a checklist item: short citations on the item, article text on demand.

The inspector sees, apart, what a document would say was broken (违反), the article that empowers
the order (依据), the criminal-law article for a transfer to the police, and the reasons for the
check that are not law (a campaign requirement, a local policy). Anything a document may not cite
yet (not verified, or without its number or whole text) is marked 待核实 in orange, so nobody
relies on an inferred number; the full view says why and how an office confirms it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from inspector.forms import Article, Item, confirm_hint, unverified_reason
from inspector.forms.labels import action_label
from inspector.i18n import join, labelled
from inspector.ui.screen_fit import fit_to_screen

UNVERIFIED_COLOUR = "#a15c00"


def unverified_mark() -> str:
    return QCoreApplication.translate("legal", "to be verified")


def citation_html(article: Article) -> str:
    """One citation as rich text, with the 待核实 mark in orange when it may not be cited yet."""
    text = html.escape(article.citation)
    if not article.citable:
        text += f' <span style="color:{UNVERIFIED_COLOUR}">（{html.escape(unverified_mark())}）</span>'
    return text


def _role_labels() -> dict[str, str]:
    return {
        "violates": QCoreApplication.translate("legal", "Violates"),
        "basis": QCoreApplication.translate("legal", "Basis of the order"),
        "crime": QCoreApplication.translate("legal", "Transfer to the police"),
        "grounds": QCoreApplication.translate("legal", "Reason for the check (not law)"),
        "legal": QCoreApplication.translate("legal", "Legal basis"),
    }


def item_roles(item: Item) -> list[tuple[str, tuple[str, ...]]]:
    """The item's references by role, in the order a document states them; an item of the older
    format (one unsorted list) has the single role ``legal``."""
    roles = [
        ("violates", item.violates),
        ("basis", item.basis),
        ("crime", item.crime),
        ("grounds", item.grounds),
    ]
    if item.action is None and not any(refs for _, refs in roles):
        return [("legal", item.legal)]
    return [(role, refs) for role, refs in roles if refs]


def legal_line_html(item: Item, articles: Sequence[Article]) -> str:
    """The short line under the question: each role with its citations, unverified ones marked."""
    by_ref = {a.ref: a for a in articles}
    labels = _role_labels()
    parts = []
    for role, refs in item_roles(item):
        cites = join((citation_html(by_ref[ref]) for ref in refs if ref in by_ref), strong=True)
        if cites:
            parts.append(labelled(f"<b>{html.escape(labels[role])}</b>", cites))
    if not parts:
        return html.escape(QCoreApplication.translate("legal", "No legal basis is given for this item."))
    return "<br>".join(parts)


def legal_tooltip(articles: Sequence[Article]) -> str:
    return "\n\n".join(f"{a.citation}\n{a.text}" if a.has_text else a.citation for a in articles)


def article_html(article: Article) -> str:
    """Everything known about one entry: citation, version, text, who confirmed it, notes."""
    parts = [f"<h3>{citation_html(article)}</h3>"]
    meta = []
    if article.version_date:
        meta.append(QCoreApplication.translate("legal", "Version of %1").replace("%1", article.version_date))
    if article.title and article.is_law:
        meta.append(html.escape(article.title))
    if meta:
        parts.append(f"<p style='color:#555'>{' · '.join(meta)}</p>")
    if article.has_text:
        body = html.escape(article.text).replace("\n", "<br>")
        parts.append(f"<blockquote>{body}</blockquote>")
    elif article.is_law:
        parts.append(
            "<p><i>"
            + html.escape(
                QCoreApplication.translate(
                    "legal",
                    "The text of this article is not in the catalogue; look it up in the official "
                    "publication.",
                )
            )
            + "</i></p>"
        )
    confirmation = article.confirmation
    if confirmation is not None:
        parts.append(
            "<p style='color:#555'>"
            + html.escape(
                QCoreApplication.translate("legal", "Confirmed by %1 on %2 against: %3")
                .replace("%1", confirmation.by)
                .replace("%2", confirmation.on)
                .replace("%3", confirmation.source)
            )
            + "</p>"
        )
    elif article.citable and article.law_source:
        parts.append(
            "<p style='color:#555'>"
            + html.escape(
                QCoreApplication.translate("legal", "Text from: %1").replace("%1", article.law_source)
            )
            + "</p>"
        )
    if not article.citable:
        why = QCoreApplication.translate(
            "legal", "Not verified: %1. It cannot be cited in a document until it is confirmed."
        ).replace("%1", unverified_reason(article))
        parts.append(
            f"<p style='color:{UNVERIFIED_COLOUR}'>{html.escape(why)}<br>"
            f"{html.escape(confirm_hint(article))}</p>"
        )
    for note in (article.note, article.law_note):
        if note:
            parts.append(f"<p style='color:#555'>{html.escape(note)}</p>")
    return "".join(parts)


def item_legal_html(item: Item, articles: Sequence[Article]) -> str:
    """The dialog's body: one heading per role (违反, 依据, …), then the full text of each entry."""
    by_ref = {a.ref: a for a in articles}
    labels = _role_labels()
    parts = []
    if item.action is not None:
        caption = html.escape(QCoreApplication.translate("legal", "Action"))
        parts.append(f"<p>{labelled(f'<b>{caption}</b>', html.escape(action_label(item.action)))}</p>")
    for role, refs in item_roles(item):
        entries = [article_html(by_ref[ref]) for ref in refs if ref in by_ref]
        if entries:
            parts.append(f"<h2>{html.escape(labels[role])}</h2>" + "<hr>".join(entries))
    return "".join(parts)


class LegalBasisDialog(QDialog):
    """The full text of every article an item cites, opened from the item's "Legal basis" button."""

    def __init__(self, item: Item, articles: list[Article], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Legal basis of %1").replace("%1", item.code))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        body = item_legal_html(item, articles) if articles else ""
        self.browser.setHtml(body or self.tr("No legal basis is given for this item."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fit_to_screen(self, 680, 520)
