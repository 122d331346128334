"""Repair rectifications stranded by the old issue path: re-inspected, but still waiting for correction.

Revision ID: 0008_repair_stranded
Revises: 0007_device_keys
Create Date: 2026-12-10 09:00:00.000000

Before the issue workflow, a 复查意见书 issued from the re-inspection's own page left its
rectification "served" for ever (only the follow-up dialog's path moved it on), and a rectification
without a notice waited for a result nobody could record. This moves each such rectification on to
re-inspected with the result of its re-inspection and writes the step into its history (actor: the
system), naming the opinion, as the app would have done. The opinion itself is left as issued (an
issued document never changes). The changed rows are sealed in the audit trail by an event of their
own, so ``inspector verify`` sees a recorded repair, not a tampered record. The SQL, the result rule and the sealing are this file's own: a migration stays
what it was the day it shipped.
"""
import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Mapping, Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types


revision: str = '0008_repair_stranded'
down_revision: Union[str, None] = '0007_device_keys'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The tables as they are at this revision (every column: a seal covers the whole row).
_UTC = inspector.storage.types.UTCDateTime(timezone=True)
_meta = sa.MetaData()
_rect = sa.Table(
    'rectifications', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('inspection_id', sa.Uuid()),
    sa.Column('site_id', sa.Uuid()),
    sa.Column('notice_id', sa.Uuid()),
    sa.Column('items', sa.JSON()),
    sa.Column('deadline', sa.Date()),
    sa.Column('status', sa.String(16)),
    sa.Column('served_at', _UTC),
    sa.Column('result', sa.String(24)),
    sa.Column('reinspected_at', _UTC),
    sa.Column('closed_at', _UTC),
    sa.Column('created_at', _UTC),
    sa.Column('updated_at', _UTC),
)
_event = sa.Table(
    'rectification_events', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('rectification_id', sa.Uuid()),
    sa.Column('from_status', sa.String(16)),
    sa.Column('to_status', sa.String(16)),
    sa.Column('note', sa.Text()),
    sa.Column('actor_id', sa.Uuid()),
    sa.Column('at', _UTC),
)
_doc = sa.Table(
    'documents', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('kind', sa.String(16)),
    sa.Column('number', sa.String(64)),
    sa.Column('inspection_id', sa.Uuid()),
    sa.Column('rectification_id', sa.Uuid()),
    sa.Column('file_path', sa.String(500)),
    sa.Column('sha256', sa.String(64)),
    sa.Column('template_name', sa.String(128)),
    sa.Column('template_sha256', sa.String(64)),
    sa.Column('context', sa.JSON()),
    sa.Column('issued_by', sa.Uuid()),
    sa.Column('issued_at', _UTC),
    sa.Column('served_at', _UTC),
)
_insp = sa.Table(
    'inspections', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('rectification_id', sa.Uuid()),
    sa.Column('kind', sa.String(16)),
    sa.Column('status', sa.String(16)),
    sa.Column('started_at', _UTC),
)
_answer = sa.Table(
    'answers', _meta,
    sa.Column('id', sa.Uuid(), primary_key=True),
    sa.Column('inspection_id', sa.Uuid()),
    sa.Column('result', sa.String(16)),
)
_audit = sa.Table(
    'audit_events', _meta,
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), primary_key=True),
    sa.Column('id', sa.Uuid()),
    sa.Column('at', _UTC),
    sa.Column('actor_id', sa.Uuid()),
    sa.Column('actor_name', sa.String(64)),
    sa.Column('action', sa.String(32)),
    sa.Column('entity', sa.String(32)),
    sa.Column('entity_id', sa.String(64)),
    sa.Column('before_digest', sa.String(64)),
    sa.Column('after_digest', sa.String(64)),
    sa.Column('detail', sa.JSON()),
    sa.Column('prev_hash', sa.String(64)),
    sa.Column('hash', sa.String(64)),
)

_AWAITING = ('issued', 'served')
_LABELS = {'corrected': '已整改', 'partly': '部分整改', 'not_corrected': '未整改'}
_VOLATILE = frozenset({'updated_at', 'last_item_code', 'failed_logins', 'locked_until'})
_GENESIS = '0' * 64


def upgrade() -> None:
    conn = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for rect in _stranded(conn):
        _repair(conn, rect, now)


def downgrade() -> None:
    pass  # a repair is data, recorded in the history and the audit trail; it is not undone


def _stranded(conn: sa.Connection) -> list[Mapping[str, Any]]:
    reinsp = _insp.alias('r')
    opinion = sa.exists().where(
        reinsp.c.rectification_id == _rect.c.id,
        _doc.c.inspection_id == reinsp.c.id,
        _doc.c.kind == 'reinspection',
    )
    finalized = sa.exists().where(
        reinsp.c.rectification_id == _rect.c.id,
        reinsp.c.kind == 'reinspection',
        reinsp.c.status == 'finalized',
    )
    q = sa.select(_rect).where(
        _rect.c.status.in_(_AWAITING),
        sa.or_(opinion, _rect.c.result.is_not(None), sa.and_(_rect.c.notice_id.is_(None), finalized)),
    ).order_by(_rect.c.created_at, _rect.c.id)
    return list(conn.execute(q).mappings())


