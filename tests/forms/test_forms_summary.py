"""Conditions, counts and the finalize check: one set of rules for the UI and the documents."""

from __future__ import annotations

import pytest

from inspector.domain import AnswerResult
from inspector.forms import (
    AnswerState,
    Condition,
    Form,
    Item,
    ProblemKind,
    Section,
    load_form_bytes,
    load_registry,
    missing_for_finalize,
    summarize,
    value_problem,
    visible_items,
)
from tests.forms.forms_helpers import dumps, minimal_form

C = AnswerResult.COMPLIANT
NC = AnswerResult.NON_COMPLIANT
NA = AnswerResult.NOT_APPLICABLE


@pytest.fixture
def form() -> Form:
    return load_form_bytes(dumps(minimal_form()).encode(), "test.toml")


def codes(form: Form, answers: dict[str, AnswerState]) -> list[str]:
    return [item.code for item in visible_items(form, answers)]


def test_conditions_show_and_hide_items(form: Form) -> None:
    assert codes(form, {}) == ["T-01", "T-03", "T-05"]
    assert codes(form, {"T-01": AnswerState(C)}) == ["T-01", "T-02", "T-03", "T-05"]
    assert codes(form, {"T-01": AnswerState(NC)}) == ["T-01", "T-03", "T-05"]
    assert codes(form, {"T-03": AnswerState(value="批发")}) == ["T-01", "T-03", "T-04", "T-05"]
    assert codes(form, {"T-03": AnswerState(value="零售")}) == ["T-01", "T-03", "T-05"]


def test_hidden_items_hide_their_dependants() -> None:
    data = minimal_form()
    data["sections"][1]["items"][2]["condition"] = {"item": "T-02", "answer": "non_compliant"}
    form = load_form_bytes(dumps(data).encode(), "t.toml")
    answers = {"T-01": AnswerState(C), "T-02": AnswerState(NC)}
    assert "T-05" in codes(form, answers)
    # T-01 changes: T-02 is hidden, so its stale answer no longer shows T-05.
    answers["T-01"] = AnswerState(NC)
    assert codes(form, answers) == ["T-01", "T-03"]


def test_long_chains_and_hand_made_cycles() -> None:
    """Forms built in code skip the validator: visibility must still terminate without recursion."""
    n = 5000
    chain = tuple(
        Item(
            code=f"C-{i}",
            section="s",
            question="?",
            condition=Condition(f"C-{i - 1}", ("compliant",)) if i else None,
        )
        for i in range(n)
    )
    long_form = Form(
        id="c", version="1", title="t", title_en="t", site_kinds=(), sections=(Section("s", "s", "s", chain),)
    )
    answers = {f"C-{i}": AnswerState(C) for i in range(n)}
    assert len(visible_items(long_form, answers)) == n
    answers["C-10"] = AnswerState(NC)
    assert len(visible_items(long_form, answers)) == 11
    loop = (
        Item(code="A", section="s", question="?", condition=Condition("B", ("compliant",))),
        Item(code="B", section="s", question="?", condition=Condition("A", ("compliant",))),
        Item(code="D", section="s", question="?", condition=Condition("missing", ("compliant",))),
        Item(code="E", section="s", question="?"),
    )
    cyclic = Form(
        id="c", version="1", title="t", title_en="t", site_kinds=(), sections=(Section("s", "s", "s", loop),)
    )
    assert [i.code for i in visible_items(cyclic, {"A": AnswerState(C), "B": AnswerState(C)})] == ["E"]


def test_builtin_conditions() -> None:
    registry = load_registry(None)
    clinic = registry.get("clinic")
    assert "CL-06" not in codes(clinic, {"CL-05": AnswerState(C)})
    shown = codes(
        clinic, {"CL-05": AnswerState(NC, finding="柜内发现米非司酮片2盒"), "CL-01": AnswerState(NC)}
    )
    assert {"CL-06", "CL-07", "CL-09"} <= set(shown)
    pharmacy = registry.get("pharmacy")
    retail = codes(pharmacy, {"PH-00": AnswerState(value="药品零售")})
    wholesale = codes(pharmacy, {"PH-00": AnswerState(value="药品批发")})
    assert "PH-02" in retail and "PH-06" not in retail
    assert "PH-06" in wholesale and "PH-07" in wholesale and "PH-02" not in wholesale


def test_summary_counts(form: Form) -> None:
    answers = {
        "T-01": AnswerState(NC, finding="无许可证"),
        "T-02": AnswerState(C),  # hidden (T-01 is non-compliant): not counted
        "T-03": AnswerState(value="批发"),
        "T-04": AnswerState(NA),
        "X-99": AnswerState(C),  # not in the form: ignored
    }
    summary = summarize(form, answers)
    assert (
        summary.total,
        summary.compliant,
        summary.non_compliant,
        summary.not_applicable,
        summary.recorded,
        summary.unanswered,
    ) == (5 - 1, 0, 1, 1, 1, 1)
    assert summary.required_total == 3 and summary.required_answered == 3
    assert summary.completion == 1.0
    assert [f.item.code for f in summary.findings] == ["T-01"]
    assert [f.finding for f in summary.serious_findings] == ["无许可证"]
    assert summary.needs_case


def test_summary_of_empty_inspection(form: Form) -> None:
    summary = summarize(form, {})
    assert summary.total == 3 and summary.unanswered == 3 and summary.answered == 0
    assert summary.completion == 0.0 and not summary.needs_case


def test_general_findings_do_not_flag_a_case(form: Form) -> None:
    summary = summarize(
        form,
        {"T-01": AnswerState(C), "T-02": AnswerState(NC, finding="过期"), "T-03": AnswerState(value="零售")},
    )
    assert summary.non_compliant == 1 and not summary.serious_findings and not summary.needs_case
    assert summary.completion == 1.0


def test_answer_results_may_be_plain_strings(form: Form) -> None:
    summary = summarize(form, {"T-01": AnswerState("non_compliant", finding="x")})  # type: ignore[arg-type]
    assert summary.non_compliant == 1


def test_missing_for_finalize(form: Form) -> None:
    problems = missing_for_finalize(form, {}, {})
    assert [(p.code, p.kind) for p in problems] == [
        ("T-01", ProblemKind.UNANSWERED),
        ("T-03", ProblemKind.UNANSWERED),
    ]
    assert problems[0].message == "T-01：尚未回答"
    answers = {"T-01": AnswerState(NC), "T-03": AnswerState(value="代售")}
    problems = missing_for_finalize(form, answers, {})
    assert [(p.code, p.kind) for p in problems] == [
        ("T-01", ProblemKind.NO_FINDING),
        ("T-01", ProblemKind.NO_PHOTO),
        ("T-03", ProblemKind.BAD_VALUE),
    ]
    answers = {"T-01": AnswerState(NC, finding="现场未见许可证"), "T-03": AnswerState(value="零售")}
    assert missing_for_finalize(form, answers, {"T-01": 2}) == []
    # A hidden required item never blocks finalize; an optional one never does either.
    assert "T-02" not in {p.code for p in missing_for_finalize(form, answers, {})}


def test_value_problems() -> None:
    form = load_registry(None).get("ultrasound")
    number = form.item("US-13")
    assert value_problem(number, "20") is None
    assert value_problem(number, "二十") == "US-13：“二十”不是数字"
    assert value_problem(number, None) is None
    assert value_problem(form.item("US-14"), "anything") is None
