"""Display words for the checklist vocabulary, translated at use (never stored translated)."""

from __future__ import annotations

from inspector.forms.model import AnswerType, Article, Form, Item, Section, Severity
from inspector.i18n import language, tr


def severity_label(severity: Severity) -> str:
    if severity is Severity.SERIOUS:
        return tr("Serious")
    return tr("General")


def answer_type_label(answer_type: AnswerType) -> str:
    labels = {
        AnswerType.CHECK: tr("Compliant / non-compliant / not applicable"),
        AnswerType.NUMBER: tr("Number"),
        AnswerType.TEXT: tr("Text"),
        AnswerType.DATE: tr("Date"),
        AnswerType.CHOICE: tr("Choice"),
    }
    return labels[answer_type]


def citation_label(article: Article) -> str:
    """The citation, marked when the article number is still to be confirmed (待核实)."""
    if article.verified:
        return article.citation
    return tr("{citation} (to be confirmed)", citation=article.citation)


def form_title(form: Form) -> str:
    """The title in the interface language (the English one only when the interface is English)."""
    return form.title_en if language() == "en" and form.title_en else form.title


def section_title(section: Section) -> str:
    return section.title_en if language() == "en" and section.title_en else section.title


def item_question(item: Item) -> str:
    return item.question_en if language() == "en" and item.question_en else item.question
