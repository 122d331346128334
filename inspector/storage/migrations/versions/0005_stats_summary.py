"""Statistics summary: daily counts of inspections and findings; when a rectification was re-inspected.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 06:00:00.000000

Both are derived from records already stored, so the upgrade fills them in: ``reinspected_at`` from
each rectification's finalized re-inspection, the summary by the same recount the app uses (its days
local to the time zone of the computer that runs the upgrade, normally the office's).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session

import inspector.storage.types


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('stat_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('dim', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.CheckConstraint("dim IN ('routine', 'reinspection', 'finding_item', 'finding_district')",
                       name=op.f('ck_stat_days_dim')),
    sa.PrimaryKeyConstraint('day', 'dim', 'key', name=op.f('pk_stat_days'))
    )
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
    from inspector.services import stats_summary
    from inspector.services.local_time_sql import local_offset

    session = Session(bind=op.get_bind())
    try:
        stats_summary.rebuild(session, local_offset())
        session.flush()
    finally:
        session.close()


def downgrade() -> None:
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_index('ix_rectifications_created_stats')
        batch_op.create_index('ix_rectifications_created_stats',
                              ['created_at', 'status', 'result', 'deadline', 'id'], unique=False)
        batch_op.drop_column('reinspected_at')
    op.drop_table('stat_summary')
    op.drop_table('stat_days')
