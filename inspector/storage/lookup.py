"""Finding a row by its id: the id a person gave read, the row fetched, what is missing said, and
the row locked when the caller will change it.

Commands and screens hand the services ids as typed text or as UUIDs. Each service parsed the id and
fetched its row with the same few lines, differing only in what the message names; :func:`as_uuid`
and :func:`row_or_missing` do the work and take the message (translated by the caller, and only
built when needed).

Every service that changes a record (an inspection, a rectification, a case) first loads it, and two
offices writing to one PostgreSQL database must not both read the same old state and both write:
:func:`row_by_id` reads the row ``FOR UPDATE`` there. SQLite has one writer at a time already and
ignores the lock, so it is asked only of PostgreSQL. Kept in one place so that every loader locks
the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from inspector.errors import NotFoundError

R = TypeVar("R")


def as_uuid(value: uuid.UUID | str, invalid: Callable[[], str]) -> uuid.UUID:
    """``value`` as a UUID; :class:`NotFoundError` saying ``invalid()`` when it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFoundError(invalid()) from None


def row_or_missing(session: Session, model: type[R], row_id: uuid.UUID, missing: Callable[[], str]) -> R:
    """The row of ``model`` with ``row_id``; :class:`NotFoundError` saying ``missing()`` when none."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(missing())
    return row


def row_by_id(session: Session, model: type[R], row_id: uuid.UUID, *, for_update: bool = False) -> R | None:
    """The ``model`` row whose primary key is ``row_id``, or ``None``; locked when ``for_update``."""
    query = select(model).where(inspect(model).primary_key[0] == row_id)
    if for_update and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()
