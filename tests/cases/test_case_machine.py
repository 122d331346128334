"""The case's state machine: every transition, allowed or refused, for every role.

The table below is the specification written out by hand; the machine's ``TRANSITIONS`` and the rule
book must agree with it cell by cell, and the workflows must do exactly what it allows when the
step is attempted for real.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.domain import CaseStatus, Role
from inspector.errors import PermissionDenied, UserError
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.cases import machine
from inspector.storage.case_models import CaseEvent
from inspector.storage.db import Database
from inspector.workflows import Changes
from inspector.workflows import cases as flows
from tests.cases.helpers import People, case_in, people, status_of

P, OPN, INV, T, D, C = (
    CaseStatus(s) for s in ("proposed", "opened", "investigating", "transferred", "decided", "closed")
)
INS, OFF, SUP, ADM = Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR, Role.ADMIN
# (from, to) -> the roles that may take the step; every pair not listed is refused to everyone.
ALLOWED: dict[tuple[CaseStatus | None, CaseStatus], set[Role]] = {
    (None, P): {INS, SUP, ADM},
    (P, OPN): {SUP, ADM},
    (P, T): {SUP, ADM},
    (P, C): {SUP, ADM},  # 不予立案
    (OPN, INV): {INS, SUP, ADM},  # the first evidence or interview after approval
    (OPN, T): {SUP, ADM},
    (INV, T): {SUP, ADM},
    (OPN, D): {SUP, ADM},
    (INV, D): {SUP, ADM},
    (T, C): {SUP, ADM},
    (D, C): {SUP, ADM},
}


def _actor(role: Role) -> Actor:
    return Actor(user_id=None, name=role.value, role=role)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("dst", list(CaseStatus))
@pytest.mark.parametrize("src", [None, *CaseStatus])
def test_the_table(src: CaseStatus | None, dst: CaseStatus, role: Role) -> None:
    allowed = role in ALLOWED.get((src, dst), set())
    if allowed:
        machine.check_transition(_actor(role), src.value if src else None, dst)
    else:
        with pytest.raises((UserError, PermissionDenied)):
            machine.check_transition(_actor(role), src.value if src else None, dst)
    assert set(machine.TRANSITIONS) == set(ALLOWED)


def _step(who: People, dst: CaseStatus, src: CaseStatus) -> Callable[[Session, Actor, uuid.UUID], Changes]:
    """The workflow a person uses to move a case to ``dst``."""
    if dst is OPN:
        return lambda s, a, cid: flows.approve_case(s, a, cid, "同意")
    if dst is T:
        return lambda s, a, cid: flows.transfer_case(s, a, cid, "police", "涉嫌犯罪")
    if dst is D:
        return lambda s, a, cid: flows.decide_case(s, a, cid, "处罚")
    if dst is INV:
        return lambda s, a, cid: flows.keep_item(s, a, cid, name="B超机")
    if dst is C and src is P:
        return lambda s, a, cid: flows.refuse_case(s, a, cid, "不属于本机关管辖")
    if dst is C:

        def close(s: Session, a: Actor, cid: uuid.UUID) -> Changes:
            from inspector.storage.case_models import KeptItem

            for item in s.execute(select(KeptItem).where(KeptItem.case_id == cid)).scalars():
                item.decision, item.decided_at = "return", item.kept_at
            return flows.close_case(s, a, cid, "结案")

        return close
    raise AssertionError(dst)


def _people_by_role(who: People) -> dict[Role, Actor]:
    return {INS: who.inspector_a, OFF: who.office, SUP: who.supervisor, ADM: Actor(None, "admin", ADM)}


REAL = [(src, dst) for (src, dst) in ALLOWED if src is not None]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("src", "dst"), REAL)
def test_every_allowed_step_for_real(
    sqlite_db: Database, src: CaseStatus, dst: CaseStatus, role: Role
) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, src)
    actor = _people_by_role(who)[role]
    step = _step(who, dst, src)
    if role in ALLOWED[(src, dst)]:
        changes = workflows.perform(db, lambda s: step(s, actor, cid))
        assert cid in changes.cases
        assert status_of(db, cid) == dst.value
        with db.read() as s:
            last = s.execute(
                select(CaseEvent).where(CaseEvent.case_id == cid).order_by(CaseEvent.at.desc()).limit(1)
            ).scalar_one()
            assert (last.from_status, last.to_status, last.actor_id) == (src.value, dst.value, actor.user_id)
            assert audit.verify_chain(s) == [] and audit.verify_rows(s) == []
    else:
        with pytest.raises(PermissionDenied):
            workflows.perform(db, lambda s: step(s, actor, cid))
        assert status_of(db, cid) == src.value


REFUSED = [
    (src, dst)
    for src in CaseStatus
    for dst in (OPN, T, D, C)
    if (src, dst) not in ALLOWED and src is not dst and (src, dst) not in ((OPN, C), (INV, C))
]


@pytest.mark.parametrize(("src", "dst"), REFUSED)
def test_every_refused_step_for_real(sqlite_db: Database, src: CaseStatus, dst: CaseStatus) -> None:
    """Even the supervisor cannot skip a step or go back; nothing changes."""
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, src)
    with pytest.raises(UserError):
        workflows.perform(db, lambda s: _step(who, dst, src)(s, who.supervisor, cid))
    assert status_of(db, cid) == src.value


@pytest.mark.parametrize("src", [OPN, INV])
def test_closing_a_case_under_investigation_records_the_decision_first(
    sqlite_db: Database, src: CaseStatus
) -> None:
    """``cases close ID --result`` on a case still being investigated is two steps of the machine, both
    in the history: 已作出处理 with the result, then 已结案; the machine alone refuses the jump."""
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, src)
    with pytest.raises(UserError), db.write() as s:
        machine.close(s, who.supervisor, cid, "结案")
    if src is INV:
        workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cid, "confiscate"))
    workflows.perform(db, lambda s: flows.close_case(s, who.supervisor, cid, "警告并罚款"))
    with db.read() as s:
        steps = [
            (e.from_status, e.to_status, e.note)
            for e in s.execute(
                select(CaseEvent).where(CaseEvent.case_id == cid).order_by(CaseEvent.at)
            ).scalars()
        ]
    assert steps[-2:] == [(src.value, "decided", "警告并罚款"), ("decided", "closed", "警告并罚款")]


def test_a_case_with_undecided_items_is_not_closed(sqlite_db: Database) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    cid = case_in(db, who, T)
    with pytest.raises(UserError, match="1"):
        workflows.perform(db, lambda s: flows.close_case(s, who.supervisor, cid, "结案"))
    assert status_of(db, cid) == T.value
