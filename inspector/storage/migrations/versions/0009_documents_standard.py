"""Documents to the standard: what the 笔录 records about its signing, void and correct, 补充笔录.

Revision ID: 0009_documents_standard
Revises: 0008_repair_stranded
Create Date: 2026-12-02 09:00:00.000000

- ``inspections``: the person in charge's 身份证号 (an unlicensed site), the answer to the 回避
  question, a refusal to sign and the witness who then signs (empty / NULL for existing rows: the
  笔录 of an old inspection cannot be issued until they are known, which the issue dialog says).
- ``documents``: ``voided_at``, ``voided_by``, ``void_reason`` (a voided document stays in the
  register marked 作废), ``replaced_by`` on the voided one and ``replaces`` on its correction.
- ``documents.kind`` also allows ``supplement`` (补充笔录). The CHECK lists the kinds as they are at
  this revision; a later kind changes it in its own migration.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types


revision: str = '0009_documents_standard'
down_revision: Union[str, None] = '0008_repair_stranded'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

KINDS_BEFORE = "kind IN ('record', 'notice', 'reinspection')"
KINDS_AFTER = "kind IN ('record', 'notice', 'reinspection', 'supplement')"
RECUSAL = "recusal IS NULL OR recusal IN ('declined', 'requested')"


def upgrade() -> None:
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('party_id_no', sa.String(length=32), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('recusal', sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column('signature_refused', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column('witness_name', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(
            sa.Column('witness_detail', sa.String(length=200), nullable=False, server_default='')
        )
        batch_op.create_check_constraint('recusal', RECUSAL)
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('voided_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column('voided_by', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('replaced_by', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('replaces', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            op.f('fk_documents_voided_by_users'), 'users', ['voided_by'], ['id']
        )
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', KINDS_AFTER)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint('kind', type_='check')
        batch_op.create_check_constraint('kind', KINDS_BEFORE)
        batch_op.drop_constraint(op.f('fk_documents_voided_by_users'), type_='foreignkey')
        batch_op.drop_column('replaces')
        batch_op.drop_column('replaced_by')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_by')
        batch_op.drop_column('voided_at')
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_constraint('recusal', type_='check')
        batch_op.drop_column('witness_detail')
        batch_op.drop_column('witness_name')
        batch_op.drop_column('signature_refused')
        batch_op.drop_column('recusal')
        batch_op.drop_column('party_id_no')
