"""Law enforcement by two different officers: the core refuses the same person in both places, for
an inspection and for a re-inspection alike (the screens make the choice impossible as well, see
``tests/ui/test_small_things.py``)."""

from __future__ import annotations

import datetime as dt

import pytest

from inspector import workflows
from inspector.errors import ValidationError
from inspector.services import inspections
from inspector.storage.db import Database
from tests.factories import checklist, people, site
from tests.followup.helpers import to_state


def test_an_inspection_by_one_person_twice_is_refused(db: Database) -> None:
    with db.write() as s:
        who = people(s)
        where = site(s)
    with pytest.raises(ValidationError) as refused, db.write() as s:
        inspections.start_inspection(
            s,
            who.inspector_a,
            inspections.StartInput(
                site_id=where,
                form=checklist(),
                inspector_ids=[who.pair[0], who.pair[0]],
                started_at=dt.datetime.now(dt.UTC),
            ),
        )
    assert ("inspectors", "同一执法人员被重复选择，请选择两名不同的人员。") in refused.value.problems


def test_a_reinspection_by_one_person_twice_is_refused(db: Database) -> None:
    with db.write() as s:
        who = people(s)
    rid = to_state(db, who, "served")
    one = who.pair[0]
    with pytest.raises(ValidationError) as refused:
        workflows.perform(
            db,
            lambda s: workflows.start_reinspection(
                s, who.supervisor, rid, [one, one], dt.datetime.now(dt.UTC)
            ),
        )
    assert any("重复" in message for _field, message in refused.value.problems)
