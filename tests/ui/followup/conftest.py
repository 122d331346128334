"""The follow-up UI tests: Qt offscreen and a data directory holding rectifications in every state."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inspector.config import Config
from inspector.storage.db import Database
from inspector.ui.context import UiContext
from tests.factories import people
from tests.followup.helpers import Board, issued, to_state


@pytest.fixture(autouse=True)
def _chinese_ui(zh_ui: None) -> None:
    """The board and its dialogs in Chinese, as a user sees them by default."""


@pytest.fixture
def board_data(sqlite_db: Database) -> Board:
    """One rectification per state, plus one overdue (issued 20 days ago, 10 days to correct) and one
    due in two days in another district."""
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    ids = {
        state: to_state(db, who, state)
        for state in ("issued", "served", "reinspected", "closed", "escalated")
    }
    ids["overdue"] = issued(
        db, who, days_ago=20, deadline_days=10, district="河西镇", kind="pharmacy", bad={"T-03": "登记簿缺页"}
    )
    ids["due_soon"] = issued(db, who, deadline_days=2, district="河西镇")
    return Board(who, ids)


@pytest.fixture
def ui(qapp: object, sqlite_config: Config, sqlite_db: Database, board_data: Board) -> UiContext:
    """The UI context acting as the supervisor."""
    return UiContext(config=sqlite_config, db=sqlite_db, actor=board_data.who.supervisor)
