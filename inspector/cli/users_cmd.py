"""``inspector users add|list|passwd|role|deactivate|activate|unlock`` and the ``--as`` option.

Who the command line acts as: the built-in ``system`` account (an administrator) unless ``--as USER``
is given. Whoever can run commands on this computer can also open the SQLite file, so the command
line does not pretend to guard it; ``--as`` exists so that scripted work is signed and checked
against that person's role, exactly as in the app. With ``--as`` the password comes from the
environment variable ``INSPECTOR_PASSWORD`` (for scripts) or is asked for on the terminal; failures
count towards the lock-out like in the app.

New passwords (``add``, ``passwd``) come from ``--password-stdin`` (first line of standard input),
the environment variable ``INSPECTOR_NEW_PASSWORD``, or are asked for twice on the terminal. A fresh
database has no accounts: ``inspector users add admin --name 管理员 --role admin`` creates the first
administrator.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from inspector.cli.context import Context, add_common
from inspector.domain import Role, role_label
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import auth, users

PASSWORD_ENV = "INSPECTOR_PASSWORD"
NEW_PASSWORD_ENV = "INSPECTOR_NEW_PASSWORD"


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    """``--as USER``: act as that account (password from INSPECTOR_PASSWORD or asked)."""
    parser.add_argument(
        "--as",
        dest="as_user",
        default=None,
        metavar="USER",
        help=f"act as this account instead of the built-in system account (password from {PASSWORD_ENV} "
        "or asked)",
    )


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise UserError(
            tr(
                "No terminal to ask for the password: set the environment variable {env}.",
                env=PASSWORD_ENV,
            )
        )
    return getpass.getpass(prompt)


def resolve_actor(ctx: Context, args: argparse.Namespace) -> None:
    """Sign in as ``--as USER`` when given, so the command runs with that person's role."""
    username = getattr(args, "as_user", None)
    if not username:
        return
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = _ask(tr("Password for {user}: ", user=username))
    ctx.sign_in(username, password)


def _new_password(args: argparse.Namespace, username: str) -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
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


def _parser(cmds: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = cmds.add_parser(name, help=help_text)
    add_common(p)
    add_actor_option(p)
    return p


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("users", help="accounts: add, list, set passwords and roles, deactivate")
    add_common(p)
    cmds = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    roles = [r.value for r in Role]

    add = _parser(cmds, "add", "add an account (administrators; the first administrator of a fresh database)")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="the person's name as printed on documents")
    add.add_argument("--role", choices=roles, default=Role.INSPECTOR.value)
    add.add_argument("--cert-no", default=None, help="执法证号 (required for inspectors)")
    add.add_argument("--unit", default="")
    add.add_argument("--no-password", action="store_true", help="an account that cannot sign in (yet)")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input"
    )
    add.set_defaults(handler=_add)

    ls = _parser(cmds, "list", "list accounts")
    ls.add_argument("--all", action="store_true", help="include deactivated accounts")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=_list)

    pw = _parser(cmds, "passwd", "set a password (administrators), or change your own with --as")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(handler=_passwd)

    role = _parser(cmds, "role", "change an account's role (administrators)")
    role.add_argument("username")
    role.add_argument("role", choices=roles)
    role.set_defaults(handler=_role)

    for name, help_text, handler in (
        ("deactivate", "deactivate an account (it can no longer sign in; its records stay)", _deactivate),
        ("activate", "reactivate an account", _activate),
        ("unlock", "lift a lock-out after too many failed sign-ins", _unlock),
    ):
        q = _parser(cmds, name, help_text)
        q.add_argument("username")
        q.set_defaults(handler=handler)


def _add(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    password = None if args.no_password else _new_password(args, args.username)
    data = users.UserInput(
        username=args.username, name=args.name, role=args.role, cert_no=args.cert_no, unit=args.unit
    )
    with ctx.db.write() as s:
        view = users.create_user(s, ctx.actor, data, password=password)
    ctx.out(tr("Account {user} ({role}) created.", user=view.username, role=role_label(Role(view.role))))
    return 0


def _find(ctx: Context, username: str) -> users.UserView:
    with ctx.db.read() as s:
        return users.find_user(s, username)


def _list(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
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
        flags = []
        if not u.active:
            flags.append(tr("deactivated"))
        if not u.has_password:
            flags.append(tr("no password"))
        if u.locked_until:
            flags.append(tr("locked until {time}", time=auth.local_time_text(u.locked_until)))
        role = role_label(Role(u.role))
        ctx.out(f"{u.username:<20} {role:<8} {u.name:<10} {u.cert_no or '-':<20} {' '.join(flags)}")
    ctx.out(tr("{n} accounts", n=len(rows)))
    return 0


def _passwd(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    target = _find(ctx, args.username)
    password = _new_password(args, target.username)
    with ctx.db.write() as s:
        if ctx.actor.user_id == target.id and ctx.actor.role is not Role.ADMIN:
            users.change_own_password(s, ctx.actor, os.environ.get(PASSWORD_ENV, ""), password)
        else:
            users.set_password(s, ctx.actor, target.id, password)
    ctx.out(tr("The password of {user} was set.", user=target.username))
    return 0


def _role(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    target = _find(ctx, args.username)
    with ctx.db.write() as s:
        view = users.set_role(s, ctx.actor, target.id, args.role)
    ctx.out(tr("{user} is now: {role}.", user=view.username, role=role_label(Role(view.role))))
    return 0


def _deactivate(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    target = _find(ctx, args.username)
    with ctx.db.write() as s:
        users.set_active(s, ctx.actor, target.id, False)
    ctx.out(tr("Account {user} deactivated.", user=target.username))
    return 0


def _activate(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    target = _find(ctx, args.username)
    with ctx.db.write() as s:
        users.set_active(s, ctx.actor, target.id, True)
    ctx.out(tr("Account {user} reactivated.", user=target.username))
    return 0


def _unlock(ctx: Context, args: argparse.Namespace) -> int:
    resolve_actor(ctx, args)
    target = _find(ctx, args.username)
    with ctx.db.write() as s:
        users.unlock(s, ctx.actor, target.id)
    ctx.out(tr("Account {user} unlocked.", user=target.username))
    return 0
