"""Finding a row by the id a person gave: the id read, the row fetched, what is missing said.

Commands and screens hand the services ids as typed text or as UUIDs. Each service parsed the id and
fetched its row with the same few lines, differing only in what the message names; these two do the
work and take the message (translated by the caller, and only built when needed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

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
