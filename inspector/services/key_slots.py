"""Keeping the key file's slots in step with the accounts, inside the account change's transaction.

Every place that sets a password (a new account, a reset by an administrator, a person changing
their own) wraps the data key again for that account, and deactivating an account removes its slot,
so a deactivated person's password no longer opens the data even with a copy of the folder. The key
file is written before the transaction commits: if writing it fails, the account change is rolled
back with it. On a directory that is not encrypted (or a server database) these do nothing.

Re-issuing the recovery code is an administrator's action, recorded in the audit trail (never the
code itself).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from inspector.crypto.keyfile import KeyFileError
from inspector.domain import Role
from inspector.errors import DatabaseError, UserError
from inspector.i18n import os_reason, tr
from inspector.services import audit, throttle
from inspector.services.actor import Actor
from inspector.storage.db import keyring_of


def _failed(err: OSError | KeyFileError) -> DatabaseError:
    return DatabaseError(
        tr(
            "The key file of this data directory cannot be updated ({reason}); nothing was changed. "
            "Check the folder's permissions and free disk space.",
            reason=os_reason(err) if isinstance(err, OSError) else str(err),  # KeyFileError: translated
        )
    )


def password_set(session: Session, username: str, password: str) -> None:
    """Wrap the data key for ``username`` under ``password`` (replacing any earlier slot)."""
    keyring = keyring_of(session)
    if keyring is None:
        return
    try:
        keyring.set_password(username, password)
    except (OSError, KeyFileError) as err:
        raise _failed(err) from err


def account_closed(session: Session, username: str) -> None:
    """Remove ``username``'s slot: the password no longer opens the data."""
    keyring = keyring_of(session)
    if keyring is None:
        return
    try:
        keyring.remove(username)
    except (OSError, KeyFileError) as err:
        raise _failed(err) from err


def waits_lifted(session: Session, username: str) -> None:
    """Forget ``username``'s failed unlocks counted on this computer (an administrator's unlock)."""
    keyring = keyring_of(session)
    if keyring is not None:
        throttle.lift(throttle.FileCounter(keyring.path.parent), username)


def is_encrypted(session: Session) -> bool:
    return keyring_of(session) is not None


def has_slot(session: Session, username: str) -> bool:
    keyring = keyring_of(session)
    return keyring is None or keyring.has_slot(username)


def reissue_recovery_code(session: Session, actor: Actor) -> str:
    """A new recovery code (administrators); the old one stops working. Shown once, never stored."""
    actor.require(Role.ADMIN)
    keyring = keyring_of(session)
    if keyring is None:
        raise UserError(tr("This data directory is not encrypted, so it has no recovery code."))
    try:
        code = keyring.new_recovery_code()
    except (OSError, KeyFileError) as err:
        raise _failed(err) from err
    audit.record(session, actor, "recovery_code.reissue", "data", "keys")
    return code
