"""The statistics summary's day table as migration 0005 shipped it (counted by district): one copy.

Migration 0005 builds the table and counts it; 0009 replaces it by a table counted per township and,
on the way back, builds and counts 0005's again. Both use this module, so the way back is 0005's
table and 0005's SQL to the letter. A migration stays what it was the day it shipped, so this module
never changes: a later summary's table and counts go in the migration (or a new module) that makes
them. It imports nothing from the services (the live recount is ``services/stats_summary.py``), and
lives outside ``versions/`` because Alembic loads every file there as a revision.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

COUNTS_BY_DISTRICT = (
    "INSERT INTO stat_days (day, dim, key, n)"
    " SELECT {day}, i.kind, s.district, count(*) FROM inspections i JOIN sites s ON s.id = i.site_id"
    " WHERE i.status = 'finalized' GROUP BY {day}, i.kind, s.district",
    "INSERT INTO stat_days (day, dim, key, n)"
    " SELECT {day}, 'finding_item', a.item_code, count(*) FROM answers a"
    " JOIN inspections i ON i.id = a.inspection_id"
    " WHERE a.result = 'non_compliant' AND i.status = 'finalized' AND i.kind = 'routine'"
    " GROUP BY {day}, a.item_code",
    "INSERT INTO stat_days (day, dim, key, n)"
    " SELECT {day}, 'finding_district', s.district, count(*) FROM answers a"
    " JOIN inspections i ON i.id = a.inspection_id JOIN sites s ON s.id = i.site_id"
    " WHERE a.result = 'non_compliant' AND i.status = 'finalized' AND i.kind = 'routine'"
    " GROUP BY {day}, s.district",
)


def create_table() -> None:
    """``stat_days`` with its key (day, dimension, district or item code), as 0005 created it."""
    op.create_table(
        "stat_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "dim IN ('routine', 'reinspection', 'finding_item', 'finding_district')",
            name=op.f("ck_stat_days_dim"),
        ),
        sa.PrimaryKeyConstraint("day", "dim", "key", name=op.f("pk_stat_days")),
    )


def count_days(bind: sa.Connection, statements: Sequence[str], minutes: int) -> None:
    """Run the counting ``statements``, their ``{day}`` the day an inspection started in the zone
    ``minutes`` east of UTC; SQLite's date() rounds microseconds, so its instants are cut to
    milliseconds first."""
    if bind.dialect.name == "postgresql":
        day = f"CAST(timezone('UTC', i.started_at) + interval '{minutes} minutes' AS date)"
    else:
        day = f"date(substr(i.started_at, 1, 23), '{minutes:+d} minutes')"
    for statement in statements:
        bind.execute(sa.text(statement.format(day=day)))
