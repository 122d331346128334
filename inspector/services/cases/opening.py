"""Proposing a case (待立案) and editing it until it is approved.

A case is proposed from what the office knows: one or more finalized inspections (the one with the
serious findings, the re-inspection that found them not corrected), a report from the public or a
transfer in. The party is copied onto the case (an institution from the registry, or a person with
身份证号 for an unlicensed operator), with the two officers in charge and the moment of discovery,
from which the 7 days to 立案 run. :func:`suggestion` drafts all of it from an inspection, for the
立案 dialog and ``inspector cases open``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import (
    CaseSource,
    CaseStatus,
    InspectionKind,
    InspectionStatus,
    PartyKind,
    RectificationResult,
    SiteKind,
)
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.forms import summarize
from inspector.i18n import tr
from inspector.services import audit, inspections, permissions, state_machine, users
from inspector.services.actor import Actor
from inspector.services.cases.identity import id_number_problem
from inspector.services.cases.machine import FINISHED, TRANSITIONS, S, check_transition, clean_text
from inspector.services.cases.views import CaseView, get_case, load
from inspector.services.permissions import Action
from inspector.storage.case_models import Case, CaseEvent, CaseInspection
from inspector.storage.models import Inspection, Rectification, Site, User
from inspector.storage.types import utcnow

CLOCK_SKEW = dt.timedelta(minutes=5)
LIMITS = {
    "cause": 200,
    "party_name": 200,
    "party_id_number": 32,
    "party_credit_code": 18,
    "party_legal_rep": 64,
    "party_address": 300,
    "party_phone": 32,
}


@dataclass(frozen=True)
class CaseInput:
    """What a proposal says; :func:`suggestion` fills it from an inspection."""

    cause: str
    source: str = CaseSource.INSPECTION.value
    inspection_ids: tuple[uuid.UUID, ...] = ()
    site_id: uuid.UUID | None = None
    rectification_id: uuid.UUID | None = None
    party_kind: str = PartyKind.SITE.value
    party_name: str = ""
    party_id_number: str = ""
    party_credit_code: str = ""
    party_legal_rep: str = ""
    party_address: str = ""
    party_phone: str = ""
    officer_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)
    discovered_at: dt.datetime | None = None
    summary: str = ""
    opinion: str = ""
    source_note: str = ""


def _finding_facts(session: Session, inspection_id: uuid.UUID) -> tuple[list[str], bool, bool, bool]:
    """The facts of the inspection's non-compliant items, and whether they call for a case, a crime
    transfer (刑法) or a drug transfer."""
    form = inspections.form_of(session, inspection_id)
    view = inspections.get_inspection(session, inspection_id)
    summary = summarize(form, view.states())
    facts = [(f.finding.strip() or f.item.fact or f.item.question).rstrip("。；;.") for f in summary.findings]
    crime = any(f.item.crime for f in summary.findings)
    return facts, summary.needs_case or bool(summary.transfers), crime, bool(summary.transfers)


def needs_case(session: Session, inspection_id: uuid.UUID) -> bool:
    """A finalized inspection whose findings call for 立案 (a serious finding, an item whose action is
    a case) or for a transfer of a drug matter."""
    return _finding_facts(session, inspection_id)[1]


def calls_for_case(session: Session, inspection_id: uuid.UUID) -> bool:
    """Whether a finalized inspection proposes a case: its findings call for one (:func:`needs_case`),
    or it is the re-inspection that found a rectification not (or only partly) corrected."""
    insp = session.get(Inspection, inspection_id)
    if insp is None or insp.status != InspectionStatus.FINALIZED.value:
        return False
    if insp.kind == InspectionKind.REINSPECTION.value and insp.rectification_id is not None:
        rect = session.get(Rectification, insp.rectification_id)
        failed = (RectificationResult.NOT_CORRECTED.value, RectificationResult.PARTLY.value)
        if rect is not None and rect.result in failed:
            return True
    return needs_case(session, inspection_id)


def suggestion(session: Session, inspection_id: uuid.UUID) -> CaseInput:
    """A proposal drafted from a finalized inspection (or re-inspection): its site as the party (a
    person for an unlicensed site, whose name and 身份证号 the inspectors add), its officers, its start
    as the discovery, the findings as the summary."""
    insp = inspections.get_inspection(session, inspection_id)
    site = session.get(Site, insp.site_id)
    assert site is not None
    facts, _, crime, drug = _finding_facts(session, inspection_id)
    unlicensed = site.kind == SiteKind.UNLICENSED.value
    if unlicensed:
        cause = f"{site.name}涉嫌无证行医"
    elif insp.kind == InspectionKind.REINSPECTION.value:
        cause = f"{site.name}经责令改正逾期未改正"
    else:
        cause = f"{site.name}涉嫌{facts[0].rstrip('。；;.') if facts else '违法行为'}"
    opinion = "建议立案调查。"
    if crime:
        opinion = "涉嫌犯罪，建议立案调查后移送公安机关。"
    elif drug:
        opinion = "属药品监督管理部门管辖，建议移送药品监督管理部门。"
    rect = insp.rectification_id
    # A re-inspection: the inspection that found the findings belongs to the case too.
    ids = [i for i in (_origin(session, rect), insp.id) if i is not None]
    return CaseInput(
        cause=cause[:200],
        inspection_ids=tuple(ids),
        site_id=site.id,
        rectification_id=rect,
        party_kind=PartyKind.PERSON.value if unlicensed else PartyKind.SITE.value,
        party_name="" if unlicensed else site.name,
        party_credit_code="" if unlicensed else (site.credit_code or ""),
        party_legal_rep="" if unlicensed else site.legal_rep,
        party_address=site.address,
        party_phone=site.phone,
        officer_ids=tuple(i.user_id for i in insp.inspectors[:2]),
        discovered_at=insp.started_at,
        summary="；".join(dict.fromkeys(facts)) + ("。" if facts else ""),
        opinion=opinion,
    )


def _origin(session: Session, rectification_id: uuid.UUID | None) -> uuid.UUID | None:
    """The inspection whose findings a rectification follows up."""
    rect = session.get(Rectification, rectification_id) if rectification_id is not None else None
    return rect.inspection_id if rect is not None else None


def _officer_problems(session: Session, ids: Sequence[uuid.UUID]) -> list[tuple[str, str]]:
    if len(ids) != 2 or len(set(ids)) != 2:
        return [
            ("officers", tr("A case needs two different officers in charge (承办人), each with a 执法证号."))
        ]
    problems: list[tuple[str, str]] = []
    found = {u.id: u for u in session.execute(select(User).where(User.id.in_(list(ids)))).scalars()}
    for uid in ids:
        user = found.get(uid)
        refusal = tr("An officer was not found.") if user is None else permissions.inspector_refusal(user)
        if refusal is None and user is not None and user.cert_no:
            msg = users.validate_cert_no(session, user.cert_no)
            refusal = f"{user.name}: {msg}" if msg else None
        if refusal is not None:
            problems.append(("officers", refusal))
    return problems


def _inspection_problems(
    session: Session, data: CaseInput, case_id: uuid.UUID | None
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for iid in data.inspection_ids:
        insp = session.get(Inspection, iid)
        if insp is None:
            problems.append(("inspection", tr("No inspection with id {id}.", id=iid)))
        elif insp.status != InspectionStatus.FINALIZED.value:
            problems.append(("inspection", tr("Finalize the inspection before proposing a case from it.")))
        else:
            other = open_case_of(session, iid)
            if other is not None and other != case_id:
                problems.append(
                    ("inspection", tr("This inspection already belongs to the open case {id}.", id=other))
                )
    if data.source == CaseSource.INSPECTION.value and not data.inspection_ids:
        problems.append(("inspection", tr("A case found in an inspection names the inspection.")))
    return problems


def _party_problems(data: CaseInput) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not data.party_name.strip():
        problems.append(("party_name", tr("Name the party (当事人): the institution, or the person.")))
    if data.party_kind == PartyKind.PERSON.value:
        problem = id_number_problem(data.party_id_number)
        if problem is not None:
            problems.append(("party_id_number", problem))
    elif data.party_kind != PartyKind.SITE.value:
        problems.append(("party_kind", tr('The party is "site" (an institution) or "person".')))
    return problems


def validate(session: Session, data: CaseInput, case_id: uuid.UUID | None = None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not data.cause.strip():
        problems.append(("cause", tr("Write the cause of the case (案由), e.g. 某某涉嫌无证行医.")))
    if data.source not in CaseSource._value2member_map_:
        problems.append(
            ("source", tr("The source is an inspection, a report from the public or a transfer in."))
        )
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            problems.append((name, tr("Too long: at most {limit} characters.", limit=limit)))
    if data.site_id is not None and session.get(Site, data.site_id) is None:
        problems.append(("site", tr("The site was not found.")))
    problems += _party_problems(data)
    problems += _officer_problems(session, data.officer_ids)
    problems += _inspection_problems(session, data, case_id)
    when = data.discovered_at
    if when is None or when.tzinfo is None:
        problems.append(("discovered_at", tr("Give the time of the discovery, with its time zone.")))
    elif when > utcnow() + CLOCK_SKEW:
        problems.append(("discovered_at", tr("The discovery is in the future; check the date.")))
    return problems


def open_case_of(session: Session, inspection_id: uuid.UUID) -> uuid.UUID | None:
    """The case not yet closed that the inspection belongs to, if any."""
    q = (
        select(Case.id)
        .join(CaseInspection, CaseInspection.case_id == Case.id)
        .where(CaseInspection.inspection_id == inspection_id, Case.status != CaseStatus.CLOSED.value)
        .limit(1)
    )
    return session.execute(q).scalar_one_or_none()


def _clean(data: CaseInput) -> CaseInput:
    strip: dict[str, Any] = {name: str(getattr(data, name)).strip() for name in LIMITS}
    strip["party_id_number"] = strip["party_id_number"].upper()
    return replace(
        data,
        **strip,
        summary=data.summary.strip(),
        opinion=data.opinion.strip(),
        source_note=data.source_note.strip(),
        inspection_ids=tuple(dict.fromkeys(data.inspection_ids)),
    )


def propose(session: Session, actor: Actor, data: CaseInput, *, at: dt.datetime | None = None) -> CaseView:
    """Create the case, awaiting approval (待立案), proposed now (or ``at``, not before the discovery);
    its history starts with the proposal."""
    check_transition(actor, None, S.PROPOSED)
    data = _clean(data)
    problems = validate(session, data)
    if problems:
        raise ValidationError(problems)
    assert data.discovered_at is not None
    now = at or utcnow()
    if now < data.discovered_at:
        raise ValidationError([("proposed_at", tr("A case cannot be proposed before it was discovered."))])
    case = Case(
        id=uuid.uuid4(),
        status=S.PROPOSED.value,
        source=data.source,
        cause=data.cause,
        source_note=data.source_note,
        summary=clean_text(data.summary, "summary", required=False),
        opinion=clean_text(data.opinion, "opinion", required=False),
        site_id=data.site_id,
        rectification_id=data.rectification_id,
        party_kind=data.party_kind,
        party_name=data.party_name,
        party_id_number=data.party_id_number,
        party_credit_code=data.party_credit_code,
        party_legal_rep=data.party_legal_rep,
        party_address=data.party_address,
        party_phone=data.party_phone,
        discovered_at=data.discovered_at,
        officer1_id=data.officer_ids[0],
        officer2_id=data.officer_ids[1],
        proposed_by=actor.user_id,
        proposed_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    for iid in data.inspection_ids:
        session.add(CaseInspection(case_id=case.id, inspection_id=iid, added_at=now))
    session.add(
        state_machine.step_event(
            CaseEvent, actor, None, S.PROPOSED.value, note=data.cause, at=now, case_id=case.id
        )
    )
    session.flush()
    after = {"cause": data.cause, "source": data.source, "inspections": [str(i) for i in data.inspection_ids]}
    audit.record(session, actor, "case.propose", "case", case.id, after=after)
    return get_case(session, case.id)


def update(session: Session, actor: Actor, case_id: uuid.UUID, data: CaseInput) -> CaseView:
    """Correct a proposal before it is approved (cause, party, officers, summary, opinion)."""
    permissions.require(actor, TRANSITIONS[(None, S.PROPOSED)])
    case = load(session, case_id, for_update=True)
    if case.status != S.PROPOSED.value:
        raise UserError(
            tr("Only a case awaiting approval can be edited; the approved one is recorded as it was.")
        )
    data = _clean(replace(data, inspection_ids=()))
    problems = [p for p in validate(session, replace(data, source=CaseSource.REPORT.value), case.id)]
    if problems:
        raise ValidationError(problems)
    for name in LIMITS:
        setattr(case, name, getattr(data, name))
    case.party_kind = data.party_kind
    case.summary, case.opinion = data.summary, data.opinion
    case.officer1_id, case.officer2_id = data.officer_ids
    if data.discovered_at is not None:
        case.discovered_at = data.discovered_at
    case.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "case.update", "case", case.id, after=audit.state_of(case))
    return get_case(session, case.id)


def add_inspection(session: Session, actor: Actor, case_id: uuid.UUID, inspection_id: uuid.UUID) -> CaseView:
    """A later visit (or the re-inspection) belongs to the case too; its photos become the case's."""
    permissions.require(actor, Action.PROPOSE_CASE)
    case = load(session, case_id, for_update=True)
    if case.status in FINISHED:
        raise UserError(tr("The case is finished; nothing more can be added to it."))
    if session.get(Inspection, inspection_id) is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    if session.get(CaseInspection, (case.id, inspection_id)) is None:
        session.add(CaseInspection(case_id=case.id, inspection_id=inspection_id, added_at=utcnow()))
        session.flush()
        audit.record(
            session, actor, "case.inspection", "case", case.id, after={"inspection": str(inspection_id)}
        )
    return get_case(session, case.id)
