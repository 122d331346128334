"""Building a document's render context and its file name from the records (no numbering, no writing).

Issuing, previews and benchmarks all build through :func:`build`, so a preview shows exactly what
issuing would store. The context is plain JSON; it is stored with the issued document so that
:mod:`~inspector.services.documents.evidence` can render it again years later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.context import (
    FindingOverride,
    NoticeItem,
    NoticeRef,
    SiteData,
    Sources,
    build_context,
    cn_date,
    local,
    notice_items,
)
from inspector.domain import DocumentKind
from inspector.errors import UserError, ValidationError
from inspector.forms import load_snapshot
from inspector.i18n import tr
from inspector.services import photos as photos_service
from inspector.services import settings as settings_service
from inspector.services.inspections import get_inspection
from inspector.storage.models import Document, Inspection, Rectification, Site

MAX_CORRECTION = 2000
MAX_DEADLINE_DAYS = 365
PREVIEW_NUMBER = "（预览，未编号）"
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def site_data(site: Site) -> SiteData:
    return SiteData(
        name=site.name,
        kind=site.kind,
        address=site.address or "",
        legal_rep=site.legal_rep or "",
        phone=site.phone or "",
        licence_no=site.licence_no or "",
        credit_code=site.credit_code or "",
        district=site.district or "",
        township=site.township or "",
    )


def validate_overrides(items: Sequence[NoticeItem], overrides: Mapping[str, FindingOverride]) -> None:
    codes = {it.code for it in items}
    problems: list[tuple[str, str]] = []
    for code, ov in overrides.items():
        if code not in codes:
            problems.append((code, tr("{code} is not a non-compliant item of this inspection.", code=code)))
            continue
        if ov.deadline_days is not None and not 0 <= ov.deadline_days <= MAX_DEADLINE_DAYS:
            problems.append(
                (code, tr("The deadline must be 0 (immediately) to {limit} days.", limit=MAX_DEADLINE_DAYS))
            )
        if ov.correction is not None and len(ov.correction) > MAX_CORRECTION:
            problems.append(
                (code, tr("The correction is too long: at most {limit} characters.", limit=MAX_CORRECTION))
            )
    if problems:
        raise ValidationError(problems)


@dataclass
class Built:
    context: dict[str, Any]
    items: list[NoticeItem] = field(default_factory=list)
    photos: dict[str, photos_service.PhotoView] = field(default_factory=dict)


def image_source(
    config: Config, photos: Mapping[str, photos_service.PhotoView]
) -> Callable[[Mapping[str, Any]], bytes]:
    def source(entry: Mapping[str, Any]) -> bytes:
        photo = photos.get(str(entry.get("photo_id")))
        if photo is None:
            raise UserError(
                tr("Photo {id} of this document is no longer in the database.", id=entry.get("photo_id"))
            )
        return photos_service.evidence_image(config, photo)

    return source


def build(
    session: Session,
    insp: Inspection,
    kind: DocumentKind,
    number: str,
    *,
    issued_at: dt.datetime,
    overrides: Mapping[str, FindingOverride] | None,
) -> Built:
    """The context of the document of ``kind`` numbered ``number``, with what rendering needs."""
    settings = settings_service.load(session)
    view = get_inspection(session, insp.id)
    form = load_snapshot(session, insp.form_sha256)
    site = session.get(Site, insp.site_id)
    assert site is not None
    photo_list = photos_service.list_photos(session, insp.id)
    src = Sources(
        kind=kind,
        number=number,
        issued_at=issued_at,
        settings=settings,
        site=site_data(site),
        inspection=view,
        form=form,
        photos=photo_list,
    )
    built = Built(context={}, photos={str(p.id): p for p in photo_list})
    if kind is DocumentKind.NOTICE:
        built.items = notice_items(form, view, overrides)
        if overrides:
            validate_overrides(built.items, overrides)
        if not built.items:
            raise UserError(
                tr("The inspection has no non-compliant findings, so there is nothing to order corrected.")
            )
        built.context = build_context(src, items=built.items)
    elif kind is DocumentKind.REINSPECTION:
        built.context = _reinspection_context(session, insp, src)
    else:
        built.context = build_context(src)
    return built


def _reinspection_context(session: Session, insp: Inspection, src: Sources) -> dict[str, Any]:
    """A 复查意见书 cites the notice it follows up and lists the rectification's items."""
    rect = session.get(Rectification, insp.rectification_id)
    assert rect is not None and rect.notice_id is not None
    notice = session.get(Document, rect.notice_id)
    assert notice is not None
    ref = NoticeRef(
        number=notice.number or "",
        title=str(notice.context.get("title") or src.settings.notice_title),
        issue_date=cn_date(local(notice.issued_at).date()),
    )
    return build_context(src, notice=ref, rectification_items=(rect.items or {}).get("items", []))


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "document"


def relative_path(kind: DocumentKind, number: str, issued_at: dt.datetime) -> str:
    return f"{local(issued_at).year}/{kind.value}/{safe_name(number)}.docx"
