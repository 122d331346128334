"""The key file beside the database: the data key wrapped once per account and once for the
recovery code, readable before the encrypted database can be opened.

Why a small file outside the database: sign-in must unwrap the key before the database can be read,
so the slots cannot live inside it. The file holds no secret in the clear (each slot is the data key
encrypted under a key derived from one person's password, or from the recovery code) and the
fingerprint of the key, so a slot from another directory's file is refused. It lists the user names
that have a slot; that is all it tells someone who copies it.

The file is replaced atomically and durably (:mod:`inspector.durable`) and only ever changed while
the caller holds the database's write lock, re-read first, so two programs never lose each other's
change. Losing this file and the recovery code loses the data: backups carry a copy.

Failed unlocks are not counted here: the one sign-in throttle (:mod:`inspector.services.throttle`)
counts them per source and user name in a small file beside this one, since the database that
counts the other sign-ins cannot be opened yet.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector import durable
from inspector.crypto.keys import (
    DataKey,
    KdfParams,
    WrongSecretError,
    new_recovery_code,
    normalize_recovery_code,
    unwrap,
    waste_like_unwrap,
    wrap_with_kek,
    wrap_with_secret,
)
from inspector.i18n import os_reason, tr

KEY_FILE = "inspector.keys"
FORMAT = "inspector-keys"
VERSION = 1
RECOVERY = "recovery"


class KeyFileError(Exception):
    """The key file is missing, unreadable or from a newer version; ``str(err)`` is the translated
    reason, which the messages of unlocking, backups and password changes put in brackets."""


def user_slot(username: str) -> str:
    return f"user:{username}"


@dataclass
class KeyFile:
    """The parsed key file: the key's fingerprint and the wrapped copies by slot name."""

    path: Path
    fingerprint: str
    slots: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KeyFileError(tr("the file is missing")) from None
        except (OSError, UnicodeDecodeError) as err:
            raise KeyFileError(os_reason(err)) from err
        except ValueError as err:
            raise KeyFileError(tr("it is not a key file (damaged)")) from err
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise KeyFileError(tr("it is not a key file (damaged)"))
        if not isinstance(data.get("version"), int) or data["version"] > VERSION:
            raise KeyFileError(tr("it was written by a newer version of the app; update the app"))
        slots, fingerprint = data.get("slots"), data.get("fingerprint")
        if not isinstance(slots, dict) or not isinstance(fingerprint, str):
            raise KeyFileError(tr("it holds no keys (damaged)"))
        return cls(path, fingerprint, {str(k): v for k, v in slots.items() if isinstance(v, dict)})

    @classmethod
    def create(cls, path: Path, key: DataKey) -> tuple[KeyFile, str]:
        """A new key file with only the recovery slot; returns it and the recovery code (shown once)."""
        file = cls(path, key.fingerprint, {})
        code = new_recovery_code()
        file.slots[RECOVERY] = wrap_with_secret(key, code, RECOVERY)
        file.save()
        return file, code

    def save(self) -> None:
        body = {"format": FORMAT, "version": VERSION, "fingerprint": self.fingerprint, "slots": self.slots}
        data = json.dumps(body, indent=1, sort_keys=True).encode("utf-8")
        durable.write_atomic(self.path, data, mode=0o600)

    def users(self) -> list[str]:
        return sorted(name.removeprefix("user:") for name in self.slots if name.startswith("user:"))

    def _open(self, slot: str, secret: str) -> DataKey:
        entry = self.slots.get(slot)
        if entry is None:
            waste_like_unwrap(secret)
            raise WrongSecretError("no such slot")
        key = unwrap(entry, secret, slot)
        if key.fingerprint != self.fingerprint:
            raise WrongSecretError("a slot of another key")
        return key

    def unlock_user(self, username: str, password: str) -> DataKey:
        return self._open(user_slot(username), password)

    def unlock_recovery(self, code: str) -> DataKey:
        return self._open(RECOVERY, normalize_recovery_code(code))

    def slot_params(self, username: str) -> KdfParams | None:
        entry = self.slots.get(user_slot(username))
        try:
            return KdfParams.from_json(entry) if entry is not None else None
        except ValueError:
            return None


@dataclass(frozen=True)
class Keyring:
    """An unlocked key file: the key in memory and the file's place. Every change re-reads the file,
    changes one slot and writes it back (the caller holds the database's write lock)."""

    path: Path
    key: DataKey

    def _edit(self) -> KeyFile:
        file = KeyFile.load(self.path)
        if file.fingerprint != self.key.fingerprint:
            raise KeyFileError(tr("the key file belongs to another data directory's key"))
        return file

    def set_password(self, username: str, password: str) -> None:
        file = self._edit()
        file.slots[user_slot(username)] = wrap_with_secret(self.key, password, user_slot(username))
        file.save()

    def set_password_kek(self, username: str, kek: bytes, params: KdfParams) -> None:
        """A slot from an already derived key (migration: the stored password hash is that key)."""
        file = self._edit()
        file.slots[user_slot(username)] = wrap_with_kek(self.key, kek, params, user_slot(username))
        file.save()

    def remove(self, username: str) -> bool:
        file = self._edit()
        if file.slots.pop(user_slot(username), None) is None:
            return False
        file.save()
        return True

    def has_slot(self, username: str) -> bool:
        return user_slot(username) in self._edit().slots

    def new_recovery_code(self) -> str:
        """Replace the recovery slot; the old code stops working. The new code is returned once."""
        file = self._edit()
        code = new_recovery_code()
        file.slots[RECOVERY] = wrap_with_secret(self.key, code, RECOVERY)
        file.save()
        return code

    def users(self) -> list[str]:
        return self._edit().users()


def key_file_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def exists(data_dir: Path) -> bool:
    return os.path.exists(key_file_path(data_dir))
