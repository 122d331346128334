"""What every CLI command gets: the resolved configuration, the database opened on first use, the
acting user, and output helpers that print JSON or text the same way everywhere.

Who may run what is decided here, in ONE table (:data:`COMMANDS`), before any handler runs
(:mod:`inspector.cli.identity` signs the person in). On a shared PostgreSQL database anyone with
its address can run the command line, so a command that changes records, users, settings or
documents needs ``--as USER`` and that person's password, exactly like the app's sign-in; only
reading and the maintenance a computer's owner must be able to do without an account run as the
built-in system account, and the audit trail then names the operating-system user and host.
``tests/security/test_cli_identity.py`` walks every registered command and fails when one is
missing from the table, so a new command cannot forget to decide.

An encrypted data directory opens only with a key: ``--as USER`` with that person's password
(:meth:`Context.sign_in`, the same unlock as the app's sign-in), or, for the machine owner's
maintenance as the system account (backup, verify, checks), the recovery code in the environment
variable ``INSPECTOR_RECOVERY_CODE``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from inspector.cli.options import add_common
from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database, open_database

RECOVERY_ENV = "INSPECTOR_RECOVERY_CODE"


class Access(StrEnum):
    """What running a command does, which decides whether ``--as USER`` is required."""

    READ = "read"  # only reads: the system account may run it; its database refuses to write
    MAINTAIN = "maintain"  # an owner's maintenance: the system account may, audited as user@host
    CHANGE = "change"  # changes records, users, settings or documents: --as USER and password
    FIRST_ADMIN = "first_admin"  # CHANGE, but the first administrator of a database without one
    OUTSIDE = "outside"  # MAINTAIN into a directory with no database to sign in to (restore into a new
    # one): --as only names whose password opens an encrypted backup
    APP = "app"  # opens the desktop app, which signs the person in itself


Rule = Access | Callable[[argparse.Namespace, Config], Access]


def _restore(args: argparse.Namespace, config: Config) -> Access:
    """Into a new (or empty) directory, or over one whose database holds no record: maintenance. Over
    a data directory in use: an administrator's change (it is moved aside, not deleted)."""
    from inspector.backup.restore import holds_records

    return Access.CHANGE if args.force and not args.check and holds_records(config) else Access.OUTSIDE


# Every command, by its words after "inspector". A rule is an Access or a function of the parsed
# arguments (an option that makes a reading command write, or a target that decides).
COMMANDS: dict[str, Rule] = {
    "db upgrade": Access.MAINTAIN,
    "db check": Access.READ,
    "db rebuild-stats": Access.MAINTAIN,  # recounts derived figures from the records
    "db encrypt": lambda args, _config: Access.READ if args.check else Access.CHANGE,  # an administrator's
    "sites list": Access.READ,
    "sites import": Access.CHANGE,
    "inspections list": Access.READ,
    "demo": Access.MAINTAIN,  # only into an empty data directory (or to finish its own half)
    "photos add": Access.CHANGE,
    "photos list": Access.READ,
    "photos verify": Access.READ,
    "photos rebuild": Access.MAINTAIN,  # remakes derived images from the originals
    "document": Access.CHANGE,
    "documents list": Access.READ,
    "documents export": Access.READ,
    "documents served": Access.CHANGE,
    "documents void": Access.CHANGE,
    "documents verify": lambda args, _config: Access.CHANGE if args.restore else Access.READ,
    "templates check": Access.READ,
    "templates fields": Access.READ,
    "templates list": Access.READ,
    "forms list": Access.READ,
    "forms check": Access.READ,
    "forms show": Access.READ,
    "forms confirm-article": Access.CHANGE,  # writes the office's legal.toml
    "rectifications list": Access.READ,
    "rectifications show": Access.READ,
    "rectifications serve": Access.CHANGE,
    "rectifications reinspect": Access.CHANGE,
    "rectifications complete": Access.CHANGE,
    "rectifications close": Access.CHANGE,
    "rectifications escalate": Access.CHANGE,
    "rectifications deadline": Access.CHANGE,
    "cases list": Access.READ,
    "cases show": Access.READ,
    "cases open": Access.CHANGE,
    "cases approve": Access.CHANGE,
    "cases keep": Access.CHANGE,
    "cases decide-kept": Access.CHANGE,
    "cases interview": Access.CHANGE,
    "cases transfer": Access.CHANGE,
    "cases close": Access.CHANGE,
    "report": Access.READ,
    "plan": lambda args, _config: Access.READ if args.verify else Access.CHANGE,
    "users add": Access.FIRST_ADMIN,
    "users list": Access.READ,
    "users passwd": Access.CHANGE,
    "users role": Access.CHANGE,
    "users deactivate": Access.CHANGE,
    "users activate": Access.CHANGE,
    "users unlock": Access.CHANGE,
    "verify": Access.READ,
    "backup": Access.MAINTAIN,
    "restore": _restore,
    "exchange export": Access.CHANGE,  # marks what was sent as exchanged
    "exchange import": Access.CHANGE,
    "exchange check": Access.READ,
    "exchange conflicts": Access.READ,
    "exchange resolve": Access.CHANGE,
    "exchange key": Access.MAINTAIN,  # writes this computer's public key for the office to enrol
    "exchange enrol": Access.CHANGE,
    "exchange keys": Access.READ,
    "exchange revoke": Access.CHANGE,
    "gui": Access.APP,
}


