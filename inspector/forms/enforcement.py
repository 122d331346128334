"""What a checklist item must say so that an enforcement document can be written from it (format 2).

A document is a legal record: the facts as narrative in the party's terms (经查，你单位…), the article
broken (违反) apart from the article that empowers the order (依据), and an order that fits the case
(a deadline only where the law allows time; "立即" never beside a day count; a drug matter handed
to the drug regulator instead of ordered). These rules are checked when a checklist file is read, so
an office's own checklist cannot produce a document that cites a campaign notice as law, quotes a
question, or prints an item code.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from inspector.forms.legal import LegalCatalogue
from inspector.forms.model import Action, AnswerType, Enforcement, Item
from inspector.forms.reader import Problems, Table
from inspector.i18n import tr

# The item keys format 2 adds; each names articles of the legal catalogue, except the texts.
LAW_KEYS = ("violates", "basis", "crime")
REF_KEYS = (*LAW_KEYS, "grounds")
TEXT_KEYS = ("fact", "compliant_fact")
KEYS = (*TEXT_KEYS, *REF_KEYS, "action")
VALUE_FIELD = "value"
# Something that looks like a checklist code (US-08, CL-1, T-03): never in a document.
CODE_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,6}-\d{1,4}(?![0-9])")
QUESTION_MARKS = ("？", "?")
END_PUNCTUATION = "。；;，,：:"
IMMEDIATE = "立即"


def _refs(table: Table, key: str, catalogue: LegalCatalogue) -> tuple[str, ...]:
    """The references under ``key``: known, not repeated, and law or not law as the key demands."""
    indexed = table.indexed_texts(key)
    seen: set[str] = set()
    for i, ref in indexed:
        where = f"{table.at(key)}[{i}]"
        if ref in seen:
            table.problems.add(where, tr('"{value}" is listed twice', value=ref))
        seen.add(ref)
        if ref not in catalogue:
            table.problems.add(
                where, tr('unknown reference "{ref}"; add it to legal.toml or correct the spelling', ref=ref)
            )
            continue
        is_law = catalogue.get(ref).is_law
        if key in LAW_KEYS and not is_law:
            table.problems.add(
                where,
                tr(
                    '"{ref}" is a policy or a local document, not law: it may be a reason for the '
                    "check (grounds) but never an article broken or the basis of an order",
                    ref=ref,
                ),
            )
        elif key == "grounds" and is_law:
            table.problems.add(
                where,
                tr('"{ref}" is an article of law: list it under violates or basis, not grounds', ref=ref),
            )
    return tuple(dict.fromkeys(ref for _, ref in indexed))


def _action(table: Table) -> Action | None:
    if not table.has("action"):
        return None
    return table.member(
        "action",
        Action,
        lambda value, choices: tr(
            'unknown action "{value}"; use one of: {choices}', value=value, choices=choices
        ),
    )


def read_enforcement(table: Table, answer_type: AnswerType, catalogue: LegalCatalogue) -> Enforcement:
    """Read and check the format-2 keys of one item."""
    check = answer_type is AnswerType.CHECK
    found = Enforcement(
        fact=table.text("fact", required=check),
        compliant_fact=table.text("compliant_fact", required=check),
        violates=_refs(table, "violates", catalogue),
        basis=_refs(table, "basis", catalogue),
        crime=_refs(table, "crime", catalogue),
        grounds=_refs(table, "grounds", catalogue),
        action=_action(table),
    )
    if check:
        if not table.has("action"):
            table.missing("action")
        for key in TEXT_KEYS:
            if "{" in table.text(key) or "}" in table.text(key):
                table.problems.add(
                    table.at(key), tr("only an item that records a value has a {value} placeholder")
                )
    elif found.fact:
        _check_value_template(table, found.fact)
    if table.has("compliant_fact") and not check:
        table.problems.add(
            table.at("compliant_fact"), tr('compliant_fact is only for items answered "check"')
        )
    _check_action(table, found)
    return found


def _check_value_template(table: Table, fact: str) -> None:
    """A recorded value is stated through ``{value}`` (e.g. "抽查孕期B超检查报告{value}份")."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(fact) if name is not None]
    except ValueError:
        fields = ["?"]
    if fields != [VALUE_FIELD]:
        table.problems.add(
            table.at("fact"),
            tr('the fact of an item that records a value states it once, as {value}: e.g. "抽查{value}份"'),
        )


