"""``inspector rectifications list|show|serve|reinspect|complete|close|escalate|deadline``.

Every change is a workflow of :mod:`inspector.workflows`, the same function the desktop app calls, so
the command line obeys the same state machine and permissions and can drive the whole cycle:
``document --kind notice`` → ``rectifications serve`` → ``rectifications reinspect`` (answers and
finalizes the re-inspection) → ``document --kind reinspection`` → ``rectifications close``.
Every change needs ``--as USERNAME`` with that person's password (:mod:`inspector.cli.identity`):
their role decides what is allowed and the history names them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import uuid

from inspector import workflows
from inspector.cli import reinspect_cmd
from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import (
    DocumentKind,
    EscalationKind,
    InspectionStatus,
    SiteKind,
    escalation_label,
    rectification_result_label,
    rectification_status_label,
    site_kind_label,
)
from inspector.errors import NotFoundError, UserError
from inspector.i18n import tr
from inspector.services import inspections, office_days, users
from inspector.services.documents.views import find_issued
from inspector.services.followup import board, views
from inspector.services.sites import place_label

STATUSES = [value for value, _ in board.status_choices()]


def register(sub: Actions) -> None:
    s = command_actions(
        sub,
        "rectifications",
        "rectification follow-up: list, serve, re-inspect, close, escalate",
        description="The whole cycle without the app: inspector document INSPECTION --kind notice; "
        "rectifications serve ID; rectifications reinspect ID --inspectors A,B --corrected CODE "
        "--not-corrected CODE=FINDING; inspector document REINSPECTION --kind reinspection; "
        "rectifications close ID (or escalate ID --kind case|transfer --note WHY).",
    )

    _register_list(s)
    show = command(s, "show", "one rectification with its history", _show)
    show.add_argument("id")
    show.add_argument("--json", action="store_true")

    def action(name: str, helptext: str) -> argparse.ArgumentParser:
        a = command(s, name, helptext)
        a.add_argument(
            "id",
            help="the rectification's id"
            if name != "complete"
            else "the re-inspection's (or rectification's) id",
        )
        a.add_argument("--note", default="", help="why (kept in the history)")
        a.add_argument("--json", action="store_true")
        return a

    sv = action("serve", "record that the party signed for the notice (签收)")
    sv.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="date of service (default today)")
    sv.set_defaults(handler=_serve)
    ri = action(
        "reinspect",
        "re-inspect the failed items: start, answer (--corrected / --not-corrected) and finalize",
    )
    reinspect_cmd.add_arguments(ri)
    ri.set_defaults(handler=_reinspect)
    cp = action(
        "complete",
        "issue the 复查意见书 of a finalized re-inspection and record its result "
        "(the same as “document ID --kind reinspection”; ID: the re-inspection or the rectification)",
    )
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


def _register_list(s: Actions) -> None:
    ls = command(s, "list", "open rectifications by deadline (the supervisor board)", _list)
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", action="append", choices=STATUSES, help="filter by status (repeatable)")
    ls.add_argument("--district", default=None, help="区县")
    ls.add_argument("--township", default=None, help="乡镇 (within --district when both are given)")
    ls.add_argument("--kind", choices=[k.value for k in SiteKind], default=None, help="site kind")
    ls.add_argument("--item", default=None, metavar="CODE", help="item code, e.g. US-05")
    ls.add_argument("--inspector", default=None, metavar="USERNAME", help="one of the original inspectors")
    ls.add_argument("--search", default="", help="text in the site's name, address or licence")
    ls.add_argument("--sort", choices=list(board.ORDER_KEYS), default="deadline")
    ls.add_argument("--desc", action="store_true", help="sort descending")
    ls.add_argument("--limit", type=int, default=200)


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


def _print_row(ctx: Context, r: views.RectificationRow) -> None:
    if r.overdue:
        days = tr("{n} days overdue", n=-r.days_left)
    elif r.status in views.AWAITING_CORRECTION:
        days = tr("{n} days left", n=r.days_left)
    else:
        days = ""
    ctx.out(
        f"{r.id}  {r.deadline.isoformat()}  {rectification_status_label(r.display_status):<6}  {days:<12}  "
        f"{place_label(r.district, r.township):<12}  {r.site_name}  [{', '.join(r.item_codes)}]"
    )


def _list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        inspector_id = users.find_user(s, args.inspector).id if args.inspector else None
        f = board.RectificationFilter(
            statuses=tuple(args.status or ()),
            district=args.district,
            township=args.township,
            site_kind=args.kind,
            inspector_id=inspector_id,
            item_code=args.item,
            text=args.search,
            order_by=args.sort,
            descending=args.desc,
        )
        rows = board.list_rectifications(s, f, limit=args.limit)
        total = board.count_rectifications(s, f)
        counts = board.board_counts(s)
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


def _show_view(ctx: Context, view: views.RectificationView, as_json: bool) -> None:
    if as_json:
        ctx.out_json(view.to_json())
        return
    ctx.out(
        f"{view.site_name}  {site_kind_label(view.site_kind)}  {place_label(view.district, view.township)}"
    )
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
        view = views.get_rectification(s, parse_id(args.id))
    _show_view(ctx, view, args.json)
    return 0


def _changed(
    ctx: Context, args: argparse.Namespace, rectification_id: uuid.UUID, changes: workflows.Changes
) -> int:
    with ctx.db.read() as s:
        view = views.get_rectification(s, rectification_id)
    _show_view(ctx, view, args.json)
    advice = workflows.escalation_advice(changes)
    if advice and not args.json:
        ctx.out(advice)
    return 0


def _serve(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    rid = parse_id(args.id)
    when = parse_date(args.date, "--date") if args.date else office_days.local_today()
    changes = workflows.perform(
        ctx.db,
        lambda s: workflows.serve_rectification(s, actor, ctx.config, rid, served_on=when, note=args.note),
    )
    return _changed(ctx, args, rid, changes)


def _reinspect(ctx: Context, args: argparse.Namespace) -> int:
    return reinspect_cmd.run(ctx, args, ctx.actor, parse_id(args.id))


def _reinspection_of(ctx: Context, given: uuid.UUID) -> uuid.UUID:
    """The re-inspection ``given`` names: itself, or a rectification's latest finalized one."""
    with ctx.db.read() as s:
        try:
            return inspections.get_inspection(s, given).id
        except NotFoundError:
            view = views.get_rectification(s, given)
    done = [r.inspection_id for r in view.reinspections if r.status == InspectionStatus.FINALIZED.value]
    if not done:
        raise UserError(tr("This rectification has no finalized re-inspection yet."))
    return done[-1]


