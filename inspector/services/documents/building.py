"""Building a document's render context and its file name from the records (no numbering, no writing).

Issuing, previews and benchmarks all build through :func:`build`, so a preview shows exactly what
issuing would store, and refuses what issuing would refuse (:func:`problems`: an unverified article,
a 笔录 without the person in charge or the 回避 answer, dates out of order, a 复查意见书 without what
was found). The context is plain JSON; it is stored with the issued document so that
:mod:`~inspector.services.documents.evidence` can render it again years later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.config import Config
from inspector.documents.compose import build_context
from inspector.documents.context import SiteData, Sources, cn_date, local
from inspector.documents.notice import (
    IMMEDIATE,
    FindingOverride,
    NoticeItem,
    cited_codes,
    notice_items,
    transfer_items,
)
from inspector.documents.record import text_problems
from inspector.documents.reinspection import NoticeRef, observation_problems
from inspector.documents.wording import DocumentRefused, statement_problem, unverified_problems
from inspector.domain import DocumentKind
from inspector.errors import ValidationError
from inspector.forms import FormError, LegalCatalogue, load_legal_catalogue
from inspector.i18n import tr
from inspector.services import photos as photos_service
from inspector.services import settings as settings_service
from inspector.services.documents import supplements
from inspector.services.form_snapshots import load_snapshot
from inspector.services.inspections import get_inspection
from inspector.services.signing import SigningDetails, signing_problems
from inspector.storage.models import Document, Inspection, Rectification, Site, User

MAX_CORRECTION = 2000
MAX_FACT = 2000
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


def current_catalogue(config: Config) -> LegalCatalogue:
    """The catalogue in force: the built-in one with the office's confirmations merged over it (an
    unreadable office file counts for nothing; ``inspector forms list`` names its problems)."""
    try:
        return load_legal_catalogue(config.forms_dir / "legal.toml")
    except FormError:
        return load_legal_catalogue()


def validate_overrides(items: Sequence[NoticeItem], overrides: Mapping[str, FindingOverride]) -> None:
    by_code = {it.code: it for it in items}
    problems: list[tuple[str, str]] = []
    for code, ov in overrides.items():
        item = by_code.get(code)
        if item is None:
            problems.append((code, tr("{code} is not a finding this notice states.", code=code)))
            continue
        days = ov.deadline_days
        if days is not None and not 0 <= days <= MAX_DEADLINE_DAYS:
            problems.append(
                (code, tr("The deadline must be 0 (immediately) to {limit} days.", limit=MAX_DEADLINE_DAYS))
            )
        elif days and not item.action.has_deadline:
            problems.append((code, tr("An order to stop at once has no day count.")))
        elif days == 0 and item.action.has_deadline and item.default_deadline_days > 0:
            problems.append((code, tr("A correction needs a deadline of 1 day or more.")))
        correction = ov.correction if ov.correction is not None else item.correction
        if days is not None and days > 0 and IMMEDIATE in correction:
            problems.append((code, tr("“立即” (at once) never goes with a day count.")))
        for text, limit in ((ov.correction, MAX_CORRECTION), (ov.fact, MAX_FACT)):
            if text is not None and len(text) > limit:
                problems.append((code, tr("Too long: at most {limit} characters.", limit=limit)))
            elif text is not None and (wrong := statement_problem(tr("The text"), text)):
                problems.append((code, wrong))
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
            raise DocumentRefused(
                tr("Photo {id} of this document is no longer in the database.", id=entry.get("photo_id"))
            )
        return photos_service.evidence_image(config, photo)

    return source


def _sources(
    session: Session,
    config: Config,
    insp: Inspection,
    kind: DocumentKind,
    *,
    number: str,
    issued_at: dt.datetime,
) -> Sources:
    view = get_inspection(session, insp.id)
    site = session.get(Site, insp.site_id)
    assert site is not None
    photo_list = photos_service.list_photos(session, insp.id)
    takers = {p.imported_by for p in photo_list if p.imported_by is not None}
    people = (
        {u.id: u.name for u in session.execute(select(User).where(User.id.in_(takers))).scalars()}
        if takers
        else {}
    )
    return Sources(
        kind=kind,
        number=number,
        issued_at=issued_at,
        settings=settings_service.load(session),
        site=site_data(site),
        inspection=view,
        form=load_snapshot(session, insp.form_sha256),
        photos=photo_list,
        catalogue=current_catalogue(config),
        people=people,
    )


def _notice_ref(session: Session, insp: Inspection, title: str) -> tuple[NoticeRef, Document]:
    rect = session.get(Rectification, insp.rectification_id)
    assert rect is not None and rect.notice_id is not None
    notice = session.get(Document, rect.notice_id)
    assert notice is not None
    ref = NoticeRef(
        number=notice.number or "",
        title=str(notice.context.get("title") or title),
        issue_date=cn_date(local(notice.issued_at).date()),
    )
    return ref, notice


def _rect_items(session: Session, insp: Inspection) -> list[dict[str, Any]]:
    rect = session.get(Rectification, insp.rectification_id)
    return [dict(i) for i in ((rect.items or {}).get("items", []) if rect is not None else [])]


def _date_problems(session: Session, insp: Inspection, kind: DocumentKind, when: dt.datetime) -> list[str]:
    """A document dated before the inspection it states ended, or a re-inspection before its notice."""
    problems = []
    ended = insp.finished_at or insp.started_at
    if when < ended:
        problems.append(
            tr(
                "The document would be dated {date}, before the inspection it states ended ({ended}). "
                "Check the date and the laptop's clock.",
                date=cn_date(local(when).date()),
                ended=cn_date(local(ended).date()),
            )
        )
    if kind is DocumentKind.REINSPECTION and insp.rectification_id is not None:
        rect = session.get(Rectification, insp.rectification_id)
        notice = session.get(Document, rect.notice_id) if rect and rect.notice_id else None
        if notice is not None and insp.started_at < notice.issued_at:
            problems.append(
                tr(
                    "The re-inspection began on {date}, before the notice {number} it follows up was "
                    "issued ({issued}). A re-inspection checks what the notice ordered, so it comes after.",
                    date=cn_date(local(insp.started_at).date()),
                    number=notice.number or "",
                    issued=cn_date(local(notice.issued_at).date()),
                )
            )
    return problems


def _notice_problems(src: Sources, items: Sequence[NoticeItem]) -> list[str]:
    if items:
        return unverified_problems(src.form, cited_codes(items), src.catalogue)
    if transfer_items(src.form, src.inspection):
        return [
            tr(
                "Nothing here is for the health office to order: the drug matters found are recorded in "
                "the on-site record and transferred to the drug regulator (药品监督管理部门)."
            )
        ]
    return [tr("The inspection has no non-compliant findings, so there is nothing to order corrected.")]


def problems(
    session: Session,
    insp: Inspection,
    src: Sources,
    items: Sequence[NoticeItem] = (),
) -> list[str]:
    """Everything that stops the document of ``src.kind`` from being issued as it would be now."""
    kind, view = src.kind, src.inspection
    found = _date_problems(session, insp, kind, src.issued_at)
    found += text_problems(src.form, view)
    if kind in (DocumentKind.RECORD, DocumentKind.SUPPLEMENT):
        found += [msg for _, msg in signing_problems(SigningDetails.of(view), src.site.kind)]
    if kind is DocumentKind.NOTICE:
        found += _notice_problems(src, items)
    if kind is DocumentKind.REINSPECTION and insp.rectification_id is not None:
        found += observation_problems(src, _rect_items(session, insp))
    if kind is DocumentKind.SUPPLEMENT:
        found += supplements.problems(session, insp)
    return list(dict.fromkeys(found))


def build(
    session: Session,
    config: Config,
    insp: Inspection,
    kind: DocumentKind,
    number: str,
    *,
    issued_at: dt.datetime,
    overrides: Mapping[str, FindingOverride] | None,
) -> Built:
    """The context of the document of ``kind`` numbered ``number``, with what rendering needs.
    Raises :class:`DocumentRefused` (a :class:`UserError`) with every reason it cannot be issued."""
    src = _sources(session, config, insp, kind, number=number, issued_at=issued_at)
    built = Built(context={}, photos={str(p.id): cast(photos_service.PhotoView, p) for p in src.photos})
    if kind is DocumentKind.NOTICE:
        built.items = notice_items(
            src.form,
            src.inspection,
            overrides,
            src.catalogue,
            default_deadline_days=src.settings.default_deadline_days,
        )
        if overrides:
            validate_overrides(built.items, overrides)
    found = problems(session, insp, src, built.items)
    if found:
        raise DocumentRefused("\n".join(found))
    if kind is DocumentKind.REINSPECTION:
        ref, _ = _notice_ref(session, insp, src.settings.notice_title)
        built.context = build_context(src, notice=ref, rectification_items=_rect_items(session, insp))
    elif kind is DocumentKind.SUPPLEMENT:
        record, addenda = supplements.pending(session, insp)
        ref = NoticeRef(
            number=record.number or "", title="", issue_date=cn_date(local(record.issued_at).date())
        )
        built.context = build_context(src, record=ref, addenda=addenda)
    else:
        built.context = build_context(src, items=built.items)
    return built


def draft_sources(
    session: Session, config: Config, insp: Inspection, kind: DocumentKind, when: dt.datetime
) -> Sources:
    """The sources of a draft (the issue dialog's checks), without a number."""
    return _sources(session, config, insp, kind, number=PREVIEW_NUMBER, issued_at=when)


def safe_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "document"


def relative_path(kind: DocumentKind, number: str, issued_at: dt.datetime) -> str:
    return f"{local(issued_at).year}/{kind.value}/{safe_name(number)}.docx"
