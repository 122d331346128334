"""Who may do what: each role against each action, in the rule book and enforced by the core.

The table below is the specification written out by hand; the rule book in
:mod:`inspector.services.permissions` must agree with it cell by cell, and the core must refuse
exactly the cells marked "no" when the action is attempted for real.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from inspector import workflows
from inspector.config import Config
from inspector.domain import AnswerResult, DocumentKind, EscalationKind, Role
from inspector.errors import PermissionDenied
from inspector.services import inspections, permissions, users
from inspector.services.actor import SYSTEM, Actor
from inspector.services.followup import views
from inspector.services.permissions import Action
from inspector.storage.db import Database
from tests.cases import attempts as case_attempts
from tests.factories import People, checklist, finalized, people, site
from tests.followup.helpers import reinspect, to_state

INS, OFF, SUP, ADM = Role.INSPECTOR, Role.OFFICE, Role.SUPERVISOR, Role.ADMIN
EXPECTED: dict[Action, set[Role]] = {
    Action.INSPECT: {INS, SUP, ADM},
    Action.REINSPECT: {INS, SUP, ADM},
    Action.ISSUE_RECORD: {INS, OFF, SUP, ADM},
    Action.ISSUE_NOTICE: {INS, OFF, SUP, ADM},
    Action.ISSUE_REINSPECTION: {INS, SUP, ADM},
    Action.SERVE: {INS, OFF, SUP, ADM},
    Action.VOID_DOCUMENT: {OFF, SUP, ADM},
    Action.CLOSE: {SUP, ADM},
    Action.ESCALATE: {SUP, ADM},
    Action.CHANGE_DEADLINE: {SUP, ADM},
    Action.PROPOSE_CASE: {INS, SUP, ADM},
    Action.KEEP_EVIDENCE: {INS, SUP, ADM},
    Action.INTERVIEW: {INS, SUP, ADM},
    Action.APPROVE_CASE: {SUP, ADM},
    Action.ISSUE_CASE_DOCUMENT: {INS, OFF, SUP, ADM},
    Action.DECIDE_KEPT: {SUP, ADM},
    Action.TRANSFER_CASE: {SUP, ADM},
    Action.DECIDE_CASE: {SUP, ADM},
    Action.CLOSE_CASE: {SUP, ADM},
}


def _actor(role: Role) -> Actor:
    return Actor(user_id=None, name=role.value, role=role)


def test_the_table_covers_every_action() -> None:
    assert set(EXPECTED) == set(Action)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_against_each_action(role: Role, action: Action) -> None:
    actor = _actor(role)
    allowed = role in EXPECTED[action]
    assert permissions.may(actor, action) is allowed
    if allowed:
        permissions.require(actor, action)
    else:
        with pytest.raises(PermissionDenied, match="无权") as refused:
            permissions.require(actor, action)
        assert permissions.action_label(action) in refused.value.message


def test_issuing_each_kind_is_its_own_action() -> None:
    assert [permissions.issuing(k) for k in DocumentKind] == [
        Action.ISSUE_RECORD,
        Action.ISSUE_NOTICE,
        Action.ISSUE_REINSPECTION,
        Action.ISSUE_RECORD,  # a 补充笔录 is issued by whoever may issue the 笔录
        *[Action.ISSUE_CASE_DOCUMENT] * 5,  # the five case documents
    ]


def test_who_may_be_listed_as_an_inspector(sqlite_db: Database) -> None:
    """One rule for the new inspection, the re-inspection, the random plan and the service."""
    with sqlite_db.write() as s:
        make = users.create_user
        make(s, SYSTEM, users.UserInput("zhang", "张伟", cert_no="41010020200001"))
        make(s, SYSTEM, users.UserInput("boss", "赵监督", role=SUP.value, cert_no="41010020180001"))
        make(s, SYSTEM, users.UserInput("office", "王办公", role=OFF.value, cert_no="41010020190001"))
        make(s, SYSTEM, users.UserInput("nocert", "李无证", role=SUP.value))
        gone = make(s, SYSTEM, users.UserInput("gone", "刘离职", cert_no="41010020170001"))
        users.set_active(s, SYSTEM, gone.id, False)
    with sqlite_db.read() as s:
        everyone = {u.username: u for u in users.list_users(s, active_only=False)}
        listed = {u.username for u in permissions.officers(s)}
    assert {"zhang", "boss"} <= listed and not listed & {"office", "nocert"}
    assert "办公室人员" in (permissions.inspector_refusal(everyone["office"]) or "")
    assert "执法证号" in (permissions.inspector_refusal(everyone["nocert"]) or "")
    assert "gone" not in listed and "停用" in (permissions.inspector_refusal(everyone["gone"]) or "")


# --- the core enforces the table ---------------------------------------------------------------


def _who(s: Session) -> tuple[People, dict[Role, Actor]]:
    who = people(s)
    admin = users.actor_for(
        users.create_user(
            s, SYSTEM, users.UserInput("root", "管理员", role=ADM.value, cert_no="41010020100001")
        )
    )
    return who, {INS: who.inspector_a, OFF: who.office, SUP: who.supervisor, ADM: admin}


Attempt = Callable[[Database, Config, People, Actor], None]


def _inspect(db: Database, config: Config, who: People, actor: Actor) -> None:
    with db.write() as s:
        inspections.start_inspection(
            s,
            actor,
            inspections.StartInput(
                site_id=site(s),
                form=checklist(),
                inspector_ids=who.pair,
                started_at=dt.datetime.now(dt.UTC),
            ),
        )


def _reinspect(db: Database, config: Config, who: People, actor: Actor) -> None:
    rid = to_state(db, who, "served")
    workflows.perform(
        db, lambda s: workflows.start_reinspection(s, actor, rid, who.pair, dt.datetime.now(dt.UTC))
    )


def _issue(kind: DocumentKind) -> Attempt:
    def attempt(db: Database, config: Config, who: People, actor: Actor) -> None:
        with db.write() as s:
            sid = site(s)
        iid = finalized(db, who, sid, {"T-01": "未悬挂许可证"})
        workflows.perform(db, lambda s: workflows.issue_document(s, actor, config, iid, kind))

    return attempt


def _issue_opinion(db: Database, config: Config, who: People, actor: Actor) -> None:
    with db.write() as s:
        sid = site(s)
    iid = finalized(db, who, sid, {"T-01": "未悬挂许可证"})
    changes = workflows.perform(
        db, lambda s: workflows.issue_document(s, who.office, config, iid, DocumentKind.NOTICE)
    )
    (rid,) = changes.rectifications
    workflows.perform(
        db, lambda s: workflows.serve_rectification(s, who.office, config, rid, served_on=views.local_today())
    )
    reinsp = reinspect(db, who, rid, {"T-01": AnswerResult.COMPLIANT}, record=False)
    workflows.perform(
        db, lambda s: workflows.issue_document(s, actor, config, reinsp, DocumentKind.REINSPECTION)
    )


def _serve(db: Database, config: Config, who: People, actor: Actor) -> None:
    rid = to_state(db, who, "issued")
    workflows.perform(
        db, lambda s: workflows.serve_rectification(s, actor, config, rid, served_on=views.local_today())
    )


def _decide(kind: str) -> Attempt:
    def attempt(db: Database, config: Config, who: People, actor: Actor) -> None:
        rid = to_state(db, who, "reinspected")
        if kind == "close":
            workflows.perform(db, lambda s: workflows.close(s, actor, rid, "已整改"))
        else:
            workflows.perform(db, lambda s: workflows.escalate(s, actor, rid, EscalationKind.CASE, "立案"))

    return attempt


def _void(db: Database, config: Config, who: People, actor: Actor) -> None:
    with db.write() as s:
        sid = site(s)
    iid = finalized(db, who, sid, {"T-01": "未悬挂许可证"})
    changes = workflows.perform(
        db, lambda s: workflows.issue_document(s, who.office, config, iid, DocumentKind.RECORD)
    )
    assert changes.created is not None
    workflows.perform(
        db, lambda s: workflows.void_document(s, actor, config, str(changes.created), "当事人名称写错")
    )


def _deadline(db: Database, config: Config, who: People, actor: Actor) -> None:
    rid = to_state(db, who, "issued")
    new = views.local_today() + dt.timedelta(days=30)
    workflows.perform(db, lambda s: workflows.change_deadline(s, actor, rid, new, "延期"))


ATTEMPTS: dict[Action, Attempt] = {
    Action.INSPECT: _inspect,
    Action.REINSPECT: _reinspect,
    Action.ISSUE_RECORD: _issue(DocumentKind.RECORD),
    Action.ISSUE_NOTICE: _issue(DocumentKind.NOTICE),
    Action.ISSUE_REINSPECTION: _issue_opinion,
    Action.SERVE: _serve,
    Action.VOID_DOCUMENT: _void,
    Action.CLOSE: _decide("close"),
    Action.ESCALATE: _decide("escalate"),
    Action.CHANGE_DEADLINE: _deadline,
    **case_attempts.ATTEMPTS,
}


@pytest.mark.parametrize("action", list(Action))
def test_the_core_refuses_exactly_what_the_table_refuses(
    sqlite_db: Database, sqlite_config: Config, action: Action
) -> None:
    with sqlite_db.write() as s:
        who, actors = _who(s)
    for role, actor in actors.items():
        if role in EXPECTED[action]:
            ATTEMPTS[action](sqlite_db, sqlite_config, who, actor)
        else:
            with pytest.raises(PermissionDenied, match="无权"):
                ATTEMPTS[action](sqlite_db, sqlite_config, who, actor)
