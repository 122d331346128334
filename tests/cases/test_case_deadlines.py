"""The two 7-day rules on a fixed clock: 立案 within 7 days of the discovery, and a decision on kept
items within 7 days (行政处罚法 第五十六条), shown from day 5 and red after day 7."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector import workflows
from inspector.services import office_days
from inspector.services.cases import board, deadlines, views
from inspector.services.cases.deadlines import KeptState
from inspector.storage.db import Database
from inspector.workflows import cases as flows
from tests.cases.helpers import People, people, proposed

# Noon local time on 2 March: the day of keeping is not counted, so the decision is due by 9 March.
KEPT = dt.datetime(2026, 3, 2, 12, 0).astimezone()
DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (DAY, KeptState.WAITING),
        (DAY + dt.timedelta(days=4), KeptState.WAITING),
        (DAY + dt.timedelta(days=5), KeptState.DUE_SOON),  # day 5: on the supervisor's board
        (DAY + dt.timedelta(days=7), KeptState.DUE_SOON),  # the last day
        (DAY + dt.timedelta(days=8), KeptState.OVERDUE),  # red
        (DAY + dt.timedelta(days=40), KeptState.OVERDUE),
    ],
)
def test_kept_item_states(today: dt.date, state: KeptState) -> None:
    assert deadlines.kept_due(KEPT) == dt.date(2026, 3, 9)
    assert deadlines.kept_state(KEPT, None, today) is state
    assert deadlines.kept_state(KEPT, KEPT + dt.timedelta(days=30), today) is KeptState.DECIDED


def test_decided_in_time_counts_the_due_day() -> None:
    assert deadlines.decided_in_time(KEPT, dt.datetime(2026, 3, 9, 23, 0).astimezone())
    assert not deadlines.decided_in_time(KEPT, dt.datetime(2026, 3, 10, 8, 0).astimezone())
    assert not deadlines.decided_in_time(KEPT, None)


@pytest.mark.parametrize(("days", "late"), [(0, False), (7, False), (8, True)])
def test_open_within_seven_days(days: int, late: bool) -> None:
    found = dt.datetime(2026, 3, 2, 9, 0).astimezone()
    approved = found + dt.timedelta(days=days)
    assert deadlines.open_due(found) == dt.date(2026, 3, 9)
    assert deadlines.open_late(found, approved, DAY + dt.timedelta(days=100)) is late
    # Still waiting: late from the day after the due day.
    assert deadlines.open_late(found, None, DAY + dt.timedelta(days=days)) is late


def _who(db: Database) -> People:
    with db.write() as s:
        return people(s)


def test_the_supervisor_board_from_day_five(db: Database) -> None:
    """Items kept 4, 5 and 8 days before a fixed today: the first list is not on the board, the second
    is (due soon), the third is overdue; a decided list leaves the board. SQLite and PostgreSQL."""
    who = _who(db)
    today = office_days.local_today() - dt.timedelta(days=30)  # a fixed day, passed to every query
    kept = {n: dt.datetime.combine(today - dt.timedelta(days=n), dt.time(10)).astimezone() for n in (4, 5, 8)}
    found = dt.datetime.combine(today - dt.timedelta(days=9), dt.time(9)).astimezone()
    cases = {n: proposed(db, who, started_at=found) for n in kept}
    for n, cid in cases.items():
        workflows.perform(
            db,
            lambda s, cid=cid, n=n: flows.keep_item(s, who.inspector_a, cid, name="B超机", kept_at=kept[n]),
        )
    with db.read() as s:
        rows = {r.id: r for r in board.kept_due(s, today=today)}
        listed = {r.id: r for r in board.list_cases(s, today=today)}
        view = views.get_case(s, cases[8], today=today)
    assert set(rows) == {cases[5], cases[8]}
    assert rows[cases[5]].kept_state is KeptState.DUE_SOON
    assert rows[cases[8]].kept_state is KeptState.OVERDUE and rows[cases[8]].overdue
    assert (
        listed[cases[4]].kept_state is KeptState.WAITING
        and listed[cases[4]].kept_state is not KeptState.OVERDUE
    )
    assert view.kept_state is KeptState.OVERDUE and view.kept_due == today - dt.timedelta(days=1)
    # Waiting 9 days for approval: 立案 is late too.
    assert view.open_late and listed[cases[4]].overdue
    workflows.perform(db, lambda s: flows.decide_kept(s, who.supervisor, cases[8], "confiscate"))
    with db.read() as s:
        assert {r.id for r in board.kept_due(s, today=today)} == {cases[5]}
        assert board.counts(s, today=today).waiting == 3


def test_an_approval_after_seven_days_is_flagged(sqlite_db: Database) -> None:
    db = sqlite_db
    who = _who(db)
    found = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    cid = proposed(db, who, started_at=found)
    workflows.perform(db, lambda s: flows.approve_case(s, who.supervisor, cid, "同意立案"))
    with db.read() as s:
        view = views.get_case(s, cid)
    assert view.open_late and view.approved_by_name == "赵监督"
    on_time = proposed(db, who, started_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    workflows.perform(db, lambda s: flows.approve_case(s, who.supervisor, on_time))
    with db.read() as s:
        assert not views.get_case(s, on_time).open_late