def _need(table: Table, key: str, found: tuple[str, ...], action: Action) -> None:
    if not found:
        table.problems.add(
            table.at(key),
            tr("an item with action {action} must name at least one article here", action=action.value),
        )


def _refuse(table: Table, key: str, message: str) -> None:
    """``key`` must be absent or empty (a frozen copy writes every key, empty ones too)."""
    if table.data.get(key):
        table.problems.add(table.at(key), message)


def _check_action(table: Table, found: Enforcement) -> None:
    """Which references, deadline and correction each action needs or excludes."""
    action = found.action
    if action is None:
        _refuse(table, "crime", tr('a transfer to the police (crime) goes with action "case" only'))
        return
    if action.orders:
        _need(table, "violates", found.violates, action)
    if action in (Action.CORRECT, Action.STOP_NOW):
        _need(table, "basis", found.basis, action)
    if action is Action.ADVISE:
        _need(table, "grounds", found.grounds, action)
        _refuse(
            table, "violates", tr('an opinion (action "advise") says no article is broken: use "correct"')
        )
        _refuse(table, "basis", tr('an opinion (action "advise") orders nothing: use "correct"'))
    if action is Action.TRANSFER_DRUG:
        _refuse(
            table,
            "basis",
            tr("a matter transferred to the drug regulator is not ordered by the health office: no basis"),
        )
        _refuse(table, "correction", tr("a transferred matter has no correction: the drug regulator decides"))
    elif not table.text("correction").strip():
        table.missing("correction")
    if action is not Action.CASE:
        _refuse(table, "crime", tr('a transfer to the police (crime) goes with action "case" only'))
    days = table.data.get("deadline_days")
    if action.has_deadline:
        if days == 0:
            table.problems.add(
                table.at("deadline_days"),
                tr('a correction needs a deadline of 1 day or more; an order at once is action "stop_now"'),
            )
        if IMMEDIATE in table.text("correction"):
            table.problems.add(
                table.at("correction"),
                tr('"立即" (at once) never goes with a deadline: use action "stop_now" or "case"'),
            )
    elif table.has("deadline_days") and days != 0:
        table.problems.add(
            table.at("deadline_days"),
            tr("action {action} has no deadline: leave deadline_days out", action=action.value),
        )


def document_texts(item: Item) -> Iterable[tuple[str, str]]:
    """The item's texts that reach a document, with their keys."""
    return (
        ("fact", item.fact),
        ("compliant_fact", item.compliant_fact),
        ("correction", item.correction),
        ("short", item.short),
    )


def check_document_texts(items: Iterable[tuple[Item, str]], problems: Problems) -> None:
    """No checklist code, no question mark and no trailing punctuation in a text meant for a document."""
    pairs = list(items)
    codes = {item.code for item, _ in pairs if item.code}
    for item, path in pairs:
        for key, text in document_texts(item):
            if not text:
                continue
            where = f"{path}.{key}"
            if any(mark in text for mark in QUESTION_MARKS):
                problems.add(where, tr("a text for a document states facts: no question mark"))
            named = [code for code in codes if code in text] or CODE_LIKE.findall(text)
            if named:
                problems.add(
                    where,
                    tr(
                        'a text for a document never names a checklist code ("{code}")',
                        code=named[0],
                    ),
                )
            if key not in ("correction", "short") and text.rstrip()[-1:] in END_PUNCTUATION:
                problems.add(
                    where,
                    tr("leave out the final punctuation: the document adds it where the sentence ends"),
                )
