"""Display words for the checklist vocabulary, translated at use (never stored translated)."""

from __future__ import annotations

from inspector.domain.labels import labeller
from inspector.forms.model import Action, AnswerType, Article, Form, Item, Section, Severity
from inspector.i18n import language, tr


def severity_label(severity: Severity) -> str:
    if severity is Severity.SERIOUS:
        return tr("Serious")
    return tr("General")


answer_type_label = labeller(
    lambda: {
        AnswerType.CHECK: tr("Compliant / non-compliant / not applicable"),
        AnswerType.NUMBER: tr("Number"),
        AnswerType.TEXT: tr("Text"),
        AnswerType.DATE: tr("Date"),
        AnswerType.CHOICE: tr("Choice"),
    }
)


# What the office does about a non-compliant item, as a document would say it.
action_label = labeller(
    lambda: {
        Action.CORRECT: tr("Order to correct within a deadline"),
        Action.STOP_NOW: tr("Order to stop at once"),
        Action.CASE: tr("Stop at once and open a case"),
        Action.TRANSFER_DRUG: tr("Record and transfer to the drug regulator"),
        Action.ADVISE: tr("Supervisory opinion (no article broken)"),
    }
)


def citation_label(article: Article) -> str:
    """The citation, marked when the entry may not be cited yet (待核实: not verified, or without its
    number or whole text)."""
    if article.citable:
        return article.citation
    return tr("{citation} (to be confirmed)", citation=article.citation)


def form_title(form: Form) -> str:
    """The title in the interface language (the English one only when the interface is English)."""
    return form.title_en if language() == "en" and form.title_en else form.title


def section_title(section: Section) -> str:
    return section.title_en if language() == "en" and section.title_en else section.title


def item_question(item: Item) -> str:
    return item.question_en if language() == "en" and item.question_en else item.question


def item_guidance(item: Item) -> str:
    """How to check the item, in English where the checklist has it and the interface is English."""
    return item.guidance_en if language() == "en" and item.guidance_en else item.guidance


def item_evidence(item: Item) -> str:
    return item.evidence_en if language() == "en" and item.evidence_en else item.evidence
