"""What an inspection's answers add up to: one function for the UI, the documents and finalize.

Keeping the counting in one place means the progress bar, the notice and the finalize check can never
disagree about which items count. Rules:

- An item whose condition is not met is hidden and takes no part in anything (transitively: an item
  depending on a hidden item is hidden too).
- A ``check`` item is answered when its result is set. A number / text / date / choice item records a
  fact: it is answered when it has a value (counted as ``recorded``) or when the inspector set a
  result explicitly (e.g. marked it non-compliant).
- The completion ratio is over the visible *required* items, so optional remarks never hold up a
  finalize; the counts still show every visible item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from inspector.domain import AnswerResult
from inspector.forms.model import AnswerType, Form, Item
from inspector.i18n import join, tr


@dataclass(frozen=True)
class AnswerState:
    """One item's answer as the core sees it (the UI and the services build it from an ``Answer`` row)."""

    result: AnswerResult = AnswerResult.UNANSWERED
    value: str | None = None
    finding: str = ""

    def __post_init__(self) -> None:
        # Rows from the database carry plain strings; normalise so identity checks below hold.
        object.__setattr__(self, "result", AnswerResult(self.result))

    @property
    def has_value(self) -> bool:
        return self.value is not None and bool(self.value.strip())


UNANSWERED = AnswerState()


def effective_result(item: Item, state: AnswerState | None) -> AnswerResult | None:
    """The result that counts: ``None`` means a value item answered with a fact but no judgement."""
    state = state or UNANSWERED
    if state.result is not AnswerResult.UNANSWERED:
        return state.result
    if item.answer_type is not AnswerType.CHECK and state.has_value:
        return None
    return AnswerResult.UNANSWERED


def is_answered(item: Item, state: AnswerState | None) -> bool:
    return effective_result(item, state) is not AnswerResult.UNANSWERED


def _answer_matches(target: Item, state: AnswerState, answers: tuple[str, ...]) -> bool:
    result = effective_result(target, state)
    matched = {result.value} if result is not None else set()
    if state.value is not None and state.has_value:
        matched.add(state.value.strip())
    return bool(matched & set(answers))


def _visibility(form: Form, answers: Mapping[str, AnswerState]) -> dict[str, bool]:
    """Whether each item is shown. Iterative, so a long chain of conditions cannot overflow the stack;
    a broken chain (unknown item or a cycle, which the validator forbids) hides the items on it."""
    visible: dict[str, bool] = {}
    for item in form.items:
        chain: list[Item] = []
        on_chain: set[str] = set()
        current: Item | None = item
        while current is not None and current.code not in visible:
            if current.code in on_chain:  # a cycle
                for member in chain:
                    visible[member.code] = False
                break
            chain.append(current)
            on_chain.add(current.code)
            cond = current.condition
            if cond is None:
                visible[current.code] = True
                chain.pop()
                break
            current = form.item(cond.item) if form.has_item(cond.item) else None
        # Resolve from the top of the chain down: each item depends on the one above it.
        for member in reversed(chain):
            if member.code in visible:
                continue
            cond = member.condition
            assert cond is not None
            if not form.has_item(cond.item) or not visible.get(cond.item, False):
                visible[member.code] = False
                continue
            target = form.item(cond.item)
            visible[member.code] = _answer_matches(
                target, answers.get(target.code) or UNANSWERED, cond.answers
            )
    return visible


def visible_items(form: Form, answers: Mapping[str, AnswerState]) -> list[Item]:
    """The items to show and count, in form order; hidden conditional items are left out."""
    visible = _visibility(form, answers)
    return [item for item in form.items if visible.get(item.code, False)]


@dataclass(frozen=True)
class Finding:
    """A non-compliant item with what the inspector wrote down."""

    item: Item
    finding: str


