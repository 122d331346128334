"""``inspector cases list|show|open|approve|keep|decide-kept|interview|transfer|close``.

Every change is a workflow of :mod:`inspector.workflows.cases`, the same function the desktop app
calls, so the command line obeys the same state machine and permissions (inspectors prepare,
supervisors approve, transfer and close). ``--as USERNAME`` acts as that user; without it the
command acts as the system administrator. The whole case path runs without the app::

    inspector cases open INSPECTION --cause "某某涉嫌无证行医" --party-name 王某 --id-number N
    inspector cases approve CASE --as supervisor
    inspector cases keep CASE --item B超机 --model DP-10 --serial SN1 --quantity 1 --photo PHOTO
    inspector cases interview CASE --person 王某 --id-number N --qa-file 询问.txt
    inspector cases transfer CASE --to police --reason "涉嫌非法行医罪" --as supervisor
    inspector cases decide-kept CASE --decision transfer --as supervisor
    inspector cases close CASE --result "已移送公安机关" --as supervisor
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sqlalchemy.orm import Session

from inspector import workflows
from inspector.cli.context import Context
from inspector.cli.followup_cmd import parse_id
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import (
    CaseStatus,
    KeptDecision,
    PartyKind,
    TransferTarget,
    case_status_label,
    kept_decision_label,
)
from inspector.errors import UserError
from inspector.i18n import os_reason, tr
from inspector.services.actor import Actor
from inspector.services.cases import board, interviews, opening, views
from inspector.services.cases.deadlines import KeptState
from inspector.workflows import cases as flows

STATUSES = [s.value for s in CaseStatus]


def register(sub: Actions) -> None:
    s = command_actions(
        sub,
        "cases",
        "cases (立案查处): list, open, approve, keep evidence, interview, transfer, close",
        description="The case path without the app: cases open INSPECTION --cause TEXT; cases approve ID; "
        "cases keep ID --item NAME …; cases interview ID --person NAME --id-number N --qa-file FILE; "
        "cases transfer ID --to police|drug --reason TEXT; cases decide-kept ID --decision …; "
        "cases close ID --result TEXT.",
    )
    ls = command(s, "list", "cases, newest first, with their time limits", _list)
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--status", action="append", choices=STATUSES, help="filter by status (repeatable)")
    show = command(s, "show", "one case: party, officers, timeline, kept items, interviews", _show)
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    _register_changes(s)


def _action(s: Actions, name: str, helptext: str, what: str = "the case's id") -> argparse.ArgumentParser:
    a = command(s, name, helptext)
    a.add_argument("id", help=what)
    a.add_argument("--json", action="store_true")
    return a


def _register_changes(s: Actions) -> None:
    op = _action(s, "open", "propose a case (待立案) from a finalized inspection", "the inspection's id")
    op.add_argument("--cause", required=True, help="案由, e.g. 某某涉嫌无证行医")
    op.add_argument("--party-name", default=None, help="the party when it is a person (unlicensed operator)")
    op.add_argument("--id-number", default=None, help="the person's 身份证号")
    op.add_argument("--summary", default=None, help="简要案情 (default: the findings)")
    op.set_defaults(handler=_open)
    ap = _action(s, "approve", "approve the case (立案) (supervisor)")
    ap.add_argument("--note", default="", help="审批意见 (default 同意立案)")
    ap.set_defaults(handler=_approve)
    kp = _action(s, "keep", "add an item to the kept-evidence list (证据先行登记保存)")
    kp.add_argument("--item", required=True, help="the item's name, e.g. B超机")
    kp.add_argument("--model", default="", help="型号")
    kp.add_argument("--serial", default="", help="编号 / serial number")
    kp.add_argument("--quantity", type=int, default=1)
    kp.add_argument("--brand", default="")
    kp.add_argument("--unit", default="", help="计量单位, e.g. 台")
    kp.add_argument("--condition", default="", help="状况")
    kp.add_argument("--place", default="", help="存放地点")
    kp.add_argument("--photo", action="append", default=[], metavar="PHOTO_ID", help="a photo showing it")
    kp.set_defaults(handler=_keep)
    dk = _action(s, "decide-kept", "decide on the kept items: return, transfer or confiscate (supervisor)")
    dk.add_argument("--decision", required=True, choices=[d.value for d in KeptDecision])
    dk.add_argument("--note", default="")
    dk.set_defaults(handler=_decide_kept)
    iv = _action(s, "interview", "record an interview (询问笔录) from a file of 问/答 lines")
    iv.add_argument("--person", required=True, help="the person questioned")
    iv.add_argument("--id-number", required=True, help="the person's 身份证号")
    iv.add_argument("--qa-file", required=True, type=Path, help="UTF-8 text: lines 问：… and 答：…")
    iv.add_argument("--relation", default="", help="与本案关系, e.g. 当事人, 就诊者")
    iv.add_argument("--place", default="", help="询问地点")
    iv.set_defaults(handler=_interview)
    tf = _action(s, "transfer", "transfer the case (移送) to the police or the drug regulator (supervisor)")
    tf.add_argument("--to", required=True, choices=[t.value for t in TransferTarget], dest="target")
    tf.add_argument("--reason", required=True)
    tf.set_defaults(handler=_transfer)
    cl = _action(s, "close", "close the case (结案) with its result (supervisor)")
    cl.add_argument("--result", required=True)
    cl.set_defaults(handler=_close)


def _flag(row: board.CaseRow) -> str:
    if row.status == CaseStatus.PROPOSED.value:
        late = tr("立案 overdue") if row.open_late else ""
        return tr("立案 due {date}", date=row.open_due.isoformat()) + (f" ({late})" if late else "")
    if row.kept_state is KeptState.OVERDUE:
        return tr("kept items overdue since {date}", date=row.kept_due.isoformat() if row.kept_due else "")
    if row.kept_state is KeptState.DUE_SOON:
        return tr("kept items due {date}", date=row.kept_due.isoformat() if row.kept_due else "")
    return ""


def _list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        rows = board.list_cases(s, statuses=tuple(args.status or ()))
        counts = board.counts(s)
    if args.json:
        ctx.out_json(
            {
                "open": counts.open,
                "waiting": counts.waiting,
                "overdue": counts.overdue,
                "rows": [r.to_json() for r in rows],
            }
        )
        return 0
    for r in rows:
        ctx.out(
            f"{r.id}  {case_status_label(r.status):<6}  {r.township or r.district:<6}  {r.cause}  {_flag(r)}"
        )
    ctx.out(
        tr(
            "{shown} shown; {open} open, {waiting} awaiting approval, {overdue} overdue.",
            shown=len(rows),
            open=counts.open,
            waiting=counts.waiting,
            overdue=counts.overdue,
        )
    )
    return 0


def _print_case(ctx: Context, view: views.CaseView) -> None:
    ctx.out(f"{view.cause}  [{case_status_label(view.status)}]")
    party = view.party
    ident = party.id_number if party.kind == PartyKind.PERSON.value else party.credit_code
    ctx.out(tr("Party: {name} {ident} {address}", name=party.name, ident=ident, address=party.address))
    ctx.out(tr("Officers: {names}", names="、".join(f"{o.name}（{o.cert_no}）" for o in view.officers)))
    ctx.out(
        tr(
            "Discovered {found}; 立案 due {due}; approved {approved}",
            found=view.discovered_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            due=view.open_due.isoformat(),
            approved=view.approved_at.astimezone().strftime("%Y-%m-%d") if view.approved_at else "-",
        )
        + (" " + tr("(more than 7 days after the discovery)") if view.open_late else "")
    )
    if view.transfer_body:
        ctx.out(tr("Transferred to {body}: {reason}", body=view.transfer_body, reason=view.transfer_reason))
    for item in view.items:
        decided = (
            kept_decision_label(item.decision)
            if item.decision
            else tr("due {date}", date=item.due.isoformat())
        )
        ctx.out(
            f"  [{item.id}] {item.name} {item.brand} {item.model} {item.serial_no} "
            f"×{item.quantity}{item.unit}  {decided}  {tr('{n} photo(s)', n=len(item.photo_ids))}"
        )
    for talk in view.interviews:
        ctx.out(
            f"  [{talk.id}] {talk.person_name} {talk.relation} {tr('{n} question(s)', n=len(talk.pairs))}"
        )
    for e in view.events:
        before = case_status_label(e.from_status) if e.from_status else "-"
        ctx.out(
            f"  {e.at.astimezone():%Y-%m-%d %H:%M}  {before} → {case_status_label(e.to_status)}  "
            f"{e.actor_name}  {e.note}"
        )


def _show_case(ctx: Context, case_id: uuid.UUID, as_json: bool) -> int:
    with ctx.db.read() as s:
        view = views.get_case(s, case_id)
    if as_json:
        ctx.out_json(view.to_json())
    else:
        _print_case(ctx, view)
    return 0


def _show(ctx: Context, args: argparse.Namespace) -> int:
    return _show_case(ctx, parse_id(args.id), args.json)


def _open(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    iid = parse_id(args.id)
    with ctx.db.read() as s:
        data = replace(opening.suggestion(s, iid), cause=args.cause)
    if args.party_name is not None or args.id_number is not None:
        data = replace(
            data,
            party_kind=PartyKind.PERSON.value,
            party_name=args.party_name or "",
            party_id_number=args.id_number or "",
        )
    if args.summary is not None:
        data = replace(data, summary=args.summary)
    changes = workflows.perform(ctx.db, lambda s: flows.propose_case(s, actor, data))
    assert changes.created is not None
    return _show_case(ctx, changes.created, args.json)


def _approve(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    cid = parse_id(args.id)
    workflows.perform(ctx.db, lambda s: flows.approve_case(s, actor, cid, args.note))
    with ctx.db.read() as s:
        late = views.get_case(s, cid).open_late
    if late and not args.json:
        ctx.err(tr("Warning: 立案 more than 7 days after the discovery; record the reason for the delay."))
    return _show_case(ctx, cid, args.json)


def _keep(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    cid = parse_id(args.id)
    photos = [parse_id(p) for p in args.photo]
    fields = {
        "name": args.item,
        "model": args.model,
        "serial_no": args.serial,
        "quantity": args.quantity,
        "brand": args.brand,
        "unit": args.unit,
        "condition": args.condition,
        "storage_place": args.place,
    }
    workflows.perform(ctx.db, lambda s: flows.keep_item(s, actor, cid, photo_ids=photos, **fields))
    return _show_case(ctx, cid, args.json)


def _change_case(
    ctx: Context, args: argparse.Namespace, change: Callable[[Session, Actor, uuid.UUID], workflows.Changes]
) -> int:
    """Run one workflow on the case ``args.id`` as the signed-in person, then show the case."""
    actor = ctx.actor
    cid = parse_id(args.id)
    workflows.perform(ctx.db, lambda s: change(s, actor, cid))
    return _show_case(ctx, cid, args.json)


def _decide_kept(ctx: Context, args: argparse.Namespace) -> int:
    return _change_case(
        ctx, args, lambda s, actor, cid: flows.decide_kept(s, actor, cid, args.decision, args.note)
    )


def _read_qa(path: Path) -> tuple[views.QAPair, ...]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(tr("Cannot read {path}: {reason}", path=str(path), reason=os_reason(err))) from err
    return interviews.parse_qa(text)


def _interview(ctx: Context, args: argparse.Namespace) -> int:
    actor = ctx.actor
    cid = parse_id(args.id)
    data = interviews.InterviewInput(
        person_name=args.person,
        person_id_number=args.id_number,
        relation=args.relation,
        place=args.place,
        pairs=_read_qa(args.qa_file),
    )
    problems = interviews.input_problems(data)
    if problems:
        raise UserError(problems[0])
    workflows.perform(ctx.db, lambda s: flows.start_interview(s, actor, cid, data))
    return _show_case(ctx, cid, args.json)


def _transfer(ctx: Context, args: argparse.Namespace) -> int:
    return _change_case(
        ctx, args, lambda s, actor, cid: flows.transfer_case(s, actor, cid, args.target, args.reason)
    )


def _close(ctx: Context, args: argparse.Namespace) -> int:
    return _change_case(ctx, args, lambda s, actor, cid: flows.close_case(s, actor, cid, args.result))
