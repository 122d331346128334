"""Cases (立案查处): the case record, its history and inspections, the evidence kept at the site with its
photos, the interviews; and the escalations of rectifications made before, as proposed cases.

Revision ID: 0012_cases
Revises: 0011_signin_throttle_marker
Create Date: 2026-12-15 09:00:00.000000

Before this version an escalated rectification only recorded "立案" or "移送" with a note. Each such
escalation becomes a case awaiting approval (待立案), proposed by whoever escalated it, when they did,
with their note as the summary; the party is the rectification's site, the officers are the
inspection's first two, and the inspection and its finalized re-inspections belong to the case. No
approval is invented: a supervisor approves (立案) or transfers each in the app, which then issues
the 立案报告 or the 案件移送书. The rows are sealed in the audit trail by an event of their own per case,
so ``inspector verify`` sees a recorded migration, not a tampered record. The SQL is this file's own,
the sealing follows the trail's rules of the day (frozen in ``audit_rules_v1``): a migration stays
what it was the day it shipped.

The case documents (立案报告, 证据先行登记保存决定书, 处理决定书, 询问笔录, 案件移送书) are documents like
the others, linked to their case by ``case_documents``: the documents table gains no column, so its
rows and their seals are untouched; only its kind CHECK grows (see :func:`_document_kinds`).
"""
import datetime as dt
import uuid
from typing import Any, Mapping, Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types
from inspector.storage.migrations import audit_rules_v1, sqlite_schema


revision: str = '0012_cases'
down_revision: Union[str, None] = '0011_signin_throttle_marker'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


KINDS_BEFORE = "kind IN ('record', 'notice', 'reinspection', 'supplement')"
KINDS_AFTER = (
    "kind IN ('record', 'notice', 'reinspection', 'supplement', 'case_report', 'preservation', 'kept_decision', "
    "'interview', 'transfer')"
)


def upgrade() -> None:
    _create_tables()
    op.create_table('case_documents',
    sa.Column('document_id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_documents_case_id_cases')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_case_documents_document_id_documents')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_case_documents'))
    )
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_documents_case_id'), ['case_id'], unique=False)
    _document_kinds(KINDS_BEFORE, KINDS_AFTER)
    conn = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for escalation in _escalations(conn):
        _propose(conn, escalation, now)


def _document_kinds(old: str, new: str) -> None:
    """The documents' kind CHECK: on SQLite rewritten in the schema table, as SQLite documents for a
    constraint that only loosens ("Making Other Kinds Of Table Schema Changes"), since rebuilding a
    table other rows refer to trips the foreign keys inside the migration's transaction; the rows and
    their seals stay as they are (no column changes)."""
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('ck_documents_kind'), 'documents', type_='check')
        op.create_check_constraint(op.f('ck_documents_kind'), 'documents', new)
        return
    sqlite_schema.replace_in_table_sql('documents', old, new)


def downgrade() -> None:
    _document_kinds(KINDS_AFTER, KINDS_BEFORE)
    with op.batch_alter_table('case_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_documents_case_id'))
    op.drop_table('case_documents')
    with op.batch_alter_table('kept_item_photos', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_item_photos_photo_id'))

    op.drop_table('kept_item_photos')
    with op.batch_alter_table('kept_items', schema=None) as batch_op:
        batch_op.drop_index('ix_kept_items_kept_stats')
        batch_op.drop_index(batch_op.f('ix_kept_items_case_id'))

    op.drop_table('kept_items')
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interviews_case_id'))

    op.drop_table('interviews')
    with op.batch_alter_table('case_inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_inspections_inspection_id'))

    op.drop_table('case_inspections')
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_events_case_id'))

    op.drop_table('case_events')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_status_discovered')
        batch_op.drop_index(batch_op.f('ix_cases_site_id'))
        batch_op.drop_index('ix_cases_created_stats')

    op.drop_table('cases')


