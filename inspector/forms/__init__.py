"""Checklists as data: the TOML format, its validator, the legal catalogue and summaries.

The checklists an inspector walks through, and the legal articles they cite, are data files an
office can read and correct (``builtin/*.toml``, ``legal.toml``, and overrides in
``<data_dir>/forms``), never code. This package turns them into immutable :class:`Form` values and
their canonical JSON, and counts answers for the UI and the documents (:func:`summarize`,
:func:`missing_for_finalize`). It never touches the database: freezing the form an inspection uses
into it is :mod:`inspector.services.form_snapshots`.
"""

from __future__ import annotations

from inspector.forms.canonical import form_from_snapshot
from inspector.forms.legal import LegalCatalogue, load_legal_catalogue
from inspector.forms.loader import load_form_bytes, load_form_file
from inspector.forms.model import (
    Action,
    AnswerType,
    Article,
    Condition,
    Confirmation,
    Form,
    Item,
    Law,
    LawKind,
    LegalRef,
    Renumbering,
    Section,
    Severity,
    chinese_number,
)
from inspector.forms.reader import FormError
from inspector.forms.registry import FormRegistry, SkippedForm, load_registry
from inspector.forms.summary import (
    AnswerState,
    Finding,
    Problem,
    ProblemKind,
    Summary,
    effective_result,
    is_answered,
    missing_for_finalize,
    summarize,
    value_problem,
    visible_items,
)
from inspector.forms.verification import (
    ItemCitations,
    cited_article,
    confirm_hint,
    item_citations,
    unverified_citations,
    unverified_message,
    unverified_reason,
)

__all__ = [
    "Action",
    "AnswerState",
    "AnswerType",
    "Article",
    "Condition",
    "Confirmation",
    "Finding",
    "Form",
    "FormError",
    "FormRegistry",
    "Item",
    "ItemCitations",
    "Law",
    "LawKind",
    "LegalCatalogue",
    "LegalRef",
    "Problem",
    "ProblemKind",
    "Renumbering",
    "Section",
    "Severity",
    "SkippedForm",
    "Summary",
    "chinese_number",
    "cited_article",
    "confirm_hint",
    "effective_result",
    "form_from_snapshot",
    "is_answered",
    "item_citations",
    "load_form_bytes",
    "load_form_file",
    "load_legal_catalogue",
    "load_registry",
    "missing_for_finalize",
    "summarize",
    "unverified_citations",
    "unverified_message",
    "unverified_reason",
    "value_problem",
    "visible_items",
]
