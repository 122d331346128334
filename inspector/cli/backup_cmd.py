"""``inspector backup`` and ``inspector restore``.

``backup --out FILE`` writes a consistent backup while the app may keep running; ``backup --auto``
writes ``backups/auto-<time>.zip`` in the data directory and keeps the newest ``--keep`` (default 7).
``restore FILE`` checks the archive completely, refuses a non-empty data directory unless ``--force``
(which moves it aside, never deletes it), then puts the backup in place; ``restore --check FILE``
only checks. Restoring into a new directory (or over one whose database is missing or empty) is an
owner's maintenance; replacing a data directory in use needs an administrator (``--as``).
PostgreSQL offices back up with the server's tools (pg_dump); ``backup`` says so.

A backup of an encrypted directory is encrypted; restoring it takes the recovery code (in
``INSPECTOR_RECOVERY_CODE``) or an administrator's password (``--as USER``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from inspector import backup
from inspector.cli.context import RECOVERY_ENV, Access, Context
from inspector.cli.parsers import Actions, command
from inspector.domain import Role
from inspector.errors import UserError
from inspector.i18n import tr


def register(sub: Actions) -> None:
    p = command(
        sub, "backup", "back up the data directory (database, photos, documents) to one file", _backup
    )
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, metavar="FILE", help="the backup file to write (.zip)")
    where.add_argument("--auto", action="store_true", help="write into the data directory's backups folder")
    p.add_argument("--keep", type=int, default=7, metavar="N", help="with --auto: keep the newest N backups")

    r = command(sub, "restore", "restore a backup into the data directory (checked first)", _restore)
    r.add_argument("file", type=Path, metavar="FILE")
    r.add_argument("--force", action="store_true", help="move a non-empty data directory aside and restore")
    r.add_argument("--check", action="store_true", help="only check the backup; change nothing")


def _backup(ctx: Context, args: argparse.Namespace) -> int:
    if args.keep < 1:
        raise UserError(tr("--keep must be at least 1."))
    config = ctx.db.config if ctx.config.is_sqlite else ctx.config  # unlocked when encrypted
    if args.auto:
        result = backup.run_auto_backup(config, args.keep)
    else:
        result = backup.create_backup(config, args.out, progress=ctx.err)
    backup.record_backup(ctx.db, result, ctx.actor.name)
    ctx.out(
        tr(
            "Backup written: {path} ({size} MB, {photos} photos, {files} files).",
            path=str(result.path),
            size=f"{result.size / 1e6:.1f}",
            photos=result.photos,
            files=result.files,
        )
    )
    if result.missing_photos:
        ctx.err(
            tr(
                "Warning: {n} photo originals named in the database are missing and are not in the backup: "
                '{list}. Run "inspector verify".',
                n=len(result.missing_photos),
                list=", ".join(s[:12] for s in result.missing_photos[:10]),
            )
        )
        return 1
    return 0


def _restore(ctx: Context, args: argparse.Namespace) -> int:
    if args.check:
        archive = backup.check_backup(args.file)
        ctx.out(
            tr(
                "The backup {file} is complete and intact (schema {rev}, made {when}, {n} files).",
                file=args.file.name,
                rev=archive.manifest.get("schema"),
                when=archive.manifest.get("created_at"),
                n=len(archive.files),
            )
        )
        return 0
    if not ctx.config.is_sqlite:
        raise UserError(
            tr(
                "Restore puts a SQLite data directory in place; this configuration uses {where}. "
                "Restore a PostgreSQL server with its own tools.",
                where=ctx.config.describe_db(),
            )
        )
    if ctx.access is Access.CHANGE:  # over a data directory in use (inspector/cli/context.py)
        ctx.actor.require(Role.ADMIN)
        ctx.close()  # the database is moved aside with its directory
    result = backup.restore_backup(
        args.file, ctx.config.data_dir, force=args.force, progress=ctx.err, secret=_secret(ctx, args)
    )
    if result.moved_aside is not None:
        ctx.out(tr("The previous data directory was moved to {path}.", path=str(result.moved_aside)))
    ctx.out(
        tr(
            "Restored {n} files into {dir} (backup made {when}). Thumbnails are made again when photos are "
            'shown, or at once with "inspector photos rebuild --missing-only".',
            n=result.files,
            dir=str(result.data_dir),
            when=result.created_at,
        )
    )
    return 0


def _secret(ctx: Context, args: argparse.Namespace) -> backup.BackupSecret | None:
    """What opens an encrypted backup: ``--as`` an administrator (the password read for ``--as``),
    else the recovery code from ``INSPECTOR_RECOVERY_CODE``."""
    username = getattr(args, "as_user", None)
    if username and ctx.password is not None:
        return backup.BackupSecret(username.strip(), ctx.password)
    code = os.environ.get(RECOVERY_ENV)
    return backup.BackupSecret(None, code) if code else None
