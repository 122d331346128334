"""Backups of a SQLite data directory: consistent while the app runs, checked before restoring.

Public entry points: :func:`create_backup`, :func:`check_backup`, :func:`restore_backup`,
:func:`auto_backup_if_due` (called by the app at start-up and close) and :func:`run_auto_backup`.
"""

from inspector.backup.auto import auto_backup_if_due, prune, record_backup, run_auto_backup
from inspector.backup.restore import RestoreResult, check_backup, restore_backup
from inspector.backup.sealed_backup import BackupSecret
from inspector.backup.snapshot import BackupResult, create_backup

__all__ = [
    "BackupResult",
    "BackupSecret",
    "RestoreResult",
    "auto_backup_if_due",
    "check_backup",
    "create_backup",
    "prune",
    "record_backup",
    "restore_backup",
    "run_auto_backup",
]