@dataclass(frozen=True)
class Summary:
    total: int
    compliant: int
    non_compliant: int
    not_applicable: int
    recorded: int
    unanswered: int
    required_total: int
    required_answered: int
    findings: tuple[Finding, ...]

    @property
    def serious_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.item.is_serious)

    @property
    def needs_case(self) -> bool:
        """A serious finding, or one whose action is a case, flags the inspection for 立案."""
        return bool(self.serious_findings) or any(f.item.opens_case for f in self.findings)

    @property
    def transfers(self) -> tuple[Finding, ...]:
        """Drug matters recorded for the drug regulator (移送药品监督管理部门), not ordered by the office."""
        return tuple(f for f in self.findings if f.item.transfers_drug_matter)

    @property
    def answered(self) -> int:
        return self.total - self.unanswered

    @property
    def completion(self) -> float:
        """Share of visible required items answered, 0.0–1.0 (1.0 when nothing is required)."""
        if self.required_total == 0:
            return 1.0
        return self.required_answered / self.required_total


def summarize(form: Form, answers: Mapping[str, AnswerState]) -> Summary:
    counts = dict.fromkeys(AnswerResult, 0)
    recorded = 0
    required_total = required_answered = 0
    findings: list[Finding] = []
    for item in visible_items(form, answers):
        state = answers.get(item.code) or UNANSWERED
        result = effective_result(item, state)
        if result is None:
            recorded += 1
        else:
            counts[result] += 1
        if result is AnswerResult.NON_COMPLIANT:
            findings.append(Finding(item=item, finding=state.finding))
        if item.required:
            required_total += 1
            if result is not AnswerResult.UNANSWERED:
                required_answered += 1
    total = sum(counts.values()) + recorded
    return Summary(
        total=total,
        compliant=counts[AnswerResult.COMPLIANT],
        non_compliant=counts[AnswerResult.NON_COMPLIANT],
        not_applicable=counts[AnswerResult.NOT_APPLICABLE],
        recorded=recorded,
        unanswered=counts[AnswerResult.UNANSWERED],
        required_total=required_total,
        required_answered=required_answered,
        findings=tuple(findings),
    )


class ProblemKind(StrEnum):
    UNANSWERED = "unanswered"
    NO_FINDING = "no_finding"
    NO_PHOTO = "no_photo"
    BAD_VALUE = "bad_value"


@dataclass(frozen=True)
class Problem:
    """Why an inspection cannot be finalized yet, pointing at the item to fix."""

    code: str
    kind: ProblemKind
    message: str


def value_problem(item: Item, value: str | None) -> str | None:
    """A translated reason why ``value`` does not fit the item's answer type, or ``None`` if it fits.

    Services call it when saving an answer, and finalize calls it again.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if item.answer_type is AnswerType.NUMBER:
        try:
            float(text)
        except ValueError:
            return tr('{code}: "{value}" is not a number', code=item.code, value=text)
    elif item.answer_type is AnswerType.DATE:
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return tr('{code}: "{value}" is not a date (YYYY-MM-DD)', code=item.code, value=text)
    elif item.answer_type is AnswerType.CHOICE and text not in item.choices:
        return tr(
            '{code}: "{value}" is not one of the choices: {choices}',
            code=item.code,
            value=text,
            choices=join(item.choices),
        )
    return None


def missing_for_finalize(
    form: Form, answers: Mapping[str, AnswerState], photo_counts: Mapping[str, int]
) -> list[Problem]:
    """Everything that blocks finalizing, in form order; an empty list means it may be finalized."""
    problems: list[Problem] = []
    for item in visible_items(form, answers):
        state = answers.get(item.code) or UNANSWERED
        result = effective_result(item, state)
        if result is AnswerResult.UNANSWERED:
            if item.required:
                problems.append(
                    Problem(item.code, ProblemKind.UNANSWERED, tr("{code}: not answered yet", code=item.code))
                )
            continue
        bad = value_problem(item, state.value)
        if bad is not None:
            problems.append(Problem(item.code, ProblemKind.BAD_VALUE, bad))
        if result is AnswerResult.NON_COMPLIANT:
            if not state.finding.strip():
                problems.append(
                    Problem(
                        item.code,
                        ProblemKind.NO_FINDING,
                        tr(
                            "{code}: non-compliant, but no finding is written; describe what was seen",
                            code=item.code,
                        ),
                    )
                )
            if item.photo_required and photo_counts.get(item.code, 0) <= 0:
                problems.append(
                    Problem(
                        item.code,
                        ProblemKind.NO_PHOTO,
                        tr(
                            "{code}: non-compliant items of this kind need at least one photo as evidence",
                            code=item.code,
                        ),
                    )
                )
    return problems
