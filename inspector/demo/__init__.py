"""Realistic demo data, so a new user (and every screenshot) sees a working office.

Deterministic (fixed seed) and idempotent: the second run finds the demo marker and changes nothing.
:func:`seed` calls each step explicitly, in the order the data depends on: the office and its
inspections (with photos), then the documents issued from them, then the follow-up of the notices.
Nothing registers itself on import.
"""

from __future__ import annotations

import random

from inspector.config import Config
from inspector.demo.documents import issue_demo_documents
from inspector.demo.followup import seed_followup
from inspector.demo.office import seed_office
from inspector.demo.result import DEMO_PASSWORD, MARKER, DemoResult
from inspector.i18n import tr
from inspector.storage.db import Database
from inspector.storage.models import Setting

__all__ = ["DEMO_PASSWORD", "MARKER", "DemoResult", "describe", "seed"]


def seed(db: Database, config: Config, *, seed_value: int = 20261130) -> DemoResult:
    rng = random.Random(seed_value)
    with db.read() as s:
        if s.get(Setting, MARKER) is not None:
            return DemoResult(created=False)
    result = seed_office(db, config, rng)
    issue_demo_documents(db, config, result, rng)
    seed_followup(db, config, result, rng)
    return result


def describe(result: DemoResult) -> str:
    if not result.created:
        return tr("Demo data is already there; nothing changed.")
    return tr(
        "Demo data created: {sites} sites, {users} users, {inspections} inspections ({final} finalized).",
        sites=result.sites,
        users=result.users,
        inspections=result.inspections,
        final=len(result.finalized),
    )
