"""Statistics summary: daily counts of inspections and findings; when a rectification was re-inspected.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:00:00.000000

Both are derived from records already stored, so the upgrade fills them in: ``reinspected_at`` from
each rectification's finalized re-inspection, the summary by the same recount the app uses (its days
local to the time zone of the computer that runs the upgrade, normally the office's).
"""
import datetime as dt
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types
from inspector.storage.migrations import stat_days_by_district


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    stat_days_by_district.create_table()
    op.create_table('stat_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('utc_offset_minutes', sa.Integer(), nullable=False),
    sa.Column('built_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_stat_summary_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stat_summary'))
    )
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reinspected_at', inspector.storage.types.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.drop_index('ix_rectifications_created_stats')
        batch_op.create_index('ix_rectifications_created_stats',
                              ['created_at', 'status', 'result', 'deadline', 'reinspected_at', 'id'],
                              unique=False)
    op.execute(
        "UPDATE rectifications SET reinspected_at = ("
        " SELECT min(i.started_at) FROM inspections i"
        " WHERE i.rectification_id = rectifications.id"
        " AND i.status = 'finalized' AND i.kind = 'reinspection')"
        " WHERE result IS NOT NULL"
    )
    _fill_summary()


def _fill_summary() -> None:
    """Count the summary's days local to the zone of the computer that runs the upgrade (normally the
    office's), as the app counted it the day this migration shipped, in SQL of the migrations' own
    (``stat_days_by_district``): a migration must stay what it was, whatever the live statistics
    code becomes later."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    stat_days_by_district.count_days(op.get_bind(), stat_days_by_district.COUNTS_BY_DISTRICT, minutes)
    summary = sa.table(
        "stat_summary",
        sa.column("id", sa.Integer()),
        sa.column("utc_offset_minutes", sa.Integer()),
        sa.column("built_at", inspector.storage.types.UTCDateTime(timezone=True)),
    )
    op.bulk_insert(summary, [{"id": 1, "utc_offset_minutes": minutes, "built_at": dt.datetime.now(dt.UTC)}])


def downgrade() -> None:
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_index('ix_rectifications_created_stats')
        batch_op.create_index('ix_rectifications_created_stats',
                              ['created_at', 'status', 'result', 'deadline', 'id'], unique=False)
        batch_op.drop_column('reinspected_at')
    op.drop_table('stat_summary')
    op.drop_table('stat_days')
