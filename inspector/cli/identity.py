"""Who runs a command: ``--as USER`` signed in with the password, or the system account when the
command's entry in :data:`inspector.cli.context.COMMANDS` allows it.

The password of ``--as USER`` comes from the environment variable ``INSPECTOR_PASSWORD`` (scripts),
else from the first line of standard input with ``--password-stdin``, else it is asked on the
terminal. Signing in goes through :meth:`inspector.cli.context.Context.sign_in`, the app's own
unlock and sign-in: the same checks, the same slow-down after failures (counted for this computer's
user and host), the same audit event. The system account is named with the operating-system user and host
(``system (alice@desk-3)``), so the audit trail says who ran a maintenance command.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from inspector.cli.context import COMMANDS, Access, Context, access_of, leaf_commands
from inspector.domain import Role
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import users
from inspector.services.actor import Actor
from inspector.services.throttle import this_source

PASSWORD_ENV = "INSPECTOR_PASSWORD"


def system_actor() -> Actor:
    """The built-in system account, naming who runs it on which computer."""
    return Actor(user_id=None, name=f"system ({this_source()})"[:64], role=Role.ADMIN)


def install(parser: argparse.ArgumentParser) -> None:
    """Give every command its words (``command_path``) and the ``--as``/``--password-stdin`` options."""
    for path, leaf in leaf_commands(parser):
        leaf.set_defaults(command_path=path)
        if COMMANDS.get(path) is Access.APP:
            continue
        options = leaf._option_string_actions
        if "--as" not in options:
            leaf.add_argument(
                "--as",
                dest="as_user",
                default=None,
                metavar="USER",
                help=f"who you are (password from {PASSWORD_ENV}, --password-stdin or asked); required by "
                "commands that change anything",
            )
        if "--password-stdin" not in options:
            leaf.add_argument(
                "--password-stdin",
                action="store_true",
                help=f"read the password of --as USER from standard input (unless {PASSWORD_ENV} is set)",
            )


def read_line() -> str:
    """The next line of standard input, without its line end ('' at the end of input)."""
    return sys.stdin.readline().rstrip("\r\n")


def ask(prompt: str, hint: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(hint)
    return getpass.getpass(prompt)


def _password(args: argparse.Namespace, username: str) -> str:
    if PASSWORD_ENV in os.environ:
        return os.environ[PASSWORD_ENV]
    if getattr(args, "password_stdin", False):
        return read_line()
    return ask(
        tr("Password for {user}: ", user=username),
        tr(
            "No terminal to ask for the password of {user}: set the environment variable {env} or use "
            "--password-stdin.",
            user=username,
            env=PASSWORD_ENV,
        ),
    )


def _needs_identity(path: str) -> UserError:
    return UserError(
        tr(
            '"inspector {command}" changes the records, so it needs to know who you are: add --as USER '
            "(your password is asked for, or read from {env} or with --password-stdin). Nothing was changed.",
            command=path,
            env=PASSWORD_ENV,
        )
    )


def identify(ctx: Context, args: argparse.Namespace) -> None:
    """Sign in as ``--as USER``, or allow the system account, or refuse (exit 2), before the handler."""
    path = getattr(args, "command_path", "")
    ctx.access = access_of(path, args, ctx.config)
    if ctx.access is Access.APP:
        return
    username = (getattr(args, "as_user", None) or "").strip()
    if username and ctx.access is Access.OUTSIDE:  # nothing here to sign in to: the password is kept
        ctx.password = _password(args, username)
        ctx.actor = system_actor()
    elif username:
        password = _password(args, username)
        ctx.sign_in(username, password)  # unlocks an encrypted directory first, as the app does
        ctx.password = password
    elif ctx.access is Access.CHANGE:
        raise _needs_identity(path)
    elif ctx.access is Access.FIRST_ADMIN:
        _first_admin_only(ctx, args, path)
    else:
        ctx.actor = system_actor()
    ctx.seal_reading()


def _first_admin_only(ctx: Context, args: argparse.Namespace, path: str) -> None:
    """Without ``--as``, ``users add`` creates only the first administrator of a database without one."""
    if getattr(args, "role", None) != Role.ADMIN.value:
        raise _needs_identity(path)
    with ctx.db.read() as s:
        first = users.needs_first_admin(s)
    if not first:
        raise UserError(
            tr(
                "An administrator already exists: add accounts as an administrator with --as USER. "
                "Without --as, only the first administrator of a database that has none can be created. "
                "Nothing was changed."
            )
        )
    ctx.actor = system_actor()
