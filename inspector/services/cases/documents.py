"""Issuing a case's documents: 立案报告, 证据先行登记保存决定书, 先行登记保存处理决定书, 询问笔录, 案件移送书.

Like the inspection's documents (:mod:`inspector.services.documents.issuing`), issuing is one
transaction: the number is allocated from the kind's own pattern, the office's template rendered in
the sandbox, the file written (sealed in an encrypted directory), the row stored with the context and
the template's hash; anything failing rolls back, so no number is consumed and no row points at a
missing file. A case document names its case, and its inspection is the case's first. Each records
something done, and is refused until it is:

- 立案报告 once the case is approved (it records the approval and its date), one per case;
- 证据先行登记保存决定书 for the kept items no issued one lists yet (named); they are then fixed;
- 先行登记保存处理决定书 for the listed items decided since the last one;
- 询问笔录 for one interview (the person named, with a valid 身份证号, every question answered);
  the interview is then fixed;
- 案件移送书 once the case is transferred, one per case, listing the evidence handed over.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import NO_CAPTURE_TIME, captured_text
from inspector.domain import CaseStatus, DocumentKind, KeptDecision, TransferTarget
from inspector.domain.documents import CASE_DOCUMENT_KINDS
from inspector.errors import NotFoundError, UserError
from inspector.forms import load_registry, summarize
from inspector.i18n import tr
from inspector.services import inspections
from inspector.services import settings as settings_service
from inspector.services.cases import doc_context, interviews
from inspector.services.cases.views import CaseView, KeptItemView
from inspector.services.documents.views import DocumentView, load_view
from inspector.services.photo_views import view as photo_view
from inspector.storage.case_models import CaseDocument, CaseInspection
from inspector.storage.models import Document, Photo

ONE_PER_CASE = (DocumentKind.CASE_REPORT, DocumentKind.TRANSFER)


def case_kind(value: DocumentKind | str) -> DocumentKind:
    kind = DocumentKind(value)
    if kind not in CASE_DOCUMENT_KINDS:
        raise UserError(tr("{kind} is not a case document.", kind=str(value)))
    return kind


def case_documents(session: Session, config: Config, case_id: uuid.UUID) -> list[DocumentView]:
    """The case's own documents and those of its inspections (the 笔录, the notices), by issue."""
    inspections = select(CaseInspection.inspection_id).where(CaseInspection.case_id == case_id)
    own = select(CaseDocument.document_id).where(CaseDocument.case_id == case_id)
    q = (
        select(Document)
        .where(or_(Document.id.in_(own), Document.inspection_id.in_(inspections)))
        .order_by(Document.issued_at, Document.number)
    )
    return [load_view(session, config, d) for d in session.execute(q).scalars()]


def case_of_document(session: Session, document_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID | None] | None:
    """The case a document was issued for and, for a 询问笔录, its interview; ``None`` for a document
    that is not a case's."""
    link = session.get(CaseDocument, document_id)
    if link is None:
        return None
    doc = session.get(Document, document_id)
    talk = ((doc.context if doc is not None else None) or {}).get("interview", {}).get("id")
    return link.case_id, uuid.UUID(talk) if talk else None


def _issued(session: Session, case_id: uuid.UUID, kind: DocumentKind) -> list[Document]:
    q = (
        select(Document)
        .join(CaseDocument, CaseDocument.document_id == Document.id)
        .where(CaseDocument.case_id == case_id, Document.kind == kind.value, Document.voided_at.is_(None))
    )
    return list(session.execute(q.order_by(Document.issued_at)).scalars())


def preservation_items(case: CaseView) -> list[KeptItemView]:
    return [i for i in case.items if not i.listed]


def decision_items(case: CaseView) -> list[KeptItemView]:
    return [i for i in case.items if i.listed and i.decision is not None and i.decision_document_id is None]


def _interview(case: CaseView, interview_id: uuid.UUID | None) -> Any:
    talk = next((t for t in case.interviews if t.id == interview_id), None)
    if talk is None:
        raise NotFoundError(tr("Name the interview whose 询问笔录 to issue (its id)."))
    return talk


def refusal(
    session: Session, case: CaseView, kind: DocumentKind, interview_id: uuid.UUID | None = None
) -> str | None:
    """Why the document of ``kind`` cannot be issued for ``case`` now (``None``: it can)."""
    if kind in ONE_PER_CASE and _issued(session, case.id, kind):
        return tr(
            "This case's {title} was issued already; write it again instead.", title=doc_context.TITLES[kind]
        )
    if not case.inspections:
        return tr("The case has no inspection yet; its documents name the inspection its facts come from.")
    if kind is DocumentKind.CASE_REPORT and case.approved_at is None:
        return tr("The 立案报告 records the approval: a supervisor approves the case (立案) first.")
    if kind is DocumentKind.TRANSFER and case.status not in (
        CaseStatus.TRANSFERRED.value,
        CaseStatus.CLOSED.value,
    ):
        return tr("The 案件移送书 records the transfer: a supervisor transfers the case (移送) first.")
    if kind is DocumentKind.TRANSFER and case.transfer_to is None:
        return tr("The case was not transferred.")
    if kind is DocumentKind.PRESERVATION:
        items = preservation_items(case)
        if not items:
            return tr(
                "Every kept item is listed in an issued 证据先行登记保存决定书 already; keep an item first."
            )
        if any(not i.name.strip() for i in items):
            return tr("Name every kept item before issuing the 证据先行登记保存决定书.")
    if kind is DocumentKind.KEPT_DECISION and not decision_items(case):
        return tr(
            "No kept item listed in an issued 证据先行登记保存决定书 has a decision not yet issued; "
            "decide on the items first."
        )
    if kind is DocumentKind.INTERVIEW:
        talk = _interview(case, interview_id)
        if talk.issued:
            return tr("This interview's 询问笔录 was issued already.")
        problems = interviews.issue_problems(talk)
        if problems:
            return problems[0]
    return None


