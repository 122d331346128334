"""Documents to the standard: what the 笔录 records about its signing, void and correct, 补充笔录.

Revision ID: 0010_documents_standard
Revises: 0009_county_kinds
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

Every row is sealed in the audit trail by the digest of all its columns, so a column added (or
dropped) changes the digest of every inspection and document: without a word from the migration,
``inspector verify`` would call each of them "changed behind the app's back". Rows that matched their
latest seal before the change are sealed again, as they are after it, by one audit event of the
migration's own (both ways); a row edited behind the app's back before the upgrade stays flagged.
The trail's rules as they are at this revision (frozen in ``audit_rules_v1``), importing no service.
"""
import datetime as dt
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types
from inspector.storage.migrations import audit_rules_v1, sqlite_schema


revision: str = '0010_documents_standard'
down_revision: Union[str, None] = '0009_county_kinds'
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


def upgrade() -> None:
    intact = _intact(before=True)
    _plain_columns()
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f"ALTER TABLE inspections ADD COLUMN recusal VARCHAR(16){SQLITE_RECUSAL}")
        op.execute(f"ALTER TABLE documents ADD COLUMN voided_by CHAR(32){SQLITE_VOIDED_BY}")
        sqlite_schema.replace_in_table_sql('documents', KINDS_BEFORE, KINDS_AFTER)
    else:
        op.add_column('inspections', sa.Column('recusal', sa.String(length=16), nullable=True))
        op.create_check_constraint(op.f('ck_inspections_recusal'), 'inspections', RECUSAL)
        op.add_column('documents', sa.Column('voided_by', sa.Uuid(), nullable=True))
        op.create_foreign_key(op.f('fk_documents_voided_by_users'), 'documents', 'users', ['voided_by'], ['id'])
        op.drop_constraint(op.f('ck_documents_kind'), 'documents', type_='check')
        op.create_check_constraint(op.f('ck_documents_kind'), 'documents', KINDS_AFTER)
        for table, column in SERVER_DEFAULTS:  # the models give the values; SQLite keeps its defaults
            op.alter_column(table, column, server_default=None)
    _seal(intact, before=False, note="columns added: signing of the 笔录 (inspections), void and correct (documents)")


def downgrade() -> None:
    intact = _intact(before=False)
    if op.get_bind().dialect.name == 'sqlite':
        sqlite_schema.replace_in_table_sql('documents', KINDS_AFTER, KINDS_BEFORE)
        sqlite_schema.replace_in_table_sql('documents', SQLITE_VOIDED_BY, '')
        sqlite_schema.replace_in_table_sql('inspections', SQLITE_RECUSAL, '')
    else:
        op.drop_constraint(op.f('ck_documents_kind'), 'documents', type_='check')
        op.create_check_constraint(op.f('ck_documents_kind'), 'documents', KINDS_BEFORE)
        op.drop_constraint(op.f('fk_documents_voided_by_users'), 'documents', type_='foreignkey')
        op.drop_constraint(op.f('ck_inspections_recusal'), 'inspections', type_='check')
    for column in DOCUMENT_COLUMNS:
        op.drop_column('documents', column)
    for column in INSPECTION_COLUMNS:
        op.drop_column('inspections', column)
    _seal(intact, before=True, note="columns of this version dropped, back to the previous version")


# --------------------------------------------------------------------------------- the audit trail
# The trail's rules as they are at this revision (services/audit.py then, frozen in ``audit_rules_v1``):
# a row's seal is the SHA-256 of the canonical JSON of its columns, less the volatile ones; an event's
# hash covers its content and the previous event's hash.

INSPECTION_COLUMNS = ('party_id_no', 'recusal', 'signature_refused', 'witness_name', 'witness_detail')
DOCUMENT_COLUMNS = ('voided_at', 'voided_by', 'void_reason', 'replaced_by', 'replaces')
SERVER_DEFAULTS = (
    ('inspections', 'party_id_no'), ('inspections', 'signature_refused'),
    ('inspections', 'witness_name'), ('inspections', 'witness_detail'),
)
_UTC = inspector.storage.types.UTCDateTime(timezone=True)
_VOLATILE = frozenset({'updated_at', 'last_item_code', 'failed_logins', 'locked_until', 'name_key'})


