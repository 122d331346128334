"""What encryption at rest costs, each figure against its unencrypted twin measured in the same run.

- site search over 100,000 sites: SQLCipher database vs plain SQLite (target <= 1.3x);
- 12 MP photo ingest: sealed store vs plain store (target <= 1.15x), and the plain ingest vs Pillow's
  draft floor (target <= 1.3x), all three interleaved in one run;
- sign-in with key unwrap (scrypt of the key slot, opening the SQLCipher database, checking the
  password against the account, the audit event): absolute, target <= 0.6 s on this machine; the
  scrypt parameters used are recorded beside the figure;
- app start to the filled window, encrypted directory signed in vs unencrypted (target <= 1.2x).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import Result, interleaved_medians

PASSWORD = "bench-pass-1"
INGEST_ROUNDS = 11


def _site_dbs(base: Path) -> tuple[Any, Any]:
    """The same 100k sites in a plain and in an encrypted data directory (SQLCipher's own export)."""
    from bench.bench_site_search import generate
    from inspector.config import resolve
    from inspector.crypto.keys import DataKey
    from inspector.storage.db import open_database

    plain_dir, enc_dir = base / "plain", base / "enc"
    plain_dir.mkdir()
    enc_dir.mkdir()
    generate(plain_dir / "inspector.sqlite3")
    key = DataKey.generate()
    import sqlcipher3

    conn = sqlcipher3.connect(str(plain_dir / "inspector.sqlite3"), isolation_level=None)
    target = enc_dir / "inspector.sqlite3"
    conn.execute(f'ATTACH DATABASE ? AS enc KEY "{key.sqlcipher_key()}"', (str(target),))
    conn.execute("SELECT sqlcipher_export('enc')")
    conn.execute("DETACH DATABASE enc")
    conn.close()
    return open_database(resolve(plain_dir)), open_database(resolve(enc_dir).with_key(key))


def bench_search(base: Path) -> list[Result]:
    from bench.bench_site_search import COUNT_CAP, TYPED
    from inspector.services import sites

    plain, enc = _site_dbs(base)

    def search(db: Any) -> None:
        for term in TYPED:
            f = sites.SiteFilter(text=term)
            with db.read() as s:
                sites.search_sites(s, f, limit=200)
                sites.count_sites(s, f, cap=COUNT_CAP)

    t_plain, t_enc = interleaved_medians(lambda: search(plain), lambda: search(enc), repeat=9)
    plain.close()
    enc.close()
    ratio = t_enc / t_plain
    print(f"site search 100k: plain {t_plain * 1000:.0f} ms, SQLCipher {t_enc * 1000:.0f} ms, {ratio:.2f}x")
    return [
        Result("encryption_site_search_plain_ms", round(t_plain * 1000, 1), "ms", "", True),
        Result("encryption_site_search_sqlcipher_ms", round(t_enc * 1000, 1), "ms", "", True),
        Result("encryption_site_search_ratio", round(ratio, 3), "x", "<= 1.3", ratio <= 1.3),
    ]


def bench_ingest(base: Path) -> list[Result]:
    """Three ways through the same 12 MP JPEG, interleaved in one run: Pillow's draft floor (decode at
    reduced scale and resize: what any importer must do), the plain ingest and the sealed one. Each
    ratio is the median of the ratios of adjacent runs (robust to the shared machine's drifting
    load)."""
    from bench.bench_photos import _phone_jpeg, _pillow_floor
    from inspector.crypto.keys import DataKey
    from inspector.photos.ingest import prepare_data, store_files
    from inspector.photos.store import stage_original

    phone = _phone_jpeg(base)
    key = DataKey.generate()
    runs = iter(range(10_000))

    def ingest(sealed: bool) -> None:
        data = phone.read_bytes()
        store = base / f"store{next(runs)}"
        k = key if sealed else None
        staged = stage_original(store, data, key=k)
        store_files(store, prepare_data(phone, data, staged.sha), staged, key=k)

    def floor() -> None:
        _pillow_floor(phone.read_bytes())

    rounds = []
    floor(), ingest(False), ingest(True)
    for _ in range(INGEST_ROUNDS):
        t0 = time.perf_counter()
        floor()
        t1 = time.perf_counter()
        ingest(False)
        t2 = time.perf_counter()
        ingest(True)
        rounds.append((t1 - t0, t2 - t1, time.perf_counter() - t2))
    ratio = statistics.median(e / p for _f, p, e in rounds)
    vs_floor = statistics.median(p / f for f, p, _e in rounds)
    floor_ms, plain_ms, enc_ms = (statistics.median(r[i] for r in rounds) * 1000 for i in range(3))
    print(
        f"12 MP ingest: Pillow floor {floor_ms:.0f} ms, plain {plain_ms:.0f} ms ({vs_floor:.2f}x the "
        f"floor), sealed {enc_ms:.0f} ms ({ratio:.2f}x plain)"
    )
    return [
        Result("encryption_ingest_pillow_floor_ms", round(floor_ms, 1), "ms", "", True),
        Result("encryption_ingest_plain_ms", round(plain_ms, 1), "ms", "", True),
        Result("encryption_ingest_sealed_ms", round(enc_ms, 1), "ms", "", True),
        Result("encryption_ingest_plain_vs_floor_ratio", round(vs_floor, 3), "x", "<= 1.3", vs_floor <= 1.3),
        Result("encryption_ingest_ratio", round(ratio, 3), "x", "<= 1.15", ratio <= 1.15),
    ]


def _office(base: Path) -> Path:
    """An encrypted and a plain data directory with the same administrator."""
    from inspector.config import resolve
    from inspector.services import unlock, users
    from inspector.storage.db import open_database

    enc_dir, plain_dir = base / "office-enc", base / "office-plain"
    config, _code = unlock.create_office(resolve(enc_dir))
    for cfg in (config, resolve(plain_dir)):
        db = open_database(cfg)
        with db.write() as s:
            users.create_first_admin(s, users.UserInput("admin", "管理员"), PASSWORD)
        db.close()
    return base


def bench_sign_in(base: Path) -> list[Result]:
    from inspector.config import resolve
    from inspector.crypto import keys
    from inspector.services import unlock

    samples = []
    for _ in range(5):
        t0 = time.perf_counter()
        opened = unlock.sign_in(resolve(base / "office-enc"), "admin", PASSWORD)
        samples.append(time.perf_counter() - t0)
        opened.db.close()
    value = statistics.median(samples)
    params = f"scrypt N=2^{keys.SCRYPT_N.bit_length() - 1} r={keys.SCRYPT_R} p={keys.SCRYPT_P}"
    print(f"sign-in with key unwrap: {value * 1000:.0f} ms ({params})")
    return [
        Result("encryption_sign_in_s", round(value, 3), "s", "<= 0.6", value <= 0.6),
        Result(f"encryption_kdf ({params})", keys.SCRYPT_N, "N", "recorded per slot", True),
    ]


def _start(data_dir: Path, user: str) -> float:
    """Process start to the filled window, signing in (both sides: the plain one checks the
    password against the account, the encrypted one unwraps the key first)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "INSPECTOR_QUIT_AFTER_SHOW": "loaded"}
    env |= {"INSPECTOR_BENCH_USER": user, "INSPECTOR_BENCH_PASSWORD": PASSWORD}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "inspector", "--data-dir", str(data_dir)], env=env, check=True, timeout=120
    )
    return time.perf_counter() - t0


def bench_start(base: Path) -> list[Result]:
    plain, enc = interleaved_medians(
        lambda: _start(base / "office-plain", "admin"), lambda: _start(base / "office-enc", "admin"), repeat=5
    )
    ratio = enc / plain
    print(f"start to filled window with sign-in: plain {plain:.2f} s, encrypted {enc:.2f} s, {ratio:.2f}x")
    return [
        Result("encryption_start_plain_s", round(plain, 3), "s", "", True),
        Result("encryption_start_encrypted_s", round(enc, 3), "s", "", True),
        Result("encryption_start_ratio", round(ratio, 3), "x", "<= 1.2", ratio <= 1.2),
    ]


def run() -> list[Result]:
    base = Path(tempfile.mkdtemp(prefix="inspector-bench-enc-"))
    try:
        (base / "search").mkdir()
        results = bench_search(base / "search")
        results += bench_ingest(base)
        _office(base)
        results += bench_sign_in(base)
        results += bench_start(base)
        return results
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    for r in run():
        print(r)
