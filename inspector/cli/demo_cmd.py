"""``inspector demo``: seed realistic demo data (safe to run twice)."""

from __future__ import annotations

import argparse

from inspector import demo
from inspector.cli.context import Context, add_common


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="seed demo data into the data directory (safe to run twice)")
    add_common(p)
    p.set_defaults(handler=_demo)


def _demo(ctx: Context, _args: argparse.Namespace) -> int:
    result = demo.seed(ctx.db, ctx.config)
    ctx.out(demo.describe(result))
    return 0
