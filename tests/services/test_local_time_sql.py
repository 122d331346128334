"""Local calendar days computed by the database equal those Python computes, on SQLite and PostgreSQL,
for instants on and around local and UTC midnights, in several time zones."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import Date, literal, select

from inspector.services import local_time_sql
from inspector.services.local_time_sql import LocalTimeSql
from inspector.storage.db import Database
from inspector.storage.types import UTCDateTime

OFFSETS = [
    dt.timedelta(hours=8),
    dt.timedelta(0),
    dt.timedelta(hours=-5, minutes=-30),
    dt.timedelta(hours=14),
]


def _instants(rng: random.Random, offset: dt.timedelta) -> list[dt.datetime]:
    """Instants a whole number of local days apart plus or minus a few micro- to milliseconds."""
    tz = dt.timezone(offset)
    out = []
    for _ in range(40):
        midnight = dt.datetime(2026, 1, 1, tzinfo=tz) + dt.timedelta(days=rng.randint(0, 400))
        nudge = rng.choice([0, 1, -1, 999, -999, 1_000_000, -1_000_000, 43_200_000_000])
        out.append((midnight + dt.timedelta(microseconds=nudge)).astimezone(dt.UTC))
    return out


@pytest.mark.parametrize("unixepoch", [True, False], ids=["unixepoch", "older-sqlite"])
def test_days_between_and_end_of_day_match_python(
    db: Database, unixepoch: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also the spelling for SQLite libraries older than 3.38 (no ``unixepoch()``)."""
    monkeypatch.setattr(local_time_sql, "_UNIXEPOCH", unixepoch and local_time_sql._UNIXEPOCH)
    rng = random.Random(11)
    with db.read() as s:
        for offset in OFFSETS:
            sql = LocalTimeSql(s, offset)
            tz = dt.timezone(offset)
            instants = _instants(rng, offset)
            for start, end in zip(instants, reversed(instants), strict=True):
                a, b = literal(start, UTCDateTime()), literal(end, UTCDateTime())
                expected_days = (end.astimezone(tz).date() - start.astimezone(tz).date()).days
                day = end.astimezone(tz).date() + dt.timedelta(days=rng.choice([-1, 0, 1]))
                deadline_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
                days, before = s.execute(
                    select(
                        sql.days_between_local_dates(a, b),
                        sql.before_end_of_local_day(b, literal(day, Date())),
                    )
                ).one()
                assert int(days) == expected_days, (offset, start, end)
                assert bool(before) == (end < deadline_end), (offset, end, day)
