"""The automatic backup: one archive a day (by default) into the data directory's ``backups`` folder,
keeping the newest few.

The app calls :func:`auto_backup_if_due` at start-up and when it closes; the command line runs
``inspector backup --auto``. Only files named ``auto-*.zip`` are ever pruned: a backup a person made
by hand is never deleted. Leftovers of an interrupted backup (temporary files) are removed here too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import shutil
import time
from pathlib import Path

from inspector.backup.leftovers import SNAPSHOT_PREFIX
from inspector.backup.snapshot import BackupResult, create_backup
from inspector.config import Config
from inspector.storage.db import Database

_AUTO = re.compile(r"^auto-(\d{8}T\d{6}Z)\.zip$")
STALE_SECONDS = 24 * 3600


def auto_backups(directory: Path) -> list[tuple[dt.datetime, Path]]:
    """The automatic backups in ``directory``, oldest first."""
    found = []
    if directory.is_dir():
        for p in directory.iterdir():
            m = _AUTO.match(p.name)
            if m and p.is_file():
                when = dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
                found.append((when, p))
    return sorted(found)


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; return what was deleted."""
    backups = auto_backups(directory)
    doomed = [p for _, p in backups[: max(0, len(backups) - max(keep, 1))]]
    for p in doomed:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
    _remove_stale_temporaries(directory)
    return doomed


def _remove_stale_temporaries(directory: Path) -> None:
    if not directory.is_dir():
        return
    cutoff = time.time() - STALE_SECONDS
    for p in directory.iterdir():
        partial = p.name.startswith(".auto-") and p.name.endswith(".part")
        stale = partial or p.name.startswith(SNAPSHOT_PREFIX)
        with contextlib.suppress(OSError):
            if stale and p.stat().st_mtime < cutoff:
                if p.is_dir():
                    shutil.rmtree(p)
                else:
                    p.unlink()


def run_auto_backup(config: Config, keep: int = 7, *, now: dt.datetime | None = None) -> BackupResult:
    """Write a new automatic backup now and prune the old ones."""
    now = now or dt.datetime.now(dt.UTC)
    out = config.backups_dir / f"auto-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.zip"
    result = create_backup(config, out)
    prune(config.backups_dir, keep)
    return result


def auto_backup_if_due(
    config: Config,
    db: Database | None = None,
    interval_hours: float = 24,
    keep: int = 7,
    *,
    now: dt.datetime | None = None,
) -> Path | None:
    """Back up when the newest automatic backup is older than ``interval_hours``; returns the new file.

    Does nothing (returns None) for a PostgreSQL database, which the server's own backups cover.
    ``db``, when given, gets an audit event naming the backup."""
    if not config.is_sqlite:
        return None
    now = now or dt.datetime.now(dt.UTC)
    backups = auto_backups(config.backups_dir)
    if backups and now - backups[-1][0] < dt.timedelta(hours=interval_hours):
        return None
    result = run_auto_backup(config, keep, now=now)
    if db is not None:
        record_backup(db, result)
    return result.path


def record_backup(db: Database, result: BackupResult, actor_name: str | None = None) -> None:
    """Note the backup in the audit trail (who, when, which file, which audit head it contains)."""
    from inspector.services import audit
    from inspector.services.actor import SYSTEM, Actor

    actor = SYSTEM if actor_name is None else Actor(None, actor_name, SYSTEM.role)
    with db.write() as s:
        audit.record(
            s,
            actor,
            "backup",
            "data",
            result.path.name[:64],
            detail={"file": str(result.path), "audit_head": result.audit_head, "photos": result.photos},
        )
