"""The render context every document kind shares, built from an inspection's data as plain JSON.

Why plain JSON: the context is stored with the issued document (``Document.context``) and is all a
regeneration needs besides the archived template and the photo store, so the same bytes come out
years later whatever happened to the site's address or the checklist files meanwhile. Dates and
times are written out here, in Chinese, in the laptop's local zone, once.

What every document carries (卫生行政执法文书规范; ``shared/domain/README.md`` section 4): the issuing
body as on its seal, the number, and the party block — 名称, 统一社会信用代码 (or, for a person,
身份证号), 许可证号 where there is one, 地址, 法定代表人/负责人, 电话 (:func:`party_block`). The
kinds add their own parts: :mod:`~inspector.documents.record` (现场检查笔录, 补充笔录),
:mod:`~inspector.documents.notice` (卫生监督意见书), :mod:`~inspector.documents.reinspection`
(复查意见书). A case document kind adds its builder the same way and reuses these parts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from inspector.documents.inputs import InspectionFacts, PhotoFacts
from inspector.documents.kinds import title_for
from inspector.domain import DocumentKind, SiteKind, site_kind_label
from inspector.domain.office import OfficeSettings
from inspector.forms import Form, LegalCatalogue, chinese_number

CHINESE_ORDINALS = "一二三四五六七八九十"
# A site kind whose operator is a person, not a unit: the party block names the 身份证号.
PERSON_KINDS = frozenset({SiteKind.UNLICENSED.value})


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
    """一, 二, … 十, 十一 … for numbered paragraphs."""
    if 1 <= n <= 10:
        return CHINESE_ORDINALS[n - 1]
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
    """Everything a document is built from, loaded by the service in one read. ``catalogue`` is the
    legal catalogue in force now (an office's confirmations count, see
    :func:`inspector.forms.cited_article`)."""

    kind: DocumentKind
    number: str
    issued_at: dt.datetime
    settings: OfficeSettings
    site: SiteData
    inspection: InspectionFacts
    form: Form
    photos: Sequence[PhotoFacts] = ()
    catalogue: LegalCatalogue | None = None
    people: Mapping[uuid.UUID, str] | None = None  # names of those who took the photos in

    @property
    def issue_day(self) -> dt.date:
        return local(self.issued_at).date()


# --------------------------------------------------------------------------------------- common


def party_block(src: Sources) -> dict[str, Any]:
    """The party as every document names it. A site run by a person (an unlicensed clinic) is named
    with the 身份证号 of the person in charge; a unit with its 统一社会信用代码."""
    site, view = src.site, src.inspection
    person = site.kind in PERSON_KINDS
    return {
        "name": site.name,
        "is_person": person,
        "id_label": "身份证号" if person else "统一社会信用代码",
        "id_no": (view.party_id_no if person else site.credit_code) or "",
        "licence_no": "" if person else site.licence_no,
        "address": site.address,
        "head_label": "负责人" if person else "法定代表人（负责人）",
        "head": (view.party_name or site.legal_rep) if person else (site.legal_rep or view.party_name),
        "phone": site.phone or view.party_phone,
    }


NO_CAPTURE_TIME = "照片未记录拍摄时间"


def captured_text(photo: PhotoFacts) -> str:
    """When a photo was taken, as every document states it: the camera's own wall-clock text with its
    offset when known, else the recorded instant in local time."""
    if photo.captured_local:
        return photo.captured_local + (f"（UTC{photo.captured_offset}）" if photo.captured_offset else "")
    if photo.captured_at is not None:
        return local(photo.captured_at).strftime("%Y-%m-%d %H:%M:%S")
    return NO_CAPTURE_TIME


def photo_entries(src: Sources) -> list[dict[str, Any]]:
    """The evidence photos in checklist order, each captioned with the item's short name (never its
    question or code), the person who took it in and when it was taken."""
    order = {item.code: i for i, item in enumerate(src.form.items)}
    photos = sorted(enumerate(src.photos), key=lambda p: (order.get(p[1].item_code or "", len(order)), p[0]))
    entries: list[dict[str, Any]] = []
    for no, (_, photo) in enumerate(photos, start=1):
        code = photo.item_code or ""
        item = src.form.item(code) if code and src.form.has_item(code) else None
        subject = item.caption if item else "现场整体情况"
        entries.append(
            {
                "no": no,
                "photo_id": str(photo.id),
                "sha256": photo.sha256,
                "sha12": photo.sha256[:12],
                "caption": "" if photo.caption.strip() == subject else photo.caption.strip(),
                "subject": subject,
                "taken_by": (src.people or {}).get(photo.imported_by, "") if photo.imported_by else "",
                "captured": captured_text(photo),
                "imported": local(photo.imported_at).strftime("%Y-%m-%d %H:%M"),
                "annotated": bool(photo.shapes),
            }
        )
    return entries


def common_context(src: Sources, *, photos: bool = True) -> dict[str, Any]:
    """The parts every kind shows; ``photos=False`` leaves the photo annex empty (a notice shows
    photos only when the office asks for it)."""
    view = src.inspection
    entries = photo_entries(src) if photos else []
    inspectors = [{"name": i.name, "cert_no": i.cert_no or ""} for i in view.inspectors]
    site = src.site
    return {
        "kind": src.kind.value,
        "kind_label": title_for(src.kind, src.settings),
        "title": title_for(src.kind, src.settings),
        "number": src.number,
        "unit_name": src.settings.unit_name,
        "region": src.settings.region,
        "issue_date": cn_date(src.issue_day),
        "issued_at": src.issued_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "party": party_block(src),
        "site": {
            "name": site.name,
            "kind_label": site_kind_label(site.kind, lang="zh_CN"),
            "address": site.address,
            "district": site.district,
            "township": site.township,
        },
        "inspection": {
            "id": str(view.id),
            "kind": view.kind,
            "date": cn_date(local(view.started_at).date()),
            "start": cn_datetime(view.started_at),
            "end": cn_datetime(view.finished_at) if view.finished_at else "",
            "period": cn_period(view.started_at, view.finished_at),
            "location": view.location_note or site.address,
        },
        "inspectors": inspectors,
        "inspector_names": "、".join(i["name"] for i in inspectors),
        "inspectors_text": "、".join(
            f"{i['name']}（执法证号：{i['cert_no']}）" if i["cert_no"] else i["name"] for i in inspectors
        ),
        "photos": entries,
        "photo_count": len(entries),
        "replaces": "",  # a correction: which voided document it replaces (set when issuing it)
    }
