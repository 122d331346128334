"""Bookkeeping that belongs to this database alone: neither sealed by the audit trail nor exchanged.

- :class:`SignInThrottle`: failed sign-ins counted per source (the computer and its account) and
  user name, so repeated failures slow down whoever makes them without locking the account for
  everyone (the failures themselves are audited as events).
- :class:`DataMarker`: written with the first record, and copied into the data directory, so that a
  database that later goes missing or comes back empty is noticed instead of silently replaced
  (see :mod:`inspector.storage.marker`).

Kept beside :mod:`inspector.storage.models`, which imports this module at its end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector.storage.models import Base
from inspector.storage.types import utcnow


class SignInThrottle(Base):
    """Consecutive failed sign-ins of one user name from one source, and until when the next waits.

    The user name is kept as typed (an unknown name is throttled the same way, so the answer never
    tells which names exist); a successful sign-in from that source deletes the row.
    """

    __tablename__ = "sign_in_throttle"

    source: Mapped[str] = mapped_column(String(128), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column()
    blocked_until: Mapped[dt.datetime | None] = mapped_column()


class DataMarker(Base):
    """One row: this database's random id, from the moment it first held a record."""

    __tablename__ = "data_marker"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
