"""Demo documents: ``inspector demo`` issues the on-site record of every finalized demo inspection and
the notice of those with findings, so the documents page, the follow-up board and the exports show a
working office. On-site records count as served on the spot (the party signs for them there); every
other notice is served when issued, the rest wait for service on the follow-up board.

No LibreOffice needed.
"""

from __future__ import annotations

import random
from functools import partial

from sqlalchemy import select

from inspector import workflows
from inspector.config import Config
from inspector.demo.result import DemoResult
from inspector.domain import DocumentKind, Role
from inspector.errors import UserError
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database
from inspector.storage.models import User


def _office_actor(db: Database) -> Actor:
    with db.read() as s:
        user = s.execute(select(User).where(User.username == "office")).scalar_one_or_none()
    if user is None:
        return SYSTEM
    return Actor(user_id=user.id, name=user.name, role=Role.OFFICE)


def issue_demo_documents(db: Database, config: Config, result: DemoResult, rng: random.Random) -> None:
    actor = _office_actor(db)
    issued = 0
    served = 0
    for n, inspection_id in enumerate(result.finalized):
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
                    ),
                )
            except UserError:
                continue
            issued += 1
            doc_id = changes.created
            if doc_id is not None and (kind is DocumentKind.RECORD or n % 2 == 0):
                workflows.perform(
                    db, partial(workflows.serve_document, actor=actor, config=config, document_id=doc_id)
                )
                served += 1
    result.extra["documents"] = issued
    result.extra["documents_served"] = served
