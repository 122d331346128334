"""Inspections: start, answer item by item, finalize, correct by addendum.

Every answer is its own transaction (autosave): the UI calls :func:`record_answer` on each change and
the row is committed before the call returns, so a crash never loses a tap. Once finalized an
inspection is read-only; corrections are appended as :class:`Addendum` rows with who, when and why.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, InspectionKind, InspectionStatus
from inspector.errors import NotFoundError, UserError, ValidationError
from inspector.forms import AnswerState, Form, missing_for_finalize, summarize
from inspector.forms import Summary as FormSummary
from inspector.i18n import tr
from inspector.services import audit, permissions, stats_summary
from inspector.services.actor import Actor
from inspector.services.form_snapshots import load_snapshot, store_snapshot
from inspector.services.permissions import Action, inspector_refusal
from inspector.services.users import validate_cert_no
from inspector.storage.lookup import row_by_id
from inspector.storage.models import Addendum, Answer, Inspection, InspectionInspector, Photo, Site, User
from inspector.storage.rows import view_of
from inspector.storage.types import utcnow

CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_FINDING = 4000


@dataclass(frozen=True)
class StartInput:
    site_id: uuid.UUID
    form: Form
    inspector_ids: Sequence[uuid.UUID]
    started_at: dt.datetime
    party_name: str = ""
    party_title: str = ""
    party_phone: str = ""
    companions: str = ""
    location_note: str = ""
    kind: str = InspectionKind.ROUTINE.value
    rectification_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None


@dataclass(frozen=True)
class InspectorView:
    user_id: uuid.UUID
    name: str
    cert_no: str | None


@dataclass(frozen=True)
class AnswerView:
    item_code: str
    result: str
    value: str | None
    finding: str
    correction: str | None
    deadline_days: int | None
    updated_at: dt.datetime

    def state(self) -> AnswerState:
        return AnswerState(result=AnswerResult(self.result), value=self.value, finding=self.finding)


@dataclass(frozen=True)
class AddendumView:
    id: uuid.UUID
    item_code: str | None
    text: str
    reason: str
    created_by: str
    created_at: dt.datetime


@dataclass(frozen=True)
class InspectionView:
    id: uuid.UUID
    site_id: uuid.UUID
    site_name: str
    site_kind: str
    kind: str
    form_id: str
    form_version: str
    form_sha256: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    finalized_at: dt.datetime | None
    party_name: str
    party_title: str
    party_phone: str
    companions: str
    location_note: str
    last_item_code: str | None
    rectification_id: uuid.UUID | None
    inspectors: tuple[InspectorView, ...]
    party_id_no: str = ""
    recusal: str | None = None
    signature_refused: bool = False
    witness_name: str = ""
    witness_detail: str = ""
    answers: dict[str, AnswerView] = field(default_factory=dict)
    addenda: tuple[AddendumView, ...] = ()

    @property
    def finalized(self) -> bool:
        return self.status == InspectionStatus.FINALIZED.value

    def states(self) -> dict[str, AnswerState]:
        return {code: a.state() for code, a in self.answers.items()}


def load_inspection(session: Session, inspection_id: uuid.UUID, *, for_update: bool = False) -> Inspection:
    insp = row_by_id(session, Inspection, inspection_id, for_update=for_update)
    if insp is None:
        raise NotFoundError(tr("No inspection with id {id}.", id=inspection_id))
    return insp


def _ensure_draft(insp: Inspection) -> None:
    if insp.status != InspectionStatus.DRAFT.value:
        raise UserError(tr("This inspection is finalized and read-only. Add an addendum to correct it."))


def _answer_view(a: Answer) -> AnswerView:
    return view_of(AnswerView, a)


def get_inspection(session: Session, inspection_id: uuid.UUID) -> InspectionView:
    insp = load_inspection(session, inspection_id)
    site = session.get(Site, insp.site_id)
    assert site is not None
    answers = session.execute(select(Answer).where(Answer.inspection_id == insp.id)).scalars()
    addenda = list(
        session.execute(
            select(Addendum).where(Addendum.inspection_id == insp.id).order_by(Addendum.created_at)
        ).scalars()
    )
    # One query for the people this view names: its inspectors and the authors of its addenda.
    wanted = {i.user_id for i in insp.inspectors} | {d.created_by for d in addenda if d.created_by}
    users = {u.id: u for u in session.execute(select(User).where(User.id.in_(wanted))).scalars()}
    return view_of(
        InspectionView,
        insp,
        site_name=site.name,
        site_kind=site.kind,
        party_id_no=insp.party_id_no or "",
        signature_refused=bool(insp.signature_refused),
        witness_name=insp.witness_name or "",
        witness_detail=insp.witness_detail or "",
        inspectors=tuple(
            InspectorView(i.user_id, users[i.user_id].name, users[i.user_id].cert_no) for i in insp.inspectors
        ),
        answers={a.item_code: _answer_view(a) for a in answers},
        addenda=tuple(
            AddendumView(
                d.id,
                d.item_code,
                d.text,
                d.reason,
                users[d.created_by].name if d.created_by in users else ("" if d.created_by else "system"),
                d.created_at,
            )
            for d in addenda
        ),
    )


def form_of(session: Session, inspection_id: uuid.UUID) -> Form:
    """The checklist exactly as this inspection used it (its frozen snapshot)."""
    return load_snapshot(session, load_inspection(session, inspection_id).form_sha256)


def _officer_problems(session: Session, ids: Sequence[uuid.UUID]) -> list[tuple[str, str]]:
    """Each listed officer must be one who may be (the rule in :mod:`permissions`), with a valid 执法证号."""
    problems: list[tuple[str, str]] = []
    users = {u.id: u for u in session.execute(select(User).where(User.id.in_(ids))).scalars()}
    for uid in dict.fromkeys(ids):
        u = users.get(uid)
        refusal = tr("An inspector was not found or is deactivated.") if u is None else inspector_refusal(u)
        if refusal is None and u is not None and u.cert_no:
            msg = validate_cert_no(session, u.cert_no)
            refusal = f"{u.name}: {msg}" if msg else None
        if refusal is not None:
            problems.append(("inspectors", refusal))
    return problems


def validate_start(session: Session, data: StartInput) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    site = session.get(Site, data.site_id)
    if site is None:
        problems.append(("site", tr("Choose the site to inspect.")))
    elif not site.active:
        problems.append(
            ("site", tr('The site "{name}" is deactivated; reactivate it first.', name=site.name))
        )
    ids = list(data.inspector_ids)
    if len(ids) < 2:
        problems.append(
            (
                "inspectors",
                tr("An inspection needs at least two inspectors (law enforcement by two officers)."),
            )
        )
    if len(set(ids)) != len(ids):
        problems.append(
            ("inspectors", tr("The same inspector is listed twice; choose two different people."))
        )
    problems += _officer_problems(session, ids)
    if data.started_at.tzinfo is None:
        problems.append(("started_at", tr("The start time needs a time zone.")))
    elif data.started_at > utcnow() + CLOCK_SKEW:
        problems.append(
            ("started_at", tr("The start time is in the future; check the date and the laptop's clock."))
        )
    for fld, limit in (
        ("party_name", 64),
        ("party_title", 64),
        ("party_phone", 32),
        ("companions", 200),
        ("location_note", 300),
    ):
        if len(getattr(data, fld)) > limit:
            problems.append((fld, tr("Too long: at most {limit} characters.", limit=limit)))
    return problems


def start_inspection(session: Session, actor: Actor, data: StartInput) -> InspectionView:
    permissions.require(actor, Action.INSPECT)
    problems = validate_start(session, data)
    if problems:
        raise ValidationError(problems)
    sha = store_snapshot(session, data.form)
    insp = Inspection(
        id=uuid.uuid4(),
        site_id=data.site_id,
        kind=data.kind,
        form_id=data.form.id,
        form_version=str(data.form.version),
        form_sha256=sha,
        status=InspectionStatus.DRAFT.value,
        started_at=data.started_at,
        created_by=actor.user_id,
        party_name=data.party_name.strip(),
        party_title=data.party_title.strip(),
        party_phone=data.party_phone.strip(),
        companions=data.companions.strip(),
        location_note=data.location_note.strip(),
        rectification_id=data.rectification_id,
        plan_id=data.plan_id,
    )
    insp.inspectors = [
        InspectionInspector(position=i, user_id=uid) for i, uid in enumerate(data.inspector_ids)
    ]
    session.add(insp)
    session.flush()
    audit.record(
        session,
        actor,
        "start",
        "inspection",
        insp.id,
        after={
            "site": str(data.site_id),
            "form": data.form.id,
            "form_sha256": sha,
            "inspectors": [str(u) for u in data.inspector_ids],
        },
    )
    _answer_from_registry(session, actor, insp, data.form)
    return get_inspection(session, insp.id)


def _answer_from_registry(session: Session, actor: Actor, insp: Inspection, form: Form) -> None:
    """Record what the site's kind already answers (a wholesaler's 经营类型 is 药品批发), so the
    walk-through neither asks it again nor hides the items that depend on it until it is answered."""
    site = session.get(Site, insp.site_id)
    for item in form.items:
        implied = dict(item.answer_for_site_kind).get(site.kind) if site is not None else None
        if implied is not None:
            record_answer(session, actor, insp.id, item.code, value=implied)
    insp.last_item_code = None  # the walk-through starts at the first item still to answer


_UNSET = object()


def _answer_row(
    session: Session, inspection_id: uuid.UUID, code: str
) -> tuple[Answer, dict[str, str | None] | None]:
    """The item's answer row (a new, unanswered one if there is none) and what it said before."""
    answer = session.execute(
        select(Answer).where(Answer.inspection_id == inspection_id, Answer.item_code == code)
    ).scalar_one_or_none()
    if answer is not None:
        return answer, {"result": answer.result, "value": answer.value, "finding": answer.finding}
    answer = Answer(
        id=uuid.uuid4(),
        inspection_id=inspection_id,
        item_code=code,
        result=AnswerResult.UNANSWERED.value,
        finding="",
    )
    session.add(answer)
    return answer, None


