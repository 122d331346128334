"""``inspector plan --count N --seed S [--exclude-days K] [--create] [--json]``: a 双随机 draw.

Every draw is stored with its seed and inputs (see :mod:`inspector.services.plan`); ``--create``
also turns it into draft inspections. ``inspector plan --verify PLAN_ID`` repeats a stored draw and
exits 1 when it no longer gives the stored result.
"""

from __future__ import annotations

import argparse

from inspector.cli.context import Context
from inspector.cli.followup_cmd import parse_id
from inspector.cli.parsers import Actions, command
from inspector.domain import (
    SiteKind,
    site_kind_label,
)
from inspector.errors import UserError
from inspector.forms import load_registry
from inspector.i18n import tr
from inspector.services import plan


def register(sub: Actions) -> None:
    p = command(sub, "plan", "draw a random inspection plan (双随机): sites and inspector pairs", _plan)
    p.add_argument("--count", type=int, default=None, metavar="N", help="how many sites to draw")
    p.add_argument(
        "--seed", type=int, default=None, metavar="S", help="random seed (stored; default: random)"
    )
    p.add_argument(
        "--exclude-days",
        type=int,
        default=plan.DEFAULT_EXCLUDE_DAYS,
        metavar="K",
        help=f"skip sites inspected in the last K days (default {plan.DEFAULT_EXCLUDE_DAYS})",
    )
    p.add_argument(
        "--kind", action="append", choices=[k.value for k in SiteKind], help="only these site kinds"
    )
    p.add_argument("--district", action="append", help="only these districts")
    p.add_argument("--create", action="store_true", help="also create the draft inspections")
    p.add_argument("--verify", default=None, metavar="PLAN_ID", help="repeat a stored draw and compare")
    p.add_argument("--json", action="store_true")


def _plan(ctx: Context, args: argparse.Namespace) -> int:
    if args.verify:
        with ctx.db.read() as s:
            ok = plan.verify_plan(s, parse_id(args.verify))
        ctx.out(
            tr("The stored draw is reproduced exactly.")
            if ok
            else tr("The draw does NOT reproduce the stored result; the plan was altered.")
        )
        return 0 if ok else 1
    if args.count is None:
        raise UserError(tr("Say how many sites to draw with --count N."))
    actor = ctx.actor
    data = plan.PlanInput(
        count=args.count,
        seed=args.seed,
        exclude_days=args.exclude_days,
        kinds=tuple(args.kind or ()),
        districts=tuple(args.district or ()),
    )
    with ctx.db.write() as s:
        view = plan.draw_plan(s, actor, data)
        if args.create:
            plan.create_inspections(s, actor, view.id, load_registry(ctx.config.forms_dir))
            view = plan.get_plan(s, view.id)
    if args.json:
        ctx.out_json(view.to_json())
        return 0
    ctx.out(tr("Plan {id}: seed {seed}, {count} sites.", id=view.id, seed=view.seed, count=len(view.draws)))
    for st in view.strata:
        ctx.out(f"  {site_kind_label(st.kind)} / {st.district or '-'}: {st.drawn} / {st.eligible}")
    for d in view.draws:
        ctx.out(
            f"{d.site_id}  {site_kind_label(d.kind):<12}  {d.district:<6}  {d.site_name}  "
            f"{' + '.join(d.inspector_names)}"
        )
    if view.inspection_ids:
        ctx.out(tr("{n} draft inspections created.", n=len(view.inspection_ids)))
    return 0
