"""The office's own settings: who issues the documents, how they are numbered, and the defaults.

Plain data, shared by every desk of an office through the database (see
:mod:`inspector.services.settings`, which loads and checks it); it sits here because documents,
numbering and the interface all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfficeSettings:
    unit_name: str = "某某县卫生健康局"
    region: str = "某"
    notice_title: str = "卫生监督意见书"
    record_pattern: str = "{region}卫监录〔{year}〕{seq:03d}号"
    notice_pattern: str = "{region}卫监意〔{year}〕{seq:03d}号"
    reinspection_pattern: str = "{region}卫监复〔{year}〕{seq:03d}号"
    default_deadline_days: int = 15
    # 执法证号 formats differ by province; the default accepts the common ones and can be tightened.
    cert_no_pattern: str = r"^[0-9A-Za-z\u4e00-\u9fff()（）〔〕\[\]\-]{6,32}$"
    language: str = "zh_CN"
