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

from inspector.i18n import tr


class DocumentKind(StrEnum):
    RECORD = "record"  # 现场检查笔录
    NOTICE = "notice"  # 卫生监督意见书 / 整改通知书
    REINSPECTION = "reinspection"  # 复查意见书
    SUPPLEMENT = "supplement"  # 补充笔录: what an addendum adds after the 笔录 was issued


# {region} the office's region abbreviation, {year} the calendar year, {seq} the counter.
DEFAULT_NUMBER_PATTERNS: dict[str, str] = {
    DocumentKind.RECORD.value: "{region}卫监录〔{year}〕{seq:03d}号",
    DocumentKind.NOTICE.value: "{region}卫监意〔{year}〕{seq:03d}号",
    DocumentKind.REINSPECTION.value: "{region}卫监复〔{year}〕{seq:03d}号",
    DocumentKind.SUPPLEMENT.value: "{region}卫监补录〔{year}〕{seq:03d}号",
}


def default_number_pattern(kind: DocumentKind | str) -> str:
    """The pattern a kind uses until the office sets its own."""
    return DEFAULT_NUMBER_PATTERNS[DocumentKind(kind).value]


def document_kind_label(kind: DocumentKind | str) -> str:
    labels = {
        DocumentKind.RECORD.value: tr("On-site record"),
        DocumentKind.NOTICE.value: tr("Rectification notice"),
        DocumentKind.REINSPECTION.value: tr("Re-inspection opinion"),
        DocumentKind.SUPPLEMENT.value: tr("Supplementary record"),
    }
    return labels.get(str(kind), str(kind))