def _tables(before: bool) -> list[sa.Table]:
    """The two tables as they are at the previous revision (``before``) or at this one."""
    inspections = [
        sa.Column('id', sa.Uuid(), primary_key=True), sa.Column('site_id', sa.Uuid()),
        sa.Column('kind', sa.String(16)), sa.Column('form_id', sa.String(64)),
        sa.Column('form_version', sa.String(32)), sa.Column('form_sha256', sa.String(64)),
        sa.Column('status', sa.String(16)), sa.Column('started_at', _UTC), sa.Column('finished_at', _UTC),
        sa.Column('finalized_at', _UTC), sa.Column('finalized_by', sa.Uuid()),
        sa.Column('created_by', sa.Uuid()), sa.Column('location_note', sa.String(300)),
        sa.Column('party_name', sa.String(64)), sa.Column('party_title', sa.String(64)),
        sa.Column('party_phone', sa.String(32)), sa.Column('companions', sa.String(200)),
        sa.Column('rectification_id', sa.Uuid()), sa.Column('plan_id', sa.Uuid()),
        sa.Column('last_item_code', sa.String(32)), sa.Column('created_at', _UTC),
        sa.Column('updated_at', _UTC),
    ]
    documents = [
        sa.Column('id', sa.Uuid(), primary_key=True), sa.Column('kind', sa.String(16)),
        sa.Column('number', sa.String(64)), sa.Column('inspection_id', sa.Uuid()),
        sa.Column('rectification_id', sa.Uuid()), sa.Column('file_path', sa.String(500)),
        sa.Column('sha256', sa.String(64)), sa.Column('template_name', sa.String(128)),
        sa.Column('template_sha256', sa.String(64)), sa.Column('context', sa.JSON()),
        sa.Column('issued_by', sa.Uuid()), sa.Column('issued_at', _UTC), sa.Column('served_at', _UTC),
    ]
    if not before:
        inspections += [
            sa.Column('party_id_no', sa.String(32)), sa.Column('recusal', sa.String(16)),
            sa.Column('signature_refused', sa.Boolean()), sa.Column('witness_name', sa.String(64)),
            sa.Column('witness_detail', sa.String(200)),
        ]
        documents += [
            sa.Column('voided_at', _UTC), sa.Column('voided_by', sa.Uuid()), sa.Column('void_reason', sa.Text()),
            sa.Column('replaced_by', sa.Uuid()), sa.Column('replaces', sa.Uuid()),
        ]
    return [sa.Table('inspections', sa.MetaData(), *inspections), sa.Table('documents', sa.MetaData(), *documents)]


def _digests(before: bool, only: frozenset[str] | None = None) -> dict[str, str]:
    """``"<table>:<id>"`` → the digest of every row (or of the rows ``only`` names) as stored now."""
    conn = op.get_bind()
    out: dict[str, str] = {}
    for table in _tables(before):
        for row in conn.execute(sa.select(table).execution_options(yield_per=2000)).mappings():
            key = f'{table.name}:{row["id"]}'
            if only is None or key in only:
                out[key] = audit_rules_v1.row_digest(table, row, _VOLATILE)
    return out


def _intact(before: bool) -> frozenset[str]:
    """The keys of the rows that equal their latest seal now (the only ones sealed again)."""
    return audit_rules_v1.intact(op.get_bind(), _digests(before))


def _seal(keys: frozenset[str], before: bool, note: str) -> None:
    """One audit event by the system that seals the rows ``keys`` as they now are."""
    if not keys:
        return
    rows = dict(sorted(_digests(before, keys).items()))
    audit_rules_v1.append_event(
        op.get_bind(), dt.datetime.now(dt.UTC), action='migrate', entity='schema', entity_id=revision,
        detail={'note': note, 'migration': revision, 'rows': rows},
    )
