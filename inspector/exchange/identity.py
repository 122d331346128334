"""Which database this is, for exchange packages: a random id made once and kept in the settings.

A package names the database that made it, so a package is never imported back into its own
database and the audit events it carries are filed under their origin.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from inspector.services import audit
from inspector.services.actor import SYSTEM
from inspector.storage.models import Setting

INSTALL_ID_KEY = "trust.install_id"


def install_id(session: Session) -> str:
    """This database's id, created on first use (needs a write transaction the first time)."""
    row = session.get(Setting, INSTALL_ID_KEY)
    if row is not None:
        return row.value
    value = str(uuid.uuid4())
    session.add(Setting(key=INSTALL_ID_KEY, value=value))
    session.flush()
    audit.record(session, SYSTEM, "install_id", "settings", INSTALL_ID_KEY, after={"install_id": value})
    return value


def peek_install_id(session: Session) -> str | None:
    row = session.get(Setting, INSTALL_ID_KEY)
    return row.value if row is not None else None
