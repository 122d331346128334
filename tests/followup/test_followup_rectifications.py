"""The rectification state machine on SQLite and PostgreSQL: every allowed and refused step,
permissions enforced in the core, overdue computed from the deadline, bad input refused untouched."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain import AnswerResult, EscalationKind, RectificationStatus
from inspector.errors import PermissionDenied, UserError, ValidationError
from inspector.services.actor import SYSTEM
from inspector.services.followup import board, machine, reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from inspector.storage.models import (
    AuditEvent,
    Inspection,
    Rectification,
    RectificationEscalation,
    RectificationEvent,
)
from tests.factories import People, people
from tests.followup.helpers import issued, reinspect, to_state

S = RectificationStatus
ALLOWED = {
    (None, S.ISSUED),
    (S.ISSUED, S.SERVED),
    (S.SERVED, S.REINSPECTED),
    (S.REINSPECTED, S.CLOSED),
    (S.REINSPECTED, S.ESCALATED),
}


def test_transition_table_is_exactly_the_documented_machine() -> None:
    assert set(machine.TRANSITIONS) == ALLOWED
    for src, dst in itertools.product([None, *S], S):
        if (src, dst) in ALLOWED:
            machine.check_transition(SYSTEM, src.value if src else None, dst)
        else:
            with pytest.raises(UserError, match="不能变为"):
                machine.check_transition(SYSTEM, src.value if src else None, dst)


def _snapshot(db: Database, rid: uuid.UUID) -> tuple[str, int, int, int]:
    with db.read() as s:
        rect = s.get(Rectification, rid)
        assert rect is not None
        events = s.execute(
            select(func.count())
            .select_from(RectificationEvent)
            .where(RectificationEvent.rectification_id == rid)
        ).scalar_one()
        reinspections = s.execute(
            select(func.count()).select_from(Inspection).where(Inspection.rectification_id == rid)
        ).scalar_one()
        audits = s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    return rect.status, events, reinspections, audits


def _try(db: Database, who: People, rid: uuid.UUID, action: str) -> bool:
    """Attempt ``action`` on ``rid`` in its own transaction; a refusal must leave everything as it was."""
    actions: dict[str, Callable[[Session], object]] = {
        "serve": lambda s: machine.serve(s, who.supervisor, rid, fviews.local_today()),
        "reinspect": lambda s: reinspection.start_reinspection(
            s, who.supervisor, rid, who.pair, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        ),
        "close": lambda s: machine.close(s, who.supervisor, rid, "结案"),
        "escalate": lambda s: machine.escalate(s, who.supervisor, rid, EscalationKind.TRANSFER, "移送公安"),
    }
    before = _snapshot(db, rid)
    try:
        with db.write() as s:
            actions[action](s)
    except UserError:
        assert _snapshot(db, rid) == before, f"{action} was refused but changed something"
        return False
    return True


def test_every_state_refuses_what_the_machine_forbids(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    allowed = {
        "issued": {"serve"},
        "served": {"reinspect"},
        "reinspected": {"close", "escalate"},
        "closed": set(),
        "escalated": set(),
    }
    for state, ok in allowed.items():
        rid = to_state(db, who, state)
        for action in ("serve", "reinspect", "close", "escalate"):
            if action not in ok:
                assert not _try(db, who, rid, action), (state, action)
        for action in sorted(ok)[:1]:  # the other allowed step of "reinspected" is taken by to_state
            assert _try(db, who, rid, action), (state, action)


def test_lifecycle_records_who_when_and_why(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    rid = to_state(db, who, "escalated")
    with db.read() as s:
        view = fviews.get_rectification(s, rid)
        kind = s.execute(
            select(RectificationEscalation.kind).where(RectificationEscalation.rectification_id == rid)
        ).scalar_one()
        audit_actions = list(
            s.execute(
                select(AuditEvent.action).where(AuditEvent.entity_id == str(rid)).order_by(AuditEvent.seq)
            ).scalars()
        )
    assert [(e.from_status, e.to_status) for e in view.events] == [
        (None, "issued"),
        ("issued", "served"),
        ("served", "reinspected"),
        ("reinspected", "escalated"),
    ]
    assert [e.actor_name for e in view.events] == ["王办公", "王办公", "张伟", "赵监督"]
    assert view.events[-1].note == "拒不整改，立案查处"
    assert view.events[2].note == "复查结果：已整改"
    assert all(e.at.tzinfo is not None for e in view.events)
    assert view.status == "escalated" and view.result == "corrected" and view.closed_at is not None
    assert kind == view.escalation == "case"
    assert view.served_at is not None and len(view.reinspections) == 1
    assert audit_actions == ["open", "transition", "reinspection", "transition", "transition"]


def test_roles_are_enforced_by_the_core(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    rid = issued(db, who)
    with db.write() as s:
        machine.serve(s, who.inspector_b, rid, fviews.local_today(), "当场签收")  # inspectors may serve
    reinspect(db, who, rid, {"T-01": AnswerResult.COMPLIANT, "T-05": AnswerResult.NON_COMPLIANT})
    for actor in (who.office, who.inspector_a):
        with pytest.raises(PermissionDenied, match="无权"), db.write() as s:
            machine.close(s, actor, rid, "结案")
        with pytest.raises(PermissionDenied, match="无权"), db.write() as s:
            machine.escalate(s, actor, rid, "case", "立案")
    with db.read() as s:
        view = fviews.get_rectification(s, rid)
    assert view.status == "reinspected" and view.result == "partly"
    assert machine.next_statuses(who.office, view.status) == [] and machine.next_statuses(
        who.supervisor, view.status
    ) == [
        "closed",
        "escalated",
    ]
    with pytest.raises(ValidationError), db.write() as s:  # partly corrected: closing needs a reason
        machine.close(s, who.supervisor, rid, "  ")
    with db.write() as s:
        assert machine.close(s, who.supervisor, rid, "部分整改，另案处理").status == "closed"


def test_overdue_is_computed_from_the_deadline(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    today = fviews.local_today()
    a = issued(db, who, deadline_days=2)  # issued, due in 2 days
    b = issued(db, who, deadline_days=10)
    c = to_state(db, who, "reinspected")  # deadline 10 days: never overdue once re-inspected
    with db.write() as s:
        machine.serve(s, who.office, b, today)
    with db.read() as s:
        rows = {r.id: r for r in board.list_rectifications(s, today=today)}
        assert not any(r.overdue for r in rows.values())
        assert rows[a].due_soon and not rows[b].due_soon and rows[a].days_left == 2
        assert board.board_counts(s, today) == board.BoardCounts(open=3, overdue=0, due_soon=1)
        later = today + dt.timedelta(days=11)
        rows = {r.id: r for r in board.list_rectifications(s, today=later)}
        assert rows[a].overdue and rows[b].overdue and not rows[c].overdue
        assert rows[a].display_status == "overdue" and rows[c].display_status == "reinspected"
        assert board.board_counts(s, later) == board.BoardCounts(open=3, overdue=2, due_soon=0)
        f = board.RectificationFilter(statuses=("overdue",))
        assert {r.id for r in board.list_rectifications(s, f, today=later)} == {a, b}
        assert board.count_rectifications(s, f, today=later) == 2
        assert board.count_rectifications(s, f, today=today) == 0
        stored = set(s.execute(select(Rectification.status)).scalars())
    assert "overdue" not in stored


def test_bad_input_is_refused_and_nothing_changes(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    rid = issued(db, who)
    with db.read() as s:
        rect = s.get(Rectification, rid)
        assert rect is not None
        iid = rect.inspection_id
    # a deadline before the issue date, when opening and when changing it
    before = _snapshot(db, rid)
    with pytest.raises(ValidationError, match="早于"), db.write() as s:
        machine.change_deadline(s, who.supervisor, rid, fviews.local_today() - dt.timedelta(days=1), "延期")
    with pytest.raises(ValidationError), db.write() as s:
        machine.open_rectification(s, who.office, iid, deadline=fviews.local_today() - dt.timedelta(days=3))
    # serving in the future
    with pytest.raises(ValidationError, match="将来"), db.write() as s:
        machine.serve(s, who.office, rid, fviews.local_today() + dt.timedelta(days=3))
    assert _snapshot(db, rid) == before
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Rectification)).scalar_one() == 1
    # an escalation without a note, an unknown escalation kind
    rid2 = to_state(db, who, "reinspected")
    before = _snapshot(db, rid2)
    with pytest.raises(ValidationError, match="说明"), db.write() as s:
        machine.escalate(s, who.supervisor, rid2, EscalationKind.CASE, "   ")
    with pytest.raises(ValidationError), db.write() as s:
        machine.escalate(s, who.supervisor, rid2, "prison", "立案")
    assert _snapshot(db, rid2) == before
    # a re-inspection of a closed rectification
    with db.write() as s:
        machine.close(s, who.supervisor, rid2, "")
    before = _snapshot(db, rid2)
    with pytest.raises(UserError, match="已结案"), db.write() as s:
        reinspection.start_reinspection(s, who.inspector_a, rid2, who.pair, dt.datetime.now(dt.UTC))
    assert _snapshot(db, rid2) == before
    # a valid deadline change is recorded as an event with the old and new dates
    new = fviews.local_today() + dt.timedelta(days=30)
    with db.write() as s:
        view = machine.change_deadline(s, who.supervisor, rid, new, "当事人申请延期")
    assert view.deadline == new and "当事人申请延期" in view.events[-1].note and view.status == "issued"
    with pytest.raises(PermissionDenied), db.write() as s:
        machine.change_deadline(s, who.office, rid, new + dt.timedelta(days=1), "延期")
