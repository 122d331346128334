"""Photo import benchmark: speed against Pillow's own floor, UI responsiveness, derived-file size.

Targets (issue 5):
- ingest of a 12-megapixel JPEG (hash, durable store, working copy, thumbnail) takes at most 1.3x
  Pillow's draft decode plus resize of the same file, measured in the same run;
- while 50 such photos import in the worker, the Qt event loop never stalls more than 100 ms
  (a 10 ms QTimer records the largest gap between ticks);
- derived files (working copy + thumbnail) take at most 15% of the bytes of a phone original.

Run as a script (``python bench/bench_photos.py``); ``run()`` returns the result dicts
``{name, value, unit, target, met}`` for ``bench/results.json``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image

from inspector.demo.photos import make_demo_photo
from inspector.photos.derive import WORKING_EDGE
from inspector.photos.ingest import prepare_data, store_files
from inspector.photos.store import stage_original

PHONE_SIZE = (4000, 3000)  # 12 MP
PHONE_QUALITY = 92
GRAIN = 0.25  # sensor-like noise: makes the file as large and as slow to decode as a phone photo
REPEATS = 9
UI_PHOTOS = 50


def _phone_jpeg(folder: Path) -> Path:
    when = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return make_demo_photo(
        folder / "phone.jpg",
        "B超室 禁止非医学需要鉴定胎儿性别",
        when=when,
        gps=(30.59, 114.30),
        orientation=6,
        size=PHONE_SIZE,
        quality=PHONE_QUALITY,
        grain=GRAIN,
    )


def _pillow_floor(data: bytes) -> Image.Image:
    """What any importer must at least do: decode at reduced scale (draft) and resize to 1600 px."""
    image = Image.open(io.BytesIO(data))
    w, h = image.size
    scale = WORKING_EDGE / max(w, h)
    image.draft("RGB", (round(w * scale), round(h * scale)))
    image.load()
    image.thumbnail((WORKING_EDGE, WORKING_EDGE))
    return image


def _our_ingest(path: Path, photo_dir: Path) -> int:
    """The import's file work, as the service does it: read, hash, stage the original durably while
    decoding, derive, publish."""
    data = path.read_bytes()
    staged = stage_original(photo_dir, data, key=None)
    photo = prepare_data(path, data, staged.sha)
    store_files(photo_dir, photo, staged, key=None)
    return len(photo.derived.working) + len(photo.derived.thumb)


def bench_ingest(workdir: Path, phone: Path) -> list[dict[str, Any]]:
    data = phone.read_bytes()
    floor_times: list[float] = []
    ours_times: list[float] = []
    derived = 0
    for i in range(REPEATS):  # interleaved, so load from other processes hits both alike
        t0 = time.perf_counter()
        _pillow_floor(data)
        floor_times.append(time.perf_counter() - t0)
        store = workdir / f"store{i}"
        t0 = time.perf_counter()
        derived = _our_ingest(phone, store)
        ours_times.append(time.perf_counter() - t0)
    floor, ours = statistics.median(floor_times), statistics.median(ours_times)
    # The ratio of each adjacent pair, then the median: robust to other processes' load drifting
    # during the run (the machine is shared).
    ratio = statistics.median(o / f for o, f in zip(ours_times, floor_times, strict=True))
    print(
        f"12 MP JPEG ({len(data) / 1e6:.1f} MB): ingest {ours * 1000:.0f} ms, Pillow draft+resize "
        f"{floor * 1000:.0f} ms, ratio {ratio:.2f} (target <= 1.3)"
    )
    share = derived / len(data)
    print(f"derived files {derived / 1e3:.0f} kB = {share:.1%} of the original (target <= 15%)")
    return [
        {
            "name": "photo_ingest_12mp_ms",
            "value": round(ours * 1000, 1),
            "unit": "ms",
            "target": None,
            "met": True,
        },
        {
            "name": "photo_pillow_floor_12mp_ms",
            "value": round(floor * 1000, 1),
            "unit": "ms",
            "target": None,
            "met": True,
        },
        {
            "name": "photo_ingest_vs_pillow_ratio",
            "value": round(ratio, 3),
            "unit": "x",
            "target": 1.3,
            "met": ratio <= 1.3,
        },
        {
            "name": "photo_derived_share",
            "value": round(share * 100, 1),
            "unit": "%",
            "target": 15.0,
            "met": share <= 0.15,
        },
    ]


def _variants(phone: Path, folder: Path, n: int) -> list[Path]:
    """``n`` distinct 12 MP JPEGs without re-encoding: a different JPEG comment segment in each."""
    data = phone.read_bytes()
    out = []
    for i in range(n):
        comment = f"bench photo {i}".encode()
        segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
        path = folder / f"IMG_{i:04d}.jpg"
        path.write_bytes(data[:2] + segment + data[2:])
        out.append(path)
    return out


def bench_ui_stall(workdir: Path, phone: Path) -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from inspector.config import resolve
    from inspector.services.actor import SYSTEM
    from inspector.storage.db import open_database
    from inspector.storage.models import FormSnapshot, Inspection, Site
    from inspector.ui.context import UiContext
    from inspector.ui.photos.importing import import_job

    app = QApplication.instance() or QApplication([])
    config = resolve(workdir / "ui-data")
    db = open_database(config)
    with db.write() as s:
        site = Site(kind="clinic", name="bench")
        s.add(site)
        s.add(FormSnapshot(sha256="b" * 64, form_id="clinic", version="1", content="{}"))
        s.flush()
        insp = Inspection(
            site_id=site.id,
            form_id="clinic",
            form_version="1",
            form_sha256="b" * 64,
            started_at=dt.datetime.now(dt.UTC),
        )
        s.add(insp)
        s.flush()
        inspection_id = insp.id
    (workdir / "batch").mkdir()
    files = _variants(phone, workdir / "batch", UI_PHOTOS)

    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    job = import_job(None, UiContext(config=config, db=db, actor=SYSTEM), inspection_id, files)
    result: dict[str, Any] = {}
    job.success(lambda report: result.update(report=report))
    job.failure(lambda err: result.update(error=err.message)).ended(lambda _ok: app.quit())
    clock.start()
    timer.start()
    t0 = time.perf_counter()
    job.run_in_background()
    app.exec()
    elapsed = time.perf_counter() - t0
    timer.stop()
    db.close()
    if "error" in result:
        raise SystemExit(f"import failed: {result['error']}")
    report = result["report"]
    max_gap = max(gaps[1:]) if len(gaps) > 1 else 0
    print(
        f"{len(report.added)} x 12 MP imported in the worker in {elapsed:.1f} s "
        f"({elapsed / max(1, len(report.added)) * 1000:.0f} ms each); event loop max gap {max_gap} ms "
        f"(target <= 100 ms)"
    )
    return [
        {
            "name": "photo_ui_max_stall_ms",
            "value": max_gap,
            "unit": "ms",
            "target": 100,
            "met": max_gap <= 100,
        },
        {
            "name": "photo_batch_50_seconds",
            "value": round(elapsed, 2),
            "unit": "s",
            "target": None,
            "met": len(report.added) == UI_PHOTOS,
        },
    ]


def bench_heic_share(workdir: Path) -> list[dict[str, Any]]:
    """Informative: HEIC originals are ~2x smaller than JPEG, so the derived share is larger."""
    from inspector.demo.photos import draw_scene

    path = workdir / "phone.heic"
    draw_scene("B超室", PHONE_SIZE, grain=0.06).save(path, "HEIF", quality=60)
    data = path.read_bytes()
    photo = prepare_data(path, data)
    share = (len(photo.derived.working) + len(photo.derived.thumb)) / len(data)
    print(f"HEIC original {len(data) / 1e6:.1f} MB: derived files {share:.1%} of it (information only)")
    return [
        {
            "name": "photo_derived_share_heic",
            "value": round(share * 100, 1),
            "unit": "%",
            "target": None,
            "met": True,
        }
    ]


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        workdir = Path(tmp)
        phone = _phone_jpeg(workdir)
        results = bench_ingest(workdir, phone)
        results += bench_ui_stall(workdir, phone)
        results += bench_heic_share(workdir)
    return results


if __name__ == "__main__":
    out = run()
    print(json.dumps(out, indent=2))
    sys.exit(0 if all(r["met"] for r in out) else 1)