def _create_tables() -> None:
    op.create_table('cases',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('cause', sa.String(length=200), nullable=False),
    sa.Column('source_note', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('site_id', sa.Uuid(), nullable=True),
    sa.Column('rectification_id', sa.Uuid(), nullable=True),
    sa.Column('party_kind', sa.String(length=8), nullable=False),
    sa.Column('party_name', sa.String(length=200), nullable=False),
    sa.Column('party_id_number', sa.String(length=32), nullable=False),
    sa.Column('party_credit_code', sa.String(length=18), nullable=False),
    sa.Column('party_legal_rep', sa.String(length=64), nullable=False),
    sa.Column('party_address', sa.String(length=300), nullable=False),
    sa.Column('party_phone', sa.String(length=32), nullable=False),
    sa.Column('discovered_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('officer1_id', sa.Uuid(), nullable=True),
    sa.Column('officer2_id', sa.Uuid(), nullable=True),
    sa.Column('proposed_by', sa.Uuid(), nullable=True),
    sa.Column('proposed_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.Uuid(), nullable=True),
    sa.Column('approved_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('approval_note', sa.Text(), nullable=False),
    sa.Column('transfer_to', sa.String(length=16), nullable=True),
    sa.Column('transfer_body', sa.String(length=200), nullable=False),
    sa.Column('transfer_reason', sa.Text(), nullable=False),
    sa.Column('transferred_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('decided_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("party_kind IN ('site', 'person')", name=op.f('ck_cases_party_kind')),
    sa.CheckConstraint("source IN ('inspection', 'report', 'transfer_in')", name=op.f('ck_cases_source')),
    sa.CheckConstraint("status IN ('proposed', 'opened', 'investigating', 'transferred', 'decided', 'closed')", name=op.f('ck_cases_status')),
    sa.CheckConstraint("transfer_to IS NULL OR transfer_to IN ('police', 'drug')", name=op.f('ck_cases_transfer_to')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_cases_approved_by_users')),
    sa.ForeignKeyConstraint(['officer1_id'], ['users.id'], name=op.f('fk_cases_officer1_id_users')),
    sa.ForeignKeyConstraint(['officer2_id'], ['users.id'], name=op.f('fk_cases_officer2_id_users')),
    sa.ForeignKeyConstraint(['proposed_by'], ['users.id'], name=op.f('fk_cases_proposed_by_users')),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectifications.id'], name=op.f('fk_cases_rectification_id_rectifications')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_cases_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_created_stats', ['created_at', 'status', 'transfer_to', 'site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cases_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_cases_status_discovered', ['status', 'discovered_at'], unique=False)

    op.create_table('case_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_case_events_actor_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_events_case_id_cases')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_events'))
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_events_case_id'), ['case_id'], unique=False)

    op.create_table('case_inspections',
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('added_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_case_inspections_case_id_cases')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspections.id'], name=op.f('fk_case_inspections_inspection_id_inspections')),
    sa.PrimaryKeyConstraint('case_id', 'inspection_id', name=op.f('pk_case_inspections'))
    )
    with op.batch_alter_table('case_inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_inspections_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('interviews',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('person_name', sa.String(length=64), nullable=False),
    sa.Column('person_id_number', sa.String(length=32), nullable=False),
    sa.Column('person_sex', sa.String(length=8), nullable=False),
    sa.Column('person_phone', sa.String(length=32), nullable=False),
    sa.Column('person_address', sa.String(length=300), nullable=False),
    sa.Column('person_work', sa.String(length=200), nullable=False),
    sa.Column('relation', sa.String(length=64), nullable=False),
    sa.Column('officer1_id', sa.Uuid(), nullable=True),
    sa.Column('officer2_id', sa.Uuid(), nullable=True),
    sa.Column('qa', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('document_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_interviews_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_interviews_created_by_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_interviews_document_id_documents')),
    sa.ForeignKeyConstraint(['officer1_id'], ['users.id'], name=op.f('fk_interviews_officer1_id_users')),
    sa.ForeignKeyConstraint(['officer2_id'], ['users.id'], name=op.f('fk_interviews_officer2_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_case_id'), ['case_id'], unique=False)

    op.create_table('kept_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('brand', sa.String(length=100), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('serial_no', sa.String(length=100), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('condition', sa.String(length=200), nullable=False),
    sa.Column('storage_place', sa.String(length=200), nullable=False),
    sa.Column('kept_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('decision', sa.String(length=16), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('decided_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('preservation_document_id', sa.Uuid(), nullable=True),
    sa.Column('decision_document_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', inspector.storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("decision IS NULL OR decision IN ('return', 'transfer', 'confiscate')", name=op.f('ck_kept_items_decision')),
    sa.CheckConstraint('quantity >= 0', name=op.f('ck_kept_items_quantity')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_kept_items_case_id_cases')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_kept_items_created_by_users')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_kept_items_decided_by_users')),
    sa.ForeignKeyConstraint(['decision_document_id'], ['documents.id'], name=op.f('fk_kept_items_decision_document_id_documents')),
    sa.ForeignKeyConstraint(['preservation_document_id'], ['documents.id'], name=op.f('fk_kept_items_preservation_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_items'))
    )
    with op.batch_alter_table('kept_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_items_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_kept_items_kept_stats', ['kept_at', 'decided_at', 'case_id'], unique=False)

    op.create_table('kept_item_photos',
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('photo_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['kept_items.id'], name=op.f('fk_kept_item_photos_item_id_kept_items')),
    sa.ForeignKeyConstraint(['photo_id'], ['photos.id'], name=op.f('fk_kept_item_photos_photo_id_photos')),
    sa.PrimaryKeyConstraint('item_id', 'photo_id', name=op.f('pk_kept_item_photos'))
    )
    with op.batch_alter_table('kept_item_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_item_photos_photo_id'), ['photo_id'], unique=False)


# --- the escalations made before this version, as proposed cases -----------------------------------

_UTC = inspector.storage.types.UTCDateTime(timezone=True)
_meta = sa.MetaData()
_esc = sa.Table(
    'rectification_escalations', _meta,
    sa.Column('rectification_id', sa.Uuid(), primary_key=True),
    sa.Column('kind', sa.String(16)),
    sa.Column('event_id', sa.Uuid()),
)
_rect_event = sa.Table(
    'rectification_events', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('note', sa.Text()),
    sa.Column('actor_id', sa.Uuid()),
    sa.Column('at', _UTC),
)
_rect = sa.Table(
    'rectifications', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('inspection_id', sa.Uuid()),
    sa.Column('site_id', sa.Uuid()),
    sa.Column('reinspected_at', _UTC),
)
_site = sa.Table(
    'sites', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('name', sa.String(200)),
    sa.Column('credit_code', sa.String(18)),
    sa.Column('legal_rep', sa.String(64)),
    sa.Column('address', sa.String(300)),
    sa.Column('phone', sa.String(32)),
)
_insp = sa.Table(
    'inspections', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('rectification_id', sa.Uuid()),
    sa.Column('kind', sa.String(16)),
    sa.Column('status', sa.String(16)),
    sa.Column('started_at', _UTC),
)
_officers = sa.Table(
    'inspection_inspectors', _meta,
    sa.Column('inspection_id', sa.Uuid(), primary_key=True),
    sa.Column('position', sa.Integer(), primary_key=True),
    sa.Column('user_id', sa.Uuid()),
)
# The new tables, every column (a seal covers the whole row).
_case = sa.Table(
    'cases', _meta,
    *(sa.Column(n, sa.Uuid(), primary_key=(n == 'id')) for n in (
        'id', 'site_id', 'rectification_id', 'officer1_id', 'officer2_id', 'proposed_by', 'approved_by')),
    *(sa.Column(n, sa.String()) for n in (
        'status', 'source', 'cause', 'source_note', 'summary', 'opinion', 'party_kind', 'party_name',
        'party_id_number', 'party_credit_code', 'party_legal_rep', 'party_address', 'party_phone',
        'approval_note', 'transfer_to', 'transfer_body', 'transfer_reason', 'result', 'close_note')),
    *(sa.Column(n, _UTC) for n in (
        'discovered_at', 'proposed_at', 'approved_at', 'transferred_at', 'decided_at', 'closed_at',
        'created_at', 'updated_at')),
)
_case_event = sa.Table(
    'case_events', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('case_id', sa.Uuid()),
    sa.Column('from_status', sa.String(16)),
    sa.Column('to_status', sa.String(16)),
    sa.Column('note', sa.Text()),
    sa.Column('actor_id', sa.Uuid()),
    sa.Column('at', _UTC),
)
_case_insp = sa.Table(
    'case_inspections', _meta,
    sa.Column('case_id', sa.Uuid(), primary_key=True),
    sa.Column('inspection_id', sa.Uuid(), primary_key=True),
    sa.Column('added_at', _UTC),
)
_KIND = {'case': '立案', 'transfer': '移送'}
_VOLATILE = frozenset({'updated_at', 'last_item_code', 'failed_logins', 'locked_until'})


def _escalations(conn: sa.Connection) -> list[Mapping[str, Any]]:
    q = (
        sa.select(
            _esc.c.rectification_id, _esc.c.kind, _rect_event.c.note, _rect_event.c.actor_id,
            _rect_event.c.at, _rect.c.inspection_id, _rect.c.site_id, _rect.c.reinspected_at,
            _site.c.name, _site.c.credit_code, _site.c.legal_rep, _site.c.address, _site.c.phone,
        )
        .join(_rect_event, _rect_event.c.id == _esc.c.event_id)
        .join(_rect, _rect.c.id == _esc.c.rectification_id)
        .join(_site, _site.c.id == _rect.c.site_id)
        .order_by(_rect_event.c.at, _esc.c.rectification_id)
    )
    return list(conn.execute(q).mappings())


def _inspections(conn: sa.Connection, esc: Mapping[str, Any]) -> list[uuid.UUID]:
    """The inspection that found it, then its finalized re-inspections in order."""
    later = conn.execute(
        sa.select(_insp.c.id).where(
            _insp.c.rectification_id == esc['rectification_id'], _insp.c.kind == 'reinspection',
            _insp.c.status == 'finalized',
        ).order_by(_insp.c.started_at, _insp.c.id)
    ).scalars()
    return list(dict.fromkeys([esc['inspection_id'], *later]))


def _propose(conn: sa.Connection, esc: Mapping[str, Any], now: dt.datetime) -> None:
    officers = list(conn.execute(
        sa.select(_officers.c.user_id).where(_officers.c.inspection_id == esc['inspection_id'])
        .order_by(_officers.c.position).limit(2)
    ).scalars())
    officers += [None] * (2 - len(officers))
    kind = _KIND.get(esc['kind'], esc['kind'])
    note = (esc['note'] or '').strip()
    case_id = uuid.uuid4()
    conn.execute(_case.insert().values(
        id=case_id, status='proposed', source='inspection',
        cause=f'{esc["name"]}经责令改正逾期未改正'[:200],
        source_note=f'整改跟踪中的“{kind}”升级（迁移 0012）', summary=note,
        opinion=f'建议{kind}。', site_id=esc['site_id'], rectification_id=esc['rectification_id'],
        party_kind='site', party_name=esc['name'], party_id_number='',
        party_credit_code=esc['credit_code'] or '', party_legal_rep=esc['legal_rep'] or '',
        party_address=esc['address'] or '', party_phone=esc['phone'] or '',
        discovered_at=esc['reinspected_at'] or esc['at'], officer1_id=officers[0], officer2_id=officers[1],
        proposed_by=esc['actor_id'], proposed_at=esc['at'], approved_by=None, approved_at=None,
        approval_note='', transfer_to=None, transfer_body='', transfer_reason='', transferred_at=None,
        result='', decided_at=None, closed_at=None, close_note='', created_at=esc['at'], updated_at=now,
    ))
    event_id = uuid.uuid4()
    conn.execute(_case_event.insert().values(
        id=event_id, case_id=case_id, from_status=None, to_status='proposed',
        note=f'{note}（迁移 0012：由整改跟踪的“{kind}”升级建立，待负责人审批）', actor_id=esc['actor_id'],
        at=esc['at'],
    ))
    sealed: list[tuple[sa.Table, tuple[Any, ...]]] = [(_case, (case_id,)), (_case_event, (event_id,))]
    for inspection_id in _inspections(conn, esc):
        conn.execute(_case_insp.insert().values(case_id=case_id, inspection_id=inspection_id, added_at=now))
        sealed.append((_case_insp, (case_id, inspection_id)))
    _audit_event(conn, case_id, esc, sealed, now)


def _audit_event(
    conn: sa.Connection,
    case_id: uuid.UUID,
    esc: Mapping[str, Any],
    sealed: list[tuple[sa.Table, tuple[Any, ...]]],
    now: dt.datetime,
) -> None:
    """The proposal's event, by the audit trail's rules as they were at this revision."""
    rows = dict(audit_rules_v1.seal(conn, table, key, _VOLATILE) for table, key in sealed)
    detail = {
        'note': 'migration: 0012_cases', 'migration': revision,
        'rectification': str(esc['rectification_id']), 'escalation': esc['kind'], 'rows': rows,
    }
    audit_rules_v1.append_event(
        conn, now, action='case.propose', entity='case', entity_id=str(case_id),
        after_digest=audit_rules_v1.digest({'status': 'proposed'}), detail=detail,
    )
