"""Follow-up at county-archive scale: 300,000 inspections (1.8 million answers) and 100,000
rectifications, on SQLite and on PostgreSQL (a scratch database on ``INSPECTOR_TEST_PG_URL``'s
server, dropped afterwards).

Targets from the issue: the supervisor board opens in at most 200 ms and the statistics dashboard in
at most 1 s. "Opens" is the real widget (Qt offscreen): constructing it runs its queries (one page of
200 rows, the counts, the filter choices; for the dashboard every figure of its period) and builds
the table or the charts. The dashboard's default period is the current year, so the target is
measured over the last 12 months (half of the generated data: ~140,000 inspections, 50,000
rectifications); the whole two years are reported for context, as are the service calls alone.
SQLite is measured as the app leaves it (no ANALYZE); PostgreSQL after the VACUUM ANALYZE that
autovacuum would run after such a load.

Data is generated with bulk inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL), not through
the services, which would take hours; the schema is the migrated one, indexes included. Bulk inserts
bypass the services that keep the statistics summary, so it is counted once after the load, as the
migration does for an existing archive. The dashboard's statistics are also timed counted from the
records (``summary=False``, the path for a report in another time zone), for context.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import Result, median_time

N_SITES = 20_000
N_INSPECTIONS = 300_000
N_RECTIFICATIONS = 100_000
ANSWERS_PER_INSPECTION = 6
N_INSPECTORS = 20
DAYS = 730
TOWNS = [
    "城关镇",
    "河西镇",
    "东山乡",
    "南湖街道",
    "北关镇",
    "石桥乡",
    "柳河镇",
    "松林乡",
    "新城街道",
    "白沙镇",
    "青山乡",
    "大营镇",
]
KINDS = ["hospital", "township_health_centre", "clinic", "pharmacy", "wholesaler", "unlicensed"]
BOARD_TARGET_S = 0.200
DASHBOARD_TARGET_S = 1.0

COLUMNS = {
    "sites": (
        "id",
        "kind",
        "name",
        "licence_no",
        "address",
        "district",
        "township",
        "legal_rep",
        "phone",
        "designated_ultrasound",
        "designated_termination",
        "designated_delivery",
        "notes",
        "active",
        "search_text",
        "name_key",
        "created_at",
        "updated_at",
    ),
    "users": (
        "id",
        "username",
        "name",
        "cert_no",
        "unit",
        "role",
        "failed_logins",
        "active",
        "created_at",
        "updated_at",
    ),
    "rectifications": (
        "id",
        "inspection_id",
        "site_id",
        "items",
        "deadline",
        "status",
        "served_at",
        "result",
        "reinspected_at",
        "closed_at",
        "created_at",
        "updated_at",
    ),
    "inspections": (
        "id",
        "site_id",
        "kind",
        "form_id",
        "form_version",
        "form_sha256",
        "status",
        "started_at",
        "finished_at",
        "finalized_at",
        "location_note",
        "party_name",
        "party_title",
        "party_phone",
        "companions",
        "party_id_no",
        "signature_refused",
        "witness_name",
        "witness_detail",
        "rectification_id",
        "created_at",
        "updated_at",
    ),
    "inspection_inspectors": ("inspection_id", "position", "user_id"),
    "answers": ("id", "inspection_id", "item_code", "result", "finding", "updated_at"),
}


class Data:
    """The generated rows, table by table, with Python values (uuid, datetime, date, bool, str)."""

    def __init__(self, sha: str, codes: list[str], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.sha = sha
        self.codes = codes
        self.now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.site_ids = [uuid.UUID(int=self.rng.getrandbits(128), version=4) for _ in range(N_SITES)]
        self.user_ids = [uuid.UUID(int=self.rng.getrandbits(128), version=4) for _ in range(N_INSPECTORS + 1)]

    def sites(self) -> Iterator[tuple[Any, ...]]:
        from inspector.services.pinyin import sort_key

        for i, sid in enumerate(self.site_ids):
            town = self.rng.choice(TOWNS)
            name = f"{town}测试场所{i}"
            yield (
                sid,
                self.rng.choice(KINDS),
                name,
                f"L{i:07d}",
                f"{town}人民路{i}号",
                town,
                town,
                "",
                "",
                False,
                False,
                False,
                "",
                True,
                name.lower(),
                sort_key(name),
                self.now,
                self.now,
            )

    def users(self) -> Iterator[tuple[Any, ...]]:
        for i, uid in enumerate(self.user_ids):
            role = "supervisor" if i == N_INSPECTORS else "inspector"
            yield (uid, f"user{i}", f"执法员{i}", f"4101002020{i:04d}", "", role, 0, True, self.now, self.now)

    def generate(self) -> dict[str, list[tuple[Any, ...]]]:
        """Routine inspections, a third with findings and a rectification; re-inspections of the
        rectifications past re-inspection; every inspection with two inspectors and six answers."""
        rng, now = self.rng, self.now
        n_reinspections = int(N_RECTIFICATIONS * 0.7)
        n_routine = N_INSPECTIONS - n_reinspections
        out: dict[str, list[tuple[Any, ...]]] = {
            k: [] for k in ("rectifications", "inspections", "inspection_inspectors", "answers")
        }
        with_rect = set(rng.sample(range(n_routine), N_RECTIFICATIONS))
        statuses = (
            ["issued"] * 15 + ["served"] * 15 + ["reinspected"] * 10 + ["closed"] * 50 + ["escalated"] * 10
        )
        for i in range(n_routine):
            iid = uuid.UUID(int=rng.getrandbits(128), version=4)
            site = rng.choice(self.site_ids)
            has_rect = i in with_rect
            status = rng.choice(statuses) if has_rect else ""
            recent = status in ("issued", "served")
            started = now - dt.timedelta(days=rng.uniform(1, 60 if recent else DAYS))
            final = has_rect or rng.random() < 0.95
            out["inspections"].append(
                self._inspection(iid, site, "routine", started=started, final=final, rect=None)
            )
            codes = rng.sample(self.codes, ANSWERS_PER_INSPECTION)
            bad = set(codes[: rng.randint(1, 3)]) if has_rect else set()
            self._answers(out, iid, codes, bad, started)
            if has_rect:
                self._rectification(out, iid, site, started=started, status=status, bad=sorted(bad))
        return out

    def _inspection(
        self,
        iid: uuid.UUID,
        site: uuid.UUID,
        kind: str,
        *,
        started: dt.datetime,
        final: bool,
        rect: uuid.UUID | None,
    ) -> tuple[Any, ...]:
        end = started + dt.timedelta(hours=1)
        return (
            iid,
            site,
            kind,
            "clinic",
            "1",
            self.sha,
            "finalized" if final else "draft",
            started,
            end if final else None,
            end if final else None,
            "",
            "",
            "",
            "",
            "",
            "",  # party_id_no
            False,  # signature_refused
            "",
            "",
            rect,
            started,
            end,
        )

    def _answers(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        iid: uuid.UUID,
        codes: list[str],
        bad: set[str],
        when: dt.datetime,
    ) -> None:
        a, b = self.rng.sample(self.user_ids[:N_INSPECTORS], 2)
        out["inspection_inspectors"] += [(iid, 0, a), (iid, 1, b)]
        for code in codes:
            result = "non_compliant" if code in bad else "compliant"
            out["answers"].append(
                (
                    uuid.UUID(int=self.rng.getrandbits(128), version=4),
                    iid,
                    code,
                    result,
                    "现场发现问题" if code in bad else "",
                    when,
                )
            )

    def _rectification(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        iid: uuid.UUID,
        site: uuid.UUID,
        *,
        started: dt.datetime,
        status: str,
        bad: list[str],
    ) -> None:
        rng = self.rng
        rid = uuid.UUID(int=rng.getrandbits(128), version=4)
        created = started + dt.timedelta(hours=1)
        deadline = created.date() + dt.timedelta(days=15)
        served = created + dt.timedelta(days=1) if status != "issued" else None
        result = None
        visit = None
        if status in ("reinspected", "closed", "escalated"):
            visit = created + dt.timedelta(days=rng.uniform(5, 25))
            result = {"escalated": "not_corrected", "reinspected": "partly"}.get(status, "corrected")
            reinspection = uuid.UUID(int=rng.getrandbits(128), version=4)
            out["inspections"].append(
                self._inspection(reinspection, site, "reinspection", started=visit, final=True, rect=rid)
            )
            good = result == "corrected"
            self._answers(out, reinspection, bad, set() if good else set(bad), visit)
        closed = visit + dt.timedelta(days=1) if visit and status in ("closed", "escalated") else None
        items = json.dumps(
            {
                "items": [
                    {"code": c, "finding": "现场发现问题", "correction": "立即整改", "deadline_days": 15}
                    for c in bad
                ]
            },
            ensure_ascii=False,
        )
        row = (rid, iid, site, items, deadline, status, served, result, visit, closed, created)
        out["rectifications"].append((*row, closed or created))


def _form() -> tuple[Any, list[str]]:
    from inspector.forms import load_registry

    form = load_registry(None).get("clinic")
    return form, [i.code for i in form.items]


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, uuid.UUID):
        return v.hex
    if isinstance(v, dt.datetime):
        return v.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _load(db: Any, data: Data, rows: dict[str, list[tuple[Any, ...]]]) -> None:
    tables = {"sites": list(data.sites()), "users": list(data.users()), **rows}
    order = ["sites", "users", "rectifications", "inspections", "inspection_inspectors", "answers"]
    raw = db.engine.raw_connection()
    try:
        if db.engine.dialect.name == "sqlite":
            cur = raw.cursor()
            cur.execute("PRAGMA foreign_keys=OFF")
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("BEGIN")
            for t in order:
                cols = COLUMNS[t]
                sql = f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
                cur.executemany(sql, ([_sqlite_value(v) for v in row] for row in tables[t]))
            cur.execute("COMMIT")
        else:
            cur = raw.cursor()
            # inspections and rectifications point at each other: load both before the keys are checked
            cur.execute("SET session_replication_role = replica")
            for t in order:
                with cur.copy(f"COPY {t} ({', '.join(COLUMNS[t])}) FROM STDIN") as copy:
                    for row in tables[t]:
                        copy.write_row(row)
            cur.execute("SET session_replication_role = DEFAULT")
            raw.commit()
            # What autovacuum does soon after a bulk load: statistics and the visibility map.
            raw.driver_connection.autocommit = True
            cur.execute("VACUUM ANALYZE")
            raw.driver_connection.autocommit = False
    finally:
        raw.close()


def _summarise(db: Any) -> None:
    """Count the statistics summary of the bulk-loaded records, as the migration does for an archive
    (the services keep it in step from then on; bulk inserts bypass them)."""
    from inspector.services import stats_summary
    from inspector.services.local_time_sql import local_offset

    with db.write() as s:
        stats_summary.rebuild(s, local_offset())
    if db.engine.dialect.name == "postgresql":
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.autocommit = True
            raw.cursor().execute("VACUUM ANALYZE stat_days")
            raw.driver_connection.autocommit = False
        finally:
            raw.close()


def _prepare(config: Any) -> Any:
    from inspector.services.form_snapshots import store_snapshot
    from inspector.storage.db import open_database

    db = open_database(config)
    form, codes = _form()
    with db.write() as s:
        sha = store_snapshot(s, form)
    data = Data(sha, codes)
    t0 = time.perf_counter()
    _load(db, data, data.generate())
    _summarise(db)
    print(f"  {db.engine.dialect.name}: generated and loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    return db


def _measure(label: str, config: Any, db: Any) -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from inspector.services import reports
    from inspector.services.followup import board as board_queries
    from inspector.services.followup import views
    from inspector.ui.app import make_app
    from inspector.ui.context import UiContext
    from inspector.ui.followup import DashboardPage, SupervisorBoard

    make_app([])
    ctx = UiContext(config=config, db=db)
    today = views.local_today()
    year = reports.Period(today - dt.timedelta(days=365), today)  # the widest default view (this year)
    whole = reports.Period(today - dt.timedelta(days=DAYS), today)

    def board_service() -> None:
        with db.read() as s:
            board_queries.list_rectifications(s, limit=200)
            board_queries.count_rectifications(s)
            board_queries.board_counts(s)

    def board_widget() -> None:
        board = SupervisorBoard(ctx)
        QApplication.processEvents()
        assert board.model.rowCount() == 200
        board.deleteLater()

    def board_filtered() -> None:
        f = board_queries.RectificationFilter(item_code="CL-04", district="河西镇")
        with db.read() as s:
            board_queries.list_rectifications(s, f, limit=200)
            board_queries.count_rectifications(s, f)

    def dashboard_service() -> None:
        with db.read() as s:
            reports.compute(s, year)

    def dashboard_records() -> None:
        with db.read() as s:
            reports.compute(s, year, summary=False)

    def dashboard_widget(period: Any) -> Any:
        def open_it() -> None:
            page = DashboardPage(ctx, load=False)
            page.set_period(period.start, period.end)
            page.refresh()
            QApplication.processEvents()
            assert page.stats is not None
            page.deleteLater()

        return open_it

    t_board_service = median_time(board_service, repeat=11)
    t_board = median_time(board_widget, repeat=7, warmup=1)
    t_filtered = median_time(board_filtered, repeat=7, warmup=1)
    t_dash_service = median_time(dashboard_service, repeat=5, warmup=1)
    t_dash_records = median_time(dashboard_records, repeat=3, warmup=1)
    t_dash = median_time(dashboard_widget(year), repeat=5, warmup=1)
    t_whole = median_time(dashboard_widget(whole), repeat=3, warmup=1)
    with db.read() as s:
        counts = board_queries.board_counts(s)
    ms = 1000
    results = [
        Result(
            f"follow-up {label}: board queries (page + counts), {counts.open} open",
            round(t_board_service * ms, 1),
            "ms",
            "context",
            True,
        ),
        Result(
            f"follow-up {label}: board opens (widget)",
            round(t_board * ms, 1),
            "ms",
            "<= 200",
            t_board <= BOARD_TARGET_S,
        ),
        Result(
            f"follow-up {label}: board filtered by item + district",
            round(t_filtered * ms, 1),
            "ms",
            "context",
            True,
        ),
        Result(
            f"follow-up {label}: statistics, last 12 months (queries)",
            round(t_dash_service * ms, 1),
            "ms",
            "context",
            True,
        ),
        Result(
            f"follow-up {label}: statistics, last 12 months, counted from the records (queries)",
            round(t_dash_records * ms, 1),
            "ms",
            "context",
            True,
        ),
        Result(
            f"follow-up {label}: dashboard opens, last 12 months (widget)",
            round(t_dash * ms, 1),
            "ms",
            "<= 1000",
            t_dash <= DASHBOARD_TARGET_S,
        ),
        Result(
            f"follow-up {label}: dashboard, all 2 years of data (widget)",
            round(t_whole * ms, 1),
            "ms",
            "context",
            True,
        ),
    ]
    for r in results:
        print(f"  {r.name}: {r.value} {r.unit} (target {r.target})", flush=True)
    return results


def _sqlite() -> list[Result]:
    from inspector.config import resolve

    base = Path(tempfile.mkdtemp(prefix="inspector-bench-followup-"))
    try:
        config = resolve(base)
        db = _prepare(config)
        try:
            return _measure("SQLite", config, db)
        finally:
            db.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)  # about 1 GB


def _postgres() -> list[Result]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from inspector.config import resolve

    url = os.environ.get("INSPECTOR_TEST_PG_URL")
    if not url:
        print("  INSPECTOR_TEST_PG_URL unset: PostgreSQL part skipped", flush=True)
        return []
    admin = make_url(url)
    name = f"bench_followup_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        config = resolve(
            Path(tempfile.mkdtemp(prefix="inspector-bench-followup-pg-")),
            admin.set(database=name).render_as_string(hide_password=False),
        )
        db = _prepare(config)
        try:
            return _measure("PostgreSQL", config, db)
        finally:
            db.close()
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def run() -> list[Result]:
    return _sqlite() + _postgres()


if __name__ == "__main__":
    for r in run():
        print(f"{r.name:<70} {r.value:>9} {r.unit:<3} {r.target:<8} {'yes' if r.met else 'NO'}")
