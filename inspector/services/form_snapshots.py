"""Freezing the form an inspection uses into the database (table ``form_snapshots``).

An inspection stores ``form_sha256``; the snapshot row holds the canonical JSON under that hash, so
the inspection shows the same questions and law text forever, whatever happens to the files later.
Storing is idempotent (same content, same hash, one row), also when two laptops or two writers store
the same form at once.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from inspector.errors import DatabaseError, NotFoundError
from inspector.forms.canonical import form_from_snapshot
from inspector.forms.model import Form
from inspector.forms.reader import FormError
from inspector.i18n import tr
from inspector.storage.models import FormSnapshot
from inspector.storage.types import utcnow


def store_snapshot(session: Session, form: Form) -> str:
    """Insert the form's frozen copy unless it is already stored; return its SHA-256."""
    sha = form.sha256
    if session.get(FormSnapshot, sha) is not None:
        return sha
    values = {
        "sha256": sha,
        "form_id": form.id,
        "version": form.version,
        "content": form.canonical_json(),
        "created_at": utcnow(),
    }
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(FormSnapshot).values(**values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(FormSnapshot).values(**values).on_conflict_do_nothing())
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        session.add(FormSnapshot(**values))
        session.flush()
    return sha


def load_snapshot(session: Session, sha: str) -> Form:
    """The form exactly as it was frozen; refuses a copy whose content no longer matches its hash."""
    row = session.get(FormSnapshot, sha)
    if row is None:
        raise NotFoundError(
            tr(
                "The checklist version {sha} is not in the database; the database may be "
                "incomplete. Restore it from a backup.",
                sha=sha[:12],
            )
        )
    actual = hashlib.sha256(row.content.encode("utf-8")).hexdigest()
    if actual != sha:
        raise DatabaseError(
            tr(
                "The stored checklist {form_id} version {version} was altered after it was saved "
                "(its checksum no longer matches). Restore the database from a backup.",
                form_id=row.form_id,
                version=row.version,
            )
        )
    try:
        return form_from_snapshot(row.content)
    except FormError as err:
        raise DatabaseError(
            tr(
                "The stored checklist {form_id} version {version} cannot be read: {reason}",
                form_id=row.form_id,
                version=row.version,
                reason="; ".join(err.problems),
            )
        ) from err
