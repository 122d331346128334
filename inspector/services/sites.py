"""The site registry: the places inspectors visit.

Search must stay instant with 100,000 sites, so the service keeps a lower-cased ``search_text``
column (name, address, licence number, credit code, legal representative) and searches that one
column with a LIKE; results are paged with LIMIT/OFFSET so the UI fetches lazily.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import Designation, Role, SiteKind, designation_label, site_kind_label
from inspector.domain.sites import current_site_kind, designations_of, ordered
from inspector.errors import NotFoundError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.services.pinyin import sort_key, sorted_by_pinyin
from inspector.services.site_kinds import DESIGNABLE, KIND_ALIASES, LICENCE_REQUIRED
from inspector.storage.models import Site
from inspector.storage.rows import view_of

CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,32}$")


def parse_kind(text: str) -> SiteKind | None:
    """The kind a registry's 类型 cell names: the code (``clinic``), the label in either language, or
    one of the words counties use for it (:data:`KIND_ALIASES`); ``None`` for anything else."""
    t = text.strip()
    if t in SiteKind._value2member_map_:
        return SiteKind(t)
    low = t.lower()
    if low in KIND_ALIASES:
        return KIND_ALIASES[low]
    for k in SiteKind:
        if t in (site_kind_label(k), site_kind_label(k, lang="zh_CN"), site_kind_label(k, lang="en")):
            return k
    return None


def accepted_kinds() -> str:
    """What a 类型 cell may say, for a message: every kind's label, then the other accepted words."""
    labels = "、".join(site_kind_label(k, lang="zh_CN") for k in SiteKind)
    aliases = "、".join(a for a in KIND_ALIASES if not a.isascii())
    return tr("{labels} (also accepted: {aliases})", labels=labels, aliases=aliases)


@dataclass(frozen=True)
class SiteInput:
    """What a person types for a site; validated by :func:`validate_site`."""

    kind: str
    name: str
    licence_no: str | None = None
    credit_code: str | None = None
    address: str = ""
    district: str = ""
    township: str = ""
    legal_rep: str = ""
    phone: str = ""
    designated_ultrasound: bool = False
    designated_termination: bool = False
    designated_delivery: bool = False
    licence_valid_until: dt.date | None = None
    latitude: float | None = None
    longitude: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class SiteView:
    id: uuid.UUID
    kind: str
    name: str
    licence_no: str | None
    credit_code: str | None
    address: str
    district: str
    township: str
    legal_rep: str
    phone: str
    designated_ultrasound: bool
    designated_termination: bool
    designated_delivery: bool
    licence_valid_until: dt.date | None
    latitude: float | None
    longitude: float | None
    notes: str
    active: bool

    @property
    def kind_label(self) -> str:
        return site_kind_label(self.kind)

    @property
    def designation_set(self) -> frozenset[Designation]:
        """What the site is designated for (its three flags), e.g. to choose its checklists."""
        return designations_of(
            self.designated_ultrasound, self.designated_termination, self.designated_delivery
        )

    @property
    def place(self) -> str:
        """区县 and 乡镇, as a person reads them: "城关县 / 河西镇"."""
        return place_label(self.district, self.township)

    def designations(self) -> list[str]:
        return [designation_label(d) for d in ordered(self.designation_set)]

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = str(self.id)
        d["licence_valid_until"] = self.licence_valid_until.isoformat() if self.licence_valid_until else None
        return d


def to_view(s: Site) -> SiteView:
    return view_of(SiteView, s)


# The fields of :class:`SiteInput` typed as free text, kept without the spaces around them.
_TEXT_FIELDS = ("kind", "name", "address", "district", "township", "legal_rep", "phone", "notes")


def _clean(data: SiteInput) -> SiteInput:
    def opt(v: str | None) -> str | None:
        v = (v or "").strip()
        return v or None

    return replace(
        data,
        **{name: getattr(data, name).strip() for name in _TEXT_FIELDS},
        licence_no=opt(data.licence_no),
        credit_code=(opt(data.credit_code) or "").upper() or None,
    )


def place_label(district: str, township: str) -> str:
    """区县 / 乡镇 in one cell; either may be missing."""
    return " / ".join(p for p in (district, township) if p)


LIMITS = {"name": 200, "licence_no": 64, "address": 300, "district": 64, "township": 64, "legal_rep": 64}


