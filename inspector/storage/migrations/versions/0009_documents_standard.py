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
  this revision; a later kind changes it in its own migration, the same way.

On SQLite nothing is rebuilt: both tables are referenced by rows of other tables, and a rebuild
(drop and rename) inside the migration's transaction trips the foreign keys. Columns are added in
place (their CHECK and REFERENCES inline), and the kind CHECK, a constraint that loosens and leaves
the stored rows as they are, is rewritten in the schema table as SQLite documents for such changes
("Making Other Kinds Of Table Schema Changes"), with the schema version bumped. The downgrade
undoes it the same way (constraint text first, then DROP COLUMN).
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
SQLITE_RECUSAL = f" CONSTRAINT ck_inspections_recusal CHECK ({RECUSAL})"
SQLITE_VOIDED_BY = " CONSTRAINT fk_documents_voided_by_users REFERENCES users (id)"


def _plain_columns() -> None:
    op.add_column('inspections', sa.Column('party_id_no', sa.String(length=32), nullable=False, server_default=''))
    op.add_column(
        'inspections', sa.Column('signature_refused', sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column('inspections', sa.Column('witness_name', sa.String(length=64), nullable=False, server_default=''))
    op.add_column(
        'inspections', sa.Column('witness_detail', sa.String(length=200), nullable=False, server_default='')
    )
    op.add_column(
        'documents', sa.Column('voided_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True)
    )
    op.add_column('documents', sa.Column('void_reason', sa.Text(), nullable=True))
    op.add_column('documents', sa.Column('replaced_by', sa.Uuid(), nullable=True))
    op.add_column('documents', sa.Column('replaces', sa.Uuid(), nullable=True))


def _rewrite_sqlite_schema(table: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in ``table``'s CREATE TABLE text (a constraint change only)."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"{table}: the schema is not the one this migration expects ({old!r} missing)")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (sql.replace(old, new, 1), table)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _plain_columns()
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f"ALTER TABLE inspections ADD COLUMN recusal VARCHAR(16){SQLITE_RECUSAL}")
        op.execute(f"ALTER TABLE documents ADD COLUMN voided_by CHAR(32){SQLITE_VOIDED_BY}")
        _rewrite_sqlite_schema('documents', KINDS_BEFORE, KINDS_AFTER)
        return
    op.add_column('inspections', sa.Column('recusal', sa.String(length=16), nullable=True))
    op.create_check_constraint(op.f('ck_inspections_recusal'), 'inspections', RECUSAL)
    op.add_column('documents', sa.Column('voided_by', sa.Uuid(), nullable=True))
    op.create_foreign_key(op.f('fk_documents_voided_by_users'), 'documents', 'users', ['voided_by'], ['id'])
    op.drop_constraint(op.f('ck_documents_kind'), 'documents', type_='check')
    op.create_check_constraint(op.f('ck_documents_kind'), 'documents', KINDS_AFTER)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _rewrite_sqlite_schema('documents', KINDS_AFTER, KINDS_BEFORE)
        _rewrite_sqlite_schema('documents', SQLITE_VOIDED_BY, '')
        _rewrite_sqlite_schema('inspections', SQLITE_RECUSAL, '')
    else:
        op.drop_constraint(op.f('ck_documents_kind'), 'documents', type_='check')
        op.create_check_constraint(op.f('ck_documents_kind'), 'documents', KINDS_BEFORE)
        op.drop_constraint(op.f('fk_documents_voided_by_users'), 'documents', type_='foreignkey')
        op.drop_constraint(op.f('ck_inspections_recusal'), 'inspections', type_='check')
    for column in ('replaces', 'replaced_by', 'void_reason', 'voided_by', 'voided_at'):
        op.drop_column('documents', column)
    for column in ('witness_detail', 'witness_name', 'signature_refused', 'recusal', 'party_id_no'):
        op.drop_column('inspections', column)
