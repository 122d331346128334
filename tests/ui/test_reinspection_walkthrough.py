"""A re-inspection's walk-through shows, above each item's answer, what the first inspection found
there (finding, correction demanded, deadline, photos) and follows the current item; a routine
inspection has no such box."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from inspector.demo.photos import make_demo_photo
from inspector.domain import AnswerResult
from inspector.services import inspections, photos
from inspector.services.followup import machine, reinspection
from inspector.services.followup import views as fviews
from inspector.ui.context import UiContext
from inspector.ui.inspection.page import InspectionPage
from tests.factories import answer
from tests.ui.ui_helpers import inspectors, show_active, start

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")

ELSEWHERE = "在岗医师孙某的执业注册地点为县人民医院。"
NO_SIGN = "候诊区未张贴禁止“两非”标志。"


def _reinspection(ctx: UiContext, tmp_path: Path) -> uuid.UUID:
    """Inspect with T-05 and T-06 non-compliant (T-06 with a photo, T-05 without), finalize, open the
    rectification, serve, re-inspect."""
    iid = start(ctx)
    with ctx.db.write() as s:
        for item in inspections.form_of(s, iid).items:
            answer(s, ctx.actor, iid, item, bad={"T-05": ELSEWHERE, "T-06": NO_SIGN})
    photo = tmp_path / "IMG_1.jpg"
    make_demo_photo(photo, "候诊区", size=(640, 480))
    report = photos.ingest_files(ctx.db, ctx.config, ctx.actor, iid, [photo], item_code="T-06")
    assert not report.failed
    with ctx.db.write() as s:
        inspections.finalize(s, ctx.actor, iid)
    today = fviews.local_today()
    with ctx.db.write() as s:
        rect = machine.open_rectification(s, ctx.actor, iid, deadline=today + dt.timedelta(days=7))
    with ctx.db.write() as s:
        machine.serve(s, ctx.actor, rect.id, today)
    with ctx.db.write() as s:
        view = reinspection.start_reinspection(
            s,
            ctx.actor,
            rect.id,
            [p.id for p in inspectors(ctx.db)],
            dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
        )
    return view.id


def test_reinspection_shows_the_original_finding(qtbot: QtBot, ctx: UiContext, tmp_path: Path) -> None:
    rid = _reinspection(ctx, tmp_path)
    page = InspectionPage(ctx, rid, show_camera=False)
    qtbot.addWidget(page)
    show_active(page, (1366, 768))
    panel = page.original
    assert panel is not None and panel.isVisible()
    assert [i.code for i in page.visible()] == ["T-05", "T-06"]
    assert page.current_code == "T-05"
    assert panel.text.text() == ELSEWHERE
    deadline = (fviews.local_today() + dt.timedelta(days=7)).isoformat()
    assert "为在岗医师办理执业地点变更注册" in panel.demand.text() and deadline in panel.demand.text()
    assert panel._thumbs.count() == 1  # no photo: only the stretch
    # Above the answer buttons, inside the item's view.
    buttons = page.item_view.result_buttons[AnswerResult.COMPLIANT]
    assert (
        panel.mapTo(page.item_view, panel.rect().topLeft()).y()
        < buttons.mapTo(page.item_view, buttons.rect().topLeft()).y()
    )

    page.next_item()
    assert page.current_code == "T-06"
    assert panel.text.text() == NO_SIGN
    assert panel._thumbs.count() == 2  # the thumbnail + stretch
    first = panel._thumbs.itemAt(0)
    thumb = first.widget() if first is not None else None
    assert isinstance(thumb, QLabel) and not thumb.pixmap().isNull()

    # Folded to its header, it stays folded on the next item.
    panel.toggle.click()
    assert not panel.expanded and panel.body.isHidden()
    page.previous_item()
    assert panel.text.text() == ELSEWHERE and panel.body.isHidden()


def test_routine_inspection_has_no_original_finding(qtbot: QtBot, ctx: UiContext) -> None:
    page = InspectionPage(ctx, start(ctx), show_camera=False)
    qtbot.addWidget(page)
    assert page.original is None
