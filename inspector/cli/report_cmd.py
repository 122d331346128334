"""``inspector report --from DATE --to DATE --out FILE.xlsx``: the dashboard's figures as a workbook.

The same :func:`inspector.services.reports.compute` and :func:`~inspector.services.reports.export_xlsx`
as the dashboard's export button, so the file and the screen always agree.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from inspector.cli.context import Context
from inspector.cli.followup_cmd import parse_date
from inspector.cli.parsers import Actions, command
from inspector.i18n import tr
from inspector.services import reports


def register(sub: Actions) -> None:
    p = command(sub, "report", "statistics for a period, written to an Excel workbook", _report)
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument(
        "--to", dest="date_to", required=True, metavar="DATE", help="last day, included (YYYY-MM-DD)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx", help="where to write the workbook")
    p.add_argument("--json", action="store_true", help="also print the figures as JSON")


def _report(ctx: Context, args: argparse.Namespace) -> int:
    period = reports.Period(parse_date(args.date_from, "--from"), parse_date(args.date_to, "--to"))
    period.validate()
    labels = reports.item_labels(ctx.config.forms_dir)
    with ctx.db.read() as s:
        stats = reports.write_report(s, period, args.out, item_labels=labels)
    if args.json:
        ctx.out_json(
            {
                "period": [period.start.isoformat(), period.end.isoformat()],
                "file": str(args.out),
                "tables": {
                    t.key: {"title": t.title, "headers": list(t.headers), "rows": [list(r) for r in t.rows]}
                    for t in stats.tables
                },
            }
        )
        return 0
    for label, value in stats.table("overview").rows:
        ctx.out(f"{label}: {'—' if value is None else value}")
    ctx.out(
        tr(
            "Report for {period} written to {path} ({sheets} sheets).",
            period=period.label,
            path=args.out,
            sheets=len(stats.tables),
        )
    )
    return 0
