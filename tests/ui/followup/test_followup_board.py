"""The supervisor board and the history dialog, driven through their real controls."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from inspector.services.followup import board as board_queries
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.followup import FollowupPage, HistoryDialog, SupervisorBoard
from inspector.ui.followup import board_model as board_model_module
from inspector.ui.followup.board_model import DUE_SOON_BACKGROUND, OVERDUE_BACKGROUND
from tests.followup.helpers import Board, cell


def _rows(board: SupervisorBoard) -> dict[Any, int]:
    return {board.model.row_at(i).id: i for i in range(board.model.rowCount())}  # type: ignore[union-attr]


def test_board_lists_open_rectifications_by_deadline_with_colours(
    qtbot: Any, ui: UiContext, board_data: Board
) -> None:
    board = SupervisorBoard(ui)
    qtbot.addWidget(board)
    ids = board_data.ids
    rows = _rows(board)
    assert set(rows) == {ids[k] for k in ("issued", "served", "reinspected", "overdue", "due_soon")}
    assert rows[ids["overdue"]] == 0 and rows[ids["due_soon"]] == 1  # sorted by deadline
    model = board.model
    bg = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(rows[ids["overdue"]], 0), bg) == OVERDUE_BACKGROUND
    assert model.data(model.index(rows[ids["due_soon"]], 0), bg) == DUE_SOON_BACKGROUND
    assert model.data(model.index(rows[ids["issued"]], 0), bg) is None
    assert model.data(model.index(rows[ids["overdue"]], 2)) == "已逾期"
    assert "逾期 10 天" in model.data(model.index(rows[ids["overdue"]], 1))
    assert board.counts == board_queries.BoardCounts(open=5, overdue=1, due_soon=1)
    with qtbot.waitSignal(board.counts_changed) as signal:
        board.refresh()
    assert signal.args == [5, 1]
    assert "逾期 1 条" in board.count_label.text()
    # filters: district, site kind, item code, status
    board.place.district.setCurrentIndex(board.place.district.findData("河西镇"))
    assert set(_rows(board)) == {ids["overdue"], ids["due_soon"]}
    board.kind.setCurrentIndex(board.kind.findData("pharmacy"))
    assert set(_rows(board)) == {ids["overdue"]}
    board.kind.setCurrentIndex(0)
    board.place.district.setCurrentIndex(0)
    board.item.setCurrentIndex(board.item.findData("T-03"))
    assert set(_rows(board)) == {ids["overdue"]}
    board.item.setCurrentIndex(0)
    board.status.setCurrentIndex(board.status.findData("closed"))
    assert set(_rows(board)) == {ids["closed"]}
    board.status.setCurrentIndex(board.status.findData("overdue"))
    assert set(_rows(board)) == {ids["overdue"]}
    board.status.setCurrentIndex(0)
    board.inspector.setCurrentIndex(board.inspector.findData(board_data.who.inspector_b.user_id))
    assert len(_rows(board)) == 5
    board.inspector.setCurrentIndex(0)
    # sorting by a header click is done by the database
    board.table.horizontalHeader().sectionClicked.emit(0)
    order = [board.model.row_at(i).deadline for i in range(board.model.rowCount())]  # type: ignore[union-attr]
    assert order == sorted(order, reverse=board.model.current_filter().descending)


def test_board_fetches_one_page_at_a_time(qtbot: Any, ui: UiContext, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(board_model_module.RectificationsModel, "page_size", 2)
    board = SupervisorBoard(ui)
    qtbot.addWidget(board)
    assert board.model.rowCount() == 2 and board.model.total() == 5 and board.model.canFetchMore()
    board.model.fetchMore()
    board.model.fetchMore()
    assert board.model.rowCount() == 5 and not board.model.canFetchMore()


def test_history_dialog_escalates_with_a_note(
    qtbot: Any, ui: UiContext, board_data: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, err, title=None: errors.append(err.message))
    board = SupervisorBoard(ui)
    qtbot.addWidget(board)
    ui.changes.changed.connect(board.apply_changes)  # what the main window does
    rid = board_data.ids["reinspected"]
    board.resize(1200, 600)
    board.show()
    qtbot.waitExposed(board)
    rect = board.table.visualRect(board.model.index(_rows(board)[rid], 3))
    QTest.mouseClick(board.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(board.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = board.findChild(HistoryDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [cell(dialog.events_table, i, 1) for i in range(dialog.events_table.rowCount())] == [
        "— → 已下达",
        "已下达 → 已签收",
        "已签收 → 已复查",
    ]
    assert dialog.escalate_button.isEnabled() and dialog.close_button.isEnabled()
    assert not dialog.serve_button.isEnabled() and not dialog.reinspect_button.isEnabled()
    dialog.escalate_button.click()  # no note: refused, nothing changes
    assert errors and "说明" in errors[0]
    assert dialog.view is not None and dialog.view.status == "reinspected"
    dialog.note.setPlainText("逾期未整改，移送公安机关")
    dialog.escalate_kind.setCurrentIndex(dialog.escalate_kind.findData("transfer"))
    with qtbot.waitSignal(board.counts_changed) as signal:
        dialog.escalate_button.click()
    assert dialog.view.status == "escalated" and dialog.view.escalation == "transfer"
    assert cell(dialog.events_table, 3, 2) == "赵监督"
    assert cell(dialog.events_table, 3, 3) == "逾期未整改，移送公安机关"
    assert not dialog.escalate_button.isEnabled()
    assert signal.args == [4, 1] and rid not in _rows(board)


def test_permissions_show_in_the_dialog_and_hold_in_the_core(
    qtbot: Any, ui: UiContext, board_data: Board, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, err, title=None: errors.append(err.message))
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)  # 结案 asks first: "yes"
    ui.actor = board_data.who.office
    dialog = HistoryDialog(ui, board_data.ids["reinspected"])
    qtbot.addWidget(dialog)
    assert not dialog.close_button.isEnabled() and not dialog.escalate_button.isEnabled()
    assert "负责人" in dialog.permission_hint.text()
    dialog._on_close_clicked()  # even if the button were pressed, the service refuses
    assert errors and "无权" in errors[0]
    served = HistoryDialog(ui, board_data.ids["issued"])
    qtbot.addWidget(served)
    assert served.serve_button.isEnabled()  # office staff record the service
    served.note.setPlainText("当面签收")
    served.serve_button.click()
    assert served.view is not None and served.view.status == "served"
    assert cell(served.events_table, served.events_table.rowCount() - 1, 3) == "当面签收"


def test_page_forwards_counts_and_builds_the_dashboard_on_demand(qtbot: Any, ui: UiContext) -> None:
    page = FollowupPage(ui)
    qtbot.addWidget(page)
    assert page.counts() == (5, 1) and page.dashboard is None
    dashboard = page.show_dashboard()
    assert dashboard.stats is not None and page.currentWidget() is dashboard
