"""Demo documents: ``inspector demo`` issues the on-site record of every finalized demo inspection and
the notice of those with findings, so the documents page, the follow-up board and the exports show a
working office. On-site records count as served on the spot (the party signs for them there); the
follow-up demo decides which notices were served (some wait for service on the board).

No LibreOffice needed.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from functools import partial

from sqlalchemy import select

from inspector import workflows
from inspector.config import Config
from inspector.demo.result import DemoResult
from inspector.domain import DocumentKind, Role
from inspector.errors import UserError
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database
from inspector.storage.models import Inspection, User


def _office_actor(db: Database) -> Actor:
    with db.read() as s:
        user = s.execute(select(User).where(User.username == "office")).scalar_one_or_none()
    if user is None:
        return SYSTEM
    return Actor(user_id=user.id, name=user.name, role=Role.OFFICE)


def _issue_time(db: Database, inspection_id: uuid.UUID) -> dt.datetime:
    """An hour after the inspection ended (never in the future): documents dated as an office would."""
    with db.read() as s:
        insp = s.get(Inspection, inspection_id)
        assert insp is not None
        ended = insp.finished_at or insp.started_at
    return min(ended + dt.timedelta(hours=1), dt.datetime.now(dt.UTC))


def issue_demo_documents(db: Database, config: Config, result: DemoResult, rng: random.Random) -> None:
    actor = _office_actor(db)
    issued = 0
    served = 0
    # in the order the inspections took place, so the numbers run with the dates, as in an office
    dated = sorted((_issue_time(db, iid), iid) for iid in result.finalized)
    for when, inspection_id in dated:
        for kind in (DocumentKind.RECORD, DocumentKind.NOTICE):
            try:  # a refusal (no findings for a notice) rolls back and consumes no number
                changes = workflows.perform(
                    db,
                    partial(
                        workflows.issue_document,
                        actor=actor,
                        config=config,
                        inspection_id=inspection_id,
                        kind=kind,
                        issued_at=when,
                    ),
                )
            except UserError:
                continue
            issued += 1
            doc_id = changes.created
            if doc_id is not None and kind is DocumentKind.RECORD:
                workflows.perform(
                    db,
                    partial(
                        workflows.serve_document,
                        actor=actor,
                        config=config,
                        document_id=doc_id,
                        served_at=min(when + dt.timedelta(minutes=20), dt.datetime.now(dt.UTC)),
                    ),
                )
                served += 1
    result.extra["documents"] = issued
    result.extra["documents_served"] = served
