"""The pages at the width a 1366×768 screen leaves at 150 % (about 900 × 500 of layout, the window's
navigation taking 170 of it): the checklist's item is never scrolled sideways (its counter and
buttons were cut at the right), and the board's search box and filters each keep their room (in one
row they squeezed each other to a few letters)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from inspector.domain import Role
from inspector.ui.context import UiContext
from inspector.ui.followup.board import SupervisorBoard
from inspector.ui.inspection.page import InspectionPage
from tests.ui.ui_helpers import act_as, show_active, start

pytestmark = pytest.mark.usefixtures("zh_ui", "no_modal_boxes")

NARROW = (700, 480)  # the page's share of a 1366×768 screen at 150 %


def fits_width(widget: QWidget) -> bool:
    return widget.width() >= widget.minimumSizeHint().width()


def test_the_checklist_item_is_never_scrolled_sideways(qtbot: QtBot, ctx: UiContext) -> None:
    page = InspectionPage(ctx, start(ctx), show_camera=False)
    qtbot.addWidget(page)
    show_active(page, NARROW)
    scroll = page.item_scroll
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    content = scroll.widget()
    assert content is not None
    assert content.width() >= content.minimumSizeHint().width()  # the outline gave way instead
    assert page.item_view.position.geometry().right() <= scroll.viewport().width()
    for button in page.item_view.result_buttons.values():
        assert fits_width(button)


def test_the_board_filters_keep_their_room(qtbot: QtBot, ctx: UiContext) -> None:
    act_as(ctx, Role.SUPERVISOR)
    board = SupervisorBoard(ctx)
    qtbot.addWidget(board)
    show_active(board, NARROW)
    place = board.place
    filters: list[QWidget] = [board.search, board.status, place.district, place.township]
    filters += [board.kind, board.inspector, board.item, board.refresh_button]
    for widget in filters:
        assert fits_width(widget), type(widget).__name__
    rects = [QRect(w.mapTo(board, QPoint(0, 0)), w.size()) for w in filters]
    overlapping = [(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :] if a.intersects(b)]
    assert not overlapping
    letters = board.search.fontMetrics().averageCharWidth()
    assert board.search.width() >= 12 * letters  # room for the start of what is typed