def _reinspection(conn: sa.Connection, rect_id: uuid.UUID) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """The re-inspection whose result counts (the one with an opinion, else the latest finalized)
    and its opinion, if any."""
    opinion = conn.execute(
        sa.select(_doc).join(_insp, _insp.c.id == _doc.c.inspection_id)
        .where(_insp.c.rectification_id == rect_id, _doc.c.kind == 'reinspection')
        .order_by(_doc.c.issued_at.desc()).limit(1)
    ).mappings().first()
    q = sa.select(_insp).where(_insp.c.rectification_id == rect_id, _insp.c.status == 'finalized')
    if opinion is not None:
        q = q.where(_insp.c.id == opinion['inspection_id'])
    insp = conn.execute(q.order_by(_insp.c.started_at.desc()).limit(1)).mappings().first()
    return insp, opinion


def _result(conn: sa.Connection, inspection_id: uuid.UUID) -> str:
    """All re-checked items compliant: corrected; none: not corrected; otherwise partly."""
    counts = dict(conn.execute(
        sa.select(_answer.c.result, sa.func.count())
        .where(_answer.c.inspection_id == inspection_id).group_by(_answer.c.result)
    ).all())
    good, bad = counts.get('compliant', 0), counts.get('non_compliant', 0)
    if bad == 0:
        return 'corrected'
    return 'not_corrected' if good == 0 else 'partly'


def _repair(conn: sa.Connection, rect: Mapping[str, Any], now: dt.datetime) -> None:
    insp, opinion = _reinspection(conn, rect['id'])
    result = rect['result'] or (_result(conn, insp['id']) if insp is not None else 'corrected')
    reinspected_at = rect['reinspected_at'] or (insp['started_at'] if insp is not None else None)
    conn.execute(_rect.update().where(_rect.c.id == rect['id']).values(
        status='reinspected', result=result, reinspected_at=reinspected_at, updated_at=now,
    ))
    source = f'，复查意见书 {opinion["number"]}' if opinion is not None else ''
    event_id = uuid.uuid4()
    conn.execute(_event.insert().values(
        id=event_id, rectification_id=rect['id'], from_status=rect['status'], to_status='reinspected',
        note=f'复查结果：{_LABELS.get(result, result)}（数据修复：迁移 0008{source}）', actor_id=None, at=now,
    ))
    _audit_event(conn, rect, result, [(_rect, rect['id']), (_event, event_id)], now)


# --- the audit trail's rules as they were at this revision ---------------------------------------


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat(timespec='microseconds')
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return str(value)


def _digest(state: Mapping[str, Any] | None) -> str | None:
    if state is None:
        return None
    blob = json.dumps(_canonical(dict(state)), sort_keys=True, ensure_ascii=False, separators=(',', ':'))
    return hashlib.sha256(blob.encode('utf-8')).hexdigest()


def _seal(conn: sa.Connection, table: sa.Table, key: uuid.UUID) -> tuple[str, str | None]:
    row = conn.execute(sa.select(table).where(table.c.id == key)).mappings().one()
    state = {c.name: _canonical(row[c.name]) for c in table.columns if c.name not in _VOLATILE}
    return f'{table.name}:{key}', _digest(state)


def _audit_event(
    conn: sa.Connection,
    rect: Mapping[str, Any],
    result: str,
    sealed: list[tuple[sa.Table, uuid.UUID]],
    now: dt.datetime,
) -> None:
    rows = dict(_seal(conn, table, key) for table, key in sealed)
    last = conn.execute(sa.select(_audit.c.hash).order_by(_audit.c.seq.desc()).limit(1)).scalar()
    event: dict[str, Any] = {
        'id': uuid.uuid4(),
        'at': now,
        'actor_id': None,
        'actor_name': 'system',
        'action': 'transition',
        'entity': 'rectification',
        'entity_id': str(rect['id']),
        'before_digest': _digest({'status': rect['status']}),
        'after_digest': _digest({'status': 'reinspected', 'result': result}),
        'detail': {'note': 'repair: 0008_repair_stranded', 'migration': revision, 'rows': rows},
        'prev_hash': last or _GENESIS,
    }
    body = {
        'id': str(event['id']),
        'at': now.astimezone(dt.UTC).isoformat(timespec='microseconds'),
        'actor_id': None,
        'actor_name': event['actor_name'],
        'action': event['action'],
        'entity': event['entity'],
        'entity_id': event['entity_id'],
        'before': event['before_digest'],
        'after': event['after_digest'],
        'detail': event['detail'],
        'prev': event['prev_hash'],
    }
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str, separators=(',', ':'))
    event['hash'] = hashlib.sha256(blob.encode('utf-8')).hexdigest()
    conn.execute(_audit.insert().values(**event))
