"""The append-only, hash-chained audit trail.

Each event's hash covers its content and the previous event's hash, so a row changed or deleted
behind the app's back (editing the SQLite file) breaks the chain at that point and ``verify_chain``
names it. Digests of the before/after state are stored rather than the state itself: the records
hold the data, the trail proves what it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.services.actor import Actor
from inspector.storage.models import AuditEvent, Counter
from inspector.storage.types import utcnow

GENESIS = "0" * 64


def digest(state: dict[str, Any] | None) -> str | None:
    if state is None:
        return None
    blob = json.dumps(state, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _event_hash(ev: AuditEvent) -> str:
    body = {
        "id": str(ev.id),
        "at": ev.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": str(ev.actor_id) if ev.actor_id else None,
        "actor_name": ev.actor_name,
        "action": ev.action,
        "entity": ev.entity,
        "entity_id": ev.entity_id,
        "before": ev.before_digest,
        "after": ev.after_digest,
        "detail": ev.detail,
        "prev": ev.prev_hash,
    }
    blob = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appenders on PostgreSQL (SQLite already has one writer) so the chain never forks."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            select(Counter).where(Counter.series == "__audit__", Counter.year == 0).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            from sqlalchemy.dialects.postgresql import insert

            session.execute(insert(Counter).values(series="__audit__", year=0, value=0).on_conflict_do_nothing())
            session.execute(
                select(Counter).where(Counter.series == "__audit__", Counter.year == 0).with_for_update()
            )


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    _lock_chain(session)
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).scalar()
    ev = AuditEvent(
        id=uuid.uuid4(),
        at=utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.name,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        before_digest=digest(before),
        after_digest=digest(after),
        detail=detail,
        prev_hash=last or GENESIS,
    )
    ev.hash = _event_hash(ev)
    session.add(ev)
    session.flush()
    return ev


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(session: Session) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    prev = GENESIS
    for ev in session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars():
        if ev.prev_hash != prev:
            problems.append(ChainProblem(ev.seq, "previous-hash mismatch (an event was removed or reordered)"))
        if _event_hash(ev) != ev.hash:
            problems.append(ChainProblem(ev.seq, "content does not match its hash (the event was altered)"))
        prev = ev.hash
    return problems
