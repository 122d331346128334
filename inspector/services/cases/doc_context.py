"""The render contexts of the case documents, built from a case's view: plain JSON in the shape of
:mod:`inspector.documents.case_schema`, stored with each issued document so that it regenerates.

Documents are legal records and always Chinese, whatever the interface's language: the words here
are the documents' own, not translations. Facts are narrative (the case's cause and summary as the
officers wrote them, the items as listed, the questions and answers as recorded); articles are quoted
verbatim from the verified catalogue (:func:`articles`, which refuses one that may not be cited).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from inspector.documents.context import cn_date, cn_datetime, cn_period
from inspector.documents.kinds import spec
from inspector.domain import DocumentKind, KeptDecision, PartyKind, TransferTarget
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.domain.office import OfficeSettings
from inspector.errors import UserError
from inspector.forms import LegalCatalogue, unverified_message
from inspector.i18n import tr
from inspector.services.cases.views import CaseView, InterviewView, KeptItemView

TITLES = {kind: spec(kind).title for kind in CASE_DOCUMENT_KINDS}
SOURCES = {"inspection": "监督检查中发现", "report": "群众投诉举报", "transfer_in": "其他机关移送"}
DECISIONS = {
    KeptDecision.RETURN.value: "解除先行登记保存，予以返还",
    KeptDecision.TRANSFER.value: "随案移送",
    KeptDecision.CONFISCATE.value: "依法予以没收",
}
TARGETS = {TransferTarget.POLICE.value: "公安机关", TransferTarget.DRUG.value: "药品监督管理部门"}
# What each document rests on (refs of the legal catalogue).
BASIS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.CASE_REPORT: ("行政处罚法-54.2",),
    DocumentKind.PRESERVATION: ("行政处罚法-56",),
    DocumentKind.KEPT_DECISION: ("行政处罚法-56",),
    DocumentKind.INTERVIEW: ("行政处罚法-55.2",),
}
# The crime a transfer to the police names when no finding names its paragraph.
CRIME_FALLBACK = "刑法-336"
TRANSFER_BASIS: dict[str, tuple[str, ...]] = {
    TransferTarget.POLICE.value: ("行政处罚法-27.1",),
    TransferTarget.DRUG.value: ("药品管理法-8.2",),
}


def articles(catalogue: LegalCatalogue, refs: Sequence[str]) -> list[dict[str, Any]]:
    """The articles ``refs`` as a document prints them; refused unless each may be cited."""
    out = []
    for ref in refs:
        if ref not in catalogue:
            raise UserError(unverified_message_missing(ref))
        article = catalogue.get(ref)
        if not article.citable:
            raise UserError(unverified_message(article))
        out.append(
            {
                "citation": article.citation,
                "text": article.text.strip(),
                "verified": True,
                "law": article.law,
                "note": article.note,
            }
        )
    return out


def unverified_message_missing(ref: str) -> str:
    return tr("The legal catalogue has no article {ref}; a document cannot cite it.", ref=ref)


def _party(case: CaseView) -> dict[str, Any]:
    p = case.party
    person = p.kind == PartyKind.PERSON.value
    return {
        "kind_label": "个人" if person else "单位",
        "name": p.name,
        "ident_label": "身份证号" if person else "统一社会信用代码",
        "ident": p.id_number if person else p.credit_code,
        "id_number": p.id_number,
        "credit_code": p.credit_code,
        "legal_rep": p.legal_rep,
        "address": p.address,
        "phone": p.phone,
    }


def common(
    kind: DocumentKind,
    case: CaseView,
    settings: OfficeSettings,
    *,
    number: str,
    issued_at: dt.datetime,
    basis: list[dict[str, Any]],
) -> dict[str, Any]:
    """What every case document prints: the issuing body, the number, the party, the case, the
    officers and the articles it rests on."""
    place = " ".join(dict.fromkeys(x for x in (case.district, case.township) if x))
    return {
        "kind": kind.value,
        "kind_label": TITLES[kind],
        "title": TITLES[kind],
        "number": number,
        "unit_name": settings.unit_name,
        "region": settings.region,
        "issue_date": cn_date(issued_at.astimezone().date()),
        "issued_at": issued_at.isoformat(),
        "party": _party(case),
        "case": {
            "cause": case.cause,
            "source_label": SOURCES.get(case.source, case.source),
            "discovered": cn_datetime(case.discovered_at),
            "place": place,
            "summary": case.summary,
            "opinion": case.opinion,
        },
        "officers": [{"name": o.name, "cert_no": o.cert_no} for o in case.officers],
        "officer_names": "、".join(o.name for o in case.officers),
        "cert_nos_text": "、".join(o.cert_no for o in case.officers),
        "basis": basis,
        "basis_citations": "、".join(a["citation"] for a in basis),
        "replaces": "",
    }


def case_report(case: CaseView, base: dict[str, Any]) -> dict[str, Any]:
    assert case.approved_at is not None
    days = (case.approved_at.astimezone().date() - case.discovered_at.astimezone().date()).days
    late = f"本案于发现后第{days}日立案，超过七日。" if case.open_late else ""
    return {
        **base,
        "inspections_text": "、".join(cn_date(i.started_at.astimezone().date()) for i in case.inspections),
        "proposed_date": cn_date(case.proposed_at.astimezone().date()),
        "proposed_by": case.proposed_by_name,
        "approval_note": case.approval_note,
        "approved_by": case.approved_by_name,
        "approved_date": cn_date(case.approved_at.astimezone().date()),
        "late_note": late,
    }


def _item(no: int, item: KeptItemView, photos: dict[str, str]) -> dict[str, Any]:
    shots = [photos.get(str(p), str(p)[:8]) for p in item.photo_ids]
    return {
        "no": no,
        "name": item.name,
        "brand": item.brand,
        "model": item.model,
        "serial_no": item.serial_no,
        "quantity": item.quantity,
        "unit": item.unit,
        "quantity_text": f"{item.quantity}{item.unit}",
        "condition": item.condition,
        "storage_place": item.storage_place,
        "photos_text": f"照片{len(shots)}张：{'；'.join(shots)}" if shots else "未拍照",
        "decision_label": DECISIONS.get(item.decision or "", ""),
    }


def preservation(
    base: dict[str, Any], items: Sequence[KeptItemView], photos: dict[str, str]
) -> dict[str, Any]:
    kept = min(i.kept_at for i in items)
    return {
        **base,
        "kept_date": cn_date(kept.astimezone().date()),
        "due_date": cn_date(min(i.due for i in items)),
        "items": [_item(n, i, photos) for n, i in enumerate(items, start=1)],
        "item_count": len(items),
    }


def kept_decision(
    base: dict[str, Any], items: Sequence[KeptItemView], photos: dict[str, str], numbers: Sequence[str]
) -> dict[str, Any]:
    data = preservation(base, items, photos)
    data.pop("due_date")
    return {**data, "preservation_numbers": "、".join(dict.fromkeys(numbers))}


def interview(base: dict[str, Any], talk: InterviewView) -> dict[str, Any]:
    officers = talk.officers
    return {
        **base,
        "officers": [{"name": o.name, "cert_no": o.cert_no} for o in officers],
        "officer_names": "、".join(o.name for o in officers),
        "cert_nos_text": "、".join(o.cert_no for o in officers),
        "interview": {
            "id": str(talk.id),
            "period": cn_period(talk.started_at, talk.ended_at),
            "place": talk.place,
            "recorder": officers[-1].name if officers else "",
            "person": {
                "name": talk.person_name,
                "sex": talk.person_sex,
                "id_number": talk.person_id_number,
                "phone": talk.person_phone,
                "address": talk.person_address,
                "work": talk.person_work,
                "relation": talk.relation,
            },
        },
        "pairs": [
            {"no": n, "question": p.question.strip(), "answer": p.answer.strip()}
            for n, p in enumerate((p for p in talk.pairs if p.question.strip()), start=1)
        ],
    }


def transfer(
    case: CaseView, base: dict[str, Any], materials: list[dict[str, Any]], crimes: list[dict[str, Any]]
) -> dict[str, Any]:
    """``crimes``: for the police, the articles of the suspected crime (刑法 第三百三十六条), quoted apart
    from the basis of the transfer itself."""
    assert case.transferred_at is not None and case.transfer_to is not None
    return {
        **base,
        "crimes": crimes,
        "crime_citations": "、".join(a["citation"] for a in crimes),
        "transfer": {
            "body": case.transfer_body,
            "target_label": TARGETS.get(case.transfer_to, case.transfer_to),
            "reason": case.transfer_reason,
            "date": cn_date(case.transferred_at.astimezone().date()),
        },
        "materials": materials,
        "material_count": len(materials),
    }
