"""What every CLI command gets: the resolved configuration, the database opened on first use, the
acting user, and output helpers that print JSON or text the same way everywhere."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from inspector.cli.options import add_common
from inspector.config import Config
from inspector.services.actor import SYSTEM, Actor
from inspector.storage.db import Database, open_database


@dataclass
class Context:
    config: Config
    actor: Actor = SYSTEM
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.config)
        return self._db

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
