"""Converting a laptop's unencrypted data directory into an encrypted one, in place and crash-safe.

The order is the whole point:
1. a complete backup, checked, is written beside the directory (plain: it is the old data; the
   person is told to keep it in the office's safe or delete it);
2. an encrypted copy is built beside the old directory: a new data key and key file, the database
   exported by SQLCipher (``sqlcipher_export``) while the old one is locked against writers, every
   photo and document sealed, a key slot for every account made from its stored password hash (the
   hash *is* the scrypt key of that password, so nobody has to type anything; the slot is wrapped
   again with today's stronger parameters at its owner's next sign-in);
3. the copy is verified: integrity check, every table's row count, every file's plaintext hash;
4. a journal file beside the directory records "verified", then two renames swap the directories,
   then the old plain directory is removed and the journal with it.

A crash before the journal says "verified" leaves the old directory untouched (the half-built copy
is removed at the next start); after it, the next start finishes the swap (:func:`resume`). Either
way the directory is whole: the old one or the new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspector.config import Config
from inspector.crypto import files
from inspector.crypto.keyfile import KeyFile, Keyring
from inspector.crypto.keys import DataKey, KdfParams
from inspector.crypto.swap import journal_path, resume
from inspector.durable import fsync_dir, write_atomic
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.db import connect_file

Progress = Callable[[str], None]
SEALED_DIRS = ("photos", "documents")  # sealed file by file
COPIED_DIRS = ("forms", "templates")  # the office's own checklists and templates: copied as they are
DB_FILE = "inspector.sqlite3"


@dataclass(frozen=True)
class Converted:
    config: Config
    recovery_code: str
    backup: Path
    files: int


def _export_database(source: Path, target: Path, key: DataKey) -> dict[str, int]:
    """SQLCipher's export of the plain database into the encrypted one, writers locked out; returns
    the row count of every table (to verify the copy)."""
    import sqlcipher3

    plain = sqlcipher3.connect(str(source), timeout=30, isolation_level=None)
    try:
        plain.execute("BEGIN IMMEDIATE")  # no writer may change the source while it is copied
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: int(plain.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}
        plain.execute(f'ATTACH DATABASE ? AS encrypted KEY "{key.sqlcipher_key()}"', (str(target),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute("COMMIT")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    enc = connect_file(target, key)
    try:
        enc.execute("PRAGMA journal_mode=WAL")
    finally:
        enc.close()
    return counts


def _slots_from_hashes(db_file: Path, keyring: Keyring) -> int:
    """A key slot per active account with a password, from its stored scrypt hash."""
    import base64

    conn = connect_file(db_file, keyring.key)
    try:
        rows = conn.execute("SELECT username, password_hash FROM users WHERE active = 1").fetchall()
    finally:
        conn.close()
    made = 0
    for username, stored in rows:
        parts = str(stored or "").split("$")
        if len(parts) != 6 or parts[0] != "scrypt":
            continue  # no password: no slot (an administrator sets one later)
        params = KdfParams(base64.b64decode(parts[4]), int(parts[1]), int(parts[2]), int(parts[3]))
        keyring.set_password_kek(str(username), base64.b64decode(parts[5]), params)
        made += 1
    return made


def _seal_tree(source: Path, target: Path, key: DataKey) -> int:
    """Seal every file under ``source`` into ``target`` and check each against its plaintext hash."""
    count = 0
    for path in sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink()):
        if path.name.endswith(".part"):
            continue
        data = path.read_bytes()
        dest = target / path.relative_to(source)
        files.write(key, dest, data, mode=path.stat().st_mode & 0o777)
        if files.hash_file(key, dest) != (hashlib.sha256(data).hexdigest(), len(data)):
            raise UserError(
                tr("The encrypted copy of {path} does not match; nothing was changed.", path=str(path))
            )
        count += 1
    return count


def _verify_database(target: Path, key: DataKey, counts: dict[str, int]) -> None:
    conn = connect_file(target, key)
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise UserError(tr("The encrypted database failed its integrity check; nothing was changed."))
        for table, n in counts.items():
            if int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]) != n:
                raise UserError(
                    tr("The encrypted database lacks rows of {table}; nothing was changed.", table=table)
                )
    finally:
        conn.close()


def _build(config: Config, staging: Path, say: Progress) -> tuple[DataKey, str, int]:
    staging.mkdir()
    key = DataKey.generate()
    _file, code = KeyFile.create(staging / "inspector.keys", key)
    say(tr("Encrypting the database…"))
    counts = _export_database(config.data_dir / DB_FILE, staging / DB_FILE, key)
    _verify_database(staging / DB_FILE, key, counts)
    _slots_from_hashes(staging / DB_FILE, Keyring(staging / "inspector.keys", key))
    say(tr("Encrypting the photos and documents…"))
    n = sum(
        _seal_tree(config.data_dir / d, staging / d, key)
        for d in SEALED_DIRS
        if (config.data_dir / d).is_dir()
    )
    for name in COPIED_DIRS:
        if (config.data_dir / name).is_dir():
            shutil.copytree(config.data_dir / name, staging / name)
    for folder in [p for p in staging.rglob("*") if p.is_dir()] + [staging]:
        fsync_dir(folder)
    return key, code, n


def encrypt_directory(config: Config, progress: Progress | None = None) -> Converted:
    """Convert ``config``'s plain SQLite data directory (see the module docstring). The caller has
    checked that an administrator asked for it."""
    from inspector.backup.restore import check_backup
    from inspector.backup.snapshot import create_backup

    say = progress or (lambda _m: None)
    data_dir = config.data_dir
    resume(data_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = data_dir.with_name(f"{data_dir.name}.before-encryption-{stamp}.zip")
    say(tr("Backing up the unencrypted data to {path}…", path=str(backup)))
    create_backup(config, backup)
    check_backup(backup)
    tag = uuid.uuid4().hex[:8]
    staging = data_dir.with_name(f".{data_dir.name}.encrypting-{tag}")
    try:
        key, code, n = _build(config, staging, say)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    journal = journal_path(data_dir)
    body = {"staging": staging.name, "aside": f".{data_dir.name}.plain-{tag}"}
    write_atomic(journal, json.dumps(body).encode("utf-8"))  # the swap's commit point, on the disk
    resume(data_dir)  # the swap, exactly as a restart after a crash would do it
    return Converted(config.with_key(key), code, backup, n)
