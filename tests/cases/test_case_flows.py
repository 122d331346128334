"""How cases come about and what they do to the rest: a finalized inspection with serious findings
calls for one, escalating a failed rectification proposes one, approving or transferring that case
escalates its rectification, and migration ``0012_cases`` turns the escalations made before into
cases awaiting approval, sealed in the audit trail (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import select

from inspector import workflows
from inspector.domain import AnswerResult, EscalationKind, PartyKind
from inspector.services import audit
from inspector.services.cases import views
from inspector.services.followup import machine as fmachine
from inspector.services.followup import views as fviews
from inspector.storage.case_models import Case, CaseEvent
from inspector.storage.db import Database, alembic_config
from inspector.workflows import cases as flows
from tests.cases.helpers import People, people, proposal, serious_inspection, unlicensed_site
from tests.followup.helpers import issued, reinspect


def _who(db: Database) -> People:
    with db.write() as s:
        return people(s)


def _failed(db: Database, who: People) -> tuple[object, object]:
    rid = issued(db, who)
    with db.write() as s:
        fmachine.serve(s, who.office, rid, fviews.local_today())
    reinsp = reinspect(db, who, rid, {"T-01": AnswerResult.NON_COMPLIANT, "T-05": AnswerResult.NON_COMPLIANT})
    return rid, reinsp


def test_serious_findings_call_for_a_case_until_one_is_proposed(sqlite_db: Database) -> None:
    db = sqlite_db
    who = _who(db)
    with db.write() as s:
        sid = unlicensed_site(s)
    iid = serious_inspection(db, who, sid)
    with db.read() as s:
        assert flows.calls_for_case(s, iid)
        data = flows.opening.suggestion(s, iid)
    assert data.party_kind == PartyKind.PERSON.value and data.cause == "东关村无证诊所涉嫌无证行医"
    assert data.inspection_ids == (iid,) and len(data.officer_ids) == 2
    changes = workflows.perform(db, lambda s: flows.propose_case(s, who.inspector_a, proposal(db, iid)))
    with db.read() as s:
        assert not flows.calls_for_case(s, iid)
        assert flows.views.cases_of_inspection(s, iid) == [changes.created]
    assert workflows.case_advice(workflows.Changes(case_proposed=frozenset({iid})))


def test_escalating_a_failed_rectification_proposes_the_case(db: Database) -> None:
    who = _who(db)
    rid, reinsp = _failed(db, who)
    changes = workflows.perform(
        db, lambda s: workflows.escalate(s, who.supervisor, rid, EscalationKind.TRANSFER, "拒不整改，移送")
    )
    assert changes.created is not None and changes.cases == {changes.created}
    with db.read() as s:
        case = views.get_case(s, changes.created)
        rect = fviews.get_rectification(s, rid)
        assert audit.verify_rows(s) == []
    assert case.status == "proposed" and case.rectification_id == rid and case.opinion == "拒不整改，移送"
    assert [i.id for i in case.inspections] == [rect.inspection_id, reinsp]
    assert case.party.kind == PartyKind.SITE.value and case.party.name == rect.site_name
    # Escalated again? The rectification keeps its one case.
    with db.write() as s:
        again = flows.case_for_escalation(s, who.supervisor, rid, reinsp, "")
    assert again.cases == {changes.created} and again.created is None


def test_approving_a_case_from_a_failed_reinspection_escalates_the_rectification(db: Database) -> None:
    who = _who(db)
    rid, reinsp = _failed(db, who)
    with db.read() as s:
        assert flows.calls_for_case(s, reinsp)
        data = flows.opening.suggestion(s, reinsp)
    assert data.rectification_id == rid
    cid = workflows.perform(db, lambda s: flows.propose_case(s, who.inspector_a, data)).created
    assert cid is not None
    changes = workflows.perform(db, lambda s: flows.approve_case(s, who.supervisor, cid, "同意立案"))
    assert rid in changes.rectifications
    with db.read() as s:
        rect = fviews.get_rectification(s, rid)
    assert (rect.status, rect.escalation) == ("escalated", "case")


def _rerun_migration(db: Database) -> None:
    cfg = alembic_config(db.engine)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0011_signin_throttle_marker")  # the revision before cases
        command.upgrade(cfg, "head")


def test_the_migration_turns_earlier_escalations_into_proposed_cases(db: Database) -> None:
    who = _who(db)
    rid, reinsp = _failed(db, who)
    with db.write() as s:  # what the app did before cases: a status and a note
        fmachine.escalate(s, who.supervisor, rid, EscalationKind.CASE, "拒不整改，立案查处")
    _rerun_migration(db)
    with db.read() as s:
        (case,) = s.execute(select(Case)).scalars().all()
        (event,) = s.execute(select(CaseEvent)).scalars().all()
        view = views.get_case(s, case.id)
        rect = fviews.get_rectification(s, rid)
        assert audit.verify_chain(s) == [] and audit.verify_rows(s) == []
    assert view.status == "proposed" and view.rectification_id == rid and view.summary == "拒不整改，立案查处"
    assert view.proposed_by_name == "赵监督" and view.party.name == rect.site_name
    assert [i.id for i in view.inspections] == [rect.inspection_id, reinsp]
    assert [o.name for o in view.officers] == ["张伟", "李芳"]
    assert event.to_status == "proposed" and "迁移 0012" in event.note
    assert view.discovered_at <= dt.datetime.now(dt.UTC)
    # The supervisor then approves it like any other proposal.
    workflows.perform(db, lambda s: flows.approve_case(s, who.supervisor, case.id, "同意立案"))
