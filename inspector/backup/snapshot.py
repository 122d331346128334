"""Making a backup while the app runs.

The database is copied with SQLite's online backup API, which reads one consistent state even while
another process writes (the app keeps working). The copy, not the live file, then says which photo
originals belong to the backup: originals are content-addressed and written before the row that
names them is committed, so every original the snapshot refers to is already complete on disk. The
documents, the office's own checklists and templates are copied as files. Everything goes into one zip
with a manifest of SHA-256 hashes, written atomically (temp file, fsync, rename). What an earlier,
killed backup left at the destination is removed first (:mod:`inspector.backup.leftovers`).

An encrypted data directory gives an encrypted backup: the database copy stays SQLCipher, the photo
originals and documents are copied sealed as they are stored, and the key slots of the recovery code
and the administrators travel in the manifest (:mod:`.sealed_backup`), so a backup on a USB stick is
as safe as the laptop and opens with the recovery code or an administrator's password.

PostgreSQL is refused on purpose: a server database is backed up by the server's own tools
(``pg_dump``/``pg_basebackup``), which the office's server administration already runs, restores and
monitors; a second, home-made dump that this app could not load back into a server would only give a
false sense of safety.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import inspector
from inspector.archive import writing
from inspector.backup import leftovers, sealed_backup
from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.db import connect_file, file_errors

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

FORMAT = "inspector-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = "db/inspector.sqlite3"
DB_FILE = "inspector.sqlite3"
FILE_DIRS = ("documents", "forms", "templates")  # copied as they are, below the data directory

Progress = Callable[[str], None]


@dataclass
class BackupResult:
    path: Path
    schema: str
    photos: int = 0
    files: int = 0
    size: int = 0
    audit_head: str = ""
    missing_photos: list[str] = field(default_factory=list)  # originals the database names but lacks


def sqlite_path(config: Config) -> Path:
    """The database file of a SQLite configuration; PostgreSQL is refused with the reason."""
    if not config.is_sqlite:
        raise UserError(
            tr(
                "This office uses a PostgreSQL server ({where}). Back it up with the server's "
                "tools (pg_dump or pg_basebackup, run by the server administrator) and copy the "
                'photo and document folders with them; "inspector backup" copies SQLite data '
                "directories only.",
                where=config.describe_db(),
            )
        )
    from sqlalchemy.engine import make_url

    database = make_url(config.db_url).database
    if not database or database == ":memory:":
        raise UserError(tr("An in-memory database cannot be backed up."))
    return Path(database)


def snapshot_database(db_path: Path, dest: Path, key: DataKey | None = None) -> None:
    """A consistent copy of a live SQLite database (online backup API), as a self-contained file.
    An encrypted database is copied page by page into a copy encrypted with the same key: its
    plaintext never reaches the disk."""
    if not db_path.is_file():
        raise UserError(tr("There is no database at {path} to back up.", path=str(db_path)))
    src = connect_file(db_path, key)
    try:
        dst = connect_file(dest, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    except file_errors() as err:
        raise UserError(
            tr(
                'The database {path} cannot be read for the backup: {reason}. Run "inspector db check".',
                path=str(db_path),
                reason=str(err),
            )
        ) from err
    finally:
        src.close()
    if check != "ok":
        raise UserError(
            tr(
                "The database {path} failed its integrity check ({result}); the backup was not "
                'made. Run "inspector db check".',
                path=str(db_path),
                result=str(check),
            )
        )


def _snapshot_facts(path: Path, key: DataKey | None) -> tuple[str, list[str], str]:
    """Schema revision, photo hashes and audit head, read from the snapshot copy."""
    conn = connect_file(path, key)
    try:
        schema = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        shas = [r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM photos ORDER BY sha256")]
        row = conn.execute("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return str(schema), [str(s) for s in shas], str(row[0]) if row else ""


def _plain_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.name.startswith(".tmp")
        and not p.name.endswith(".part")
    )


def create_backup(config: Config, out: Path, progress: Progress | None = None) -> BackupResult:
    """Write a complete backup of the data directory to ``out`` (replaced atomically if it exists)."""
    from inspector.photos import store

    say = progress or (lambda _m: None)
    db_path = sqlite_path(config)
    out = out.expanduser().resolve()
    if out.is_dir():
        raise UserError(
            tr(
                "{path} is a folder; give the backup file's name, e.g. {example}.",
                path=str(out),
                example=str(out / "inspector-backup.zip"),
            )
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    leftovers.clean(out.parent, out.name)
    with leftovers.snapshot(out.parent) as work:
        say(tr("Copying the database…"))
        snap = work.path / DB_FILE
        snapshot_database(db_path, snap, config.key)
        schema, shas, head = _snapshot_facts(snap, config.key)
        result = BackupResult(path=out, schema=schema, audit_head=head)
        with writing(out, MANIFEST) as w:
            work.note_part(w.tmp)
            w.add_file(DB_MEMBER, snap)
            say(tr("Copying {n} photo originals…", n=len(shas)))
            for sha in shas:
                original = store.original_path(config.photo_dir, sha)
                try:
                    w.add_file(f"photos/originals/{sha[:2]}/{sha}", original, compress=False)
                    result.photos += 1
                except FileNotFoundError:
                    result.missing_photos.append(sha)
            for name in FILE_DIRS:
                root = config.data_dir / name
                for f in _plain_files(root):
                    w.add_file(f"{name}/{f.relative_to(root).as_posix()}", f)
            encryption = sealed_backup.add_keys(w, config, snap) if config.key is not None else None
            result.files = len(w.files)
            w.commit(
                {
                    **({"encryption": encryption} if encryption is not None else {}),
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "app_version": inspector.__version__,
                    "schema": schema,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "audit_head": head,
                    "photos": result.photos,
                    "missing_photos": result.missing_photos,
                }
            )
    result.size = out.stat().st_size
    return result
