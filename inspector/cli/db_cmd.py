"""``inspector db upgrade|check|rebuild-stats|encrypt``: migrate explicitly (offices run it once after
installing a new version on the server), check a database without changing it, recount the statistics
summary (after ``inspector verify`` reports it out of step, e.g. once records were repaired by hand),
and convert a laptop's unencrypted data directory in place (``encrypt``, an administrator's action;
``encrypt --check`` reports what is and is not encrypted)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlalchemy import Engine, exc, text

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.storage.db import check_schema, create_db_engine, head_revision, peek_revision
from inspector.storage.db_errors import diagnose
from inspector.storage.marker import guard, refuse_if_lost


def register(sub: Actions) -> None:
    s = command_actions(sub, "db", "database maintenance")
    command(s, "upgrade", "migrate the database to this version's schema", _upgrade)
    command(s, "check", "check the schema version and integrity without changing anything", _check)
    command(s, "rebuild-stats", "recount the statistics summary from the records", _rebuild_stats)
    enc = command(
        s, "encrypt", "encrypt this laptop's data directory in place (checked backup first)", _encrypt
    )
    enc.add_argument("--check", action="store_true", help="only report what is encrypted; change nothing")


def _upgrade(ctx: Context, _args: argparse.Namespace) -> int:
    before = peek_revision(ctx.unlocked_config())
    ctx.db  # noqa: B018 - opening migrates (a fresh database gets its schema)
    if before is not None and before != head_revision():
        ctx.audit_maintenance("db.upgrade", {"from": before, "to": head_revision()})
    ctx.out(tr("Database {where} is at schema {rev}.", where=ctx.config.describe_db(), rev=head_revision()))
    return 0


def _check(ctx: Context, _args: argparse.Namespace) -> int:
    where = ctx.config.describe_db()
    path = Path(ctx.config.db_url.removeprefix("sqlite:///"))
    if ctx.config.is_sqlite and (not path.is_file() or path.stat().st_size == 0):
        refuse_if_lost(ctx.config, where, missing=True)  # earlier work beside it: exit 2, say so
        ctx.out(
            tr("There is no database at {where} yet; the app creates it at its first start.", where=where)
        )
        return 1
    config = ctx.unlocked_config()
    engine = create_db_engine(config.db_url, config.key if config.is_sqlite else None)
    try:
        current = check_schema(engine, where)
        guard(engine, ctx.config, where, current)  # an empty database beside earlier work: exit 2, say so
        problems = _schema_problems(current)
        if engine.dialect.name == "sqlite" and current is not None:
            problems += _integrity_problems(engine)
        for problem in problems:
            ctx.out(problem)
        if not problems:
            ctx.out(tr("Database {where}: schema {rev}, integrity ok.", where=where, rev=current))
        return 1 if problems else 0
    finally:
        engine.dispose()


def _schema_problems(current: str | None) -> list[str]:
    if current == head_revision():
        return []
    return [
        tr(
            'Schema {rev} is older than this version\'s {head}; run "inspector db upgrade".',
            rev=current or "-",
            head=head_revision(),
        )
    ]


def _integrity_problems(engine: Engine) -> list[str]:
    """SQLite's own structural check, all of it (a damaged page may also make the check itself fail)."""
    try:
        with engine.connect() as conn:
            rows = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check(20)"))]
    except exc.DBAPIError as err:
        rows = [str(err.orig or err).splitlines()[0]]
    if rows == ["ok"]:
        return []
    return [tr("Integrity check failed: {result}", result="; ".join(rows))]


def _rebuild_stats(ctx: Context, _args: argparse.Namespace) -> int:
    from inspector.services import audit, stats_summary
    from inspector.services.local_time_sql import local_offset

    damage = diagnose(ctx.db.config)  # never recount into a damaged file: it would only spread
    if damage is not None:
        raise damage
    with ctx.db.write() as s:
        stats_summary.rebuild(s, local_offset())
        audit.record(s, ctx.actor, "db.rebuild_stats", "data", "cli")
    ctx.out(tr("Statistics summary of {where} recounted from the records.", where=ctx.config.describe_db()))
    return 0


def _encrypt(ctx: Context, args: argparse.Namespace) -> int:
    from inspector.services import unlock

    state = unlock.data_state(ctx.config)
    if args.check:
        return _encrypt_check(ctx, state)
    if state is unlock.DataState.SERVER:
        raise UserError(
            tr("A PostgreSQL database is not encrypted by the app: at-rest encryption is the server's job.")
        )
    if state is not unlock.DataState.PLAIN:
        ctx.out(tr("The data directory {dir} is already encrypted.", dir=str(ctx.config.data_dir)))
        return 0
    from inspector.backup.encrypt import encrypt_directory
    from inspector.domain import Role

    ctx.actor.require(Role.ADMIN)  # signed in with --as (inspector/cli/context.py)
    ctx.close()  # the conversion locks the database itself
    done = encrypt_directory(ctx.config, progress=ctx.err)
    ctx.out(
        tr(
            "The data directory {dir} is now encrypted ({n} files sealed). The backup of the unencrypted "
            "data is {backup}: keep it in a safe place or delete it. Recovery code (write it down and keep "
            "it away from the laptop; it is shown only now): {code}",
            dir=str(ctx.config.data_dir),
            n=done.files,
            backup=str(done.backup),
            code=done.recovery_code,
        )
    )
    return 0


def _encrypt_check(ctx: Context, state: object) -> int:
    from inspector.crypto import files
    from inspector.crypto.keyfile import KeyFile
    from inspector.services import unlock

    data_dir = ctx.config.data_dir
    if state is not unlock.DataState.ENCRYPTED:
        ctx.out(
            tr("The data directory {dir} is not encrypted ({state}).", dir=str(data_dir), state=str(state))
        )
        return 1
    plain = [
        p
        for d in ("photos", "documents")
        for p in sorted((data_dir / d).rglob("*"))
        if p.is_file() and not p.name.endswith(".part") and not files.is_sealed(p)
    ]
    users = KeyFile.load(ctx.config.key_file).users()
    ctx.out(
        tr(
            "The data directory {dir} is encrypted: SQLCipher database, key slots for {users} and the "
            "recovery code.",
            dir=str(data_dir),
            users=", ".join(users) or "-",
        )
    )
    for p in plain[:20]:
        ctx.out(tr("Not encrypted: {path}", path=str(p)))
    return 1 if plain else 0
