"""The checklist validator: TOML (or a snapshot's JSON) in, a :class:`Form` or every problem out.

A checklist file is written by people in an office, so the validator must explain itself: each
problem names the file and the key path (``ultrasound.toml: sections[1].items[3].legal[0]: unknown
reference "规定-99"``). Whatever the bytes, the only exception that leaves this module is
:class:`FormError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from inspector.domain import AnswerResult, Designation, SiteKind
from inspector.domain.sites import LEGACY_KIND_DESIGNATIONS
from inspector.forms import enforcement
from inspector.forms.legal import LegalCatalogue, load_legal_catalogue, read_file, read_toml
from inspector.forms.model import (
    FIRST_FORMAT,
    FORMAT_VERSION,
    AnswerType,
    Condition,
    Enforcement,
    Form,
    Item,
    Section,
    Severity,
)
from inspector.forms.reader import Problems, Table
from inspector.i18n import tr

FORM_KEYS = ("format", "id", "version", "title", "description", "site_kinds", "designations", "sections")
TITLE_KEYS = ("zh", "en")
SECTION_KEYS = ("id", "title", "items")
ITEM_KEYS = (
    "code",
    "question",
    "question_en",
    "guidance",
    "evidence",
    "answer",
    "choices",
    "severity",
    "photo_required",
    "required",
    "condition",
    "correction",
    "deadline_days",
    "short",
    "guidance_en",
    "evidence_en",
    "answer_for_site_kind",
)
MAX_SHORT = 24
# Format 1 lists every reference under ``legal``; format 2 sorts them and adds the document's data.
# Both sets are accepted when reading so that a key of the other format gets a message naming it.
ALL_ITEM_KEYS = (*ITEM_KEYS, "legal", *enforcement.KEYS)
CONDITION_KEYS = ("item", "answer")

FORM_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")

SEVERITY_ALIASES = {"一般": Severity.GENERAL, "严重": Severity.SERIOUS}
# A condition may test the result of any item; a choice item can also be tested by its value.
CONDITION_RESULTS = (
    AnswerResult.COMPLIANT.value,
    AnswerResult.NON_COMPLIANT.value,
    AnswerResult.NOT_APPLICABLE.value,
)
E = TypeVar("E", AnswerType, Severity)
M = TypeVar("M", bound=StrEnum)
MAX_DEADLINE_DAYS = 365


def _title(parent: Table) -> tuple[str, str]:
    table = parent.table("title", TITLE_KEYS, required=True)
    if table is None:
        return "", ""
    return table.text("zh", required=True), table.text("en", required=True)


def _version(root: Table) -> str:
    if not root.has("version"):
        root.missing("version")
        return "0"
    raw = root.data["version"]
    if type(raw) is int and raw >= 0:
        raw = str(raw)
    if not isinstance(raw, str):
        root.wrong_type("version", tr("text"), raw)
        return "0"
    if not VERSION.match(raw):
        root.problems.add(
            root.at("version"),
            tr('invalid version "{value}": use numbers separated by dots, e.g. "2" or "1.3"', value=raw),
        )
        return "0"
    return raw


def _enum_value(
    table: Table, key: str, enum: type[E], default: E, aliases: Mapping[str, E] | None = None
) -> E:
    raw = table.data.get(key)
    if aliases and isinstance(raw, str) and raw in aliases:
        return aliases[raw]
    found = table.member(
        key,
        enum,
        lambda value, choices: tr(
            'unknown value "{value}"; use one of: {choices}', value=value, choices=choices
        ),
        default=default.value,
    )
    return default if found is None else found


def _applicability(root: Table) -> tuple[tuple[SiteKind, ...], tuple[Designation, ...]]:
    """Which sites the checklist is for: kinds (``site_kinds``) and designations (``designations``).

    A kind of an earlier version that was really a designation (``ultrasound``) is read as that
    designation, so office files and frozen copies written before the change keep working.
    """
    kinds: list[SiteKind] = []
    designations: list[Designation] = []
    reported = len(root.problems.items)
    for i, raw in root.indexed_texts("site_kinds"):
        legacy = LEGACY_KIND_DESIGNATIONS.get(raw)
        if legacy is not None:
            designations += [d for d in legacy if d not in designations]
            continue
        unknown = tr(
            'unknown site kind "{value}"; use one of: {choices}',
            value=raw,
            choices=", ".join(k.value for k in SiteKind),
        )
        _add_once(root, f"{root.at('site_kinds')}[{i}]", raw, SiteKind, found=kinds, unknown=unknown)
    for i, raw in root.indexed_texts("designations"):
        unknown = tr(
            'unknown designation "{value}"; use one of: {choices}',
            value=raw,
            choices=", ".join(d.value for d in Designation),
        )
        _add_once(
            root, f"{root.at('designations')}[{i}]", raw, Designation, found=designations, unknown=unknown
        )
    if not kinds and not designations and len(root.problems.items) == reported:
        root.problems.add(
            "site_kinds",
            tr("say which sites the checklist is for: site_kinds, designations or both, not empty"),
        )
    return tuple(kinds), tuple(d for d in Designation if d in designations)


def _add_once(root: Table, where: str, raw: str, enum: type[M], *, found: list[M], unknown: str) -> None:
    """Add ``raw`` to ``found`` as a member of ``enum``; an unknown value (``unknown`` says so) or one
    listed twice is a problem instead."""
    if raw not in enum._value2member_map_:
        root.problems.add(where, unknown)
    elif enum(raw) in found:
        root.problems.add(where, tr('"{value}" is listed twice', value=raw))
    else:
        found.append(enum(raw))


def _condition(item: Table) -> Condition | None:
    table = item.table("condition", CONDITION_KEYS)
    if table is None:
        return None
    target = table.text("item", required=True)
    answers = table.texts("answer", required=True, allow_single=True, nonempty=True)
    return Condition(item=target, answers=answers)


def _answer_for_site_kind(
    table: Table, answer_type: AnswerType, choices: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """``answer_for_site_kind = { pharmacy = "药品零售", wholesaler = "药品批发" }``: the choice the
    site's kind in the registry already answers (a choice item only, a known kind, one of its choices)."""
    if not table.has("answer_for_site_kind"):
        return ()
    kinds = [k.value for k in SiteKind]
    sub = table.table("answer_for_site_kind", kinds)
    if sub is None:
        return ()
    if answer_type is not AnswerType.CHOICE:
        table.problems.add(
            table.at("answer_for_site_kind"),
            tr('only a choice item (answer = "choice") can be answered by the site kind'),
        )
        return ()
    found: list[tuple[str, str]] = []
    for kind in kinds:
        if not sub.has(kind):
            continue
        value = sub.text(kind, nonempty=True)
        if value and value not in choices:
            sub.problems.add(sub.at(kind), tr('"{value}" is not one of the choices', value=value))
        elif value:
            found.append((kind, value))
    return tuple(found)


