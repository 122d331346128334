"""One row by its primary key, locked for the rest of the transaction when the caller will change it.

Every service that changes a record (an inspection, a rectification, a case) first loads it, and two
offices writing to one PostgreSQL database must not both read the same old state and both write: the
row is read ``FOR UPDATE`` there. SQLite has one writer at a time already and ignores the lock, so it
is asked only of PostgreSQL. Kept in one place so that every loader locks the same way.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

R = TypeVar("R")


def row_by_id(session: Session, model: type[R], row_id: uuid.UUID, *, for_update: bool = False) -> R | None:
    """The ``model`` row whose primary key is ``row_id``, or ``None``; locked when ``for_update``."""
    query = select(model).where(inspect(model).primary_key[0] == row_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()
