"""Slowing down repeated failed sign-ins, per source and user name.

A source is the computer and the account on it (``user@host``): the app and the command line on one
desk share it. The first :data:`FREE_FAILURES` failures in a row cost nothing; after that the next
attempt from that source at that name must wait :data:`BASE_DELAY_S` seconds, doubling with each
further failure up to :data:`MAX_DELAY_S`. An attempt made while waiting is refused without looking
at the password (so guessing cannot go faster by ignoring the wait) and does not lengthen the wait.
A success from the source, or an administrator's unlock, clears the count. Failures older than
:data:`FORGET_AFTER` are forgotten, so the table stays small.

Why not lock the account: a lock-out per account lets anyone keep an administrator out of the whole
office by typing wrong passwords; a delay per source slows only the one who guesses.
"""

from __future__ import annotations

import datetime as dt
import getpass
import platform
from functools import cache

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from inspector.storage.local_models import SignInThrottle
from inspector.storage.models import User
from inspector.storage.types import utcnow

FREE_FAILURES = 3
BASE_DELAY_S = 5
MAX_DELAY_S = 15 * 60
FORGET_AFTER = dt.timedelta(hours=24)


@cache
def this_source() -> str:
    """``user@host`` of this process: who is at this computer, as the operating system says."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        user = "?"
    host = platform.node() or "?"
    return f"{user}@{host}"[:128]


def delay_after(failures: int) -> dt.timedelta:
    """How long the next attempt waits after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return dt.timedelta(0)
    seconds = BASE_DELAY_S * 2 ** min(failures - FREE_FAILURES - 1, 20)
    return dt.timedelta(seconds=min(seconds, MAX_DELAY_S))


def blocked_until(session: Session, source: str, username: str, now: dt.datetime) -> dt.datetime | None:
    """Until when the next attempt from ``source`` at ``username`` must wait (None: it may go now)."""
    until = session.execute(
        select(SignInThrottle.blocked_until).where(
            SignInThrottle.source == source, SignInThrottle.username == username[:64]
        )
    ).scalar_one_or_none()
    return until if until is not None and until > now else None


def note_failure(
    session: Session, source: str, username: str, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    """Count one failure; returns the failures in a row and until when the next attempt waits."""
    session.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < now - FORGET_AFTER))
    row = session.get(SignInThrottle, (source, username[:64]), with_for_update=True)
    if row is None:
        row = SignInThrottle(source=source, username=username[:64], failures=0, last_failure_at=now)
        session.add(row)
    row.failures = (row.failures or 0) + 1
    row.last_failure_at = now
    wait = delay_after(row.failures)
    row.blocked_until = now + wait if wait else None
    session.flush()
    refresh_account(session, username, now)
    return row.failures, row.blocked_until


def clear(session: Session, username: str, source: str | None = None) -> None:
    """Forget the failures at ``username`` from ``source`` (from every source when None)."""
    q = delete(SignInThrottle).where(SignInThrottle.username == username[:64])
    if source is not None:
        q = q.where(SignInThrottle.source == source)
    session.execute(q)
    session.flush()
    refresh_account(session, username, utcnow())


def refresh_account(session: Session, username: str, now: dt.datetime) -> None:
    """Copy the latest wait onto the account (``users.locked_until``), which the account lists show."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        return
    latest = session.execute(
        select(func.max(SignInThrottle.blocked_until)).where(SignInThrottle.username == username[:64])
    ).scalar()
    user.locked_until = latest if latest is not None and latest > now else None
    session.flush()
