"""双随机 (double random) inspection plans: random sites, random inspector pairs, reproducible.

The campaign requires that neither the sites nor the inspectors are picked by hand. A draw takes N
active sites, stratified by (kind, district) with proportional allocation (largest remainder), from
those not inspected in the last K days, and pairs each site with two inspectors at random.

Every draw is stored (:class:`~inspector.storage.models.Plan`) with its seed and the exact
inputs it was drawn from (the eligible site ids and inspector ids, sorted), also when it never
becomes inspections: a supervisor cannot quietly redraw until the result suits, and
:func:`verify_plan` repeats the draw from the stored inputs alone and compares it with the stored
result. The randomness is :class:`random.Random` seeded with the stored seed; the algorithm below
is versioned (:data:`ALGORITHM`) and must not change without a new version name.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.forms import Form, FormRegistry
from inspector.i18n import tr
from inspector.services import audit, inspections, permissions
from inspector.services.actor import Actor
from inspector.services.sites import get_site
from inspector.storage.models import Inspection, Plan, Site, User
from inspector.storage.types import utcnow

ALGORITHM = "stratified-largest-remainder/v1"
DEFAULT_EXCLUDE_DAYS = 90
MAX_SEED = 2**63 - 1
MAX_EXCLUDE_DAYS = 3650
Stratum = tuple[str, str]  # (site kind, district)


@dataclass(frozen=True)
class PlanInput:
    """What the person asks for; ``seed`` None draws a fresh one (and stores it)."""

    count: int
    seed: int | None = None
    exclude_days: int = DEFAULT_EXCLUDE_DAYS
    kinds: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draw:
    site_id: uuid.UUID
    site_name: str
    kind: str
    district: str
    inspector_ids: tuple[uuid.UUID, uuid.UUID]
    inspector_names: tuple[str, str]


@dataclass(frozen=True)
class StratumView:
    kind: str
    district: str
    eligible: int
    drawn: int


@dataclass(frozen=True)
class PlanView:
    id: uuid.UUID
    seed: int
    count: int
    exclude_days: int
    as_of: dt.datetime
    created_at: dt.datetime
    created_by: str
    strata: tuple[StratumView, ...]
    draws: tuple[Draw, ...]
    inspection_ids: tuple[uuid.UUID, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "seed": self.seed,
            "count": self.count,
            "exclude_days": self.exclude_days,
            "as_of": self.as_of.isoformat(),
            "created_at": self.created_at.isoformat(),
            "created_by": self.created_by,
            "algorithm": ALGORITHM,
            "strata": [s.__dict__ for s in self.strata],
            "draws": [
                {
                    "site_id": str(d.site_id),
                    "site_name": d.site_name,
                    "kind": d.kind,
                    "district": d.district,
                    "inspectors": [str(i) for i in d.inspector_ids],
                    "inspector_names": list(d.inspector_names),
                }
                for d in self.draws
            ],
            "inspections": [str(i) for i in self.inspection_ids],
        }


# --- the draw (pure, so it can be repeated from stored inputs) ----------------------------------


def allocate(sizes: Mapping[Stratum, int], count: int) -> dict[Stratum, int]:
    """Proportional allocation with the largest remainder (Hamilton) method, in exact integers;
    equal remainders go to the stratum that sorts first."""
    total = sum(sizes.values())
    if not 0 <= count <= total:
        raise ValueError("count out of range")
    shares = {key: divmod(count * n, total) for key, n in sizes.items()} if total else {}
    out = {key: q for key, (q, _) in shares.items()}
    left = count - sum(out.values())
    for key in sorted(shares, key=lambda k: (-shares[k][1], k))[:left]:
        out[key] += 1
    return out


def draw_sites(
    seed: int, count: int, strata: Mapping[Stratum, Sequence[str]], inspectors: Sequence[str]
) -> tuple[dict[Stratum, int], list[tuple[str, tuple[str, str]]]]:
    """The draw itself: per stratum (in sorted order) a random sample of its sorted site ids, then a
    random pair of the sorted inspector ids for each drawn site. Same inputs, same result."""
    rng = random.Random(seed)
    quotas = allocate({k: len(v) for k, v in strata.items()}, count)
    sites: list[str] = []
    for key in sorted(strata):
        sites.extend(rng.sample(sorted(strata[key]), quotas[key]))
    people = sorted(inspectors)
    pairs = []
    for site in sites:
        a, b = rng.sample(people, 2)
        pairs.append((site, (a, b)))
    return quotas, pairs


# --- inputs from the database -------------------------------------------------------------------


def _eligible_sites(session: Session, data: PlanInput, as_of: dt.datetime) -> dict[Stratum, list[str]]:
    q = select(Site.id, Site.kind, Site.district).where(Site.active.is_(True))
    if data.kinds:
        q = q.where(Site.kind.in_(data.kinds))
    if data.districts:
        q = q.where(Site.district.in_(data.districts))
    if data.exclude_days > 0:
        cutoff = as_of - dt.timedelta(days=data.exclude_days)
        q = q.where(
            ~select(Inspection.id)
            .where(Inspection.site_id == Site.id, Inspection.started_at >= cutoff)
            .exists()
        )
    strata: dict[Stratum, list[str]] = {}
    for sid, kind, district in session.execute(q).all():
        strata.setdefault((kind, district or ""), []).append(str(sid))
    return strata


def _eligible_inspectors(session: Session) -> list[str]:
    """Everyone who may be listed as an inspection's officer (an inspection needs two of them)."""
    return sorted(str(u.id) for u in permissions.officers(session))


