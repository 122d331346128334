"""``inspector demo``: seed realistic demo data (safe to run twice; finishes an interrupted run).

Only into an empty data directory (the demo's accounts have a published password), so the owner of
a computer may run it without an account; the audit trail names the operating-system user and host.
A new data directory is encrypted from the start, like any new laptop directory: the data key is
made first and its recovery code printed once. A second run opens the directory as the demo
administrator (its password is public: it is demo data) and finds the data already there.
"""

from __future__ import annotations

import argparse
import contextlib

from inspector import demo
from inspector.cli.context import Context
from inspector.cli.parsers import Actions, command
from inspector.errors import UserError
from inspector.i18n import tr


def register(sub: Actions) -> None:
    command(sub, "demo", "seed demo data into the data directory (safe to run twice)", _demo)


def _demo(ctx: Context, _args: argparse.Namespace) -> int:
    from inspector.services import unlock

    state = unlock.data_state(ctx.config)
    if state is unlock.DataState.NEW:
        ctx.config, code = unlock.create_office(ctx.config)
        ctx.out(
            tr(
                "The data directory is encrypted. Its recovery code (keep it safe; it is shown only "
                "once): {code}",
                code=code,
            )
        )
    elif state is unlock.DataState.ENCRYPTED and ctx.config.key is None:
        # not the demo's own directory when this fails: it unlocks as for any command (or says why not)
        with contextlib.suppress(UserError):
            ctx.sign_in("admin", demo.DEMO_PASSWORD)
    result = demo.seed(ctx.db, ctx.config)
    if result.created:
        ctx.audit_maintenance("demo", {"restarted": result.restarted})
    ctx.out(demo.describe(result))
    return 0
