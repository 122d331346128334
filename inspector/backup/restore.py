"""Restoring a backup into a data directory, refusing anything doubtful before touching it.

The archive is checked completely first (see :mod:`inspector.archive`): a truncated zip, a member
larger than a photo may be or an archive that would unpack to more than the configured cap (the same
caps as exchange packages; the database file counts against the total only), a member that does not
match the manifest, a missing or unlisted file, a name that could escape the
directory, or a backup from a newer version of the app is refused and nothing is changed. A data
directory that already holds something is only replaced with ``force``, and then it is moved aside
(``<dir>.before-restore-<time>``), never deleted.

An encrypted backup (:mod:`.sealed_backup`) needs the recovery code or an administrator's password;
its photos are unsealed and checked against their names, its database is opened with the key and
integrity-checked, and the directory's key file is put back.

The files are extracted into a staging directory beside the target, synced, and the database copy
is integrity-checked; only then is the staging directory renamed into place. A crash or kill at any
point before that rename leaves the target exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.archive import CheckedArchive, Limits, check_archive, damaged, total_limit
from inspector.backup import sealed_backup
from inspector.backup.sealed_backup import BackupSecret
from inspector.backup.snapshot import DB_FILE, DB_MEMBER, FILE_DIRS, FORMAT, FORMAT_VERSION, MANIFEST
from inspector.config import Config
from inspector.durable import fsync_dir, remove_tree
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.db import connect_file, file_errors, is_known_revision, is_plain_sqlite

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

_PHOTO = re.compile(r"^photos/originals/([0-9a-f]{2})/([0-9a-f]{64})$")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RestoreResult:
    data_dir: Path
    moved_aside: Path | None
    files: int
    schema: str
    created_at: str


def backup_limits() -> Limits:
    """A photo original's limit for every file but the database; the configured cap for the whole."""
    from inspector.photos.decode import MAX_FILE_BYTES

    return Limits(member=MAX_FILE_BYTES, total=total_limit(), bulk=(DB_MEMBER,))


def check_backup(path: Path) -> CheckedArchive:
    """Check a backup file completely without writing anything; raise a clear UserError if refused."""
    archive = check_archive(path, MANIFEST, FORMAT, limits=backup_limits())
    m = archive.manifest
    version = m.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise UserError(
            tr(
                "The backup {file} was made by a newer version of the app; install that version "
                "to restore it. Nothing was changed.",
                file=path.name,
            )
        )
    schema = m.get("schema")
    if not isinstance(schema, str) or not is_known_revision(schema):
        raise UserError(
            tr(
                "The backup {file} holds a database from a newer version of the app (schema "
                "{rev}); install that version to restore it. Nothing was changed.",
                file=path.name,
                rev=str(schema),
            )
        )
    if DB_MEMBER not in archive.files:
        raise damaged(path, tr("the database is missing from the backup"))
    sealed = sealed_backup.is_encrypted(archive)
    if sealed and sealed_backup.KEYS_MEMBER not in archive.files:
        raise damaged(path, tr("the key file is missing from the backup"))
    for name, entry in archive.files.items():
        photo = _PHOTO.match(name)
        if photo:
            # a sealed original's bytes hash differently; it is checked once unsealed (restore)
            if photo.group(2)[:2] != photo.group(1) or (not sealed and entry["sha256"] != photo.group(2)):
                raise damaged(path, tr("{name} does not match its hash in the manifest", name=name))
        elif sealed and name == sealed_backup.KEYS_MEMBER:
            continue
        elif name != DB_MEMBER and name.split("/", 1)[0] not in FILE_DIRS:
            raise damaged(path, tr('the entry "{name}" does not belong in a backup', name=name))
    return archive


def _non_empty(directory: Path) -> bool:
    return directory.exists() and (not directory.is_dir() or any(directory.iterdir()))