def _complete(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    reinspection_id = _reinspection_of(ctx, parse_id(args.id))
    changes = workflows.perform(
        ctx.db,
        lambda s: workflows.complete_reinspection(s, actor, ctx.config, reinspection_id, note=args.note),
    )
    with ctx.db.read() as s:
        doc = find_issued(s, ctx.config, reinspection_id, DocumentKind.REINSPECTION)
    assert doc is not None
    if not args.json:
        ctx.out(tr("{number} issued: {path}", number=doc.number, path=doc.file_path))
    (rid,) = changes.rectifications
    return _changed(ctx, args, rid, changes)


def _close(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    rid = parse_id(args.id)
    changes = workflows.perform(ctx.db, lambda s: workflows.close(s, actor, rid, args.note))
    return _changed(ctx, args, rid, changes)


def _escalate(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    rid = parse_id(args.id)
    changes = workflows.perform(
        ctx.db, lambda s: workflows.escalate(s, actor, rid, args.escalation, args.note)
    )
    return _changed(ctx, args, rid, changes)


def _deadline(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    rid = parse_id(args.id)
    deadline = parse_date(args.date, "--date")
    changes = workflows.perform(
        ctx.db, lambda s: workflows.change_deadline(s, actor, rid, deadline, args.note)
    )
    return _changed(ctx, args, rid, changes)
