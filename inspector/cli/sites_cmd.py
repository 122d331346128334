"""``inspector sites list|import``. A list shows at most ``--limit`` sites and says so when there are
more (an office with 100,000 sites must not read "1000 sites")."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import SiteKind
from inspector.i18n import tr
from inspector.services import site_import, sites


def register(sub: Actions) -> None:
    s = command_actions(sub, "sites", "the site registry")
    ls = command(s, "list", "list sites", _list)
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.add_argument("--kind", choices=[k.value for k in SiteKind], action="append", help="filter by kind")
    ls.add_argument("--search", default="", help="text in name, address, licence number or credit code")
    ls.add_argument("--district", default=None, help="区县")
    ls.add_argument("--township", default=None, help="乡镇 (within --district when both are given)")
    ls.add_argument("--limit", type=int, default=1000)
    ls.add_argument("--all", action="store_true", help="include deactivated sites")
    im = command(s, "import", "import sites from CSV (UTF-8 or GBK) or XLSX", _import)
    im.add_argument("file", type=Path)
    im.add_argument("--update", action="store_true", help="update sites whose licence number exists")


def _list(ctx: Context, args: argparse.Namespace) -> int:
    f = sites.SiteFilter(
        text=args.search,
        kinds=tuple(args.kind or ()),
        district=args.district,
        township=args.township,
        include_inactive=args.all,
    )
    with ctx.db.read() as s:
        rows = sites.search_sites(s, f, limit=max(args.limit, 0))
        total = sites.count_sites(s, f) if len(rows) >= args.limit else len(rows)
    more = (
        tr(
            "Showing the first {shown} of {total} sites; use --limit N to see more.",
            shown=len(rows),
            total=total,
        )
        if total > len(rows)
        else ""
    )
    if args.json:
        ctx.out_json([r.to_json() for r in rows])
        if more:
            ctx.err(more)  # standard output stays the JSON list
        return 0
    for r in rows:
        ctx.out(f"{r.id}  {r.kind_label:<12}  {r.place:<14}  {r.licence_no or '-':<20}  {r.name}")
    ctx.out(more or tr("{n} sites", n=len(rows)))
    return 0


def _import(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.write() as s:
        result = site_import.import_sites(s, ctx.actor, args.file, update_existing=args.update)
    ctx.out(
        tr(
            "Imported {file}: {created} new, {updated} updated.",
            file=args.file.name,
            created=result.created,
            updated=result.updated,
        )
    )
    return 0
