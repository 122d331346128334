"""The render context of each document kind, built from an inspection's data as plain JSON.

Why plain JSON: the context is stored with the issued document (``Document.context``) and is all a
regeneration needs besides the archived template and the photo store, so the same bytes come out
years later whatever happened to the site's address or the checklist files meanwhile. Dates and
times are written out here, in Chinese, in the laptop's local zone, once.

Content rules (a document is evidence):
- The on-site record states what was seen: the finding texts as the inspector wrote them, recorded
  values, and the inspector's own remarks on compliant items; no judgements, and no list of
  compliant items beyond one neutral sentence.
- The notice cites, for each non-compliant item, the articles as frozen in the inspection's form
  snapshot (citation and verbatim text), the correction demanded and its deadline: the checklist's
  defaults, overridden by the answer's, overridden by what the person issuing it edited.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from inspector.documents.inputs import InspectionFacts, PhotoFacts
from inspector.domain import AnswerResult, DocumentKind, site_kind_label
from inspector.domain.office import OfficeSettings
from inspector.forms import Article, Form, effective_result, visible_items

RECORD_TITLE = "现场检查笔录"
REINSPECTION_TITLE = "复查意见书"
DEFAULT_CORRECTION = "依照相关法律法规的规定予以改正。"
CHINESE_ORDINALS = "一二三四五六七八九十"

KIND_LABELS: dict[str, str] = {
    DocumentKind.RECORD.value: RECORD_TITLE,
    DocumentKind.NOTICE.value: "整改通知书",
    DocumentKind.REINSPECTION.value: REINSPECTION_TITLE,
}


def title_for(kind: DocumentKind | str, settings: OfficeSettings) -> str:
    kind = DocumentKind(kind)
    if kind is DocumentKind.NOTICE:
        return settings.notice_title
    return RECORD_TITLE if kind is DocumentKind.RECORD else REINSPECTION_TITLE


# --------------------------------------------------------------------------------------- dates


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone()


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_datetime(value: dt.datetime) -> str:
    t = local(value)
    return f"{cn_date(t.date())}{t.hour:02d}时{t.minute:02d}分"


def cn_period(start: dt.datetime, end: dt.datetime | None) -> str:
    if end is None:
        return f"{cn_datetime(start)}起"
    s, e = local(start), local(end)
    tail = f"{e.hour:02d}时{e.minute:02d}分" if s.date() == e.date() else cn_datetime(end)
    return f"{cn_datetime(start)}至{tail}"


def ordinal(n: int) -> str:
    """一, 二, … 十, 十一 … for numbered findings."""
    if 1 <= n <= 10:
        return CHINESE_ORDINALS[n - 1]
    from inspector.forms import chinese_number

    return chinese_number(n)


# --------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class SiteData:
    name: str
    kind: str
    address: str = ""
    legal_rep: str = ""
    phone: str = ""
    licence_no: str = ""
    credit_code: str = ""
    district: str = ""
    township: str = ""


@dataclass(frozen=True)
class Sources:
    """Everything a document is built from, loaded by the service in one read."""

    kind: DocumentKind
    number: str
    issued_at: dt.datetime
    settings: OfficeSettings
    site: SiteData
    inspection: InspectionFacts
    form: Form
    photos: Sequence[PhotoFacts] = ()

    @property
    def issue_day(self) -> dt.date:
        return local(self.issued_at).date()


@dataclass(frozen=True)
class FindingOverride:
    """What the person issuing a notice changed for one finding (``None``: keep the default)."""

    correction: str | None = None
    deadline_days: int | None = None


@dataclass(frozen=True)
class NoticeItem:
    """A non-compliant item as the notice states it (and the rectification will track it)."""

    code: str
    question: str
    finding: str
    serious: bool
    correction: str
    deadline_days: int
    articles: tuple[Article, ...] = field(default=())
    default_correction: str = ""
    default_deadline_days: int = 0

    def deadline(self, issued: dt.date) -> dt.date:
        return issued + dt.timedelta(days=self.deadline_days)


def notice_items(
    form: Form,
    view: InspectionFacts,
    overrides: Mapping[str, FindingOverride] | None = None,
) -> list[NoticeItem]:
    """The non-compliant visible items in checklist order with their correction and deadline."""
    overrides = overrides or {}
    states = view.states()
    items: list[NoticeItem] = []
    for item in visible_items(form, states):
        answer = view.answers.get(item.code)
        if answer is None or effective_result(item, answer.state()) is not AnswerResult.NON_COMPLIANT:
            continue
        correction = (answer.correction or "").strip() or item.correction.strip() or DEFAULT_CORRECTION
        days = answer.deadline_days if answer.deadline_days is not None else item.deadline_days
        override = overrides.get(item.code)
        default_correction, default_days = correction, days
        if override is not None:
            if override.correction is not None and override.correction.strip():
                correction = override.correction.strip()
            if override.deadline_days is not None:
                days = override.deadline_days
        items.append(
            NoticeItem(
                code=item.code,
                question=item.question,
                finding=answer.finding.strip(),
                serious=item.is_serious,
                correction=correction,
                deadline_days=days,
                articles=tuple(form.articles_for(item)),
                default_correction=default_correction,
                default_deadline_days=default_days,
            )
        )
    return items


# --------------------------------------------------------------------------------------- common


def _photo_entries(src: Sources) -> list[dict[str, Any]]:
    order = {item.code: i for i, item in enumerate(src.form.items)}
    photos = sorted(enumerate(src.photos), key=lambda p: (order.get(p[1].item_code or "", len(order)), p[0]))
    entries: list[dict[str, Any]] = []
    for no, (_, photo) in enumerate(photos, start=1):
        item = (
            src.form.item(photo.item_code) if photo.item_code and src.form.has_item(photo.item_code) else None
        )
        caption = photo.caption.strip() or (item.question if item else "") or photo.original_filename
        if photo.captured_local:
            captured = photo.captured_local + (
                f"（UTC{photo.captured_offset}）" if photo.captured_offset else ""
            )
        elif photo.captured_at is not None:
            captured = local(photo.captured_at).strftime("%Y-%m-%d %H:%M:%S")
        else:
            captured = "照片未记录拍摄时间"
        entries.append(
            {
                "no": no,
                "photo_id": str(photo.id),
                "sha256": photo.sha256,
                "sha12": photo.sha256[:12],
                "caption": caption,
                "item_code": photo.item_code or "",
                "item_question": item.question if item else "",
                "item_label": f"{item.code} {item.question}" if item else "现场整体情况",
                "captured": captured,
                "imported": local(photo.imported_at).strftime("%Y-%m-%d %H:%M"),
                "annotated": bool(photo.shapes),
            }
        )
    return entries


def common_context(src: Sources) -> dict[str, Any]:
    view = src.inspection
    photos = _photo_entries(src)
    inspectors = [{"name": i.name, "cert_no": i.cert_no or ""} for i in view.inspectors]
    site = src.site
    location = view.location_note or site.address
    return {
        "kind": src.kind.value,
        "kind_label": title_for(src.kind, src.settings),
        "title": title_for(src.kind, src.settings),
        "number": src.number,
        "unit_name": src.settings.unit_name,
        "region": src.settings.region,
        "issue_date": cn_date(src.issue_day),
        "issued_at": src.issued_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "site": {
            "name": site.name,
            "kind_label": site_kind_label(site.kind, lang="zh_CN"),
            "address": site.address,
            "legal_rep": site.legal_rep,
            "phone": site.phone,
            "licence_no": site.licence_no,
            "credit_code": site.credit_code,
            "district": site.district,
            "township": site.township,
        },
        "party": {"name": view.party_name, "title": view.party_title, "phone": view.party_phone},
        "companions": view.companions,
        "inspection": {
            "id": str(view.id),
            "kind": view.kind,
            "form_title": src.form.title,
            "form_version": src.form.version,
            "date": cn_date(local(view.started_at).date()),
            "start": cn_datetime(view.started_at),
            "end": cn_datetime(view.finished_at) if view.finished_at else "",
            "period": cn_period(view.started_at, view.finished_at),
            "location": location,
        },
        "inspectors": inspectors,
        "inspector_names": "、".join(i["name"] for i in inspectors),
        "cert_nos_text": "、".join(i["cert_no"] for i in inspectors if i["cert_no"]),
        "inspectors_text": "、".join(
            f"{i['name']}（执法证号：{i['cert_no']}）" if i["cert_no"] else i["name"] for i in inspectors
        ),
        "photos": photos,
        "photo_count": len(photos),
        "photos_note": (
            f"现场拍摄照片{len(photos)}张，见附件《证据照片》。" if photos else "现场未拍摄照片。"
        ),
    }


# --------------------------------------------------------------------------------------- kinds


def record_context(src: Sources) -> dict[str, Any]:
    view, form = src.inspection, src.form
    states = view.states()
    facts: list[dict[str, Any]] = []
    counts = {"checked": 0, "compliant": 0, "non_compliant": 0, "not_applicable": 0, "recorded": 0}
    quiet = 0  # checked items with nothing to state
    for item in visible_items(form, states):
        answer = view.answers.get(item.code)
        state = answer.state() if answer else None
        result = effective_result(item, state)
        if result is AnswerResult.UNANSWERED:
            continue
        counts["checked"] += 1
        text = ""
        if result is None:
            counts["recorded"] += 1
        else:
            counts[result.value] += 1
        if answer is not None and result is AnswerResult.NON_COMPLIANT:
            text = answer.finding.strip()
        elif answer is not None and answer.value and answer.value.strip():
            text = f"{item.question}：{answer.value.strip()}"
            if answer.finding.strip():
                text += f"。{answer.finding.strip()}"
        elif answer is not None and result is AnswerResult.COMPLIANT and answer.finding.strip():
            text = answer.finding.strip()  # the inspector's own observation, stated as written
        if text:
            facts.append({"no": len(facts) + 1, "code": item.code, "question": item.question, "text": text})
        elif result is not AnswerResult.NOT_APPLICABLE:
            quiet += 1
    if facts and quiet:
        note = f"其余{quiet}项检查内容现场未发现问题。"
    elif facts:
        note = ""
    else:
        note = f"所列{quiet}项检查内容现场未发现问题。" if quiet else "现场未检查具体项目。"
    if counts["not_applicable"]:
        note += f"另有{counts['not_applicable']}项不适用于被检查人。"
    ctx = common_context(src)
    ctx.update(
        {
            "facts": facts,
            "facts_note": note,
            "counts": counts,
            "addenda": [
                {
                    "no": i,
                    "text": a.text,
                    "reason": a.reason,
                    "item_code": a.item_code or "",
                    "created": cn_datetime(a.created_at),
                    "created_by": a.created_by,
                }
                for i, a in enumerate(view.addenda, start=1)
            ],
        }
    )
    return ctx


def article_entry(article: Article) -> dict[str, Any]:
    return {
        "citation": article.citation,
        "text": article.text.strip(),
        "verified": article.verified,
        "law": article.law,
        "note": article.note,
    }


def deadline_text(days: int, due: dt.date) -> str:
    if days <= 0:
        return "立即改正"
    return f"自本文书签发之日起{days}日内改正（{cn_date(due)}前）"


def notice_context(src: Sources, items: Sequence[NoticeItem]) -> dict[str, Any]:
    issued = src.issue_day
    findings = []
    for i, it in enumerate(items, start=1):
        due = it.deadline(issued)
        citations = (
            "、".join(
                dict.fromkeys(a.citation + ("" if a.verified else "（条号待核实）") for a in it.articles)
            )
            or "相关法律法规的规定"
        )
        findings.append(
            {
                "no": ordinal(i),
                "index": i,
                "code": it.code,
                "question": it.question,
                "finding": it.finding,
                "serious": it.serious,
                "severity_label": "严重" if it.serious else "一般",
                "legal": [article_entry(a) for a in it.articles],
                "citations": citations,
                "correction": it.correction,
                "deadline_days": it.deadline_days,
                "deadline_date": cn_date(due),
                "deadline_text": deadline_text(it.deadline_days, due),
            }
        )
    longest = max((it.deadline_days for it in items), default=0)
    ctx = common_context(src)
    ctx.update(
        {
            "findings": findings,
            "finding_count": len(findings),
            "deadline_days": longest,
            "deadline_date": cn_date(issued + dt.timedelta(days=longest)),
        }
    )
    return ctx


@dataclass(frozen=True)
class NoticeRef:
    number: str
    title: str
    issue_date: str


RESULT_LABELS = {"corrected": "已改正", "not_corrected": "未改正", "not_checked": "未复查"}


def reinspection_context(
    src: Sources, notice: NoticeRef, items: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """``items`` are the rectification's items (code, question, finding, correction, deadline); each
    is judged by this re-inspection's answer: compliant = 已改正, non-compliant = 未改正."""
    view = src.inspection
    entries = []
    for no, it in enumerate(items, start=1):
        code = str(it.get("code", ""))
        answer = view.answers.get(code)
        result = AnswerResult(answer.result) if answer else AnswerResult.UNANSWERED
        key = {AnswerResult.COMPLIANT: "corrected", AnswerResult.NON_COMPLIANT: "not_corrected"}.get(
            result, "not_checked"
        )
        deadline = str(it.get("deadline") or "")
        with contextlib.suppress(ValueError):
            deadline = cn_date(dt.date.fromisoformat(deadline)) if deadline else ""
        entries.append(
            {
                "no": no,
                "code": code,
                "question": str(it.get("question", "")),
                "finding": str(it.get("finding", "")),
                "correction": str(it.get("correction", "")),
                "deadline_date": deadline,
                "observation": answer.finding.strip() if answer else "",
                "result": key,
                "result_label": RESULT_LABELS[key],
                "corrected": key == "corrected",
            }
        )
    corrected = sum(1 for e in entries if e["result"] == "corrected")
    not_corrected = sum(1 for e in entries if e["result"] == "not_corrected")
    unchecked = len(entries) - corrected - not_corrected
    if entries and corrected == len(entries):
        conclusion = f"经复查，{notice.title}（{notice.number}）所列{len(entries)}项问题已全部改正。"
    else:
        parts = []
        if not_corrected:
            parts.append(f"{not_corrected}项问题未改正")
        if unchecked:
            parts.append(f"{unchecked}项未复查")
        conclusion = (
            f"经复查，{notice.title}（{notice.number}）所列{len(entries)}项问题中，"
            f"{corrected}项已改正，{'，'.join(parts)}。"
        )
        if not_corrected:
            conclusion += "对未改正的问题，本机关将依法立案查处。"
    ctx = common_context(src)
    ctx.update(
        {
            "notice": {"number": notice.number, "title": notice.title, "issue_date": notice.issue_date},
            "items": entries,
            "corrected_count": corrected,
            "not_corrected_count": not_corrected,
            "unchecked_count": unchecked,
            "all_corrected": bool(entries) and corrected == len(entries),
            "conclusion": conclusion,
        }
    )
    return ctx


def build_context(
    src: Sources,
    *,
    items: Sequence[NoticeItem] = (),
    notice: NoticeRef | None = None,
    rectification_items: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    if src.kind is DocumentKind.RECORD:
        return record_context(src)
    if src.kind is DocumentKind.NOTICE:
        return notice_context(src, items)
    assert notice is not None
    return reinspection_context(src, notice, rectification_items)
