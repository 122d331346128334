"""The office's own settings: who issues the documents, how they are numbered, and the defaults.

Plain data, shared by every desk of an office through the database (see
:mod:`inspector.services.settings`, which loads and checks it); it sits here because documents,
numbering and the interface all read it.

Number patterns are kept per document kind (``number_patterns``, keyed by the kind's value): a kind
the office has not set uses the domain's default (:data:`~inspector.domain.documents.
DEFAULT_NUMBER_PATTERNS`), so a new kind needs no new setting.

A 卫生监督意见书 states the party's right to 行政复议 (60 days, 行政复议法 2023 第二十条) and to
行政诉讼 (6 months, 行政诉讼法 第四十六条), naming the body that hears each: ``review_body`` and
``court``. ``state_remedies`` switches the statement on (the office's choice); ``notice_photos``
puts the photo annex on the notice too (by default photos are the 笔录's evidence annex only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from inspector.domain.documents import DocumentKind, default_number_pattern


@dataclass(frozen=True)
class OfficeSettings:
    unit_name: str = "某某县卫生健康局"
    region: str = "某"
    notice_title: str = "卫生监督意见书"
    number_patterns: Mapping[str, str] = field(default_factory=dict)
    default_deadline_days: int = 15
    # 执法证号 formats differ by province; the default accepts the common ones and can be tightened.
    cert_no_pattern: str = r"^[0-9A-Za-z\u4e00-\u9fff()（）〔〕\[\]\-]{6,32}$"
    language: str = "zh_CN"
    review_body: str = ""  # 行政复议机关, e.g. 某某县人民政府
    court: str = ""  # 人民法院, e.g. 某某县人民法院
    state_remedies: bool = True
    notice_photos: bool = False

    # Who receives a transferred case (案件移送书): the police for suspected crimes, the drug regulator
    # for drug sales. Named by the office; a transfer is refused while its body is empty.
    police_body: str = "某某县公安局"
    drug_body: str = "某某县市场监督管理局"

    def pattern(self, kind: DocumentKind | str) -> str:
        """The number pattern of ``kind``: the office's own, else the default."""
        own = self.number_patterns.get(DocumentKind(kind).value, "").strip()
        return own or default_number_pattern(kind)