def access_of(path: str, args: argparse.Namespace, config: Config) -> Access:
    """The access a command needs; a command missing from the table counts as a change."""
    rule = COMMANDS.get(path, Access.CHANGE)
    return rule if isinstance(rule, Access) else rule(args, config)


def leaf_commands(
    parser: argparse.ArgumentParser, prefix: str = ""
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every runnable command as (its words, its parser), walking the sub-command tree."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from leaf_commands(sub, f"{prefix} {name}".strip())
            return
    if prefix:
        yield prefix, parser


@dataclass
class Context:
    config: Config
    actor: Actor = SYSTEM
    access: Access = Access.CHANGE
    password: str | None = field(default=None, repr=False)  # the --as password, for `users passwd`
    _db: Database | None = field(default=None, repr=False)
    _reading: bool = field(default=False, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self.config = self.unlocked_config()
            self._db = open_database(self.config)
            self._db.read_only = self._reading
        return self._db

    def unlocked_config(self) -> Config:
        """The configuration with the data key when the directory is encrypted and not unlocked yet
        (from the recovery code in ``INSPECTOR_RECOVERY_CODE``), else as it is."""
        from inspector.services import unlock

        if self.config.key is not None or unlock.data_state(self.config) is not unlock.DataState.ENCRYPTED:
            return self.config
        code = os.environ.get(RECOVERY_ENV)
        if code:
            return unlock.unlock_with_recovery(self.config, code)
        raise UserError(
            tr(
                "The data directory {dir} is encrypted. Sign in with --as USER (the password comes "
                "from INSPECTOR_PASSWORD or is asked for), or set {env} to the recovery code.",
                dir=str(self.config.data_dir),
                env=RECOVERY_ENV,
            )
        )

    def sign_in(self, username: str, password: str) -> Actor:
        """Unlock (when encrypted), open the database and sign in as ``username``."""
        from inspector.services import unlock

        if self._db is not None and self.config.key is None:
            from inspector.services import auth

            self.actor = auth.sign_in(self._db, username, password)
            return self.actor
        self.close()
        opened = unlock.sign_in(self.config, username, password)
        if opened.actor is None:
            opened.db.close()
            raise UserError(tr("This data directory has no administrator yet."))
        self.config, self._db, self.actor = opened.config, opened.db, opened.actor
        return self.actor

    def seal_reading(self) -> None:
        """Once the person is known: a reading command's database refuses every write from now on,
        so a command classified as reading cannot change anything even by mistake."""
        self._reading = self.access is Access.READ
        if self._db is not None:
            self._db.read_only = self._reading

    def audit_maintenance(self, action: str, detail: dict[str, Any]) -> None:
        """Record a maintenance command in the audit trail under who ran it (``system (user@host)``)."""
        from inspector.services import audit

        with self.db.write() as s:
            audit.record(s, self.actor, action[:32], "data", "cli", detail=detail)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @staticmethod
    def out(text: str = "") -> None:
        print(text)

    @staticmethod
    def err(text: str) -> None:
        print(text, file=sys.stderr)

    @staticmethod
    def out_json(data: Any) -> None:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")


Handler = Any  # Callable[[Context, argparse.Namespace], int]; kept loose for argparse defaults


__all__ = ["COMMANDS", "Access", "Context", "Handler", "access_of", "add_common", "leaf_commands"]
