"""The 卫生监督意见书: what the party is told it did, which law that breaks, and what it is ordered.

Each finding reads as the standard has it (``shared/domain/README.md`` section 4):

    一、经查，你单位{fact}（{what the inspector recorded}）。
    上述行为违反了《…》第…条的规定。
    依据《…》第…条的规定，责令你单位于X年X月X日前{correction}。   (action ``correct``)
    依据《…》第…条的规定，责令你单位立即停止…。                   (``stop_now``: no day count)
    … 对上述行为，本机关将依法立案查处；涉嫌犯罪的，依法移送公安机关。  (``case``)
    现提出监督意见：于X年X月X日前…。                               (``advise``: no law broken)

A drug sale or purchase outside the rules (``transfer_drug``) is not ordered by the health office:
the notice says it is handed to the 药品监督管理部门, and the inspection is flagged for the transfer.
The articles come from the inspection's frozen checklist, or the office's confirmed text where it
confirmed one since (:func:`inspector.forms.cited_article`); an unverified one stops the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector.documents.context import Sources, cn_date, common_context, ordinal
from inspector.documents.inputs import InspectionFacts
from inspector.documents.wording import (
    bare,
    citation_list,
    quoted_articles,
    refuse_unverified,
    sentence,
)
from inspector.domain import AnswerResult
from inspector.domain.office import OfficeSettings
from inspector.forms import Action, Article, Form, Item, LegalCatalogue, effective_result, visible_items
from inspector.forms.verification import item_citations

DEFAULT_CORRECTION = "依照有关法律、法规的规定予以改正"
IMMEDIATE = "立即"
BLANK_BODY = "________________"  # a blank to fill in by hand where the office named no body


@dataclass(frozen=True)
class FindingOverride:
    """What the person issuing a notice changed for one finding (``None``: keep the default)."""

    correction: str | None = None
    deadline_days: int | None = None
    fact: str | None = None


@dataclass(frozen=True)
class NoticeItem:
    """A non-compliant item as the notice states it (and the rectification will track it).

    ``code`` identifies the item for the rectification and the dialog; it is never printed.
    ``action`` is the item's (``correct`` for a checklist that does not say)."""

    code: str
    question: str
    finding: str
    serious: bool
    correction: str
    deadline_days: int
    action: Action = Action.CORRECT
    fact: str = ""
    short: str = ""
    violates: tuple[Article, ...] = ()
    basis: tuple[Article, ...] = ()
    crime: tuple[Article, ...] = ()
    default_correction: str = ""
    default_deadline_days: int = 0
    default_fact: str = ""

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article the notice cites for this finding."""
        return tuple(dict.fromkeys((*self.violates, *self.basis, *self.crime)))

    @property
    def immediate(self) -> bool:
        """An order to stop at once: no day count beside it."""
        return self.deadline_days <= 0

    def deadline(self, issued: dt.date) -> dt.date:
        return issued + dt.timedelta(days=max(self.deadline_days, 0))


def fact_text(item: Item, finding: str) -> str:
    """The fact in the party's terms: the checklist's narrative with what the inspector recorded in
    brackets (a checklist without a narrative: what the inspector recorded)."""
    detail = bare(finding)
    if not item.fact:
        return detail
    if not detail or detail == bare(item.fact):
        return bare(item.fact)
    return f"{bare(item.fact)}（{detail}）"


def _action(item: Item) -> Action:
    return item.action or Action.CORRECT


def _stated(item: Item) -> bool:
    """Whether the notice states the item (a drug matter goes to the drug regulator instead)."""
    return _action(item) is not Action.TRANSFER_DRUG


def non_compliant(form: Form, view: InspectionFacts) -> list[Item]:
    """The visible non-compliant items, in checklist order."""
    states = view.states()
    out = []
    for item in visible_items(form, states):
        answer = view.answers.get(item.code)
        if answer is not None and effective_result(item, answer.state()) is AnswerResult.NON_COMPLIANT:
            out.append(item)
    return out


def notice_items(
    form: Form,
    view: InspectionFacts,
    overrides: Mapping[str, FindingOverride] | None = None,
    catalogue: LegalCatalogue | None = None,
    *,
    default_deadline_days: int = OfficeSettings.default_deadline_days,
) -> list[NoticeItem]:
    """The findings the notice states, with their defaults and the person's overrides applied. A
    deadline is the inspector's, else the checklist item's, else the office's default
    (``default_deadline_days``)."""
    overrides = overrides or {}
    out: list[NoticeItem] = []
    for item in non_compliant(form, view):
        if not _stated(item):
            continue
        answer = view.answers[item.code]
        action = _action(item)
        correction = bare((answer.correction or "").strip() or item.correction or DEFAULT_CORRECTION)
        days = next(
            d for d in (answer.deadline_days, item.deadline_days, default_deadline_days) if d is not None
        )
        if not action.has_deadline and item.action is not None:
            days = 0
        fact = fact_text(item, answer.finding)
        cites = item_citations(form, item, catalogue)
        ov = overrides.get(item.code) or FindingOverride()
        out.append(
            NoticeItem(
                code=item.code,
                question=item.question,
                finding=answer.finding.strip(),
                serious=item.is_serious,
                correction=bare(ov.correction) if ov.correction and ov.correction.strip() else correction,
                deadline_days=ov.deadline_days if ov.deadline_days is not None else days,
                action=action,
                fact=bare(ov.fact) if ov.fact and ov.fact.strip() else fact,
                short=item.short,
                violates=cites.violates + cites.unclassified,
                basis=cites.basis,
                crime=cites.crime,
                default_correction=correction,
                default_deadline_days=days,
                default_fact=fact,
            )
        )
    return out


def transfer_items(form: Form, view: InspectionFacts) -> list[Item]:
    """The drug matters of the inspection: recorded and handed to the drug regulator."""
    return [item for item in non_compliant(form, view) if not _stated(item)]


def cited_codes(items: Sequence[NoticeItem]) -> list[str]:
    """The items whose articles the notice prints (an opinion cites none)."""
    return [it.code for it in items if it.action is not Action.ADVISE]


def order_text(it: NoticeItem, issued: dt.date) -> str:
    """What the party is ordered (or advised) to do for one finding, as a sentence."""
    due = cn_date(it.deadline(issued))
    do = bare(it.correction)
    if it.action is Action.ADVISE:
        return f"现提出监督意见：于{due}前{do}。"
    doing = do if it.immediate else f"于{due}前{do}"
    if it.immediate and not do.startswith(IMMEDIATE):
        doing = f"{IMMEDIATE}{do}"
    if it.basis:
        return f"依据{citation_list(it.basis)}的规定，责令你单位{doing}。"
    return f"现责令你单位{doing}。"


def consequence_text(it: NoticeItem) -> str:
    """What follows beyond the order: a case (立案), and the police where a crime is suspected."""
    if it.action is not Action.CASE:
        return ""
    text = "对上述行为，本机关将依法立案查处"
    if it.crime:
        text += f"；涉嫌违反{citation_list(it.crime)}的规定构成犯罪的，依法移送公安机关"
    return text + "。"


def _finding_entry(i: int, it: NoticeItem, issued: dt.date) -> dict[str, Any]:
    violation = (
        f"上述行为违反了{citation_list(it.violates)}的规定。"
        if it.violates and it.action is not Action.ADVISE
        else ""
    )
    return {
        "no": ordinal(i),
        "fact": sentence(f"经查，你单位{it.fact}"),
        "violates": citation_list(it.violates) if it.action is not Action.ADVISE else "",
        "basis": citation_list(it.basis),
        "violation": violation,
        "order": order_text(it, issued),
        "consequence": consequence_text(it),
        "immediate": it.immediate,
        "deadline_date": "" if it.immediate else cn_date(it.deadline(issued)),
        "serious": it.serious,
    }


def remedies_text(src: Sources) -> str:
    """The party's rights of 行政复议 (60 days, 行政复议法 第二十条) and 行政诉讼 (6 months,
    行政诉讼法 第四十六条), naming the bodies the office set (a blank to fill in where it named none)."""
    s = src.settings
    if not s.state_remedies:
        return ""
    body = s.review_body.strip() or BLANK_BODY
    court = s.court.strip() or BLANK_BODY
    return (
        f"你单位如不服本意见书，可以自收到本意见书之日起六十日内依法向{body}申请行政复议，"
        f"或者自收到本意见书之日起六个月内依法向{court}提起行政诉讼。"
    )


def closing_text(items: Sequence[NoticeItem], issued: dt.date) -> str:
    dated = [it.deadline(issued) for it in items if not it.immediate]
    if dated:
        return (
            f"请你单位按照上述意见执行，并于{cn_date(max(dated))}前将改正情况书面报告本机关。"
            "逾期不改正或者改正不符合要求的，本机关将依法处理。"
        )
    return "请你单位立即执行上述意见，并将执行情况书面报告本机关。拒不执行的，本机关将依法处理。"


def notice_context(src: Sources, items: Sequence[NoticeItem]) -> dict[str, Any]:
    refuse_unverified(src.form, cited_codes(items), src.catalogue)
    issued = src.issue_day
    transfers = transfer_items(src.form, src.inspection)
    ctx = common_context(src, photos=src.settings.notice_photos)
    articles = [a for it in items if it.action is not Action.ADVISE for a in it.articles]
    names = ctx["inspectors_text"]
    ctx.update(
        {
            "opening": f"{ctx['inspection']['date']}，本机关执法人员{names}依法对你单位进行了监督检查。",
            "findings": [_finding_entry(i, it, issued) for i, it in enumerate(items, start=1)],
            "finding_count": len(items),
            "transfers": [
                {"fact": sentence(f"经查，你单位{fact_text(t, src.inspection.answers[t.code].finding)}")}
                for t in transfers
            ],
            "transfer_note": "对上述涉及药品经营的问题，本机关将依法移送药品监督管理部门处理。"
            if transfers
            else "",
            "closing": closing_text(items, issued),
            "remedies": remedies_text(src),
            "articles": quoted_articles(articles),
        }
    )
    return ctx


@dataclass(frozen=True)
class Flags:
    """What the inspection's findings call for beyond the notice: a case (立案), a transfer to the
    police (移送公安机关), a transfer of drug matters to the drug regulator. Each list holds the items'
    short names, for the person issuing (never printed as codes)."""

    case: tuple[str, ...] = ()
    police: tuple[str, ...] = ()
    drug: tuple[str, ...] = ()
    codes: tuple[str, ...] = field(default=())

    @property
    def any(self) -> bool:
        return bool(self.case or self.police or self.drug)


def enforcement_flags(form: Form, view: InspectionFacts) -> Flags:
    """Which findings call for 立案, 移送公安机关 or 移送药品监督管理部门."""
    case, police, drug, codes = [], [], [], []
    for item in non_compliant(form, view):
        name = item.short or item.code
        if item.opens_case or item.is_serious:
            case.append(name)
            codes.append(item.code)
        if item.opens_case and item.crime:
            police.append(name)
        if item.transfers_drug_matter:
            drug.append(name)
            codes.append(item.code)
    return Flags(tuple(case), tuple(police), tuple(drug), tuple(dict.fromkeys(codes)))
