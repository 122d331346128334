"""Each case action attempted for real by a given person, for the permission table's test
(``tests/workflows/test_permissions.py``): the attempt prepares what the action needs as whoever may,
then takes the action as ``actor``."""

from __future__ import annotations

from collections.abc import Callable

from inspector import workflows
from inspector.config import Config
from inspector.domain import CaseStatus, DocumentKind
from inspector.services.actor import Actor
from inspector.services.cases.interviews import InterviewInput
from inspector.services.permissions import Action
from inspector.storage.db import Database
from inspector.workflows import cases as flows
from tests.cases.helpers import OPERATOR_ID, People, case_in, proposal, serious_inspection, unlicensed_site

Attempt = Callable[[Database, Config, People, Actor], None]


def _propose(db: Database, config: Config, who: People, actor: Actor) -> None:
    with db.write() as s:
        sid = unlicensed_site(s)
    iid = serious_inspection(db, who, sid)
    workflows.perform(db, lambda s: flows.propose_case(s, actor, proposal(db, iid)))


def _keep(db: Database, config: Config, who: People, actor: Actor) -> None:
    cid = case_in(db, who, CaseStatus.OPENED)
    workflows.perform(db, lambda s: flows.keep_item(s, actor, cid, name="B超机"))


def _interview(db: Database, config: Config, who: People, actor: Actor) -> None:
    cid = case_in(db, who, CaseStatus.OPENED)
    data = InterviewInput(person_name="王某某", person_id_number=OPERATOR_ID)
    workflows.perform(db, lambda s: flows.start_interview(s, actor, cid, data))


def _issue(db: Database, config: Config, who: People, actor: Actor) -> None:
    cid = case_in(db, who, CaseStatus.OPENED, config=config)
    workflows.perform(
        db, lambda s: flows.issue_case_document(s, actor, config, cid, DocumentKind.CASE_REPORT)
    )


def _on(status: CaseStatus, step: Callable[[Actor], Callable[..., workflows.Changes]]) -> Attempt:
    def attempt(db: Database, config: Config, who: People, actor: Actor) -> None:
        cid = case_in(db, who, status)
        workflows.perform(db, lambda s: step(actor)(s, cid))

    return attempt


ATTEMPTS: dict[Action, Attempt] = {
    Action.PROPOSE_CASE: _propose,
    Action.KEEP_EVIDENCE: _keep,
    Action.INTERVIEW: _interview,
    Action.ISSUE_CASE_DOCUMENT: _issue,
    Action.APPROVE_CASE: _on(CaseStatus.PROPOSED, lambda a: lambda s, c: flows.approve_case(s, a, c)),
    Action.DECIDE_KEPT: _on(
        CaseStatus.INVESTIGATING, lambda a: lambda s, c: flows.decide_kept(s, a, c, "return")
    ),
    Action.TRANSFER_CASE: _on(
        CaseStatus.INVESTIGATING, lambda a: lambda s, c: flows.transfer_case(s, a, c, "police", "涉嫌犯罪")
    ),
    Action.DECIDE_CASE: _on(
        CaseStatus.INVESTIGATING, lambda a: lambda s, c: flows.decide_case(s, a, c, "处罚")
    ),
    Action.CLOSE_CASE: _on(CaseStatus.DECIDED, lambda a: lambda s, c: _close(s, a, c)),
}


def _close(s: object, actor: Actor, case_id: object) -> workflows.Changes:
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from inspector.storage.case_models import KeptItem
    from inspector.storage.types import utcnow

    assert isinstance(s, Session)
    s.execute(
        update(KeptItem).where(KeptItem.case_id == case_id).values(decision="return", decided_at=utcnow())
    )
    return flows.close_case(s, actor, case_id, "结案")  # type: ignore[arg-type]
