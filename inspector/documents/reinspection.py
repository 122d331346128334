"""The 复查意见书: the notice it follows up, when and where the re-inspection took place, and for
every item what was required and what was found.

Every item states what was found at the re-inspection in words, also a corrected one (a court reads
"已改正" as a conclusion, not as a fact). An item not corrected leads to the case path: the opinion
says the office will open a case (立案查处); it never sets a second deadline.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector.documents.context import Sources, cn_date, common_context
from inspector.documents.wording import DocumentRefused, bare, sentence, statement_problem
from inspector.domain import AnswerResult
from inspector.i18n import tr

RESULT_LABELS = {"corrected": "已改正", "not_corrected": "未改正", "not_checked": "未复查"}


@dataclass(frozen=True)
class NoticeRef:
    number: str
    title: str
    issue_date: str


def _required(it: Mapping[str, Any]) -> str:
    """What the notice required for one item: the correction and its deadline."""
    correction = bare(str(it.get("correction", "")))
    deadline = str(it.get("deadline") or "")
    days = it.get("deadline_days")
    with contextlib.suppress(ValueError):
        deadline = cn_date(dt.date.fromisoformat(deadline)) if deadline else ""
    if days == 0 or not deadline:
        return sentence(correction)
    return sentence(f"于{deadline}前{correction}")


def observation_problems(src: Sources, items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Items whose re-inspection finding is not written (also a corrected one) or not a statement."""
    problems = []
    for it in items:
        code = str(it.get("code", ""))
        answer = src.inspection.answers.get(code)
        short = (
            str(it.get("short") or "")
            or (src.form.item(code).short if src.form.has_item(code) else "")
            or code
        )
        text = answer.finding.strip() if answer else ""
        if not text:
            problems.append(
                tr(
                    "Write what was found at the re-inspection for “{item}”, also when it was corrected: "
                    "the opinion states it.",
                    item=short,
                )
            )
            continue
        problem = statement_problem(tr("What was found for “{item}”", item=short), text)
        if problem:
            problems.append(problem)
    return problems


def _entry(no: int, it: Mapping[str, Any], src: Sources) -> dict[str, Any]:
    code = str(it.get("code", ""))
    answer = src.inspection.answers.get(code)
    result = AnswerResult(answer.result) if answer else AnswerResult.UNANSWERED
    key = {AnswerResult.COMPLIANT: "corrected", AnswerResult.NON_COMPLIANT: "not_corrected"}.get(
        result, "not_checked"
    )
    return {
        "no": no,
        "required": _required(it),
        "found": sentence(answer.finding) if answer else "",
        "result": key,
        "result_label": RESULT_LABELS[key],
        "corrected": key == "corrected",
    }


def reinspection_context(
    src: Sources, notice: NoticeRef, items: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """``items`` are the rectification's items (code, correction, deadline); each is judged by this
    re-inspection's answer: compliant = 已改正, non-compliant = 未改正."""
    problems = observation_problems(src, items)
    if problems:
        raise DocumentRefused("\n".join(problems))
    entries = [_entry(no, it, src) for no, it in enumerate(items, start=1)]
    corrected = sum(1 for e in entries if e["result"] == "corrected")
    failed = [e["no"] for e in entries if e["result"] == "not_corrected"]
    unchecked = len(entries) - corrected - len(failed)
    ref = f"{notice.title}（{notice.number}）"
    if entries and corrected == len(entries):
        conclusion = f"经复查，你单位已按照{ref}的要求，对所列{len(entries)}项问题全部改正。"
    else:
        parts = []
        if failed:
            numbers = "、".join(f"第{n}项" for n in failed)
            parts.append(f"{numbers}问题未按要求改正")
        if unchecked:
            parts.append(f"{unchecked}项未复查")
        conclusion = f"经复查，{ref}所列{len(entries)}项问题中，{corrected}项已改正，{'，'.join(parts)}。"
        if failed:
            conclusion += "对未改正的问题，本机关将依法立案查处。"
    ctx = common_context(src, photos=False)  # photos are the 笔录's evidence annex
    ctx.update(
        {
            "notice": {"number": notice.number, "title": notice.title, "issue_date": notice.issue_date},
            "opening": (
                f"根据本机关{notice.issue_date}下达的{ref}，本机关执法人员{ctx['inspectors_text']}于"
                f"{ctx['inspection']['period']}在{ctx['inspection']['location']}对你单位的改正情况进行了"
                "复查。复查情况如下："
            ),
            "items": entries,
            "corrected_count": corrected,
            "not_corrected_count": len(failed),
            "unchecked_count": unchecked,
            "all_corrected": bool(entries) and corrected == len(entries),
            "conclusion": conclusion,
        }
    )
    return ctx
