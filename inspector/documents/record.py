"""The 现场检查笔录 and the 补充笔录: evidence of what was seen, as a court reads it.

The record states facts, never judgements and never the checklist: for each item checked, what was
checked and seen (the item's ``compliant_fact``, or what the inspector recorded where it was not
compliant), in checklist order; the value of an item that records one through its ``fact``
template. It records the people on site (the person in charge with position, and 身份证号 where
the site is unlicensed), the statement that the officers showed their certificates and told the
party of the right to ask for 回避 with the party's recorded answer, a refusal to sign and the
witness. Nothing the party must say is printed: the party writes its statement by hand in the blank
lines, and signs every page (the template's footer).

A change after the 笔录 was issued is a 补充笔录 of its own (:func:`supplement_context`), naming the
笔录 it completes, never an edit of the issued one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from inspector.documents.context import Sources, cn_datetime, common_context, ordinal
from inspector.documents.inputs import AddendumFacts, InspectionFacts
from inspector.documents.wording import bare, citation_list, sentence, statement_problem
from inspector.domain import AnswerResult, Recusal
from inspector.forms import Form, Item, effective_result, visible_items
from inspector.forms.verification import item_citations
from inspector.i18n import tr

RECUSAL_TEXT = {
    Recusal.DECLINED.value: "当事人表示不申请回避。",
    Recusal.REQUESTED.value: "当事人申请回避。",
}
ANNOUNCEMENT = (
    "执法人员{names}向当事人出示了执法证件，表明了身份，说明了检查的依据和内容，告知当事人享有陈述、"
    "申辩的权利和如实提供情况、配合检查的义务，并告知当事人：执法人员与当事人有直接利害关系的，"
    "当事人有权申请执法人员回避。"
)


def _value_fact(item: Item, value: str) -> str:
    if item.fact and "{value}" in item.fact:
        return item.fact.replace("{value}", value)
    return f"{item.short or item.question.rstrip('？?')}：{value}"


def _item_fact(item: Item, result: AnswerResult | None, value: str, finding: str) -> str:
    """What the record states for one checked item (empty: nothing to state)."""
    finding = bare(finding)
    if value:
        text = _value_fact(item, value)
        return f"{bare(text)}。{finding}" if finding else text
    if result is AnswerResult.NON_COMPLIANT:
        return finding
    if result is AnswerResult.COMPLIANT:
        seen = bare(item.compliant_fact)
        if seen and finding:
            return f"{seen}。{finding}"
        return seen or finding
    return ""


def record_facts(form: Form, view: InspectionFacts) -> tuple[list[dict[str, Any]], str]:
    """The numbered facts of the record and a closing note (items checked without anything to say,
    items not applicable), in checklist order."""
    facts: list[dict[str, Any]] = []
    quiet = not_applicable = 0
    for item in visible_items(form, view.states()):
        answer = view.answers.get(item.code)
        result = effective_result(item, answer.state() if answer else None)
        if result is AnswerResult.UNANSWERED:
            continue
        if result is AnswerResult.NOT_APPLICABLE:
            not_applicable += 1
            continue
        text = _item_fact(
            item, result, (answer.value or "").strip() if answer else "", answer.finding if answer else ""
        )
        if text:
            facts.append({"no": ordinal(len(facts) + 1), "text": sentence(text)})
        else:
            quiet += 1
    notes = []
    if quiet:
        notes.append(
            f"另检查其他{quiet}项内容，现场未发现问题。" if facts else f"检查{quiet}项内容，现场未发现问题。"
        )
    if not_applicable:
        notes.append(f"另有{not_applicable}项检查内容不适用于当事人。")
    return facts, "".join(notes)


def grounds_text(form: Form, src: Sources) -> str:
    """The reason for the inspection where the office verified one (a campaign requirement, a local
    policy document): never law, so never a 违反条款; empty when none is verified."""
    grounds = [
        a for item in form.items for a in item_citations(form, item, src.catalogue).grounds if a.citable
    ]
    return f"本次检查系根据{citation_list(grounds)}开展。" if grounds else ""


def text_problems(form: Form, view: InspectionFacts) -> list[str]:
    """Findings that cannot stand in a document (a question, a checklist code), per item."""
    problems = []
    for item in visible_items(form, view.states()):
        answer = view.answers.get(item.code)
        if answer is None:
            continue
        for text in (answer.finding, answer.value or ""):
            what = tr("What was recorded for “{item}”", item=item.short or item.code)
            problem = statement_problem(what, text)
            if problem:
                problems.append(problem)
    return list(dict.fromkeys(problems))


def _signing(view: InspectionFacts) -> dict[str, Any]:
    refused = bool(view.signature_refused)
    witness = view.witness_name.strip()
    detail = view.witness_detail.strip()
    note = ""
    if refused:
        note = "当事人拒绝在本笔录上签名。"
        if witness:
            note += f"见证人：{witness}" + (f"（{detail}）" if detail else "") + "。"
    return {"refused": refused, "note": note, "witness": witness, "witness_detail": detail}


def _people(src: Sources) -> dict[str, Any]:
    view = src.inspection
    return {
        "name": view.party_name,
        "title": view.party_title,
        "id_no": view.party_id_no,
        "phone": view.party_phone,
        "companions": view.companions,
    }


def record_context(src: Sources) -> dict[str, Any]:
    view, form = src.inspection, src.form
    facts, note = record_facts(form, view)
    ctx = common_context(src)
    ctx.update(
        {
            "present": _people(src),
            "announcement": ANNOUNCEMENT.format(names=ctx["inspector_names"]),
            "recusal": RECUSAL_TEXT.get(view.recusal or "", ""),
            "grounds": grounds_text(form, src),
            "facts": facts,
            "facts_note": note,
            "photos_note": (
                f"现场拍摄照片{ctx['photo_count']}张，见附件《现场检查照片》。"
                if ctx["photo_count"]
                else "现场未拍摄照片。"
            ),
            "additions": additions(view.addenda),
            "signing": _signing(view),
        }
    )
    return ctx


def additions(addenda: Sequence[AddendumFacts]) -> list[dict[str, Any]]:
    """Addenda as a record states them: the fact, why it was added, who recorded it and when."""
    return [
        {
            "no": ordinal(i),
            "text": sentence(a.text),
            "reason": bare(a.reason),
            "recorded": f"{a.created_by}，{cn_datetime(a.created_at)}",
        }
        for i, a in enumerate(addenda, start=1)
    ]


def supplement_context(
    src: Sources, record_number: str, record_date: str, addenda: Sequence[AddendumFacts]
) -> dict[str, Any]:
    """The 补充笔录: what the addenda add to the issued 笔录 ``record_number``, each as a fact with
    who recorded it, when and why."""
    ctx = common_context(src, photos=False)
    ctx.update(
        {
            "present": _people(src),
            "record": {"number": record_number, "date": record_date},
            "opening": (
                f"本机关于{record_date}制作的现场检查笔录（{record_number}）记载的现场检查情况，现补充如下："
            ),
            "additions": additions(addenda),
            "signing": _signing(src.inspection),
        }
    )
    return ctx
