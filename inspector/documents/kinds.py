"""What the documents layer knows about each document kind: its printed title and its template.

One entry per kind (the domain's :class:`~inspector.domain.DocumentKind` names it, and holds its
default number pattern); the template, the schema of its fields (:mod:`inspector.documents.schema`)
and its context builder follow from the kind. A kind added later (the case documents) is one entry
here, one in the schema and one builder.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.domain import DocumentKind
from inspector.domain.office import OfficeSettings


@dataclass(frozen=True)
class KindSpec:
    """``title``: printed on the document (the notice's comes from the office settings);
    ``template``: the built-in template's file name, also the name of an office's copy;
    ``signed_each_page``: the party signs every page (a 笔录), so its template's footer carries the
    signature line."""

    title: str
    template: str
    signed_each_page: bool = False


KINDS: dict[DocumentKind, KindSpec] = {
    DocumentKind.RECORD: KindSpec("现场检查笔录", "record.docx", signed_each_page=True),
    DocumentKind.NOTICE: KindSpec("卫生监督意见书", "notice.docx"),
    DocumentKind.REINSPECTION: KindSpec("复查意见书", "reinspection.docx"),
    DocumentKind.SUPPLEMENT: KindSpec("补充笔录", "supplement.docx", signed_each_page=True),
    # The case documents (立案查处): their fields in :mod:`inspector.documents.case_schema`.
    DocumentKind.CASE_REPORT: KindSpec("立案报告", "case_report.docx"),
    DocumentKind.PRESERVATION: KindSpec("证据先行登记保存决定书", "preservation.docx"),
    DocumentKind.KEPT_DECISION: KindSpec("先行登记保存物品处理决定书", "kept_decision.docx"),
    DocumentKind.INTERVIEW: KindSpec("询问笔录", "interview.docx", signed_each_page=True),
    DocumentKind.TRANSFER: KindSpec("案件移送书", "transfer.docx"),
}


def spec(kind: DocumentKind | str) -> KindSpec:
    return KINDS[DocumentKind(kind)]


def title_for(kind: DocumentKind | str, settings: OfficeSettings | None = None) -> str:
    """The printed title: the office's notice title for a notice, the kind's own title otherwise."""
    kind = DocumentKind(kind)
    if kind is DocumentKind.NOTICE and settings is not None and settings.notice_title.strip():
        return settings.notice_title.strip()
    return KINDS[kind].title
