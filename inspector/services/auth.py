"""Passwords and sign-in, identical for the desktop app and the command line.

Passwords are hashed with scrypt (memory-hard, in the standard library) with a random salt per
password; the parameters travel inside the stored string (``scrypt$<n>$<r>$<p>$<salt>$<hash>``),
so they can be raised later and old hashes still verify (and are re-hashed at the next sign-in).

Repeated failures slow down whoever makes them: each (source, user name) pair may fail a few times
freely, then waits twice as long after every further failure (capped at 15 minutes). The source is
the computer and its account, so someone guessing at one desk delays only that desk's attempts at
that name: nobody can lock an administrator out of the office by typing wrong passwords (the old
per-account lock-out allowed exactly that). An administrator can lift the delay (``unlock``). A
failed attempt must be *remembered* even though it is refused, so :func:`authenticate` never raises
for a refusal: it returns a :class:`SignIn` the caller commits; :func:`sign_in` does both and raises
:class:`SignInError` after the commit. The command line signs in through the same function.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector.domain import Role
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import audit, throttle
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import User
from inspector.storage.types import utcnow

SCRYPT_N = 2**14  # 16 MiB of memory per hash with r=8: slow for a GPU farm, ~50 ms here
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_LENGTH = 8

# Checked against when the user name is unknown, so a wrong name costs the same time as a wrong
# password and the timing does not tell which names exist.
_DUMMY_SALT = b"inspector-dummy!"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:  # noqa: PLR0917
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * 1024 * 1024
    )


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16 or not key or len(key) > 128:
        return None
    return n, r, p, salt, key


def verify_password(password: str, stored: str | None) -> bool:
    """Constant-time check of ``password`` against a stored hash; an unreadable hash never matches."""
    parsed = _parse(stored) if stored else None
    if parsed is None:
        _scrypt(password, _DUMMY_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


def needs_rehash(stored: str) -> bool:
    parsed = _parse(stored)
    return parsed is None or parsed[0] < SCRYPT_N or parsed[1] < SCRYPT_R


def password_problems(password: str, username: str = "") -> list[str]:
    """Translated reasons why ``password`` is refused (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(tr("The password must have at least {n} characters.", n=MIN_PASSWORD_LENGTH))
    if username and password.strip().lower() == username.strip().lower():
        problems.append(tr("The password must not be the user name."))
    if len(password) > 256:
        problems.append(tr("The password is too long (at most 256 characters)."))
    return problems


def local_time_text(when: dt.datetime) -> str:
    """A moment in this computer's time zone, as a person reads it in a message."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def delayed_message(name: str, until: dt.datetime, now: dt.datetime) -> str:
    return tr(
        "Too many failed sign-ins as {name} from this computer: wait {seconds} seconds (until {time}) "
        "before the next attempt, or ask an administrator to lift the delay.",
        name=name,
        seconds=max(1, int((until - now).total_seconds() + 0.999)),
        time=local_time_text(until),
    )


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt; ``actor`` is None when refused (``message`` says why)."""

    actor: Actor | None
    message: str = ""
    locked_until: dt.datetime | None = None  # until when the next attempt from here must wait

    @property
    def ok(self) -> bool:
        return self.actor is not None


class SignInError(UserError):
    def __init__(self, message: str, locked_until: dt.datetime | None = None) -> None:
        super().__init__(message, field="password")
        self.locked_until = locked_until


def _failed(session: Session, user: User | None, name: str, source: str, now: dt.datetime) -> SignIn:
    failures, until = throttle.note_failure(session, source, name, now)
    if user is not None:
        detail: dict[str, object] = {"failures": failures, "source": source}
        if until is not None:
            detail["wait_until"] = until.isoformat()
        audit.record(session, _self_actor(user), "sign_in.failed", "user", user.id, detail=detail)
    if until is not None:
        return SignIn(None, delayed_message(name, until, now), until)
    return SignIn(None, wrong_message())


def wrong_message() -> str:
    return tr(
        "Wrong user name or password. After {n} failed attempts in a row, each further attempt from this "
        "computer must wait longer.",
        n=throttle.FREE_FAILURES,
    )


def _self_actor(user: User) -> Actor:
    return Actor(user_id=user.id, name=user.name, role=Role(user.role))


def authenticate(
    session: Session,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    source: str | None = None,
) -> SignIn:
    """Check a user name and password from ``source`` (default: this computer's user and host);
    count failures and slow them down; never raises for a refusal."""
    now = now or utcnow()
    source = source or throttle.this_source()
    name = username.strip()
    waiting = throttle.blocked_until(session, source, name, now)
    if waiting is not None:
        return SignIn(None, delayed_message(name, waiting, now), waiting)
    user = session.execute(select(User).where(User.username == name)).scalar_one_or_none()
    if user is None:
        verify_password(password, None)
        return _failed(session, None, name, source, now)
    if not user.password_hash:
        verify_password(password, None)
        return SignIn(
            None,
            tr(
                "The account {name} has no password yet. Ask an administrator to set one.", name=user.username
            ),
        )
    if not verify_password(password, user.password_hash):
        return _failed(session, user, name, source, now)
    if not user.active:
        return SignIn(
            None, tr("The account {name} is deactivated. Ask an administrator.", name=user.username)
        )
    throttle.clear(session, name, source)
    user.failed_logins = 0
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.flush()
    actor = _self_actor(user)
    audit.record(session, actor, "sign_in", "user", user.id, detail={"source": source})
    return SignIn(actor)


def sign_in(db: Database, username: str, password: str, *, source: str | None = None) -> Actor:
    """Authenticate in a transaction of its own (so failures are counted) and return the actor."""
    with db.write() as session:
        result = authenticate(session, username, password, source=source)
    if result.actor is None:
        raise SignInError(result.message, result.locked_until)
    return result.actor
