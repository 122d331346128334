"""Opening a data directory as a person: unwrap the data key with their password, open the encrypted
database with it, then check the password against their account as before. The app and the command
line both come here, so they unlock the same way.

Why the order: the database of a laptop is encrypted, so it cannot say who may sign in until it is
open. The key file (:mod:`inspector.crypto.keyfile`) answers first: a wrong password fails there,
costs the same scrypt time as a right one (a name without a slot too) and is counted, and nothing is
opened. A right one opens the database, whose account rules (deactivated, locked, password) then
apply unchanged and whose sign-in event is recorded as always.

A directory without a key file is opened as before: a server database (PostgreSQL, whose at-rest
encryption is the server's job) or a laptop directory not converted yet (:mod:`.encrypt_dir`).
A new laptop directory is encrypted from its first account on (:func:`create_office`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from inspector.config import Config
from inspector.crypto import keyfile
from inspector.crypto.keyfile import KeyFile, KeyFileError
from inspector.crypto.keys import DataKey, WrongSecretError
from inspector.errors import DatabaseError, UserError
from inspector.i18n import tr
from inspector.services import auth, throttle
from inspector.services import users as users_service
from inspector.services.actor import Actor
from inspector.storage.db import Database, _sqlite_path, open_database
from inspector.storage.types import utcnow


class DataState(StrEnum):
    NEW = "new"  # a laptop directory with no database yet: it will be encrypted from the start
    ENCRYPTED = "encrypted"
    PLAIN = "plain"  # a laptop directory from before encryption: offer the conversion
    SERVER = "server"  # PostgreSQL: unchanged


def data_state(config: Config) -> DataState:
    """What the directory is; an interrupted conversion is finished (or undone) first."""
    path = _sqlite_path(config.db_url)
    if path is None:
        return DataState.SERVER
    if config.data_dir.parent.exists():
        from inspector.crypto.swap import resume

        resume(config.data_dir)
    if not path.exists() or path.stat().st_size == 0:
        return DataState.NEW
    if keyfile.exists(config.data_dir):
        return DataState.ENCRYPTED
    return DataState.PLAIN


@dataclass(frozen=True)
class Unlocked:
    """An open data directory: the configuration carrying the key, the database, who signed in
    (None while the directory still needs its first administrator)."""

    config: Config
    db: Database
    actor: Actor | None


def _key_file(config: Config) -> KeyFile:
    try:
        return KeyFile.load(config.key_file)
    except KeyFileError as err:
        raise DatabaseError(
            tr(
                "The key file {path} of this encrypted data directory cannot be read ({reason}). "
                "Restore the data directory from a backup; the recovery code opens a backup.",
                path=str(config.key_file),
                reason=str(err),
            )
        ) from err


def unlock(
    config: Config,
    username: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    source: str | None = None,
) -> Config:
    """The configuration with the data key that ``username``'s password unwraps.

    Raises :class:`~inspector.services.auth.SignInError` for a wrong name or password and
    :class:`DatabaseError` when the key file is unreadable. Failures are counted by the one sign-in
    throttle (:mod:`inspector.services.throttle`: per source and user name, a few free, then each next
    attempt waits twice as long), in the file beside the key file since the database is still shut."""
    now = now or utcnow()
    source = source or throttle.this_source()
    name = username.strip()
    counter = throttle.FileCounter(config.data_dir)
    until = throttle.waiting(counter, source, name, now)
    if until is not None:
        raise auth.SignInError(auth.delayed_message(name, until, now), until)
    file = _key_file(config)
    try:
        key = file.unlock_user(name, password)
    except WrongSecretError:
        _failures, waited = throttle.fail(counter, source, name, now)
        if waited is not None:
            raise auth.SignInError(auth.delayed_message(name, waited, now), waited) from None
        raise auth.SignInError(wrong_password_message()) from None
    throttle.succeeded(counter, source, name)
    return config.with_key(key)


def wrong_password_message() -> str:
    return auth.wrong_message()


def unlock_with_recovery(config: Config, code: str) -> Config:
    """The configuration with the data key that the recovery code unwraps."""
    try:
        key = _key_file(config).unlock_recovery(code)
    except WrongSecretError:
        raise UserError(tr("The recovery code is wrong. Type the code exactly as it was printed.")) from None
    return config.with_key(key)


def sign_in(config: Config, username: str, password: str) -> Unlocked:
    """Unlock (when encrypted), open the database and sign in; the database is closed again if the
    sign-in is refused."""
    if data_state(config) is DataState.ENCRYPTED:
        config = unlock(config, username, password)
    db = open_database(config)
    try:
        with db.write() as session:
            if users_service.needs_first_admin(session) and config.key is not None:
                return Unlocked(config, db, None)  # created but killed before its account
            result = auth.authenticate(session, username, password)
            if result.actor is not None:
                _strengthen_slot(config, session, username.strip(), password)
    except BaseException:
        db.close()
        raise
    if result.actor is None:
        db.close()
        raise auth.SignInError(result.message, result.locked_until)
    return Unlocked(config, db, result.actor)


def _strengthen_slot(config: Config, session: object, username: str, password: str) -> None:
    """A slot made by the conversion from the old password hash (weaker scrypt) is wrapped again
    with today's parameters at its owner's first sign-in."""
    if config.key is None:
        return
    params = KeyFile.load(config.key_file).slot_params(username)
    if params is not None and params.weaker_than_default():
        from inspector.services import key_slots

        key_slots.password_set(session, username, password)  # type: ignore[arg-type]


def create_office(config: Config) -> tuple[Config, str]:
    """A new encrypted laptop directory: a fresh data key and a key file holding only the recovery
    slot. Returns the configuration with the key and the recovery code (to show once). The first
    account's slot is added when it is created (:mod:`inspector.services.key_slots`)."""
    if data_state(config) is not DataState.NEW:
        raise UserError(tr("This data directory already holds a database; nothing was changed."))
    config.data_dir.mkdir(parents=True, exist_ok=True)
    key = DataKey.generate()
    _file, code = KeyFile.create(config.key_file, key)
    return config.with_key(key), code


def abandon_new_office(config: Config) -> None:
    """Undo :func:`create_office` when its first account was never made (the person cancelled):
    the empty database and the key file go, so the next start offers the creation again."""
    from sqlalchemy import func, select

    from inspector.storage.models import User

    db = open_database(config)
    try:
        with db.read() as session:
            if session.execute(select(func.count()).select_from(User)).scalar_one():
                return  # someone made an account meanwhile: keep everything
    finally:
        db.close()
    path = _sqlite_path(config.db_url)
    assert path is not None
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    config.key_file.unlink(missing_ok=True)
