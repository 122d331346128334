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
own, so ``inspector verify`` sees a recorded repair, not a tampered record. The SQL and the result
rule are this file's own, the sealing follows the trail's rules of the day (frozen in
``audit_rules_v1``): a migration stays what it was the day it shipped.
"""
import datetime as dt
import uuid
from typing import Any, Mapping, Sequence, Union

from alembic import op
import sqlalchemy as sa

import inspector.storage.types
from inspector.storage.migrations import audit_rules_v1


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

_AWAITING = ('issued', 'served')
_LABELS = {'corrected': '已整改', 'partly': '部分整改', 'not_corrected': '未整改'}
_VOLATILE = frozenset({'updated_at', 'last_item_code', 'failed_logins', 'locked_until'})


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
    _audit_event(conn, rect, result, [(_rect, (rect['id'],)), (_event, (event_id,))], now)


def _audit_event(
    conn: sa.Connection,
    rect: Mapping[str, Any],
    result: str,
    sealed: list[tuple[sa.Table, tuple[Any, ...]]],
    now: dt.datetime,
) -> None:
    """The repair's event, by the audit trail's rules as they were at this revision."""
    rows = dict(audit_rules_v1.seal(conn, table, key, _VOLATILE) for table, key in sealed)
    audit_rules_v1.append_event(
        conn, now, action='transition', entity='rectification', entity_id=str(rect['id']),
        before_digest=audit_rules_v1.digest({'status': rect['status']}),
        after_digest=audit_rules_v1.digest({'status': 'reinspected', 'result': result}),
        detail={'note': 'repair: 0008_repair_stranded', 'migration': revision, 'rows': rows},
    )
