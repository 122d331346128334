"""Follow-up: random inspection plans, escalation kinds, covering indexes for the board and the statistics.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-30 04:00:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import inspector.storage.types


revision: str = '0003'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('plans',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_plans_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    op.create_table('rectification_escalations',
    sa.Column('rectification_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.CheckConstraint("kind IN ('case', 'transfer')", name=op.f('ck_rectification_escalations_kind')),
    sa.ForeignKeyConstraint(['event_id'], ['rectification_events.id'],
                            name=op.f('fk_rectification_escalations_event_id_rectification_events')),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectifications.id'],
                            name=op.f('fk_rectification_escalations_rectification_id_rectifications')),
    sa.PrimaryKeyConstraint('rectification_id', name=op.f('pk_rectification_escalations'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_result_inspection', ['result', 'inspection_id', 'item_code'],
                              unique=False)
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index('ix_inspections_id_stats', ['id', 'status', 'kind', 'started_at', 'site_id'],
                              unique=False)
        batch_op.create_index('ix_inspections_stats', ['status', 'started_at', 'kind'], unique=False)
        batch_op.create_index('ix_inspections_site_stats', ['site_id', 'status', 'started_at'], unique=False)
        batch_op.create_index('ix_inspections_rect_stats', ['rectification_id', 'status', 'kind', 'started_at'],
                              unique=False)
        batch_op.create_index('ix_inspections_plan_id', ['plan_id'], unique=False)
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index('ix_sites_id_district', ['id', 'district'], unique=False)
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.create_index('ix_rectifications_deadline', ['deadline', 'status', 'id'], unique=False)
        batch_op.create_index('ix_rectifications_created_stats',
                              ['created_at', 'status', 'result', 'deadline', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rectifications', schema=None) as batch_op:
        batch_op.drop_index('ix_rectifications_created_stats')
        batch_op.drop_index('ix_rectifications_deadline')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index('ix_sites_id_district')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index('ix_inspections_plan_id')
        batch_op.drop_index('ix_inspections_rect_stats')
        batch_op.drop_index('ix_inspections_site_stats')
        batch_op.drop_index('ix_inspections_stats')
        batch_op.drop_index('ix_inspections_id_stats')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_result_inspection')
    op.drop_table('rectification_escalations')
    op.drop_table('plans')