def record_answer(
    session: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    item_code: str,
    *,
    result: AnswerResult | None = None,
    value: str | object | None = _UNSET,
    finding: str | None = None,
    correction: str | object | None = _UNSET,
    deadline_days: int | object | None = _UNSET,
) -> AnswerView:
    """Create or change one item's answer; only the given fields change."""
    permissions.require(actor, Action.INSPECT)
    insp = load_inspection(session, inspection_id)
    _ensure_draft(insp)
    form = load_snapshot(session, insp.form_sha256)
    if not form.has_item(item_code):
        raise NotFoundError(tr("The checklist {form} has no item {code}.", form=form.id, code=item_code))
    item = form.item(item_code)
    if finding is not None and len(finding) > MAX_FINDING:
        raise ValidationError(
            [("finding", tr("The finding is too long: at most {limit} characters.", limit=MAX_FINDING))]
        )
    if isinstance(deadline_days, int) and not 1 <= deadline_days <= 365:
        raise ValidationError([("deadline_days", tr("The deadline must be 1 to 365 days."))])
    answer, before = _answer_row(session, inspection_id, item.code)
    if result is not None:
        answer.result = AnswerResult(result).value
    if value is not _UNSET:
        answer.value = value  # type: ignore[assignment]
    if finding is not None:
        answer.finding = finding
    if correction is not _UNSET:
        answer.correction = correction  # type: ignore[assignment]
    if deadline_days is not _UNSET:
        answer.deadline_days = deadline_days  # type: ignore[assignment]
    answer.updated_by = actor.user_id
    answer.updated_at = utcnow()
    insp.last_item_code = item.code
    session.flush()
    audit.record(
        session,
        actor,
        "answer",
        "inspection",
        inspection_id,
        before=before,
        after={"result": answer.result, "value": answer.value, "finding": answer.finding},
        detail={"item": item.code},
    )
    return _answer_view(answer)