def _report_repeats(table: Table, key: str, entries: list[tuple[int, str]]) -> None:
    seen: set[str] = set()
    for i, value in entries:
        if value in seen:
            table.problems.add(f"{table.at(key)}[{i}]", tr('"{value}" is listed twice', value=value))
        seen.add(value)


def _legal_v1(table: Table, catalogue: LegalCatalogue) -> tuple[str, ...]:
    """Format 1: one unsorted list of references."""
    indexed_legal = table.indexed_texts("legal")
    _report_repeats(table, "legal", indexed_legal)
    for i, ref in indexed_legal:
        if ref not in catalogue:
            table.problems.add(
                f"{table.at('legal')}[{i}]",
                tr('unknown reference "{ref}"; add it to legal.toml or correct the spelling', ref=ref),
            )
    return tuple(dict.fromkeys(ref for _, ref in indexed_legal))


def _report_other_format(table: Table, fmt: int) -> None:
    """A key of the other format gets a message naming the format instead of "unknown key"."""
    if fmt == FIRST_FORMAT:
        for key in enforcement.KEYS:
            if table.has(key):
                table.problems.add(
                    table.at(key), tr('"{key}" needs format = 2 at the top of the file', key=key)
                )
    elif table.has("legal"):
        table.problems.add(
            table.at("legal"),
            tr("format 2 sorts the references: use violates, basis, crime and grounds instead of legal"),
        )


