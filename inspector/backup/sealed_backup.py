"""The keys of an encrypted backup: who can open it, and what it restores.

A backup of an encrypted data directory holds the database as SQLCipher and the photos and documents
sealed, exactly as stored; nothing in it is readable without the data key. Two things make it
restorable and no more:

- the manifest carries the key slots of the recovery code and of the active administrators (the
  data key wrapped under each of their secrets), so restoring asks for the recovery code or an
  administrator's password, and nobody else's password opens a backup on a USB stick;
- the directory's whole key file is inside, sealed under the data key itself, so once restored
  every account signs in again with its own password.

Photo members are named by the SHA-256 of the plaintext original; their sealed bytes are checked
against that name after they are unsealed during the restore.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, NamedTuple

from inspector import durable
from inspector.archive import ArchiveWriter, CheckedArchive, damaged
from inspector.config import Config
from inspector.crypto import files
from inspector.crypto.keyfile import RECOVERY, KeyFile, KeyFileError
from inspector.crypto.keys import DataKey, WrongSecretError
from inspector.crypto.sealed import SealedFileError, SealedReader
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.db import connect_file

KEYS_MEMBER = "keys/inspector.keys.sealed"
SCHEME = "inspector-keys-1"


class BackupSecret(NamedTuple):
    """What opens an encrypted backup: the recovery code (``username`` None) or an administrator's
    user name and password."""

    username: str | None
    secret: str


def _admins(snapshot: Path, key: DataKey) -> set[str]:
    conn = connect_file(snapshot, key)
    try:
        rows = conn.execute("SELECT username FROM users WHERE role = 'admin' AND active = 1").fetchall()
    finally:
        conn.close()
    return {str(r[0]) for r in rows}


def add_keys(writer: ArchiveWriter, config: Config, snapshot: Path) -> dict[str, Any]:
    """Put the sealed key file into the backup; return the manifest's ``encryption`` block."""
    assert config.key is not None
    try:
        file = KeyFile.load(config.key_file)
    except KeyFileError as err:
        raise UserError(
            tr(
                "The key file {path} cannot be read ({reason}), so no backup was made.",
                path=str(config.key_file),
                reason=str(err),  # already translated: missing, damaged, from a newer version, …
            )
        ) from err
    sealed = io.BytesIO()
    files.write_into(config.key, sealed, config.key_file.read_bytes())
    writer.add_bytes(KEYS_MEMBER, sealed.getvalue(), compress=False)
    admins = {f"user:{name}" for name in _admins(snapshot, config.key)}
    slots = {name: entry for name, entry in file.slots.items() if name == RECOVERY or name in admins}
    return {"scheme": SCHEME, "fingerprint": file.fingerprint, "slots": slots}


def is_encrypted(archive: CheckedArchive) -> bool:
    return isinstance(archive.manifest.get("encryption"), dict)


def key_for(archive: CheckedArchive, secret: BackupSecret | None) -> DataKey:
    """The backup's data key from the recovery code or an administrator's password."""
    block = archive.manifest.get("encryption")
    if (
        not isinstance(block, dict)
        or block.get("scheme") != SCHEME
        or not isinstance(block.get("slots"), dict)
    ):
        raise damaged(archive.path, tr("its encryption block cannot be read"))
    if secret is None:
        raise UserError(
            tr(
                "The backup {file} is encrypted: give the recovery code, or sign in as an "
                "administrator (--as USER), to restore it. Nothing was changed.",
                file=archive.path.name,
            )
        )
    slots = KeyFile(Path(), str(block.get("fingerprint")), dict(block["slots"]))
    try:
        if secret.username is None:
            return slots.unlock_recovery(secret.secret)
        return slots.unlock_user(secret.username, secret.secret)
    except WrongSecretError:
        raise UserError(
            tr(
                "The recovery code or the administrator's password does not open the backup {file}. "
                "Nothing was changed.",
                file=archive.path.name,
            )
        ) from None


def unseal_key_file(archive: CheckedArchive, zf: Any, key: DataKey, dest: Path) -> None:
    """Write the directory's key file from the backup (every account's slot)."""
    sealed = archive.read_member(zf, KEYS_MEMBER)
    try:
        plain = SealedReader(io.BytesIO(sealed), key.file_key(), size=len(sealed)).read_all_checked()
    except SealedFileError as err:
        raise damaged(archive.path, tr("the key file in the backup cannot be opened")) from err
    durable.write_atomic(dest, bytes(plain), mode=0o600)


def check_original(archive: CheckedArchive, path: Path, sha: str, key: DataKey) -> None:
    """A restored sealed original must unseal to the content its name promises."""
    try:
        digest, _size = files.hash_file(key, path)
    except SealedFileError:
        digest = ""
    if digest != sha:
        raise damaged(archive.path, tr("the photo original {sha} is altered", sha=sha[:12]))
