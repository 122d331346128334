"""``inspector inspections list``."""

from __future__ import annotations

import argparse

from inspector.cli.context import Context, add_common
from inspector.domain import InspectionStatus
from inspector.i18n import tr
from inspector.services import inspection_list


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("inspections", help="inspections")
    add_common(p)
    s = p.add_subparsers(dest="inspections_command", required=True, metavar="ACTION")
    ls = s.add_parser("list", help="list inspections, newest first")
    add_common(ls)
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", choices=[k.value for k in InspectionStatus])
    ls.add_argument("--search", default="")
    ls.add_argument("--limit", type=int, default=500)
    ls.set_defaults(handler=_list)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    f = inspection_list.InspectionFilter(status=args.status, text=args.search)
    with ctx.db.read() as s:
        rows = inspection_list.list_inspections(s, f, limit=args.limit)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": str(r.id),
                    "site_id": str(r.site_id),
                    "site_name": r.site_name,
                    "site_kind": r.site_kind,
                    "district": r.district,
                    "form_id": r.form_id,
                    "kind": r.kind,
                    "status": r.status,
                    "started_at": r.started_at.isoformat(),
                    "finalized_at": r.finalized_at.isoformat() if r.finalized_at else None,
                    "non_compliant": r.non_compliant,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        ctx.out(f"{r.id}  {r.started_at:%Y-%m-%d}  {r.status:<9}  {r.non_compliant:>2}  {r.site_name}")
    ctx.out(tr("{n} inspections", n=len(rows)))
    return 0
