"""The ``inspector`` command. With no arguments it opens the desktop app; otherwise it runs a headless
command. Each command group lives in its own module with a ``register(subparsers)`` function, so a
new capability adds a module and one line in ``COMMAND_MODULES``.

Before any command runs, :func:`inspector.cli.identity.identify` decides who runs it from the one
table in :mod:`inspector.cli.context`: ``--as USER`` signed in with the password, or the system
account for reading and maintenance; a changing command without ``--as`` exits 2.

Exit status: 0 success, 1 a check found problems, 2 a user error (printed, translated, nothing
changed; a damaged database counts as one), 3 a bug (traceback shown, since that is what a bug
report needs).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from inspector.cli.options import add_app_flags, add_common, scan_common

if TYPE_CHECKING:
    from inspector.cli.context import Context

COMMAND_MODULES = [
    "inspector.cli.db_cmd",
    "inspector.cli.sites_cmd",
    "inspector.cli.inspections_cmd",
    "inspector.cli.demo_cmd",
    "inspector.cli.photos_cmd",
    "inspector.cli.documents_cmd",
    "inspector.cli.forms_cmd",
    "inspector.cli.followup_cmd",
    "inspector.cli.cases_cmd",
    "inspector.cli.report_cmd",
    "inspector.cli.plan_cmd",
    "inspector.cli.users_cmd",
    "inspector.cli.verify_cmd",
    "inspector.cli.backup_cmd",
    "inspector.cli.exchange_cmd",
    "inspector.cli.gui_cmd",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector",
        description="关爱女孩/打击“两非” field inspection tool. Without a command, opens the desktop app.",
    )
    add_common(parser)
    add_app_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    from inspector.cli.identity import install

    install(parser)
    return parser


def _gui_requested(args_list: list[str]) -> dict[str, str] | None:
    """The global options when no command is given (open the app), else None.

    The usual start (no options, or the common ones spelled in full) is read by
    :func:`~inspector.cli.options.scan_common` without building a parser; anything else goes through
    a tiny parser, which also reports a bad option as it always did. Either way the GUI path imports
    neither the commands nor the data layer before the window is on screen.
    """
    scanned = scan_common(args_list)
    if scanned is not None:
        return scanned
    quick = argparse.ArgumentParser(add_help=False)
    add_common(quick)
    add_app_flags(quick)
    known, rest = quick.parse_known_args(args_list)
    return vars(known) if not rest else None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    gui_args = _gui_requested(args_list)
    if gui_args is not None:
        from inspector.cli.gui_cmd import run_gui
        from inspector.config import resolve

        if gui_args.get("lang"):
            import os

            os.environ["INSPECTOR_LANG"] = gui_args["lang"]
        config = resolve(gui_args.get("data_dir"), gui_args.get("db_url"))
        return run_gui(config, args_list, smoke=bool(gui_args.get("smoke")))
    from inspector.cli.context import Context
    from inspector.cli.identity import identify
    from inspector.cli.logs import route_to_log
    from inspector.config import resolve
    from inspector.errors import UserError
    from inspector.i18n import set_language, tr

    parser = build_parser()
    args = parser.parse_args(args_list)
    if getattr(args, "lang", None):
        set_language(args.lang)
    config = resolve(getattr(args, "data_dir", None), getattr(args, "db_url", None))
    route_to_log(config.data_dir / "logs")
    handler = args.handler
    ctx = Context(config=config)
    try:
        identify(ctx, args)
        code: int = handler(ctx, args)
        return code
    except UserError as err:
        ctx.err(tr("Error: {message}", message=err.message))
        return 2
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours, and no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        ctx.err(tr("Interrupted; nothing more was written."))
        return 130
    except Exception as err:
        return _unexpected(ctx, err)
    finally:
        ctx.close()


def _unexpected(ctx: Context, err: Exception) -> int:
    """A damaged database explains itself (exit 2); anything else is a bug: traceback, exit 3."""
    import traceback

    from inspector.i18n import tr
    from inspector.storage.db_errors import explain

    ctx.close()
    damage = explain(err, ctx.config)
    if damage is not None:
        ctx.err(tr("Error: {message}", message=damage.message))
        return 2
    traceback.print_exception(err)
    return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