def update_details(
    session: Session,
    actor: Actor,
    inspection_id: uuid.UUID,
    *,
    party_name: str | None = None,
    party_title: str | None = None,
    party_phone: str | None = None,
    companions: str | None = None,
    location_note: str | None = None,
) -> None:
    permissions.require(actor, Action.INSPECT)
    insp = load_inspection(session, inspection_id)
    _ensure_draft(insp)
    changes = {
        k: v.strip()
        for k, v in {
            "party_name": party_name,
            "party_title": party_title,
            "party_phone": party_phone,
            "companions": companions,
            "location_note": location_note,
        }.items()
        if v is not None
    }
    for k, v in changes.items():
        setattr(insp, k, v)
    session.flush()
    audit.record(session, actor, "update", "inspection", inspection_id, after=changes)


def set_position(session: Session, inspection_id: uuid.UUID, item_code: str) -> None:
    """Remember where the walk-through was, so a reopened inspection resumes at that item."""
    insp = load_inspection(session, inspection_id)
    if insp.status == InspectionStatus.DRAFT.value:
        insp.last_item_code = item_code


def photo_counts(session: Session, inspection_id: uuid.UUID) -> dict[str, int]:
    q = (
        select(Photo.item_code, func.count())
        .where(Photo.inspection_id == inspection_id, Photo.deleted_at.is_(None))
        .group_by(Photo.item_code)
    )
    return {code or "": int(n) for code, n in session.execute(q)}