def validate_site(data: SiteInput) -> list[tuple[str, str]]:
    """Every problem with ``data`` as (field, translated message); empty when it is acceptable."""
    problems: list[tuple[str, str]] = []
    if data.kind not in SiteKind._value2member_map_:
        problems.append(
            (
                "kind",
                tr(
                    'Unknown site kind "{kind}". Use one of: {kinds}.', kind=data.kind, kinds=accepted_kinds()
                ),
            )
        )
    else:
        problems += _designation_problems(data)
    if not data.name:
        problems.append(("name", tr("The name is required.")))
    for fld, limit in LIMITS.items():
        value = getattr(data, fld) or ""
        if len(value) > limit:
            problems.append((fld, tr("Too long: at most {limit} characters.", limit=limit)))
    if data.credit_code and not CREDIT_CODE_RE.match(data.credit_code):
        problems.append(
            (
                "credit_code",
                tr(
                    "A unified social credit code has 18 characters (digits and capital "
                    "letters except I, O, S, V, Z)."
                ),
            )
        )
    if data.phone and not PHONE_RE.match(data.phone):
        problems.append(("phone", tr("The phone number may contain only digits, spaces, +, - and brackets.")))
    if data.kind in LICENCE_REQUIRED and not data.licence_no:
        problems.append(
            (
                "licence_no",
                tr(
                    'A site of kind "{kind}" needs its licence number; for a site without one choose '
                    'the kind "{unlicensed}".',
                    kind=site_kind_label(data.kind),
                    unlicensed=site_kind_label(SiteKind.UNLICENSED),
                ),
            )
        )
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        problems.append(("latitude", tr("Latitude must be between -90 and 90.")))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        problems.append(("longitude", tr("Longitude must be between -180 and 180.")))
    return problems


def _designation_problems(data: SiteInput) -> list[tuple[str, str]]:
    """A 三定点 designation is an approval only some kinds of institution can hold."""
    held = designations_of(data.designated_ultrasound, data.designated_termination, data.designated_delivery)
    if not held or data.kind in DESIGNABLE:
        return []
    return [
        (
            f"designated_{d.value}",
            tr(
                'A site of kind "{kind}" cannot be designated for {what}; clear the designation or '
                "correct the kind.",
                kind=site_kind_label(data.kind),
                what=designation_label(d),
            ),
        )
        for d in ordered(held)
    ]


def _search_text(data: SiteInput | Site) -> str:
    parts = [
        data.name,
        data.address,
        data.licence_no or "",
        data.credit_code or "",
        data.legal_rep,
        data.district,
        data.township,
    ]
    return " ".join(p for p in parts if p).lower()


def _check_licence_unique(session: Session, licence_no: str | None, exclude: uuid.UUID | None) -> None:
    if not licence_no:
        return
    q = select(Site.id, Site.name).where(Site.licence_no == licence_no)
    if exclude is not None:
        q = q.where(Site.id != exclude)
    other = session.execute(q).first()
    if other is not None:
        raise ValidationError(
            [
                (
                    "licence_no",
                    tr(
                        'The licence number {no} already belongs to "{name}".', no=licence_no, name=other.name
                    ),
                )
            ]
        )


def upgrade_row(values: dict[str, Any]) -> dict[str, Any]:
    """A site's row as an earlier version wrote it (a package from a laptop not yet updated), in
    this version's words: an old kind becomes its successor (its designation flags already say what
    it is designated for) and a missing sort key is computed from the name."""
    out = dict(values)
    if isinstance(out.get("kind"), str):
        out["kind"] = current_site_kind(out["kind"])
    if not out.get("name_key") and isinstance(out.get("name"), str):
        out["name_key"] = sort_key(out["name"])
    return out


def _apply(site: Site, data: SiteInput) -> None:
    for fld in SiteInput.__dataclass_fields__:
        setattr(site, fld, getattr(data, fld))
    site.search_text = _search_text(data)
    site.name_key = sort_key(data.name)


def create_site(session: Session, actor: Actor, data: SiteInput) -> SiteView:
    actor.require(Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)
    data = _clean(data)
    problems = validate_site(data)
    if problems:
        raise ValidationError(problems)
    _check_licence_unique(session, data.licence_no, None)
    site = Site(id=uuid.uuid4())
    _apply(site, data)
    session.add(site)
    session.flush()
    view = to_view(site)
    audit.record(session, actor, "create", "site", site.id, after=view.to_json())
    return view


