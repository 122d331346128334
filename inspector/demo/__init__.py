"""Realistic demo data, so a new user (and every screenshot) sees a working office.

Deterministic (fixed seed) and idempotent: the second run finds the demo marker and changes nothing;
a run killed half-way is started again from a clean slate, and a database with real records is
refused (see :mod:`inspector.demo.state`). :func:`seed` calls each step explicitly, in the order the
data depends on: the office and its inspections (with photos), then the documents issued from them,
then the follow-up of the notices, then the cases. Nothing registers itself on import.
"""

from __future__ import annotations

import random

from inspector.config import Config
from inspector.demo import state
from inspector.demo.cases import seed_cases
from inspector.demo.documents import issue_demo_documents
from inspector.demo.followup import seed_followup
from inspector.demo.office import seed_office
from inspector.demo.result import DEMO_PASSWORD, MARKER, DemoResult
from inspector.i18n import tr
from inspector.storage.db import Database

__all__ = ["DEMO_PASSWORD", "MARKER", "DemoResult", "describe", "seed"]


def seed(db: Database, config: Config, *, seed_value: int = 20261130) -> DemoResult:
    rng = random.Random(seed_value)
    found = state.state(db)
    if found is state.DemoState.DONE:
        return DemoResult(created=False)
    if found is state.DemoState.FOREIGN:
        raise state.refuse_foreign()
    if found is state.DemoState.PARTIAL:
        state.reset(db, config)
    state.begin(db)
    result = seed_office(db, config, rng)
    issue_demo_documents(db, config, result, rng)
    seed_followup(db, config, result, rng)
    seed_cases(db, config, result, rng)
    state.finish(db)
    result.restarted = found is state.DemoState.PARTIAL
    return result


def describe(result: DemoResult) -> str:
    if not result.created:
        return tr("Demo data is already there; nothing changed.")
    if result.restarted:
        return tr(
            "An interrupted demo was found and started again. Demo data created: {sites} sites, {users} "
            "users, {inspections} inspections ({final} finalized).",
            sites=result.sites,
            users=result.users,
            inspections=result.inspections,
            final=len(result.finalized),
        )
    return tr(
        "Demo data created: {sites} sites, {users} users, {inspections} inspections ({final} finalized).",
        sites=result.sites,
        users=result.users,
        inspections=result.inspections,
        final=len(result.finalized),
    )
