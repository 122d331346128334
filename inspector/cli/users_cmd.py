"""``inspector users add|list|passwd|role|deactivate|activate|unlock``: accounts, managed by an
administrator signed in with ``--as ADMIN`` (see :mod:`inspector.cli.identity`), exactly as in the
app. The one exception: a database without an administrator gets its first one without ``--as``
(``inspector users add admin --name 管理员 --role admin``), as the app's first start offers.

New passwords (``add``, ``passwd``) come from standard input with ``--password-stdin`` (the line after
the ``--as`` password, unless ``INSPECTOR_PASSWORD`` holds that one), else from the environment
variable ``INSPECTOR_NEW_PASSWORD``, else they are asked for twice on the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from inspector.cli.context import Context
from inspector.cli.identity import read_line
from inspector.cli.parsers import Actions, command, command_actions
from inspector.domain import Role, role_label
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import auth, users
from inspector.services.actor import Actor

NEW_PASSWORD_ENV = "INSPECTOR_NEW_PASSWORD"
STDIN_HELP = (
    "read passwords from standard input, one per line: the password of --as USER (unless "
    "INSPECTOR_PASSWORD is set), then the new password"
)


def _new_password(args: argparse.Namespace, username: str) -> str:
    if getattr(args, "password_stdin", False):
        password = read_line()
    elif NEW_PASSWORD_ENV in os.environ:
        password = os.environ[NEW_PASSWORD_ENV]
    else:
        if not sys.stdin.isatty():
            raise UserError(
                tr(
                    "No terminal to ask for the new password: use --password-stdin or set {env}.",
                    env=NEW_PASSWORD_ENV,
                )
            )
        password = getpass.getpass(tr("New password for {user}: ", user=username))
        if getpass.getpass(tr("Repeat the new password: ")) != password:
            raise UserError(tr("The two passwords differ; nothing was changed."))
    problems = auth.password_problems(password, username)
    if problems:
        raise UserError(" ".join(problems))
    return password


def register(sub: Actions) -> None:
    cmds = command_actions(sub, "users", "accounts: add, list, set passwords and roles, deactivate")
    roles = [r.value for r in Role]

    add = command(
        cmds, "add", "add an account (administrators; the first administrator of a fresh database)", _add
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the person's name as printed on documents")
    add.add_argument("--role", choices=roles, default=Role.INSPECTOR.value)
    add.add_argument("--cert-no", default=None, help="执法证号 (required for inspectors)")
    add.add_argument("--unit", default="")
    add.add_argument("--no-password", action="store_true", help="an account that cannot sign in (yet)")
    add.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)

    ls = command(cmds, "list", "list accounts", _list)
    ls.add_argument("--all", action="store_true", help="include deactivated accounts")
    ls.add_argument("--json", action="store_true")

    pw = command(cmds, "passwd", "set a password (administrators), or change your own with --as", _passwd)
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true", help=STDIN_HELP)

    role = command(cmds, "role", "change an account's role (administrators)", _role)
    role.add_argument("username")
    role.add_argument("role", choices=roles)

    for name, help_text, handler in (
        ("deactivate", "deactivate an account (it can no longer sign in; its records stay)", _deactivate),
        ("activate", "reactivate an account", _activate),
        ("unlock", "lift a lock-out after too many failed sign-ins", _unlock),
    ):
        command(cmds, name, help_text, handler).add_argument("username")


def _add(ctx: Context, args: argparse.Namespace) -> int:
    password = None if args.no_password else _new_password(args, args.username)
    data = users.UserInput(
        username=args.username, name=args.name, role=args.role, cert_no=args.cert_no, unit=args.unit
    )
    with ctx.db.write() as s:
        if ctx.actor.user_id is None:  # no --as: only the first administrator (inspector/cli/identity.py)
            if password is None:
                raise UserError(tr("The first administrator needs a password; leave out --no-password."))
            view = users.create_first_admin(s, data, password)
        else:
            view = users.create_user(s, ctx.actor, data, password=password)
    ctx.out(tr("Account {user} ({role}) created.", user=view.username, role=role_label(Role(view.role))))
    return 0


def _find(ctx: Context, username: str) -> users.UserView:
    with ctx.db.read() as s:
        return users.find_user(s, username)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.db.read() as s:
        rows = users.list_users(s, active_only=not args.all)
    if args.json:
        ctx.out_json(
            [
                {
                    "id": str(u.id),
                    "username": u.username,
                    "name": u.name,
                    "role": u.role,
                    "cert_no": u.cert_no,
                    "unit": u.unit,
                    "active": u.active,
                    "has_password": u.has_password,
                    "locked_until": u.locked_until.isoformat() if u.locked_until else None,
                }
                for u in rows
            ]
        )
        return 0
    for u in rows:
        role = role_label(Role(u.role))
        ctx.out(f"{u.username:<20} {role:<8} {u.name:<10} {u.cert_no or '-':<20} {' '.join(u.flags)}")
    ctx.out(tr("{n} accounts", n=len(rows)))
    return 0


def _passwd(ctx: Context, args: argparse.Namespace) -> int:
    target = _find(ctx, args.username)
    password = _new_password(args, target.username)
    with ctx.db.write() as s:
        if ctx.actor.user_id == target.id and ctx.actor.role is not Role.ADMIN:
            users.change_own_password(s, ctx.actor, ctx.password or "", password)
        else:
            users.set_password(s, ctx.actor, target.id, password)
    ctx.out(tr("The password of {user} was set.", user=target.username))
    return 0


def _change(
    ctx: Context, username: str, change: Callable[[Session, Actor, uuid.UUID], users.UserView]
) -> users.UserView:
    """Apply one administrator's change to the named account, in its own transaction."""
    target = _find(ctx, username)
    with ctx.db.write() as s:
        return change(s, ctx.actor, target.id)


def _role(ctx: Context, args: argparse.Namespace) -> int:
    view = _change(ctx, args.username, lambda s, actor, uid: users.set_role(s, actor, uid, args.role))
    ctx.out(tr("{user} is now: {role}.", user=view.username, role=role_label(Role(view.role))))
    return 0


def _deactivate(ctx: Context, args: argparse.Namespace) -> int:
    view = _change(ctx, args.username, lambda s, actor, uid: users.set_active(s, actor, uid, False))
    ctx.out(tr("Account {user} deactivated.", user=view.username))
    return 0


def _activate(ctx: Context, args: argparse.Namespace) -> int:
    view = _change(ctx, args.username, lambda s, actor, uid: users.set_active(s, actor, uid, True))
    ctx.out(tr("Account {user} reactivated.", user=view.username))
    return 0


def _unlock(ctx: Context, args: argparse.Namespace) -> int:
    view = _change(ctx, args.username, users.unlock)
    ctx.out(tr("Account {user} unlocked.", user=view.username))
    return 0
