"""The photo strip, the background import and the viewer, driven like a user would."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from inspector.demo.photos import make_demo_photo
from inspector.services import photos
from inspector.services.actor import Actor
from inspector.storage.db import Database
from inspector.storage.models import AuditEvent, Photo
from inspector.ui.context import UiContext
from inspector.ui.photos import PhotoStrip, PhotoViewer
from inspector.ui.photos.camera import has_camera

CST = dt.timezone(dt.timedelta(hours=8))


def _demo_files(folder: Path, n: int) -> list[Path]:
    when = dt.datetime(2024, 5, 1, 9, 0, tzinfo=CST)
    return [
        make_demo_photo(
            folder / f"IMG_{i:04d}.jpg",
            f"药品柜 {i}",
            when=when + dt.timedelta(minutes=i),
            gps=(30.59, 114.30),
            orientation=(1, 6, 8)[i % 3],
            size=(640, 480),
        )
        for i in range(n)
    ]


def _ctx(db: Database, actor: Actor) -> UiContext:
    return UiContext(config=db.config, db=db, actor=actor)


def _strip(
    qtbot: QtBot, db: Database, actor: Actor, inspection: uuid.UUID, item: str | None = "A1"
) -> PhotoStrip:
    strip = PhotoStrip(_ctx(db, actor), inspection, item)
    qtbot.addWidget(strip)
    strip.show()
    return strip


def test_strip_imports_three_files_in_the_worker(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    files = _demo_files(tmp_path, 3)
    strip = _strip(qtbot, sqlite_db, ui_actor, ui_inspection)
    assert strip.list.count() == 0
    assert strip.camera_button.isHidden() == (not has_camera())
    with qtbot.waitSignal(strip.import_finished, timeout=20_000) as blocker:
        strip.import_paths(files)
    report = blocker.args[0]
    assert isinstance(report, photos.IngestReport) and len(report.added) == 3 and not report.failed
    with sqlite_db.read() as s:
        rows = s.execute(select(Photo).order_by(Photo.original_filename)).scalars().all()
        assert [r.original_filename for r in rows] == ["IMG_0000.jpg", "IMG_0001.jpg", "IMG_0002.jpg"]
        assert all(r.item_code == "A1" and r.inspection_id == ui_inspection for r in rows)
        assert all(r.imported_by == ui_actor.user_id and r.captured_offset == "+08:00" for r in rows)
        assert {(r.width, r.height) for r in rows} == {(640, 480)}
    assert strip.list.count() == 3
    assert not strip.list.item(0).icon().isNull()
    assert "3" in strip.status.text()


def test_a_broken_file_is_reported_and_the_rest_imported(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    good = _demo_files(tmp_path, 2)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(good[0].read_bytes()[:3000])
    strip = _strip(qtbot, sqlite_db, ui_actor, ui_inspection, None)
    with qtbot.waitSignal(strip.import_finished, timeout=20_000) as blocker:
        strip.import_paths([good[0], broken, good[1]], show_progress=False)
    report = blocker.args[0]
    assert len(report.added) == 2 and [p.name for p, _ in report.failed] == ["broken.jpg"]
    assert strip.list.count() == 2


def test_dropping_a_folder_imports_it(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    folder = tmp_path / "DCIM"
    folder.mkdir()
    _demo_files(folder, 2)
    strip = _strip(qtbot, sqlite_db, ui_actor, ui_inspection)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(strip.import_finished, timeout=20_000):
        strip.dropEvent(event)
    assert strip.list.count() == 2


def test_finalized_inspection_is_refused_as_a_whole(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    from inspector.storage.models import Inspection

    with sqlite_db.write() as s:
        insp = s.get(Inspection, ui_inspection)
        assert insp is not None
        insp.status = "finalized"
    strip = _strip(qtbot, sqlite_db, ui_actor, ui_inspection)
    with qtbot.waitSignal(strip.import_failed, timeout=20_000) as blocker:
        strip.import_paths(_demo_files(tmp_path, 1), show_progress=False)
    assert "补充" in blocker.args[0]


def test_caption_delete_and_viewer_annotation(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    strip = _strip(qtbot, sqlite_db, ui_actor, ui_inspection)
    with qtbot.waitSignal(strip.import_finished, timeout=20_000):
        strip.import_paths(_demo_files(tmp_path, 2), show_progress=False)
    first, second = strip.views()
    strip.list.item(0).setSelected(True)
    assert strip.caption_button.isEnabled() and strip.delete_button.isEnabled()
    with qtbot.waitSignal(strip.photos_changed):
        assert strip.set_caption(first.id, "未登记的促排卵药")
    assert strip.list.item(0).text().startswith("未登记")
    with qtbot.waitSignal(strip.photos_changed):
        assert strip.delete_photos([second.id])
    assert strip.list.count() == 1

    viewer = PhotoViewer(_ctx(sqlite_db, ui_actor), strip.views()[0])
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.fit()
    fitted = viewer.zoom_factor()
    viewer.zoom_in()
    assert viewer.zoom_factor() > fitted
    viewer.zoom_out()
    viewer.zoom_out()
    assert viewer.zoom_factor() < fitted
    viewer.actual_size()
    assert viewer.zoom_factor() == 1.0
    assert viewer.image_size() == (640, 480)

    viewer.set_tool("circle")
    viewer.shape_dragged(QPointF(100, 100), QPointF(300, 250))
    viewer.set_tool("arrow")
    viewer.shape_dragged(QPointF(50, 400), QPointF(200, 200))
    viewer.shape_dragged(QPointF(50, 50), QPointF(50, 51))  # a click draws nothing
    viewer.add_shape({"kind": "text", "x": 0.1, "y": 0.1, "text": "证据"})
    assert [s["kind"] for s in viewer.shapes] == ["circle", "arrow", "text"]
    assert viewer.save_button.isEnabled()
    with qtbot.waitSignal(viewer.annotation_saved):
        qtbot.mouseClick(viewer.save_button, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert not viewer.dirty
    with sqlite_db.read() as s:
        saved = photos.get_photo(s, first.id)
        actions = s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars().all()
    assert [sh["kind"] for sh in saved.shapes] == ["circle", "arrow", "text"]
    assert saved.shapes[0]["x1"] == round(100 / 640, 5)
    path = photos.annotated_path(sqlite_db.config, saved)
    assert path is not None and path.is_file()
    assert actions[-3:] == ["photo.caption", "photo.delete", "photo.annotate"]


def test_wheel_zooms_the_viewer(
    qtbot: QtBot, sqlite_db: Database, ui_actor: Actor, ui_inspection: uuid.UUID, tmp_path: Path
) -> None:
    from PySide6.QtGui import QWheelEvent

    report = photos.ingest_files(
        sqlite_db, sqlite_db.config, ui_actor, ui_inspection, _demo_files(tmp_path, 1)
    )
    viewer = PhotoViewer(_ctx(sqlite_db, ui_actor), report.added[0])
    qtbot.addWidget(viewer)
    viewer.show()
    before = viewer.zoom_factor()
    event = QWheelEvent(
        QPointF(50, 50),
        QPointF(50, 50),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    viewer.graphics.wheelEvent(event)
    assert viewer.zoom_factor() > before