def summary(session: Session, inspection_id: uuid.UUID) -> FormSummary:
    view = get_inspection(session, inspection_id)
    return summarize(load_snapshot(session, view.form_sha256), view.states())


@dataclass(frozen=True)
class FinalizeProblem:
    item_code: str | None
    message: str


class FinalizeRefused(ValidationError):
    """Finalize refused; ``items`` lists what is missing in checklist order, so the UI jumps to the first."""

    def __init__(self, items: list[FinalizeProblem]) -> None:
        self.items = items
        super().__init__([(p.item_code or "", p.message) for p in items])


def finalize(
    session: Session, actor: Actor, inspection_id: uuid.UUID, finished_at: dt.datetime | None = None
) -> InspectionView:
    permissions.require(actor, Action.INSPECT)
    insp = load_inspection(session, inspection_id, for_update=True)
    _ensure_draft(insp)
    view = get_inspection(session, inspection_id)
    form = load_snapshot(session, insp.form_sha256)
    problems = missing_for_finalize(form, view.states(), photo_counts(session, inspection_id))
    if problems:
        raise FinalizeRefused([FinalizeProblem(p.code, p.message) for p in problems])
    now = utcnow()
    end = finished_at or now
    if end < insp.started_at:
        raise ValidationError([("finished_at", tr("The end time is before the start time."))])
    insp.finished_at = end
    insp.finalized_at = now
    insp.finalized_by = actor.user_id
    insp.status = InspectionStatus.FINALIZED.value
    session.flush()
    stats_summary.refresh_for(session, inspection_ids=[inspection_id])
    s = summarize(form, view.states())
    audit.record(
        session,
        actor,
        "finalize",
        "inspection",
        inspection_id,
        after={"answers": {c: a.result for c, a in view.answers.items()}},
        detail={"non_compliant": s.non_compliant, "serious": len(s.serious_findings)},
    )
    return get_inspection(session, inspection_id)