def _answer(table: Table) -> tuple[AnswerType, tuple[str, ...]]:
    answer_type = _enum_value(table, "answer", AnswerType, AnswerType.CHECK)
    indexed_choices = table.indexed_texts("choices")
    choices = tuple(dict.fromkeys(choice for _, choice in indexed_choices))
    if answer_type is AnswerType.CHOICE:
        if not table.has("choices"):
            table.missing("choices")
        elif len(choices) < 2:
            table.problems.add(table.at("choices"), tr("a choice item needs at least two choices"))
        _report_repeats(table, "choices", indexed_choices)
    elif table.has("choices"):
        table.problems.add(table.at("choices"), tr('choices are only allowed when answer = "choice"'))
        choices = ()
    return answer_type, choices


def _item(table: Table, section_id: str, catalogue: LegalCatalogue, fmt: int) -> Item:
    code = table.identifier(
        "code",
        ITEM_CODE,
        lambda value: tr(
            'invalid item code "{value}": use letters, digits, "-", "_" or ".", '
            'at most 32 characters, e.g. "US-05"',
            value=value,
        ),
    )
    answer_type, choices = _answer(table)
    _report_other_format(table, fmt)
    if fmt == FIRST_FORMAT:
        found = Enforcement()
        legal = _legal_v1(table, catalogue)
    else:
        found = enforcement.read_enforcement(table, answer_type, catalogue)
        legal = found.refs
    deadline = table.whole("deadline_days", low=0, high=MAX_DEADLINE_DAYS)  # None: the office's default
    short = table.text("short")
    if len(short) > MAX_SHORT:
        table.problems.add(
            table.at("short"), tr("the short name is a caption: at most {limit} characters", limit=MAX_SHORT)
        )
    if found.action is not None and not found.action.has_deadline:
        deadline = 0
    return Item(
        code=code,
        section=section_id,
        question=table.text("question", required=True),
        question_en=table.text("question_en"),
        guidance=table.text("guidance"),
        evidence=table.text("evidence"),
        guidance_en=table.text("guidance_en"),
        evidence_en=table.text("evidence_en"),
        answer_type=answer_type,
        choices=choices,
        severity=_enum_value(table, "severity", Severity, Severity.GENERAL, SEVERITY_ALIASES),
        legal=legal,
        photo_required=table.flag("photo_required", default=False),
        required=table.flag("required", default=True),
        condition=_condition(table),
        correction=table.text("correction"),
        deadline_days=deadline,
        answer_for_site_kind=_answer_for_site_kind(table, answer_type, choices),
        fact=found.fact,
        compliant_fact=found.compliant_fact,
        violates=found.violates,
        basis=found.basis,
        crime=found.crime,
        grounds=found.grounds,
        action=found.action,
        short=short,
    )


