"""Trust: exchange between laptops and the office (state, log, conflicts, foreign audit events).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 03:16:06.338970
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import inspector.storage.types


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('exchange_log',
    sa.Column('package_id', sa.Uuid(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('logged_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.CheckConstraint("direction IN ('export', 'import')", name=op.f('ck_exchange_log_direction')),
    sa.PrimaryKeyConstraint('package_id', name=op.f('pk_exchange_log'))
    )
    op.create_table('exchange_state',
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=160), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('exchanged_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id', name=op.f('pk_exchange_state'))
    )
    op.create_table('exchange_audit_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('origin', sa.String(length=36), nullable=False),
    sa.Column('package_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('before_digest', sa.String(length=64), nullable=True),
    sa.Column('after_digest', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['package_id'], ['exchange_log.package_id'], name=op.f('fk_exchange_audit_events_package_id_exchange_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_audit_events'))
    )
    with op.batch_alter_table('exchange_audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_audit_events_origin_seq', ['origin', 'seq'], unique=False)

    op.create_table('exchange_conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('package_id', sa.Uuid(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('other_id', sa.String(length=160), nullable=True),
    sa.Column('mine_digest', sa.String(length=64), nullable=True),
    sa.Column('theirs_digest', sa.String(length=64), nullable=False),
    sa.Column('theirs', sa.JSON(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Uuid(), nullable=True),
    sa.Column('resolution', sa.String(length=8), nullable=True),
    sa.CheckConstraint("kind IN ('changed', 'unique')", name=op.f('ck_exchange_conflicts_kind')),
    sa.CheckConstraint("resolution IS NULL OR resolution IN ('mine', 'theirs')", name=op.f('ck_exchange_conflicts_resolution')),
    sa.ForeignKeyConstraint(['package_id'], ['exchange_log.package_id'], name=op.f('fk_exchange_conflicts_package_id_exchange_log')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflicts'))
    )
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.create_index('ix_exchange_conflicts_entity_record', ['entity', 'record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchange_conflicts_package_id'), ['package_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exchange_conflicts_package_id'))
        batch_op.drop_index('ix_exchange_conflicts_entity_record')

    op.drop_table('exchange_conflicts')
    with op.batch_alter_table('exchange_audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_exchange_audit_events_origin_seq')

    op.drop_table('exchange_audit_events')
    op.drop_table('exchange_state')
    op.drop_table('exchange_log')
