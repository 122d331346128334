"""``inspector demo`` leaves rectifications in every state, some overdue, and a dashboard with figures."""

from __future__ import annotations

import datetime as dt

from inspector import demo
from inspector.config import Config
from inspector.services import reports, stats_summary
from inspector.services.followup import board
from inspector.services.followup import views as fviews
from inspector.storage.db import Database


def test_demo_has_rectifications_in_every_state(sqlite_config: Config, sqlite_db: Database) -> None:
    result = demo.seed(sqlite_db, sqlite_config)
    assert result.extra["rectifications"] >= 6
    with sqlite_db.read() as s:
        every = board.RectificationFilter(statuses=("issued", "served", "reinspected", "closed", "escalated"))
        rows = board.list_rectifications(s, every)
        counts = board.board_counts(s)
        today = fviews.local_today()
        stats = reports.compute(s, reports.Period(today - dt.timedelta(days=200), today))
        slow = reports.compute(s, reports.Period(today - dt.timedelta(days=200), today), summary=False)
        assert stats_summary.differences(s) == []  # the services kept the summary while seeding
        views = [fviews.get_rectification(s, r.id) for r in rows]
    assert {r.status for r in rows} == {"issued", "served", "reinspected", "closed", "escalated"}
    assert counts.overdue >= 2 and counts.due_soon >= 1
    assert {v.escalation for v in views} >= {"case", "transfer"}
    assert all(v.events[0].to_status == "issued" for v in views)
    assert any(r.status == "served" and r.overdue for r in rows) and any(
        r.status == "issued" and r.overdue for r in rows
    )
    share = stats.table("deadline_share").rows
    assert share and share[-1][2] >= 1 and share[-1][3] >= 1  # corrected on time and late
    assert stats.table("days_to_correct").rows
    assert [t.rows for t in stats.tables] == [t.rows for t in slow.tables]
    assert demo.seed(sqlite_db, sqlite_config).created is False  # a second run changes nothing
