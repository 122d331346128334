"""The one sign-in throttle: repeated failed sign-ins slow down per source and user name.

A source is the computer and the account on it (``user@host``): the app and the command line on one
desk share it. The first :data:`FREE_FAILURES` failures in a row cost nothing; after that the next
attempt from that source at that name must wait :data:`BASE_DELAY_S` seconds, doubling with each
further failure up to :data:`MAX_DELAY_S`. An attempt made while waiting is refused without looking
at the password (so guessing cannot go faster by ignoring the wait) and does not lengthen the wait.
A success from the source, or an administrator's unlock, clears the count. Failures older than
:data:`FORGET_AFTER` are forgotten, so the bookkeeping stays small.

Why not lock the account: a lock-out per account lets anyone keep an administrator out of the whole
office by typing wrong passwords; a delay per source slows only the one who guesses.

Where the counts live is the only thing that differs between the two doors, so the rules are
written once (:func:`waiting`, :func:`fail`, :func:`succeeded`, :func:`lift`) over a
:class:`Counter`:

- :class:`TableCounter`, the database's ``sign_in_throttle`` table: the sign-in against the
  accounts (a server database, an unencrypted laptop, and the account check after an unlock).
- :class:`FileCounter`, the file :data:`ATTEMPTS_FILE` in the data directory: the unlock of an
  encrypted laptop's key file, which comes before the database can be opened, so the table cannot
  count it. The file is this computer's; the real protection against someone who copied the folder
  is the cost of each guess (scrypt), which no file can take away.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import platform
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from inspector import durable
from inspector.storage.local_models import SignInThrottle
from inspector.storage.models import User
from inspector.storage.types import utcnow

FREE_FAILURES = 3
BASE_DELAY_S = 5
MAX_DELAY_S = 15 * 60
FORGET_AFTER = dt.timedelta(hours=24)
ATTEMPTS_FILE = "inspector.keys.attempts"
NAME_MAX = 64
SOURCE_MAX = 128


@cache
def this_source() -> str:
    """``user@host`` of this process: who is at this computer, as the operating system says."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        user = "?"
    host = platform.node() or "?"
    return f"{user}@{host}"[:SOURCE_MAX]


def delay_after(failures: int) -> dt.timedelta:
    """How long the next attempt waits after ``failures`` failures in a row."""
    if failures <= FREE_FAILURES:
        return dt.timedelta(0)
    seconds = BASE_DELAY_S * 2 ** min(failures - FREE_FAILURES - 1, 20)
    return dt.timedelta(seconds=min(seconds, MAX_DELAY_S))


@dataclass(frozen=True)
class Entry:
    """Failures in a row of one user name from one source, and until when the next attempt waits."""

    failures: int
    last: dt.datetime
    until: dt.datetime | None


class Counter(Protocol):
    """Where the failures are kept: a table of the database or a file beside it."""

    def get(self, source: str, username: str) -> Entry | None: ...
    def put(self, source: str, username: str, entry: Entry) -> None: ...
    def drop(self, username: str, source: str | None) -> None: ...
    def forget_before(self, cutoff: dt.datetime) -> None: ...


# --- the rules, once ---------------------------------------------------------------------------------


def waiting(counter: Counter, source: str, username: str, now: dt.datetime) -> dt.datetime | None:
    """Until when the next attempt from ``source`` at ``username`` must wait (None: it may go now)."""
    entry = counter.get(source[:SOURCE_MAX], username[:NAME_MAX])
    until = entry.until if entry is not None else None
    return until if until is not None and until > now else None