def existing(
    session: Session,
    config: Config,
    case: CaseView,
    kind: DocumentKind,
    interview_id: uuid.UUID | None = None,
) -> DocumentView | None:
    """The latest document of ``kind`` already issued for the case (for ``interview``: that interview's)."""
    if kind is DocumentKind.INTERVIEW:
        talk = _interview(case, interview_id)
        doc = session.get(Document, talk.document_id) if talk.document_id else None
        return load_view(session, config, doc) if doc is not None else None
    found = _issued(session, case.id, kind)
    return load_view(session, config, found[-1]) if found else None


def _photo_names(session: Session, items: Sequence[KeptItemView]) -> dict[str, str]:
    """Each kept item's photos as the document names them: when taken and the SHA-256 that fixes the
    file (not the file's name, which is whatever the camera or the inspector called it)."""
    wanted = {p for i in items for p in i.photo_ids}
    if not wanted:
        return {}
    rows = session.execute(select(Photo).where(Photo.id.in_(wanted))).scalars()
    return {str(photo.id): _photo_ref(photo) for photo in rows}


def _photo_ref(photo: Photo) -> str:
    taken = captured_text(photo_view(photo))
    when = "未记录拍摄时间" if taken == NO_CAPTURE_TIME else f"{taken}拍摄"
    return f"{when}（SHA-256 {photo.sha256[:12]}）"


def _materials(session: Session, config: Config, case: CaseView) -> list[dict[str, Any]]:
    """What is handed over with the case: its documents with their numbers, the items transferred
    with it, the photos."""
    out: list[dict[str, Any]] = []
    for doc in case_documents(session, config, case.id):
        if doc.kind != DocumentKind.TRANSFER.value:
            out.append({"name": doc.title, "ref": doc.number, "count": "1份"})
    for item in case.items:
        if item.decision == KeptDecision.TRANSFER.value:
            ref = " ".join(x for x in (item.brand, item.model, item.serial_no) if x)
            out.append({"name": item.name, "ref": ref, "count": f"{item.quantity}{item.unit}"})
    ids = [i.id for i in case.inspections]
    shots = list(
        session.execute(select(Photo.sha256).where(Photo.inspection_id.in_(ids), Photo.deleted_at.is_(None)))
    )
    if shots:
        ref = "SHA-256（前12位）：" + "、".join(sha[:12] for (sha,) in shots)
        out.append({"name": "现场检查照片（电子文件）", "ref": ref, "count": f"{len(shots)}张"})
    return [{"no": n, **m} for n, m in enumerate(out, start=1)]


def crime_refs(session: Session, case: CaseView) -> list[str]:
    """The crimes the case's findings point at (刑法 第三百三十六条 第一款 or 第二款), in checklist order;
    the whole article when no finding names one (the transfer to the police still rests on it)."""
    refs: list[str] = []
    for ref in case.inspections:
        form = inspections.form_of(session, ref.id)
        summary = summarize(form, inspections.get_inspection(session, ref.id).states())
        refs += [r for f in summary.findings for r in f.item.crime]
    return list(dict.fromkeys(refs)) or [doc_context.CRIME_FALLBACK]


def build_context(
    session: Session,
    config: Config,
    case: CaseView,
    kind: DocumentKind,
    *,
    number: str,
    issued_at: dt.datetime,
    interview_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The context of the document of ``kind`` for ``case`` (checked against the verified law)."""
    settings = settings_service.load(session)
    catalogue = load_registry(config.forms_dir).catalogue
    refs = doc_context.BASIS.get(kind) or doc_context.TRANSFER_BASIS.get(case.transfer_to or "", ())
    base = doc_context.common(
        kind, case, settings, number=number, issued_at=issued_at, basis=doc_context.articles(catalogue, refs)
    )
    if kind is DocumentKind.CASE_REPORT:
        return doc_context.case_report(case, base)
    if kind is DocumentKind.PRESERVATION:
        items = preservation_items(case)
        return doc_context.preservation(base, items, _photo_names(session, items))
    if kind is DocumentKind.KEPT_DECISION:
        items = decision_items(case)
        listed = {i.preservation_document_id for i in items}
        numbers = [
            d.number or "" for d in _issued(session, case.id, DocumentKind.PRESERVATION) if d.id in listed
        ]
        return doc_context.kept_decision(base, items, _photo_names(session, items), numbers)
    if kind is DocumentKind.INTERVIEW:
        return doc_context.interview(base, _interview(case, interview_id))
    crimes: list[dict[str, Any]] = []
    if case.transfer_to == TransferTarget.POLICE.value:
        crimes = doc_context.articles(catalogue, crime_refs(session, case))
    return doc_context.transfer(case, base, _materials(session, config, case), crimes)


def no_pictures(entry: Mapping[str, Any]) -> bytes:
    """The image source of a case document: it embeds none (photos are listed by file and hash)."""
    raise UserError(tr("A case document shows no picture; its template asks for one."))
