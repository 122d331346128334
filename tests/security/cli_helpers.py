"""What the security tests share: a small real data directory, the command line run in-process, and
a fingerprint of everything a refused command must leave as it was (every row of every table, every
file of the data directory)."""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from inspector.cli import main
from inspector.config import Config
from inspector.services import throttle, users, verify
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, connect_file, open_database
from tests.world import World, build_world

ADMIN, ADMIN_PASSWORD = "admin", "admin-pass-1"
INSPECTOR, INSPECTOR_PASSWORD = "inspector1", "inspector-pass-1"
# Files the app writes for itself (logs, the count of failed unlocks) or SQLite beside the database:
# not records.
NOT_DATA = ("logs", "inspector.keys.attempts")


@dataclass
class Office:
    config: Config
    world: World

    @property
    def dir(self) -> list[str]:
        return ["--data-dir", str(self.config.data_dir)]


def make_office(db: Database, config: Config, tmp: Path) -> Office:
    """The trust tests' world, plus an administrator and an inspector who can sign in."""
    world = build_world(db, config, tmp)
    with db.write() as s:
        users.create_first_admin(s, users.UserInput(ADMIN, "管理员"), ADMIN_PASSWORD)
        users.create_user(
            s,
            SYSTEM,
            users.UserInput(INSPECTOR, "王检查", cert_no="41010020200009"),
            password=INSPECTOR_PASSWORD,
        )
    return Office(config, world)


def run(capsys: pytest.CaptureFixture[str], *args: str, stdin: str = "") -> tuple[int, str, str]:
    """``inspector ARGS`` in this process, with ``stdin`` as standard input (no terminal)."""
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        code = main(list(args))
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return code, out, err


def rows(config: Config, *, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read straight from the SQLite file (decrypted with the config's key)."""
    path = config.data_dir / "inspector.sqlite3"
    conn = connect_file(Path(f"file:{path}?mode=ro"), config.key, uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
            if n not in skip
        }
    finally:
        conn.close()


def files(config: Config) -> dict[str, str]:
    """Every file of the data directory but the database itself (compared by its rows) and logs."""
    root = config.data_dir
    found = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith(NOT_DATA) and not rel.startswith("inspector.sqlite3"):
            found[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def failed_unlocks(config: Config, username: str) -> int:
    """Failed sign-ins of ``username`` counted by the sign-in throttle beside an encrypted directory's
    key file (a wrong password never opens the database, so the table cannot count it)."""
    try:
        counts = json.loads((config.data_dir / throttle.ATTEMPTS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 0
    return sum(int(e["failures"]) for e in counts["entries"] if e["username"] == username)


def state(config: Config) -> tuple[dict[str, list[tuple[object, ...]]], dict[str, str]]:
    return rows(config), files(config)


def verified(config: Config) -> verify.VerifyReport:
    db = open_database(config)
    try:
        with db.read() as s:
            return verify.verify_all(s, config)
    finally:
        db.close()


@contextmanager
def reading(config: Config) -> Iterator[Session]:
    """A read session on the data directory's database, closed afterwards."""
    db = open_database(config)
    try:
        with db.read() as s:
            yield s
    finally:
        db.close()
