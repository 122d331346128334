"""A process killed (SIGKILL) in the middle of a backup or an import leaves its target as it was.

The real command runs in a child process; the test waits until the child reports that the critical
part has begun (copying into the archive, writing the records), then kills it after a random delay
within the time that part takes, a few times over. Afterwards the backup file is either the old,
complete one or the new, complete one, and the office database holds either nothing of the package
or all of it — never a part.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, table

from inspector import backup, exchange
from inspector.config import Config, resolve
from inspector.services import sites, verify
from inspector.services.actor import SYSTEM
from inspector.storage.db import Database, open_database
from inspector.storage.exchange_models import ExchangeLog
from tests.world import build_world, enrol, same_accounts

ROOT = Path(__file__).resolve().parents[2]
KILLS = 4
pytestmark = pytest.mark.slow


CHILD = Path(__file__).with_name("kill_child.py")


def _spawn(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "INSPECTOR_LANG": "en", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        cwd=ROOT,
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run_and_kill(args: list[str], marker: str, window: float, rng: random.Random) -> bool:
    """Start the command, wait for ``marker`` on stderr, kill within ``window`` s; True if killed."""
    proc = _spawn(*args)
    assert proc.stderr is not None
    for line in proc.stderr:
        if marker in line:
            break
    time.sleep(rng.uniform(0, window))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()
    return killed


def _timed(args: list[str]) -> float:
    start = time.monotonic()
    proc = _spawn(*args)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return time.monotonic() - start


def test_kill_during_backup_leaves_the_old_backup_or_a_complete_new_one(
    sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    build_world(sqlite_db, sqlite_config, tmp_path)
    bulk = sqlite_config.documents_dir / "bulk"
    bulk.mkdir(parents=True)
    rng = random.Random(8)
    for i in range(10):
        (bulk / f"scan-{i}.bin").write_bytes(rng.randbytes(1 << 20))
    out = tmp_path / "backup.zip"
    backup.create_backup(sqlite_config, out)
    old_manifest = backup.check_backup(out).manifest
    args = ["backup", str(sqlite_config.data_dir), str(out)]
    window = _timed(args) / 2
    killed = 0
    for _ in range(KILLS):
        killed += _run_and_kill(args, "Copying", window, rng)
        manifest = backup.check_backup(out).manifest  # complete and intact, whichever it is
        assert manifest["files"].keys() == old_manifest["files"].keys()
    assert killed >= KILLS - 1, "the kills should land while the backup runs"
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".backup.zip.")]
    assert all(n.endswith(".part") for n in leftovers)  # partial temp files only, never the target


def _rows(db: Database) -> dict[str, int]:
    names = (
        "sites",
        "users",
        "inspections",
        "answers",
        "photos",
        "documents",
        "audit_events",
        "exchange_state",
    )
    with db.read() as s:
        return {n: int(s.execute(select(func.count()).select_from(table(n))).scalar_one()) for n in names}


def test_kill_during_import_leaves_all_or_nothing(
    sqlite_config: Config, sqlite_db: Database, tmp_path: Path
) -> None:
    build_world(sqlite_db, sqlite_config, tmp_path)
    with sqlite_db.write() as s:
        for i in range(300):
            sites.create_site(
                s, SYSTEM, sites.SiteInput(kind="pharmacy", name=f"药店{i}", licence_no=f"YD{i:05d}")
            )
    pristine = tmp_path / "office-pristine"
    pristine.mkdir()
    office = open_database(resolve(pristine))
    enrol(sqlite_config, sqlite_db, resolve(pristine), "办公室")  # the package is encrypted for it
    pkg = tmp_path / "big.zip"
    exchange.export_package(sqlite_db, sqlite_config, SYSTEM, pkg)
    enrol(resolve(pristine), office, sqlite_config)
    same_accounts(sqlite_db, office)
    before = _rows(office)
    office.close()
    # the complete result, for comparison
    full_dir = tmp_path / "office-full"
    shutil.copytree(pristine, full_dir)
    elapsed = _timed(["import", str(full_dir), str(pkg)])
    full_db = open_database(resolve(full_dir))
    after = _rows(full_db)
    full_db.close()
    assert after["sites"] == before["sites"] + 301
    rng = random.Random(9)
    outcomes = []
    interrupted: Path | None = None
    for n in range(KILLS):
        target = tmp_path / f"office-{n}"
        shutil.copytree(pristine, target)
        killed = _run_and_kill(["import", str(target), str(pkg)], "Importing the records", elapsed / 3, rng)
        cfg = resolve(target)
        db = open_database(cfg)
        try:
            rows = _rows(db)
            with db.read() as s:
                logged = s.execute(select(func.count()).select_from(ExchangeLog)).scalar_one()
                report = verify.verify_all(s, cfg)
            assert rows in (before, after), rows
            assert (rows == after) == (logged == 1)
            # The package's files are copied in before its records: a killed import may leave them,
            # and verify names them as orphans (nothing else), until the import is run again.
            assert [p for p in report.problems if p.area != "orphan"] == [], report.problems
            assert rows == before or report.ok, report.problems
            if not report.ok:
                interrupted = target
            outcomes.append((killed, rows == after))
        finally:
            db.close()
    assert any(k and not done for k, done in outcomes), f"no kill landed inside the import: {outcomes}"
    if interrupted is not None:  # importing again takes the leftover files in: verify is clean
        _timed(["import", str(interrupted), str(pkg)])
        cfg = resolve(interrupted)
        db = open_database(cfg)
        try:
            with db.read() as s:
                report = verify.verify_all(s, cfg)
            assert report.ok, report.problems
        finally:
            db.close()
