"""``inspector inspections list``."""

from __future__ import annotations

import argparse

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import InspectionStatus
from inspector.i18n import tr
from inspector.services import inspection_list


def register(sub: Actions) -> None:
    s = command_actions(sub, "inspections", "inspections")
    ls = command(s, "list", "list inspections, newest first", _list)
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", choices=[k.value for k in InspectionStatus])
    ls.add_argument("--search", default="")
    ls.add_argument("--limit", type=int, default=500)


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
