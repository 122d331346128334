"""``inspector db upgrade|check|rebuild-stats``: migrate explicitly (offices run it once after installing a
new version on the server), check a database without changing it, and recount the statistics summary
(after ``inspector verify`` reports it out of step, e.g. once records were repaired by hand)."""

from __future__ import annotations

import argparse

from sqlalchemy import text

from inspector.cli.context import Context, add_common
from inspector.i18n import tr
from inspector.storage.db import check_schema, create_db_engine, head_revision, open_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="database maintenance")
    add_common(p)
    s = p.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = s.add_parser("upgrade", help="migrate the database to this version's schema")
    add_common(up)
    up.set_defaults(handler=_upgrade)
    chk = s.add_parser("check", help="check the schema version and integrity without changing anything")
    add_common(chk)
    chk.set_defaults(handler=_check)
    rb = s.add_parser("rebuild-stats", help="recount the statistics summary from the records")
    add_common(rb)
    rb.set_defaults(handler=_rebuild_stats)


def _upgrade(ctx: Context, _args: argparse.Namespace) -> int:
    db = open_database(ctx.config)
    db.close()
    ctx.out(tr("Database {where} is at schema {rev}.", where=ctx.config.describe_db(), rev=head_revision()))
    return 0


def _check(ctx: Context, _args: argparse.Namespace) -> int:
    where = ctx.config.describe_db()
    engine = create_db_engine(ctx.config.db_url)
    try:
        current = check_schema(engine, where)
        ok = True
        if current != head_revision():
            ctx.out(
                tr(
                    'Schema {rev} is older than this version\'s {head}; run "inspector db upgrade".',
                    rev=current or "-",
                    head=head_revision(),
                )
            )
            ok = False
        if engine.dialect.name == "sqlite" and current is not None:
            with engine.connect() as conn:
                result = conn.execute(text("PRAGMA integrity_check")).scalar()
            if result != "ok":
                ctx.out(tr("Integrity check failed: {result}", result=result))
                ok = False
        if ok:
            ctx.out(tr("Database {where}: schema {rev}, integrity ok.", where=where, rev=current))
        return 0 if ok else 1
    finally:
        engine.dispose()


def _rebuild_stats(ctx: Context, _args: argparse.Namespace) -> int:
    from inspector.services import stats_summary
    from inspector.services.local_time_sql import local_offset

    db = open_database(ctx.config)
    try:
        with db.write() as s:
            stats_summary.rebuild(s, local_offset())
    finally:
        db.close()
    ctx.out(tr("Statistics summary of {where} recounted from the records.", where=ctx.config.describe_db()))
    return 0