def update_site(session: Session, actor: Actor, site_id: uuid.UUID, data: SiteInput) -> SiteView:
    actor.require(Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR)
    site = _get(session, site_id)
    data = _clean(data)
    problems = validate_site(data)
    if problems:
        raise ValidationError(problems)
    _check_licence_unique(session, data.licence_no, site_id)
    before = to_view(site).to_json()
    moved = (site.district, site.township) != (data.district, data.township)
    _apply(site, data)
    session.flush()
    if moved:  # its inspections and findings now count for the new district or township
        stats_summary.refresh_for(session, site_ids=[site.id])
    view = to_view(site)
    audit.record(session, actor, "update", "site", site.id, before=before, after=view.to_json())
    return view


def set_active(session: Session, actor: Actor, site_id: uuid.UUID, active: bool) -> SiteView:
    """Deactivate (closed, merged) or reactivate; sites are never deleted because inspections cite them."""
    actor.require(Role.OFFICE, Role.SUPERVISOR)
    site = _get(session, site_id)
    before = to_view(site).to_json()
    site.active = active
    session.flush()
    view = to_view(site)
    audit.record(
        session,
        actor,
        "deactivate" if not active else "activate",
        "site",
        site.id,
        before=before,
        after=view.to_json(),
    )
    return view


def _get(session: Session, site_id: uuid.UUID) -> Site:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFoundError(tr("No site with id {id}.", id=site_id))
    return site


def get_site(session: Session, site_id: uuid.UUID) -> SiteView:
    return to_view(_get(session, site_id))


@dataclass(frozen=True)
class SiteFilter:
    text: str = ""
    kinds: tuple[str, ...] = ()
    district: str | None = None
    township: str | None = None  # within ``district`` when both are given
    designation: str | None = None  # a Designation value
    include_inactive: bool = False
    order_by: str = "name"
    descending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# What each ordering sorts by: the column, then (for ties) the place and the name in pinyin order.
_ORDER: dict[str, tuple[Any, ...]] = {
    "name": (Site.name_key,),
    "kind": (Site.kind, Site.name_key),
    "district": (Site.district, Site.township, Site.name_key),
    "township": (Site.township, Site.name_key),
    "licence_no": (Site.licence_no,),
    "address": (Site.address,),
    "legal_rep": (Site.legal_rep, Site.name_key),
}


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(f: SiteFilter) -> Any:
    q = select(Site)
    if not f.include_inactive:
        q = q.where(Site.active.is_(True))
    for word in f.text.lower().split():
        q = q.where(Site.search_text.like(f"%{escape_like(word)}%", escape="\\"))
    if f.kinds:
        q = q.where(Site.kind.in_(f.kinds))
    if f.district:
        q = q.where(Site.district == f.district)
    if f.township:
        q = q.where(Site.township == f.township)
    flags = {
        Designation.ULTRASOUND.value: Site.designated_ultrasound,
        Designation.TERMINATION.value: Site.designated_termination,
        Designation.DELIVERY.value: Site.designated_delivery,
    }
    if f.designation in flags:
        q = q.where(flags[f.designation].is_(True))
    return q


def search_sites(session: Session, f: SiteFilter, *, limit: int = 200, offset: int = 0) -> list[SiteView]:
    cols = _ORDER.get(f.order_by, _ORDER["name"])
    order = [c.desc() if f.descending else c for c in cols]
    q = _filtered(f).order_by(*order, Site.id).limit(limit).offset(offset)
    return [to_view(s) for s in session.execute(q).scalars()]


def count_sites(session: Session, f: SiteFilter, *, cap: int | None = None) -> int:
    """How many sites match; with ``cap`` it stops counting at ``cap`` (the UI shows "1000+"), so a
    keystroke never waits for a count nobody reads exactly."""
    if cap is None:
        q = _filtered(f).with_only_columns(func.count()).select_from(Site).order_by(None)
        return int(session.execute(q).scalar_one())
    inner = _filtered(f).with_only_columns(Site.id).order_by(None).limit(cap).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def districts(session: Session) -> list[str]:
    """Every 区县 a site names, in pinyin order."""
    q = select(Site.district).where(Site.district != "").distinct()
    return sorted_by_pinyin(session.execute(q).scalars())


def townships(session: Session, district: str | None = None) -> list[str]:
    """Every 乡镇 a site names (within ``district`` when given), in pinyin order."""
    q = select(Site.township).where(Site.township != "").distinct()
    if district:
        q = q.where(Site.district == district)
    return sorted_by_pinyin(session.execute(q).scalars())
