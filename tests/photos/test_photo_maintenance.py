"""Annotation, verification and rebuild of derived images."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image

from inspector.crypto import files
from inspector.errors import ValidationError
from inspector.photos import store
from inspector.services import photos
from inspector.services.actor import Actor
from inspector.storage.db import Database
from tests.photos.photo_samples import GREY, close, marker_colours, oriented_jpeg


def _import(
    db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path, n: int = 2
) -> list[photos.PhotoView]:
    files = [oriented_jpeg(tmp_path / f"p{i}.jpg", i + 1) for i in range(n)]
    return photos.ingest_files(db, db.config, actor, inspection, files).added


def test_annotation_renders_a_separate_image_and_leaves_the_original(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = sqlite_db.config
    view = _import(sqlite_db, actor, inspection, tmp_path, 1)[0]
    original = photos.read_original(config, view.sha256)
    working = photos.working_bytes(config, view.sha256)
    shapes = [
        {"kind": "arrow", "x1": 0.2, "y1": 0.8, "x2": 0.5, "y2": 0.5, "color": "#FF0000"},
        {"kind": "circle", "x1": 0.4, "y1": 0.3, "x2": 0.7, "y2": 0.7, "color": "#00ff00", "width": 0.01},
        {"kind": "text", "x": 0.3, "y": 0.1, "text": "未登记药品", "size": 0.08, "color": "#0000ff"},
    ]
    with sqlite_db.write() as s:
        view = photos.annotate(s, config, actor, view.id, shapes)
    assert view.annotation is not None and view.annotation["version"] == 1
    assert [sh["kind"] for sh in view.shapes] == ["arrow", "circle", "text"]
    path = photos.annotated_path(config, view)
    assert path is not None and path.is_file()
    assert photos.evidence_image(config, view) == files.read(config.key, path)
    annotated = Image.open(io.BytesIO(photos.evidence_image(config, view)))
    assert annotated.size == (480, 320)
    # the circle's outline is green where the plain image is grey
    x, y = int(0.4 * 480), int(0.5 * 320)
    px = annotated.convert("RGB").getpixel((x + 2, y))
    assert isinstance(px, tuple) and px[1] > 150 and px[0] < 120
    assert photos.read_original(config, view.sha256) == original
    assert photos.working_bytes(config, view.sha256) == working
    # removing the annotation brings back the working copy as the evidence image
    with sqlite_db.write() as s:
        view = photos.annotate(s, config, actor, view.id, [])
    assert view.annotation is None and photos.evidence_image(config, view) == photos.working_bytes(
        config, view.sha256
    )


def test_bad_annotations_are_refused_with_every_problem(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    view = _import(sqlite_db, actor, inspection, tmp_path, 1)[0]
    bad = [
        {"kind": "star", "x": 0.5},
        {"kind": "arrow", "x1": "a", "y1": 0.1, "x2": 3.0, "y2": 0.2},
        {"kind": "text", "x": 0.1, "y": 0.1, "text": "  "},
        {"kind": "circle", "x1": 0.1, "y1": 0.1, "x2": 0.2, "y2": 0.2, "color": "red"},
    ]
    with sqlite_db.write() as s, pytest.raises(ValidationError) as info:
        photos.annotate(s, sqlite_db.config, actor, view.id, bad)
    fields = [f for f, _ in info.value.problems]
    assert fields == ["shapes[0]", "shapes[1].x1", "shapes[1].x2", "shapes[2].text", "shapes[3].color"]
    with sqlite_db.read() as s:
        assert photos.get_photo(s, view.id).annotation is None


def test_verify_reports_missing_and_altered_originals(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = sqlite_db.config
    a, b, c = _import(sqlite_db, actor, inspection, tmp_path, 3)
    with sqlite_db.read() as s:
        assert photos.verify_originals(s, config).ok
    altered = photos.original_path(config, a.sha256)
    altered.chmod(0o644)
    data = bytearray(altered.read_bytes())
    data[-10] ^= 0xFF  # one flipped byte, same size
    altered.write_bytes(bytes(data))
    photos.original_path(config, b.sha256).chmod(0o644)
    photos.original_path(config, b.sha256).unlink()
    orphan = b"left by an interrupted import"
    store.store_original(config.photo_dir, store.sha256_bytes(orphan), orphan, key=config.key)
    with sqlite_db.read() as s:
        report = photos.verify_originals(s, config)
    assert report.checked == 3 and not report.ok
    assert [p.sha256 for p in report.altered] == [a.sha256]
    assert [p.sha256 for p in report.missing] == [b.sha256] and report.missing[0].filenames == ("p1.jpg",)
    assert report.unreferenced == [store.sha256_bytes(orphan)]
    del c


def test_rebuild_remakes_derived_images_from_the_originals(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = sqlite_db.config
    views = _import(sqlite_db, actor, inspection, tmp_path, 2)
    with sqlite_db.write() as s:
        photos.annotate(s, config, actor, views[0].id, [{"kind": "text", "x": 0.5, "y": 0.5, "text": "A"}])
    before = photos.working_bytes(config, views[1].sha256)
    import shutil

    shutil.rmtree(config.photo_dir / "derived")
    with sqlite_db.read() as s:
        report = photos.rebuild_derived(s, config)
        view0 = photos.get_photo(s, views[0].id)
    assert report.rebuilt == 2 and not report.failed
    assert photos.working_bytes(config, views[1].sha256) == before
    for v in views:
        assert photos.thumb_path(config, v.sha256).is_file()
    annotated = photos.annotated_path(config, view0)
    assert annotated is not None and annotated.is_file()
    tl, _tr, _br = marker_colours(Image.open(io.BytesIO(photos.working_bytes(config, views[1].sha256))))
    assert not close(tl, GREY)


def test_evidence_image_is_rebuilt_when_missing(
    sqlite_db: Database, actor: Actor, inspection: uuid.UUID, tmp_path: Path
) -> None:
    config = sqlite_db.config
    view = _import(sqlite_db, actor, inspection, tmp_path, 1)[0]
    photos.working_path(config, view.sha256).unlink()
    assert photos.evidence_image(config, view).startswith(b"\xff\xd8")  # a JPEG, decrypted
    assert photos.working_path(config, view.sha256).is_file()