def restore_backup(
    path: Path,
    data_dir: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    secret: BackupSecret | None = None,
) -> RestoreResult:
    """Restore the backup at ``path`` as the data directory ``data_dir`` (``secret`` opens an
    encrypted one)."""
    say = progress or (lambda _m: None)
    say(tr("Checking the backup…"))
    archive = check_backup(path)
    key = sealed_backup.key_for(archive, secret) if sealed_backup.is_encrypted(archive) else None
    data_dir = data_dir.expanduser().resolve()
    if _non_empty(data_dir) and not force:
        raise UserError(
            tr(
                "The data directory {dir} is not empty; nothing was changed. Restore into an "
                "empty directory, or add --force to move the current data aside (it is kept, not "
                "deleted).",
                dir=str(data_dir),
            )
        )
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = data_dir.with_name(f".{data_dir.name}.restoring-{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        say(tr("Extracting {n} files…", n=len(archive.files)))
        _extract(archive, staging, key)
        _check_database(path, staging / DB_FILE, key, str(archive.manifest["schema"]))
        for d in [p for p in staging.rglob("*") if p.is_dir()] + [staging]:
            fsync_dir(d)
    except BaseException:
        remove_tree(staging)
        raise
    moved = _move_aside(data_dir)
    staging.rename(data_dir)
    fsync_dir(data_dir.parent)
    return RestoreResult(
        data_dir=data_dir,
        moved_aside=moved,
        files=len(archive.files),
        schema=str(archive.manifest["schema"]),
        created_at=str(archive.manifest.get("created_at")),
    )


def _extract(archive: CheckedArchive, staging: Path, key: DataKey | None) -> None:
    """Every member into the staging directory: the key file unsealed, each photo checked against its
    name (when sealed) and made read-only, as the photo store keeps its originals."""
    with archive.open() as zf:
        for name in sorted(archive.files):
            if name == sealed_backup.KEYS_MEMBER and key is not None:
                sealed_backup.unseal_key_file(archive, zf, key, staging / "inspector.keys")
                continue
            dest = staging / DB_FILE if name == DB_MEMBER else staging / name
            archive.extract_member(zf, name, dest)
            photo = _PHOTO.match(name)
            if photo:
                if key is not None:
                    sealed_backup.check_original(archive, dest, photo.group(2), key)
                dest.chmod(dest.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _move_aside(data_dir: Path) -> Path | None:
    """Make room for the restored directory: what is there is renamed ``<dir>.before-restore-<time>``
    (never deleted; a number added if that name is taken), an empty directory removed. The new name,
    or None."""
    moved: Path | None = None
    if data_dir.exists():
        if _non_empty(data_dir):
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            moved = data_dir.with_name(f"{data_dir.name}.before-restore-{stamp}")
            n = 1
            while moved.exists():
                n += 1
                moved = data_dir.with_name(f"{data_dir.name}.before-restore-{stamp}-{n}")
            data_dir.rename(moved)
        else:
            data_dir.rmdir()
    return moved


def _check_database(archive_path: Path, db_file: Path, key: DataKey | None, claimed: str) -> None:
    """The extracted database is intact and really is at the schema the manifest claims: a database
    from a newer version (or a different one) would leave the restored directory unusable."""
    try:
        conn = connect_file(Path(f"file:{db_file}?mode=ro"), key, uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except file_errors() as err:
        raise damaged(archive_path, tr("the database in the backup cannot be read")) from err
    if result != "ok":
        raise damaged(archive_path, tr("the database in the backup failed its integrity check"))
    actual = str(row[0]) if row else ""
    if not is_known_revision(actual):
        raise UserError(
            tr(
                "The backup {file} holds a database from a newer version of the app (schema "
                "{rev}); install that version to restore it. Nothing was changed.",
                file=archive_path.name,
                rev=actual or "-",
            )
        )
    if actual != claimed:
        raise damaged(
            archive_path,
            tr(
                "the database is at schema {actual}, not {claimed} as the manifest says",
                actual=actual,
                claimed=claimed,
            ),
        )


def holds_records(config: Config) -> bool:
    """Whether the data directory's database holds records (a read-only look; a missing, empty or
    unreadable database holds none worth protecting, and restoring over it is recovery). An
    encrypted one cannot be looked into without its key: beside its key file it counts as in use."""
    path = config.data_dir / DB_FILE
    if not path.is_file() or path.stat().st_size == 0:
        return False
    if not is_plain_sqlite(path):
        return config.key_file.is_file()
    try:
        conn = connect_file(Path(f"file:{path}?mode=ro"), None, timeout=5, uri=True)
        try:
            return conn.execute("SELECT 1 FROM audit_events LIMIT 1").fetchone() is not None
        finally:
            conn.close()
    except file_errors():
        return False
