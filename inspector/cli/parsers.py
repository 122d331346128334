"""Building the command-line parsers: every command and every action of a command (``inspector
users add``) accepts the common options (:func:`inspector.cli.options.add_common`) before or after
its name, and a command made of actions names them ACTION and requires one.

Each ``*_cmd`` module registers its commands through these two helpers, so that rule is written
once and a new command cannot forget the common options (``gui_cmd`` alone adds them itself: it is on
the app's start-up path, which must not import the data layer).
"""

from __future__ import annotations

import argparse
from typing import Any, TypeAlias

from inspector.cli.context import Handler
from inspector.cli.options import add_common

# The actions of a command, as add_subparsers returns them (a string: not subscriptable at run time).
Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def command(
    sub: Actions, name: str, help_text: str, handler: Handler | None = None, **kwargs: Any
) -> argparse.ArgumentParser:
    """The parser of a command (or of one action of a command) with the common options; with a
    handler, the function that runs it. ``kwargs`` go to argparse (e.g. ``description``)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, **kwargs)
    add_common(parser)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def command_actions(sub: Actions, name: str, help_text: str, **kwargs: Any) -> Actions:
    """A command made of actions (``inspector NAME ACTION``): its actions, to add with :func:`command`."""
    parser = command(sub, name, help_text, **kwargs)
    return parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", required=True)
