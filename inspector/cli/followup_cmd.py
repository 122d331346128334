"""``inspector rectifications list|show|serve|reinspect|complete|close|escalate|deadline``.

Every change goes through :mod:`inspector.services.followup`, so the CLI obeys the same state machine
and permissions as the desktop app. ``--as USERNAME`` acts as that user (their role decides what is
allowed and the history names them); without it the command acts as the system administrator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import uuid

from inspector.cli.context import Context, add_common
from inspector.domain import (
    EscalationKind,
    SiteKind,
    escalation_label,
    rectification_result_label,
    rectification_status_label,
    site_kind_label,
)
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import followup, users
from inspector.services.actor import Actor

STATUSES = [value for value, _ in followup.status_choices()]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "rectifications", help="rectification follow-up: list, serve, re-inspect, close, escalate"
    )
    add_common(p)
    s = p.add_subparsers(dest="rectifications_command", required=True, metavar="ACTION")

    ls = s.add_parser("list", help="open rectifications by deadline (the supervisor board)")
    add_common(ls)
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", action="append", choices=STATUSES, help="filter by status (repeatable)")
    ls.add_argument("--district", default=None)
    ls.add_argument("--kind", choices=[k.value for k in SiteKind], default=None, help="site kind")
    ls.add_argument("--item", default=None, metavar="CODE", help="item code, e.g. US-05")
    ls.add_argument("--inspector", default=None, metavar="USERNAME", help="one of the original inspectors")
    ls.add_argument("--search", default="", help="text in the site's name, address or licence")
    ls.add_argument("--sort", choices=list(followup.ORDER_KEYS), default="deadline")
    ls.add_argument("--desc", action="store_true", help="sort descending")
    ls.add_argument("--limit", type=int, default=200)
    ls.set_defaults(handler=_list)

    show = s.add_parser("show", help="one rectification with its history")
    add_common(show)
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=_show)

    def action(name: str, helptext: str) -> argparse.ArgumentParser:
        a = s.add_parser(name, help=helptext)
        add_common(a)
        a.add_argument(
            "id", help="the rectification's id" if name != "complete" else "the re-inspection's id"
        )
        a.add_argument("--note", default="", help="why (kept in the history)")
        a.add_argument("--as", dest="as_user", default=None, metavar="USERNAME", help="act as this user")
        a.add_argument("--json", action="store_true")
        return a

    sv = action("serve", "record that the party signed for the notice (签收)")
    sv.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="date of service (default today)")
    sv.set_defaults(handler=_serve)
    ri = action("reinspect", "start the re-inspection (only the failed items)")
    ri.add_argument("--inspectors", required=True, metavar="USER1,USER2", help="two inspectors' user names")
    ri.set_defaults(handler=_reinspect)
    cp = action("complete", "issue the 复查意见书 of a finalized re-inspection and record its result")
    cp.set_defaults(handler=_complete)
    cl = action("close", "close a re-inspected rectification (supervisor)")
    cl.set_defaults(handler=_close)
    es = action(
        "escalate", "escalate a re-inspected rectification: case (立案) or transfer (移送) (supervisor)"
    )
    es.add_argument("--kind", required=True, choices=[k.value for k in EscalationKind], dest="escalation")
    es.set_defaults(handler=_escalate)
    dl = action("deadline", "change the deadline before the re-inspection (supervisor)")
    dl.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    dl.set_defaults(handler=_deadline)


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            tr(
                "{option}: “{value}” is not a date; write it as YYYY-MM-DD, e.g. 2026-11-30.",
                option=option,
                value=text,
            )
        ) from None


def parse_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise UserError(tr("“{value}” is not an id; copy it from the list.", value=text)) from None


def acting(ctx: Context, username: str | None) -> Actor:
    if not username:
        return ctx.actor
    with ctx.db.read() as s:
        return users.actor_for(users.find_user(s, username))


def _print_row(ctx: Context, r: followup.RectificationRow) -> None:
    if r.overdue:
        days = tr("{n} days overdue", n=-r.days_left)
    elif r.status in followup.AWAITING_CORRECTION:
        days = tr("{n} days left", n=r.days_left)
    else:
        days = ""
    ctx.out(
        f"{r.id}  {r.deadline.isoformat()}  {rectification_status_label(r.display_status):<6}  {days:<12}  "
        f"{r.district:<6}  {r.site_name}  [{', '.join(r.item_codes)}]"
    )


def _list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        inspector_id = users.find_user(s, args.inspector).id if args.inspector else None
        f = followup.RectificationFilter(
            statuses=tuple(args.status or ()),
            district=args.district,
            site_kind=args.kind,
            inspector_id=inspector_id,
            item_code=args.item,
            text=args.search,
            order_by=args.sort,
            descending=args.desc,
        )
        rows = followup.list_rectifications(s, f, limit=args.limit)
        total = followup.count_rectifications(s, f)
        counts = followup.board_counts(s)
    if args.json:
        ctx.out_json(
            {
                "total": total,
                "open": counts.open,
                "overdue": counts.overdue,
                "rows": [r.to_json() for r in rows],
            }
        )
        return 0
    for r in rows:
        _print_row(ctx, r)
    ctx.out(
        tr(
            "{shown} of {total} shown; {open} open, {overdue} overdue.",
            shown=len(rows),
            total=total,
            open=counts.open,
            overdue=counts.overdue,
        )
    )
    return 0


def _show_view(ctx: Context, view: followup.RectificationView, as_json: bool) -> None:
    if as_json:
        ctx.out_json(view.to_json())
        return
    ctx.out(f"{view.site_name}  {site_kind_label(view.site_kind)}  {view.district}")
    ctx.out(
        tr(
            "Status: {status}; deadline {deadline}; notice {notice}",
            status=rectification_status_label(view.display_status),
            deadline=view.deadline.isoformat(),
            notice=view.notice_number or "-",
        )
    )
    if view.result:
        ctx.out(tr("Result: {result}", result=rectification_result_label(view.result)))
    if view.escalation:
        ctx.out(escalation_label(view.escalation))
    for item in view.items:
        ctx.out(f"  {item.code}  {item.finding or item.question}")
    for e in view.events:
        before = rectification_status_label(e.from_status) if e.from_status else "-"
        ctx.out(
            f"  {e.at.astimezone():%Y-%m-%d %H:%M}  {before} → "
            f"{rectification_status_label(e.to_status)}  {e.actor_name}  {e.note}"
        )


def _show(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        view = followup.get_rectification(s, parse_id(args.id))
    _show_view(ctx, view, args.json)
    return 0


def _serve(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    when = parse_date(args.date, "--date") if args.date else followup.local_today()
    with ctx.db.write() as s:
        view = followup.serve(s, actor, parse_id(args.id), when, args.note)
    _show_view(ctx, view, args.json)
    return 0


def _reinspect(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    names = [n.strip() for n in args.inspectors.split(",") if n.strip()]
    with ctx.db.write() as s:
        ids = [users.find_user(s, n).id for n in names]
        view = followup.start_reinspection(s, actor, parse_id(args.id), ids, dt.datetime.now(dt.UTC))
    if args.json:
        ctx.out_json({"inspection_id": str(view.id), "form_id": view.form_id})
    else:
        ctx.out(tr("Re-inspection {id} started with the items that failed.", id=view.id))
    return 0


def _complete(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    doc, view = followup.complete(ctx.db, ctx.config, actor, parse_id(args.id), note=args.note)
    if not args.json:
        ctx.out(tr("{number} issued: {path}", number=doc.number, path=doc.file_path))
    _show_view(ctx, view, args.json)
    return 0


def _close(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    with ctx.db.write() as s:
        view = followup.close(s, actor, parse_id(args.id), args.note)
    _show_view(ctx, view, args.json)
    return 0


def _escalate(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    with ctx.db.write() as s:
        view = followup.escalate(s, actor, parse_id(args.id), args.escalation, args.note)
    _show_view(ctx, view, args.json)
    return 0


def _deadline(ctx: Context, args: argparse.Namespace) -> int:
    actor = acting(ctx, args.as_user)
    with ctx.db.write() as s:
        view = followup.change_deadline(
            s, actor, parse_id(args.id), parse_date(args.date, "--date"), args.note
        )
    _show_view(ctx, view, args.json)
    return 0