def _check_conditions(items: list[tuple[Item, str]], problems: Problems) -> None:
    """Conditions must point at an existing other item, with answers it can have, and never loop."""
    by_code = {item.code: item for item, _ in items}
    for item, path in items:
        cond = item.condition
        if cond is None or not cond.item:
            continue
        where = f"{path}.condition"
        if cond.item == item.code:
            problems.add(f"{where}.item", tr("an item cannot depend on its own answer"))
            continue
        target = by_code.get(cond.item)
        if target is None:
            problems.add(f"{where}.item", tr('refers to unknown item "{code}"', code=cond.item))
            continue
        possible = list(CONDITION_RESULTS)
        if target.answer_type is AnswerType.CHOICE:
            possible.extend(target.choices)
        for i, answer in enumerate(cond.answers):
            if answer not in possible:
                problems.add(
                    f"{where}.answer[{i}]",
                    tr(
                        '"{value}" is not a possible answer of {code}; use one of: {choices}',
                        value=answer,
                        code=target.code,
                        choices=", ".join(possible),
                    ),
                )
    reported: set[frozenset[str]] = set()
    paths = {item.code: path for item, path in items}
    for item, _ in items:
        chain = [item.code]
        current = item
        while (
            current.condition is not None
            and current.condition.item in by_code
            and current.condition.item != current.code
        ):
            nxt = current.condition.item
            if nxt in chain:
                cycle = chain[chain.index(nxt) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    start = min(cycle)
                    ordered = cycle[cycle.index(start) :] + cycle[: cycle.index(start)]
                    problems.add(
                        f"{paths[start]}.condition",
                        tr("conditions form a cycle: {cycle}", cycle=" → ".join([*ordered, start])),
                    )
                break
            chain.append(nxt)
            current = by_code[nxt]


def build_form(
    data: Mapping[str, object], *, source: str, catalogue: LegalCatalogue, extra_keys: tuple[str, ...] = ()
) -> Form:
    """Validate parsed data and build the form; raises :class:`FormError` listing every problem."""
    problems = Problems(source)
    root = Table(problems, data, "", FORM_KEYS + extra_keys)
    fmt = root.whole("format", low=FIRST_FORMAT, high=FORMAT_VERSION, default=FIRST_FORMAT)
    fmt = fmt if fmt is not None else FIRST_FORMAT
    form_id = _form_id(root)
    version = _version(root)
    title, title_en = _title(root)
    site_kinds, designations = _applicability(root)
    seen = _Seen()
    sections = [
        _section(stable, catalogue, fmt, seen)
        for _, stable in root.tables("sections", SECTION_KEYS, required=True)
    ]
    _check_conditions(seen.items, problems)
    if fmt != FIRST_FORMAT:
        enforcement.check_document_texts(seen.items, problems)
    problems.raise_if_any()
    refs = sorted({ref for item, _ in seen.items for ref in item.legal})
    cited = catalogue.subset(refs)
    return Form(
        id=form_id,
        version=version,
        title=title,
        title_en=title_en,
        site_kinds=site_kinds,
        designations=designations,
        sections=tuple(sections),
        articles=tuple(cited.articles[ref] for ref in refs),
        description=root.text("description"),
        format=fmt,
        source=source,
    )


def _form_id(root: Table) -> str:
    """The checklist's ``id``, checked for shape: it names the checklist in file names and in the
    database, so it stays short and plain."""
    return root.identifier(
        "id",
        FORM_ID,
        lambda value: tr(
            'invalid id "{value}": use lower-case letters, digits, "-", "_" or ".", at most 64 characters',
            value=value,
        ),
    )


@dataclass
class _Seen:
    """Where each section id and item code was first used (a duplicate names it), and every item with
    its path, for the checks that span sections."""

    section_paths: dict[str, str] = field(default_factory=dict)
    code_paths: dict[str, str] = field(default_factory=dict)
    items: list[tuple[Item, str]] = field(default_factory=list)


def _section(stable: Table, catalogue: LegalCatalogue, fmt: int, seen: _Seen) -> Section:
    """One ``[[sections]]`` table and its items; ids and codes must be unique across the checklist."""
    section_id = _section_id(stable, seen)
    s_title, s_title_en = _title(stable)
    items: list[Item] = []
    for _, itable in stable.tables("items", ALL_ITEM_KEYS, required=True):
        item = _item(itable, section_id, catalogue, fmt)
        if item.code in seen.code_paths:
            stable.problems.add(
                itable.at("code"),
                tr(
                    'duplicate item code "{code}" (first used at {where})',
                    code=item.code,
                    where=seen.code_paths[item.code],
                ),
            )
        elif item.code:
            seen.code_paths[item.code] = itable.path
        items.append(item)
        seen.items.append((item, itable.path))
    return Section(id=section_id, title=s_title, title_en=s_title_en, items=tuple(items))


def _section_id(stable: Table, seen: _Seen) -> str:
    """The section's ``id``: of the right shape and not used by an earlier section."""
    section_id = stable.identifier(
        "id",
        SECTION_ID,
        lambda value: tr(
            'invalid section id "{value}": use lower-case letters, digits, "-", '
            '"_" or ".", at most 32 characters',
            value=value,
        ),
    )
    if section_id and not SECTION_ID.match(section_id):
        return section_id  # its shape is already reported
    if section_id in seen.section_paths:
        stable.problems.add(
            stable.at("id"),
            tr(
                'duplicate section id "{value}" (first used at {where})',
                value=section_id,
                where=seen.section_paths[section_id],
            ),
        )
    else:
        seen.section_paths[section_id] = stable.path
    return section_id


def load_form_bytes(data: bytes, source: str, catalogue: LegalCatalogue | None = None) -> Form:
    """Parse and validate a checklist given as bytes (``source`` names it in messages)."""
    parsed = read_toml(data, source)
    return build_form(parsed, source=source, catalogue=catalogue or load_legal_catalogue())


def load_form_file(path: Path, catalogue: LegalCatalogue | None = None) -> Form:
    """Load one checklist file; raises :class:`FormError` naming the file and every problem."""
    form = load_form_bytes(read_file(path), path.name, catalogue)
    return replace(form, source=str(path))
