"""The site registry: the places inspectors visit.

Search must stay instant with 100,000 sites, so the service keeps a lower-cased ``search_text``
column (name, address, licence number, credit code, legal representative) and searches that one
column with a LIKE; results are paged with LIMIT/OFFSET so the UI fetches lazily.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import Role, SiteKind, site_kind_label
from inspector.errors import NotFoundError, ValidationError
from inspector.i18n import tr
from inspector.services import audit, stats_summary
from inspector.services.actor import Actor
from inspector.storage.models import Site

CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
PHONE_RE = re.compile(r"^[0-9+\-() ]{5,32}$")


def parse_kind(text: str) -> SiteKind | None:
    """Accept the code (``clinic``) or its label in either language (``诊所``, ``clinic``)."""
    t = text.strip()
    if t in SiteKind._value2member_map_:
        return SiteKind(t)
    aliases = {
        "b超": SiteKind.ULTRASOUND,
        "超声": SiteKind.ULTRASOUND,
        "b超/染色体": SiteKind.ULTRASOUND,
        "染色体": SiteKind.ULTRASOUND,
        "定点b超": SiteKind.ULTRASOUND,
        "终止妊娠": SiteKind.TERMINATION_DELIVERY,
        "分娩": SiteKind.TERMINATION_DELIVERY,
        "终止妊娠/分娩": SiteKind.TERMINATION_DELIVERY,
        "医院": SiteKind.TERMINATION_DELIVERY,
        "妇幼保健院": SiteKind.TERMINATION_DELIVERY,
        "诊所": SiteKind.CLINIC,
        "个体诊所": SiteKind.CLINIC,
        "药店": SiteKind.PHARMACY,
        "药品零售": SiteKind.PHARMACY,
        "零售药店": SiteKind.PHARMACY,
        "药品批发": SiteKind.WHOLESALER,
        "批发": SiteKind.WHOLESALER,
        "医药公司": SiteKind.WHOLESALER,
        "无证": SiteKind.UNLICENSED,
        "黑诊所": SiteKind.UNLICENSED,
        "黑b超点": SiteKind.UNLICENSED,
        "无证诊所": SiteKind.UNLICENSED,
    }
    low = t.lower()
    if low in aliases:
        return aliases[low]
    for k in SiteKind:
        if site_kind_label(k) == t:
            return k
    return None


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

    def designations(self) -> list[str]:
        out = []
        if self.designated_ultrasound:
            out.append(tr("ultrasound/chromosome"))
        if self.designated_termination:
            out.append(tr("termination"))
        if self.designated_delivery:
            out.append(tr("delivery"))
        return out

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = str(self.id)
        d["licence_valid_until"] = self.licence_valid_until.isoformat() if self.licence_valid_until else None
        return d


def to_view(s: Site) -> SiteView:
    return SiteView(
        id=s.id,
        kind=s.kind,
        name=s.name,
        licence_no=s.licence_no,
        credit_code=s.credit_code,
        address=s.address,
        district=s.district,
        township=s.township,
        legal_rep=s.legal_rep,
        phone=s.phone,
        designated_ultrasound=s.designated_ultrasound,
        designated_termination=s.designated_termination,
        designated_delivery=s.designated_delivery,
        licence_valid_until=s.licence_valid_until,
        latitude=s.latitude,
        longitude=s.longitude,
        notes=s.notes,
        active=s.active,
    )


def _clean(data: SiteInput) -> SiteInput:
    def opt(v: str | None) -> str | None:
        v = (v or "").strip()
        return v or None

    return SiteInput(
        kind=data.kind.strip(),
        name=data.name.strip(),
        licence_no=opt(data.licence_no),
        credit_code=(opt(data.credit_code) or "").upper() or None,
        address=data.address.strip(),
        district=data.district.strip(),
        township=data.township.strip(),
        legal_rep=data.legal_rep.strip(),
        phone=data.phone.strip(),
        designated_ultrasound=data.designated_ultrasound,
        designated_termination=data.designated_termination,
        designated_delivery=data.designated_delivery,
        licence_valid_until=data.licence_valid_until,
        latitude=data.latitude,
        longitude=data.longitude,
        notes=data.notes.strip(),
    )


# Clinics may hold a 备案凭证 instead of a licence number; unlicensed sites have none by definition.
LICENCE_REQUIRED = {
    SiteKind.ULTRASOUND.value,
    SiteKind.TERMINATION_DELIVERY.value,
    SiteKind.PHARMACY.value,
    SiteKind.WHOLESALER.value,
}
LIMITS = {"name": 200, "licence_no": 64, "address": 300, "district": 64, "township": 64, "legal_rep": 64}


def validate_site(data: SiteInput) -> list[tuple[str, str]]:
    """Every problem with ``data`` as (field, translated message); empty when it is acceptable."""
    problems: list[tuple[str, str]] = []
    if data.kind not in SiteKind._value2member_map_:
        problems.append(
            (
                "kind",
                tr(
                    'Unknown site kind "{kind}". Use one of: {kinds}.',
                    kind=data.kind,
                    kinds=", ".join(k.value for k in SiteKind),
                ),
            )
        )
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
                    "A licensed site needs its licence number; for a site without one "
                    'choose the kind "unlicensed site".'
                ),
            )
        )
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        problems.append(("latitude", tr("Latitude must be between -90 and 90.")))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        problems.append(("longitude", tr("Longitude must be between -180 and 180.")))
    return problems


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


def _apply(site: Site, data: SiteInput) -> None:
    for fld in SiteInput.__dataclass_fields__:
        setattr(site, fld, getattr(data, fld))
    site.search_text = _search_text(data)


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
    moved = site.district != data.district
    _apply(site, data)
    session.flush()
    if moved:  # its inspections and findings now count for the new district
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
    designation: str | None = None  # "ultrasound" | "termination" | "delivery"
    include_inactive: bool = False
    order_by: str = "name"
    descending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


_ORDER = {
    "name": Site.name,
    "kind": Site.kind,
    "district": Site.district,
    "licence_no": Site.licence_no,
    "address": Site.address,
    "legal_rep": Site.legal_rep,
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
    if f.designation == "ultrasound":
        q = q.where(Site.designated_ultrasound.is_(True))
    elif f.designation == "termination":
        q = q.where(Site.designated_termination.is_(True))
    elif f.designation == "delivery":
        q = q.where(Site.designated_delivery.is_(True))
    return q


def search_sites(session: Session, f: SiteFilter, *, limit: int = 200, offset: int = 0) -> list[SiteView]:
    col = _ORDER.get(f.order_by, Site.name)
    q = _filtered(f).order_by(col.desc() if f.descending else col, Site.id).limit(limit).offset(offset)
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
    q = select(Site.district).where(Site.district != "").distinct().order_by(Site.district)
    return list(session.execute(q).scalars())
