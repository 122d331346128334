"""``inspector verify``: every proof of integrity the data carries, checked at once.

Prints what does not match (audit chain, records changed behind the app's back, photo originals,
issued documents, frozen checklists, imported audit events) and the audit head to note down or
compare with a backup's; exits 1 when anything does not match, 0 when all is intact.
"""

from __future__ import annotations

import argparse

from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command
from inspector.i18n import tr
from inspector.services.verify import verify_all


def register(sub: Actions) -> None:
    p = command(sub, "verify", "check the audit chain, records, photos and documents for tampering", _verify)
    p.add_argument("--json", action="store_true", help="print the report as JSON")


def _verify(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        report = verify_all(s, ctx.config, progress=None if args.json else ctx.err)
    if args.json:
        ctx.out_json(
            {
                "ok": report.ok,
                "counts": report.counts,
                "audit_head": {"seq": report.head_seq, "hash": report.head_hash},
                "problems": [
                    {"area": p.area, "subject": p.subject, "reason": p.reason} for p in report.problems
                ],
            }
        )
        return 0 if report.ok else 1
    for p in report.problems:
        ctx.out(f"[{p.area}] {p.subject}: {p.reason}")
    c = report.counts
    ctx.out(
        tr(
            "Checked {events} audit events, {photos} photo originals, {documents} documents, "
            "{forms} checklists.",
            events=c.get("events", 0),
            photos=c.get("photos", 0),
            documents=c.get("documents", 0),
            forms=c.get("forms", 0),
        )
    )
    ctx.out(tr("Audit head: #{seq} {hash}", seq=report.head_seq, hash=report.head_hash))
    if report.ok:
        ctx.out(tr("Everything matches: no sign of tampering."))
        return 0
    ctx.out(
        tr(
            "{n} problem(s) found: the data was changed outside the app or files are missing.",
            n=len(report.problems),
        )
    )
    return 1
