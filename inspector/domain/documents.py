"""The kinds of enforcement document the office issues, how the interface names them, and the
default number pattern of each.

The title printed on a document is the documents layer's business (always Chinese, and the notice's
title is an office setting); this is the name a list or a menu shows. Each kind has its own number
series by default (卫生行政执法文书规范 第4条: 文号 = 地区简称 + 卫 + 类别 + 性质 + 〔年份〕 + 序号); an
office changes any of them in its settings. A new kind (the case documents: 立案报告, 询问笔录, …) is
one member here, one default pattern and one label.
"""

from __future__ import annotations

from enum import StrEnum

from inspector.domain.labels import labeller
from inspector.i18n import tr


class DocumentKind(StrEnum):
    RECORD = "record"  # 现场检查笔录
    NOTICE = "notice"  # 卫生监督意见书 / 整改通知书
    REINSPECTION = "reinspection"  # 复查意见书
    SUPPLEMENT = "supplement"  # 补充笔录: what an addendum adds after the 笔录 was issued
    # The case documents (立案查处), issued from a case rather than from an inspection.
    CASE_REPORT = "case_report"  # 立案报告（立案审批表）
    PRESERVATION = "preservation"  # 证据先行登记保存决定书 with its 物品清单
    KEPT_DECISION = "kept_decision"  # 先行登记保存物品处理决定书
    INTERVIEW = "interview"  # 询问笔录
    TRANSFER = "transfer"  # 案件移送书


CASE_DOCUMENT_KINDS = (
    DocumentKind.CASE_REPORT,
    DocumentKind.PRESERVATION,
    DocumentKind.KEPT_DECISION,
    DocumentKind.INTERVIEW,
    DocumentKind.TRANSFER,
)

# {region} the office's region abbreviation, {year} the calendar year, {seq} the counter. The case
# documents have their own 执法性质 word after 卫 (立, 保, 保处, 询, 移).
DEFAULT_NUMBER_PATTERNS: dict[str, str] = {
    DocumentKind.RECORD.value: "{region}卫监录〔{year}〕{seq:03d}号",
    DocumentKind.NOTICE.value: "{region}卫监意〔{year}〕{seq:03d}号",
    DocumentKind.REINSPECTION.value: "{region}卫监复〔{year}〕{seq:03d}号",
    DocumentKind.SUPPLEMENT.value: "{region}卫监补录〔{year}〕{seq:03d}号",
    DocumentKind.CASE_REPORT.value: "{region}卫立〔{year}〕{seq:03d}号",
    DocumentKind.PRESERVATION.value: "{region}卫保〔{year}〕{seq:03d}号",
    DocumentKind.KEPT_DECISION.value: "{region}卫保处〔{year}〕{seq:03d}号",
    DocumentKind.INTERVIEW.value: "{region}卫询〔{year}〕{seq:03d}号",
    DocumentKind.TRANSFER.value: "{region}卫移〔{year}〕{seq:03d}号",
}


def default_number_pattern(kind: DocumentKind | str) -> str:
    """The pattern a kind uses until the office sets its own."""
    return DEFAULT_NUMBER_PATTERNS[DocumentKind(kind).value]


document_kind_label = labeller(
    lambda: {
        DocumentKind.RECORD.value: tr("On-site record"),
        DocumentKind.NOTICE.value: tr("Rectification notice"),
        DocumentKind.REINSPECTION.value: tr("Re-inspection opinion"),
        DocumentKind.SUPPLEMENT.value: tr("Supplementary record"),
        DocumentKind.CASE_REPORT.value: tr("Case report (立案报告)"),
        DocumentKind.PRESERVATION.value: tr("Evidence preservation decision (证据先行登记保存决定书)"),
        DocumentKind.KEPT_DECISION.value: tr("Decision on kept evidence (先行登记保存处理决定书)"),
        DocumentKind.INTERVIEW.value: tr("Interview record (询问笔录)"),
        DocumentKind.TRANSFER.value: tr("Case transfer letter (案件移送书)"),
    }
)