def _validate(data: PlanInput) -> None:
    problems: list[tuple[str, str]] = []
    if data.count < 1:
        problems.append(("count", tr("Draw at least one site.")))
    if data.seed is not None and not 0 <= data.seed <= MAX_SEED:
        problems.append(("seed", tr("The seed must be a whole number from 0 to {max}.", max=MAX_SEED)))
    if not 0 <= data.exclude_days <= MAX_EXCLUDE_DAYS:
        problems.append(
            ("exclude_days", tr("Exclude 0 to {max} days of recent inspections.", max=MAX_EXCLUDE_DAYS))
        )
    if problems:
        raise ValidationError(problems)


def draw_plan(
    session: Session, actor: Actor, data: PlanInput, *, as_of: dt.datetime | None = None
) -> PlanView:
    """Draw and store a plan (supervisor or office). Refused with a clear message, nothing stored, when
    there are fewer eligible sites than asked or fewer than two inspectors."""
    actor.require(Role.SUPERVISOR, Role.OFFICE)
    _validate(data)
    as_of = as_of or utcnow()
    strata = _eligible_sites(session, data, as_of)
    eligible = sum(len(v) for v in strata.values())
    people = _eligible_inspectors(session)
    _require_enough(data, eligible, len(people))
    seed = data.seed if data.seed is not None else secrets.randbits(63)
    quotas, pairs = draw_sites(seed, data.count, strata, people)
    inputs = {
        "algorithm": ALGORITHM,
        "count": data.count,
        "exclude_days": data.exclude_days,
        "kinds": sorted(data.kinds),
        "districts": sorted(data.districts),
        "as_of": as_of.isoformat(),
        "strata": [{"kind": k, "district": d, "site_ids": sorted(strata[(k, d)])} for k, d in sorted(strata)],
        "inspector_ids": people,
    }
    result = {
        "quotas": [{"kind": k, "district": d, "drawn": quotas[(k, d)]} for k, d in sorted(quotas)],
        "draws": [{"site_id": s, "inspectors": list(p)} for s, p in pairs],
    }
    plan = Plan(
        id=uuid.uuid4(),
        seed=seed,
        inputs=inputs,
        result=result,
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(plan)
    session.flush()
    audit.record(
        session,
        actor,
        "draw",
        "plan",
        plan.id,
        after={"seed": seed, "inputs": inputs, "result": result},
        detail={"seed": seed, "count": data.count, "eligible": eligible, "exclude_days": data.exclude_days},
    )
    return get_plan(session, plan.id)


def _require_enough(data: PlanInput, eligible: int, inspectors: int) -> None:
    """Refuse a draw the county cannot carry out, saying what to change."""
    if eligible == 0:
        raise UserError(
            tr(
                "No site is eligible: every active site matching the choice was inspected in the last {days} "
                "days. Lower the number of days excluded or widen the choice.",
                days=data.exclude_days,
            )
        )
    if data.count > eligible:
        raise UserError(
            tr(
                "Only {eligible} sites are eligible (active, not inspected in the last {days} days), "
                "fewer than the {count} asked for. Draw fewer sites or exclude fewer days.",
                eligible=eligible,
                days=data.exclude_days,
                count=data.count,
            )
        )
    if inspectors < 2:
        raise UserError(
            tr(
                "A draw pairs two inspectors per site, but only {n} active inspector(s) with a 执法证号 "
                "exist. Add inspectors first.",
                n=inspectors,
            )
        )


def _plan(session: Session, plan_id: uuid.UUID) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(tr("No plan with id {id}.", id=plan_id))
    return plan


def _stored_strata(plan: Plan) -> dict[Stratum, list[str]]:
    return {(s["kind"], s["district"]): list(s["site_ids"]) for s in plan.inputs["strata"]}


def get_plan(session: Session, plan_id: uuid.UUID) -> PlanView:
    plan = _plan(session, plan_id)
    draws = plan.result["draws"]
    site_ids = [uuid.UUID(d["site_id"]) for d in draws]
    user_ids = {uuid.UUID(u) for d in draws for u in d["inspectors"]}
    sites = {s.id: s for s in session.execute(select(Site).where(Site.id.in_(site_ids))).scalars()}
    names = dict(session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
    creator = session.get(User, plan.created_by) if plan.created_by else None
    strata = _stored_strata(plan)
    drawn = {(q["kind"], q["district"]): int(q["drawn"]) for q in plan.result["quotas"]}
    created = session.execute(
        select(Inspection.id)
        .where(Inspection.plan_id == plan.id)
        .order_by(Inspection.started_at, Inspection.id)
    ).scalars()
    out = []
    for d, sid in zip(draws, site_ids, strict=True):
        site = sites.get(sid)
        a, b = (uuid.UUID(u) for u in d["inspectors"])
        out.append(
            Draw(
                site_id=sid,
                site_name=site.name if site else "?",
                kind=site.kind if site else "",
                district=site.district if site else "",
                inspector_ids=(a, b),
                inspector_names=(names.get(a, "?"), names.get(b, "?")),
            )
        )
    return PlanView(
        id=plan.id,
        seed=int(plan.seed),
        count=int(plan.inputs["count"]),
        exclude_days=int(plan.inputs["exclude_days"]),
        as_of=dt.datetime.fromisoformat(plan.inputs["as_of"]),
        created_at=plan.created_at,
        created_by=creator.name if creator else tr("system"),
        strata=tuple(StratumView(k, d, len(v), drawn.get((k, d), 0)) for (k, d), v in sorted(strata.items())),
        draws=tuple(out),
        inspection_ids=tuple(created),
    )


def list_plans(session: Session, limit: int = 100) -> list[tuple[uuid.UUID, int, int, dt.datetime]]:
    """(id, seed, count of draws, created at) of the latest plans."""
    rows = session.execute(select(Plan).order_by(Plan.created_at.desc()).limit(limit)).scalars()
    return [(p.id, int(p.seed), len(p.result["draws"]), p.created_at) for p in rows]


def verify_plan(session: Session, plan_id: uuid.UUID) -> bool:
    """Repeat the draw from the stored seed and inputs; True when it gives the stored result."""
    plan = _plan(session, plan_id)
    if plan.inputs.get("algorithm") != ALGORITHM:
        return False
    quotas, pairs = draw_sites(
        int(plan.seed), int(plan.inputs["count"]), _stored_strata(plan), plan.inputs["inspector_ids"]
    )
    again = {
        "quotas": [{"kind": k, "district": d, "drawn": quotas[(k, d)]} for k, d in sorted(quotas)],
        "draws": [{"site_id": s, "inspectors": list(p)} for s, p in pairs],
    }
    return again == plan.result


def _checklist(session: Session, registry: FormRegistry, site_id: uuid.UUID) -> Form:
    """The checklist a drawn site starts with: the first that fits its kind and designations."""
    site = get_site(session, site_id)
    return registry.default_for_site(site.kind, site.designation_set)


def create_inspections(
    session: Session,
    actor: Actor,
    plan_id: uuid.UUID,
    registry: FormRegistry,
    *,
    started_at: dt.datetime | None = None,
) -> list[uuid.UUID]:
    """Turn a plan into draft inspections (``plan_id`` set), each with its drawn pair and the default
    checklist of the site's kind and designations. Once only: a plan that already has inspections is
    refused."""
    plan = _plan(session, plan_id)
    existing = session.execute(
        select(func.count()).select_from(Inspection).where(Inspection.plan_id == plan.id)
    ).scalar_one()
    if existing:
        raise UserError(tr("This plan already became {n} inspections.", n=existing))
    when = started_at or utcnow()
    created = []
    for d in get_plan(session, plan_id).draws:
        view = inspections.start_inspection(
            session,
            actor,
            inspections.StartInput(
                site_id=d.site_id,
                form=_checklist(session, registry, d.site_id),
                inspector_ids=list(d.inspector_ids),
                started_at=when,
                plan_id=plan.id,
            ),
        )
        created.append(view.id)
    audit.record(session, actor, "create_inspections", "plan", plan.id, after={"inspections": len(created)})
    return created
