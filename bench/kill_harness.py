"""Kill a process that is recording answers, at random moments, and check nothing it reported saved
was lost and the database is intact. Used by the test suite (20 kills) and ``make soak`` (200).

The worker prints ``SAVED <code> <n>`` only after ``record_answer``'s transaction returned; after the
SIGKILL every item's stored counter must be at least the last one printed for it.

The data directory is encrypted as a laptop's is (SQLCipher, key file): the worker signs in with a
password, which unwraps the key, exactly as the app does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.config import Config

PASSWORD = "kill-harness-1"
WORKER = """
import sys, uuid
from inspector.config import resolve
from inspector.services import inspections
from inspector.services.actor import SYSTEM
from inspector.services.unlock import sign_in
from inspector.domain import AnswerResult

db = sign_in(resolve(sys.argv[1]), "a1", sys.argv[4]).db
inspection_id = uuid.UUID(sys.argv[2])
start = int(sys.argv[3])
with db.read() as s:
    form = inspections.form_of(s, inspection_id)
codes = [i.code for i in form.items if i.answer_type == "check" and i.condition is None]
print("READY", flush=True)
n = start
while True:
    code = codes[n % len(codes)]
    with db.write() as s:
        inspections.record_answer(s, SYSTEM, inspection_id, code, result=AnswerResult.NON_COMPLIANT,
                                  finding=f"counter {n}")
    print(f"SAVED {code} {n}", flush=True)
    n += 1
"""


def prepare(data_dir: Path) -> tuple[Config, uuid.UUID]:
    """A new encrypted data directory with an inspection; its unlocked configuration."""
    from inspector.config import resolve
    from inspector.forms import load_registry
    from inspector.services import inspections, sites, users
    from inspector.services.actor import SYSTEM
    from inspector.services.unlock import create_office
    from inspector.storage.db import open_database

    config, _recovery_code = create_office(resolve(data_dir))
    db = open_database(config)
    form = load_registry(None).default_for_site("clinic")
    with db.write() as s:
        site = sites.create_site(s, SYSTEM, sites.SiteInput(kind="clinic", name="测试诊所", licence_no="K1"))
        a = users.create_user(
            s, SYSTEM, users.UserInput("a1", "甲", cert_no="41010020200001"), password=PASSWORD
        )
        b = users.create_user(s, SYSTEM, users.UserInput("b1", "乙", cert_no="41010020200002"))
        view = inspections.start_inspection(
            s,
            SYSTEM,
            inspections.StartInput(
                site_id=site.id,
                form=form,
                inspector_ids=[a.id, b.id],
                started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1),
            ),
        )
    db.close()
    return config, view.id


def stored_counters(config: Config, inspection_id: uuid.UUID) -> dict[str, int]:
    from inspector.services import inspections
    from inspector.storage.db import open_database

    db = open_database(config)
    with db.read() as s:
        view = inspections.get_inspection(s, inspection_id)
    db.close()
    return {c: int(a.finding.split()[-1]) for c, a in view.answers.items() if a.finding.startswith("counter")}


def integrity(config: Config) -> str:
    from inspector.storage.db import connect_file

    conn = connect_file(config.data_dir / "inspector.sqlite3", config.key)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def kill_once(
    config: Config, inspection_id: uuid.UUID, start: int, rng: random.Random
) -> tuple[int, list[str]]:
    """One run: start the worker, kill it after a random delay, return (next counter, problems)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(config.data_dir), str(inspection_id), str(start), PASSWORD],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != "READY":
        proc.kill()
        return start, [f"worker did not start: {first!r} {proc.stderr.read() if proc.stderr else ''}"]
    time.sleep(rng.uniform(0.02, 0.4))
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    last: dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "SAVED":
            last[parts[1]] = int(parts[2])
    stored = stored_counters(config, inspection_id)
    problems = [
        f"{code}: saved {n}, found {stored.get(code)}" for code, n in last.items() if stored.get(code, -1) < n
    ]
    check = integrity(config)
    if check != "ok":
        problems.append(f"integrity_check: {check}")
    nxt = max([start, *stored.values()]) + 1
    return nxt, problems


def run(data_dir: Path, runs: int, seed: int = 7) -> tuple[int, list[str]]:
    rng = random.Random(seed)
    config, inspection_id = prepare(data_dir)
    counter, problems, saves = 0, [], 0
    for _ in range(runs):
        nxt, probs = kill_once(config, inspection_id, counter, rng)
        saves += nxt - counter
        counter = nxt
        problems += probs
    return saves, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    import tempfile

    base = args.data_dir or Path(tempfile.mkdtemp(prefix="inspector-soak-"))
    t0 = time.monotonic()
    saves, problems = run(base, args.runs)
    print(
        f"{args.runs} kills, {saves} saves, {len(problems)} problems, {time.monotonic() - t0:.0f} s "
        f"at {dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    for p in problems:
        print("  ", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
