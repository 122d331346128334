"""Device keys: the public keys whose signed exchange packages this database imports.

Revision ID: 0007_device_keys
Revises: 0005
Create Date: 2026-12-01 09:00:00.000000

A new, empty table: every package must now be signed by an enrolled key, so after this upgrade a
laptop and its office each enrol the other's key once (``inspector exchange enrol``).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types


revision: str = '0007_device_keys'
down_revision: Union[str, None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('device_keys',
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('install_id', sa.String(length=36), nullable=True),
    sa.Column('enrolled_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('enrolled_by', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_device_keys'))
    )


def downgrade() -> None:
    op.drop_table('device_keys')
