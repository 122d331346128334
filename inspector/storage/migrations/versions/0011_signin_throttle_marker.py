"""Sign-in throttle per source and user name; the data marker written with the first record.

Revision ID: 0011_signin_throttle_marker
Revises: 0010_documents_standard (the id stays within the 32 characters of alembic_version on PostgreSQL)
Create Date: 2026-12-01 09:00:00.000000

Before, five failures locked an account for fifteen minutes for everyone, so anyone could keep an
administrator out; now each (computer, user name) pair waits longer after each failure. The old
per-account lock columns stay (they now show the latest wait) and start from a clean slate.

A database that already holds records gets its marker here, so a data directory whose database
later goes missing is recognised from the first start of this version.
"""
import datetime as dt
import uuid
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types


revision: str = '0011_signin_throttle_marker'
down_revision: Union[str, None] = '0010_documents_standard'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('sign_in_throttle',
    sa.Column('source', sa.String(length=128), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('source', 'username', name=op.f('pk_sign_in_throttle'))
    )
    marker = op.create_table('data_marker',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_marker'))
    )
    op.execute("UPDATE users SET failed_logins = 0, locked_until = NULL")
    if op.get_bind().execute(sa.text("SELECT 1 FROM audit_events LIMIT 1")).first() is not None:
        op.bulk_insert(marker, [{"id": str(uuid.uuid4()), "created_at": dt.datetime.now(dt.UTC)}])


def downgrade() -> None:
    op.drop_table('data_marker')
    op.drop_table('sign_in_throttle')
