"""``inspector exchange export|import|check|conflicts|resolve``: moving records between a laptop and
the office.

``export --out FILE [--since TIME]`` writes a package of the records made or changed since TIME (a
date or ISO time; without a zone, this computer's local time), or of everything without ``--since``.
``import FILE`` applies a package (twice changes nothing); records changed on both sides are listed
by ``conflicts`` and settled with ``resolve ID --keep mine|theirs``. ``check FILE`` validates a
package without importing it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from inspector import exchange
from inspector.cli.context import Context, add_common
from inspector.cli.users_cmd import add_actor_option, resolve_actor
from inspector.errors import UserError
from inspector.i18n import tr


def parse_since(text: str) -> dt.datetime:
    """An ISO date or time; without a time zone it is this computer's local time."""
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise UserError(
            tr('"{text}" is not a date or time; write e.g. 2026-11-01 or 2026-11-01T08:00.', text=text)
        ) from err
    if value.tzinfo is None:
        value = value.astimezone()
    return value


def _parser(
    cmds: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse.ArgumentParser:
    p = cmds.add_parser(name, help=help_text)
    add_common(p)
    add_actor_option(p)
    return p


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("exchange", help="exchange records between laptops and the office")
    add_common(p)
    cmds = p.add_subparsers(dest="exchange_command", metavar="ACTION", required=True)
    ex = _parser(cmds, "export", "write a package of new and changed records with their photos")
    ex.add_argument("--out", type=Path, required=True, metavar="FILE")
    ex.add_argument(
        "--since",
        default=None,
        metavar="DATETIME",
        help="only records changed since then (default: everything)",
    )
    ex.set_defaults(handler=_export)
    im = _parser(cmds, "import", "import a package (validated completely first)")
    im.add_argument("file", type=Path, metavar="FILE")
    im.set_defaults(handler=_import)
    ck = _parser(cmds, "check", "check a package without importing it")
    ck.add_argument("file", type=Path, metavar="FILE")
    ck.set_defaults(handler=_check)
    cf = _parser(cmds, "conflicts", "list records changed on both sides")
    cf.add_argument("--all", action="store_true", help="include resolved conflicts")
    cf.add_argument("--json", action="store_true")
    cf.set_defaults(handler=_conflicts)
    rs = _parser(cmds, "resolve", "settle a conflict")
    rs.add_argument("id", help="the conflict's id (or its first characters)")
    rs.add_argument("--keep", choices=["mine", "theirs"], required=True)
    rs.set_defaults(handler=_resolve)


def _export(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    result = exchange.export_package(
        ctx.db,
        ctx.config,
        ctx.actor,
        args.out,
        since=parse_since(args.since) if args.since else None,
        progress=ctx.err,
    )
    ctx.out(
        tr(
            "Package written: {path} ({records} records, {photos} photos, {documents} documents).",
            path=str(result.path),
            records=result.records,
            photos=result.photos,
            documents=result.documents,
        )
    )
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    result = exchange.import_package(ctx.db, ctx.config, ctx.actor, args.file, progress=ctx.err)
    if result.already:
        ctx.out(tr("The package {file} was imported before; nothing changed.", file=args.file.name))
        return 0
    ctx.out(
        tr(
            "Imported {file}: {inserted} new, {updated} updated, {unchanged} already here, {kept} kept as "
            "they are here, {conflicts} conflicts.",
            file=args.file.name,
            inserted=sum(result.inserted.values()),
            updated=sum(result.updated.values()),
            unchanged=sum(result.unchanged.values()),
            kept=sum(result.kept.values()),
            conflicts=result.conflicts,
        )
    )
    if result.conflicts:
        ctx.out(
            tr('Settle the conflicts with "inspector exchange conflicts" and "inspector exchange resolve".')
        )
    return 0


def _check(ctx: Context, args: argparse.Namespace) -> int:
    pkg = exchange.read_package(args.file)
    n = sum(len(r) for r in pkg.records.values())
    ctx.out(
        tr(
            "The package {file} is intact: {n} records, {events} audit events, made {when}.",
            file=args.file.name,
            n=n,
            events=len(pkg.events),
            when=pkg.created_at.isoformat(),
        )
    )
    return 0


def _conflicts(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    with ctx.db.read() as s:
        rows = exchange.list_conflicts(s, include_resolved=args.all)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": str(c.id),
                    "entity": c.entity,
                    "record_id": c.record_id,
                    "kind": c.kind,
                    "field": c.field,
                    "other_id": c.other_id,
                    "package": c.package_file,
                    "created_at": c.created_at.isoformat(),
                    "resolution": c.resolution,
                    "differences": [
                        {"field": d.field, "mine": d.mine, "theirs": d.theirs} for d in c.differences
                    ],
                }
                for c in rows
            ]
        )
        return 0
    for c in rows:
        ctx.out(f"{str(c.id)[:8]}  {c.summary}" + (f"  [{c.resolution}]" if c.resolution else ""))
        for d in c.differences:
            ctx.out(f"    {d.field}: {tr('here')}={d.mine!r}  {tr('incoming')}={d.theirs!r}")
    ctx.out(tr("{n} conflicts", n=len(rows)))
    return 0


def _resolve(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    with ctx.db.write() as s:
        view = exchange.resolve_conflict(s, ctx.actor, args.id, args.keep)
    ctx.out(
        tr(
            "Conflict {id} settled: kept {keep}.",
            id=str(view.id)[:8],
            keep=tr("this database's version") if args.keep == "mine" else tr("the incoming version"),
        )
    )
    return 0