def fail(counter: Counter, source: str, username: str, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """Count one failure; returns the failures in a row and until when the next attempt waits."""
    source, username = source[:SOURCE_MAX], username[:NAME_MAX]
    counter.forget_before(now - FORGET_AFTER)
    before = counter.get(source, username)
    failures = (before.failures if before is not None else 0) + 1
    wait = delay_after(failures)
    until = now + wait if wait else None
    counter.put(source, username, Entry(failures, now, until))
    return failures, until


def succeeded(counter: Counter, source: str, username: str) -> None:
    """A right password from ``source``: its count at ``username`` starts again."""
    counter.drop(username[:NAME_MAX], source[:SOURCE_MAX])


def lift(counter: Counter, username: str) -> None:
    """An administrator's unlock: ``username``'s waits end, from every source."""
    counter.drop(username[:NAME_MAX], None)


# --- the database's table ----------------------------------------------------------------------------


class TableCounter:
    """The counts in ``sign_in_throttle``; every change copies the latest wait onto the account."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, source: str, username: str) -> Entry | None:
        row = self.session.get(SignInThrottle, (source, username), with_for_update=True)
        return None if row is None else Entry(row.failures or 0, row.last_failure_at, row.blocked_until)

    def put(self, source: str, username: str, entry: Entry) -> None:
        row = self.session.get(SignInThrottle, (source, username))
        if row is None:
            row = SignInThrottle(source=source, username=username)
            self.session.add(row)
        row.failures, row.last_failure_at, row.blocked_until = entry.failures, entry.last, entry.until
        self.session.flush()
        refresh_account(self.session, username, entry.last)

    def drop(self, username: str, source: str | None) -> None:
        q = delete(SignInThrottle).where(SignInThrottle.username == username)
        if source is not None:
            q = q.where(SignInThrottle.source == source)
        self.session.execute(q)
        self.session.flush()
        refresh_account(self.session, username, utcnow())

    def forget_before(self, cutoff: dt.datetime) -> None:
        self.session.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < cutoff))


def blocked_until(session: Session, source: str, username: str, now: dt.datetime) -> dt.datetime | None:
    return waiting(TableCounter(session), source, username, now)


def note_failure(
    session: Session, source: str, username: str, now: dt.datetime
) -> tuple[int, dt.datetime | None]:
    return fail(TableCounter(session), source, username, now)


def clear(session: Session, username: str, source: str | None = None) -> None:
    """Forget the failures at ``username`` from ``source`` (from every source when None)."""
    counter = TableCounter(session)
    if source is None:
        lift(counter, username)
    else:
        succeeded(counter, source, username)


def refresh_account(session: Session, username: str, now: dt.datetime) -> None:
    """Copy the latest wait onto the account (``users.locked_until``), which the account lists show."""
    user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        return
    latest = session.execute(
        select(func.max(SignInThrottle.blocked_until)).where(SignInThrottle.username == username[:NAME_MAX])
    ).scalar()
    user.locked_until = latest if latest is not None and latest > now else None
    session.flush()


# --- the file beside an encrypted database -----------------------------------------------------------


class FileCounter:
    """The counts in ``<data dir>/inspector.keys.attempts`` (JSON, replaced atomically).

    A file that cannot be read counts as empty and one that cannot be written is left as it is: a
    read-only folder cannot count, and the cost of each guess still applies."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / ATTEMPTS_FILE

    def _load(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        entries = data.get("entries") if isinstance(data, dict) else None
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    def _save(self, entries: list[dict[str, Any]]) -> None:
        body = json.dumps({"version": 2, "entries": entries}, sort_keys=True).encode()
        with contextlib.suppress(OSError):
            durable.write_atomic(self.path, body, durable=False, mode=0o600)

    def get(self, source: str, username: str) -> Entry | None:
        for e in self._load():
            if e.get("source") == source and e.get("username") == username:
                try:
                    last = dt.datetime.fromisoformat(str(e["last"]))
                    until = dt.datetime.fromisoformat(str(e["until"])) if e.get("until") else None
                    return Entry(int(e.get("failures", 0)), last, until)
                except (KeyError, ValueError, TypeError):
                    return None
        return None

    def put(self, source: str, username: str, entry: Entry) -> None:
        kept = [e for e in self._load() if (e.get("source"), e.get("username")) != (source, username)]
        kept.append(
            {
                "source": source,
                "username": username,
                "failures": entry.failures,
                "last": entry.last.isoformat(),
                "until": entry.until.isoformat() if entry.until else None,
            }
        )
        self._save(kept)

    def drop(self, username: str, source: str | None) -> None:
        entries = self._load()
        kept = [
            e
            for e in entries
            if e.get("username") != username or (source is not None and e.get("source") != source)
        ]
        if len(kept) != len(entries):
            self._save(kept)

    def forget_before(self, cutoff: dt.datetime) -> None:
        entries = self._load()
        kept = [e for e in entries if str(e.get("last", "")) >= cutoff.isoformat()]
        if len(kept) != len(entries):
            self._save(kept)
