"""The original finding and its photos beside a re-inspection's answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inspector.config import Config
from inspector.services.followup import machine, reinspection
from inspector.services.followup import views as fviews
from inspector.storage.db import Database
from inspector.ui.context import UiContext
from inspector.ui.followup import OriginalFindingPanel
from tests.factories import people
from tests.followup.helpers import issued


def test_original_finding_panel(qtbot: Any, qapp: object, sqlite_config: Config, sqlite_db: Database) -> None:
    db = sqlite_db
    with db.write() as s:
        who = people(s)
    rid = issued(db, who, bad={"T-02": "内间发现B超机1台", "T-05": "未张贴标志"})
    with db.write() as s:
        machine.serve(s, who.office, rid, fviews.local_today())
    with db.write() as s:
        view = reinspection.start_reinspection(
            s, who.inspector_a, rid, who.pair, dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        )
    panel = OriginalFindingPanel(UiContext(config=sqlite_config, db=db), view.id)
    qtbot.addWidget(panel)
    assert not panel.isHidden()
    panel.set_item("T-02")
    assert panel.text.text() == "内间发现B超机1台"
    assert panel._thumbs.count() == 2  # the photo (its file is not in the store: shown by name) + stretch
    panel.set_item("T-05")
    assert panel.text.text() == "未张贴标志" and panel._thumbs.count() == 1
    routine = OriginalFindingPanel(UiContext(config=sqlite_config, db=db), view.id.__class__(int=1))
    qtbot.addWidget(routine)
    assert routine.isHidden()
