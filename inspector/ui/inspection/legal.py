"""The legal basis of a checklist item: short citations on the item, article text on demand.

Article numbers still to be confirmed (``verified = false`` in the legal catalogue) are always marked
待核实, so nobody cites an inferred number in a notice without checking it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from inspector.forms import Article


def unverified_mark() -> str:
    return QCoreApplication.translate("legal", "to be verified")


def citation_html(article: Article) -> str:
    """One citation as rich text, with the 待核实 mark in orange when the number is an inference."""
    text = html.escape(article.citation)
    if not article.verified:
        text += f' <span style="color:#a15c00">（{html.escape(unverified_mark())}）</span>'
    return text


def article_html(article: Article) -> str:
    """Everything known about one article: citation, revision, text, notes."""
    parts = [f"<h3>{citation_html(article)}</h3>"]
    meta = []
    if article.version_date:
        meta.append(QCoreApplication.translate("legal", "Version of %1").replace("%1", article.version_date))
    if article.title:
        meta.append(html.escape(article.title))
    if meta:
        parts.append(f"<p style='color:#555'>{' · '.join(meta)}</p>")
    if article.has_text:
        body = html.escape(article.text).replace("\n", "<br>")
        parts.append(f"<blockquote>{body}</blockquote>")
    else:
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
    if not article.verified:
        parts.append(
            "<p style='color:#a15c00'>"
            + html.escape(
                QCoreApplication.translate(
                    "legal",
                    "The article number is an inference and must be verified before it is cited in a notice.",
                )
            )
            + "</p>"
        )
    for note in (article.note, article.law_note):
        if note:
            parts.append(f"<p style='color:#555'>{html.escape(note)}</p>")
    return "".join(parts)


class LegalBasisDialog(QDialog):
    """The full text of every article an item cites, opened from the item's "Legal basis" button."""

    def __init__(self, code: str, articles: list[Article], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Legal basis of %1").replace("%1", code))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        body = "<hr>".join(article_html(a) for a in articles) or self.tr(
            "No legal basis is given for this item."
        )
        self.browser.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 480)
