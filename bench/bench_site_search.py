"""Site search over 100,000 generated sites: the service (what the UI calls per keystroke: one page
plus the count, in pinyin order of the name) vs the same two queries in raw SQL through sqlite3.
Targets: median <= 50 ms and <= 2x raw."""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import uuid
from pathlib import Path

from bench.common import Result, interleaved_medians

N = 100_000
COUNT_CAP = 1000
# What an inspector types, keystroke by keystroke (the UI debounces, but assume every one runs),
# plus a licence number and a miss.
TYPED = ["博", "博爱", "博爱诊", "博爱诊所", "城关", "城关镇仁心", "l00", "l0012", "l001234", "不存在的名字"]
WORDS = ["仁心", "济民", "康宁", "博爱", "惠民", "同仁", "百姓", "益丰", "华康", "天元", "瑞丰", "民生"]
TOWNS = ["城关镇", "河西镇", "东山乡", "南湖街道", "北关镇", "石桥乡", "柳河镇", "松林乡"]
KINDS = [
    "hospital",
    "township_health_centre",
    "village_clinic",
    "outpatient",
    "clinic",
    "pharmacy",
    "wholesaler",
    "unlicensed",
]


def generate(path: Path) -> None:
    from inspector.config import resolve
    from inspector.services.pinyin import sort_key
    from inspector.storage.db import open_database

    open_database(resolve(path.parent)).close()
    rng = random.Random(1)
    rows = []
    for i in range(N):
        town = rng.choice(TOWNS)
        name = f"{town}{rng.choice(WORDS)}{rng.choice(['诊所', '药店', '医院', '卫生室'])}{i}"
        lic = f"L{i:07d}"
        addr = f"{town}{rng.choice(WORDS)}路{rng.randint(1, 999)}号"
        search = " ".join([name, addr, lic]).lower()
        rows.append(
            (uuid.uuid4().hex, rng.choice(KINDS), name, lic, addr, "示范县", town, search, sort_key(name))
        )
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO sites (id, kind, name, licence_no, address, district, township, legal_rep, phone, "
        "designated_ultrasound, designated_termination, designated_delivery, notes, active, search_text, "
        "name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', '', 0, 0, 0, '', 1, ?, ?, "
        "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        rows,
    )
    conn.commit()
    conn.close()


def run() -> list[Result]:
    from inspector.config import resolve
    from inspector.services import sites
    from inspector.storage.db import open_database

    base = Path(tempfile.mkdtemp(prefix="inspector-bench-sites-"))
    path = base / "inspector.sqlite3"
    generate(path)
    db = open_database(resolve(base))
    raw_conn = sqlite3.connect(path)
    service_times, raw_times = [], []
    for term in TYPED:
        f = sites.SiteFilter(text=term)

        def service(f: sites.SiteFilter = f) -> None:
            with db.read() as s:
                sites.search_sites(s, f, limit=200)
                sites.count_sites(s, f, cap=COUNT_CAP)

        def raw(term: str = term) -> None:
            like = f"%{term}%"
            raw_conn.execute(
                "SELECT * FROM sites WHERE active IS 1 AND search_text LIKE ? ESCAPE '\\' "
                "ORDER BY name_key, id LIMIT 200",
                (like,),
            ).fetchall()
            raw_conn.execute(
                "SELECT count(*) FROM (SELECT id FROM sites WHERE active IS 1 AND search_text LIKE ? "
                "ESCAPE '\\' LIMIT ?)",
                (like, COUNT_CAP),
            ).fetchone()

        ts, tr_ = interleaved_medians(service, raw, repeat=9)
        service_times.append(ts)
        raw_times.append(tr_)
    t_service, t_raw = statistics.median(service_times), statistics.median(raw_times)
    ratio = t_service / t_raw
    db.close()
    raw_conn.close()
    return [
        Result("site search 100k: raw SQL", round(t_raw * 1000, 2), "ms", "baseline", True),
        Result(
            "site search 100k: service median", round(t_service * 1000, 2), "ms", "<= 50", t_service <= 0.050
        ),
        Result("site search 100k: ratio service / raw SQL", round(ratio, 2), "x", "<= 2", ratio <= 2),
    ]
