"""What every CLI command gets: the resolved configuration, the database opened on first use, the
acting user, and output helpers that print JSON or text the same way everywhere.

An encrypted data directory opens only with a key: ``--as USER`` with that person's password
(:meth:`Context.sign_in`, the same unlock as the app's sign-in), or, for the machine owner's
maintenance as the system account (backup, verify, checks), the recovery code in the environment
variable ``INSPECTOR_RECOVERY_CODE``."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any

from inspector.cli.options import add_common
from inspector.config import Config
from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database, open_database

RECOVERY_ENV = "INSPECTOR_RECOVERY_CODE"


@dataclass
class Context:
    config: Config
    actor: Actor = SYSTEM
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self.config = self.unlocked_config()
            self._db = open_database(self.config)
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


__all__ = ["Context", "Handler", "add_common"]
