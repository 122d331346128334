"""The statistics dashboard: each figure as a chart with its table beside it, and the Excel export.

Figures come from :func:`inspector.services.reports.compute` (aggregated by the database) and the
export calls :func:`inspector.services.reports.export_xlsx` on the very same result, so the screen,
the exported workbook and ``inspector report`` always agree.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QMargins, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import UserError
from inspector.i18n import labelled
from inspector.services import reports
from inspector.ui import messages
from inspector.ui.context import UiContext
from inspector.ui.user_folders import suggested

CHART_HEIGHT = 300


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def make_chart(table: reports.StatTable) -> QChart:
    """A bar (or line) chart of ``table.chart_columns`` against the row labels; the total row, if any,
    is left out (it is in the table beside the chart). A line needs two points: a period of one
    month is drawn as bars, so a single month shows."""
    chart = QChart()
    chart.setTitle(table.title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    totals = {QCoreApplication.translate("dashboard", "Total"), reports.total_label()}
    rows = [r for r in table.rows if r[0] not in totals]
    labels = [table.label(r) for r in rows]
    axis_x = QBarCategoryAxis()
    axis_x.append(labels)
    axis_y = QValueAxis()
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    top = 0.0
    if table.chart == "line" and len(rows) > 1:
        for col in table.chart_columns:
            series = QLineSeries()
            series.setName(table.headers[col])
            series.setPointsVisible(True)
            for i, r in enumerate(rows):
                series.append(float(i), float(r[col] or 0))
                top = max(top, float(r[col] or 0))
            chart.addSeries(series)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
    else:
        bars = QBarSeries()
        for col in table.chart_columns:
            bar_set = QBarSet(table.headers[col])
            for r in rows:
                bar_set.append(float(r[col] or 0))
                top = max(top, float(r[col] or 0))
            bars.append(bar_set)
        chart.addSeries(bars)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_y)
    # Whole-number ticks (counts, percentages, days): a step of 1, 2, 5, 10, 20, 50… giving <= 6 ticks.
    step = 1
    while top / step > 5:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
    axis_y.setTickAnchor(0)
    axis_y.setTickInterval(step)
    axis_y.setLabelFormat("%d")
    axis_y.setRange(0, step * max(1, math.ceil(top / step)))
    chart.legend().setVisible(len(table.chart_columns) > 1)
    return chart


def make_table(table: reports.StatTable) -> QTableWidget:
    widget = QTableWidget(len(table.rows), len(table.headers))
    widget.setHorizontalHeaderLabels(list(table.headers))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.verticalHeader().hide()
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(_cell(value))
            if isinstance(value, int | float):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            widget.setItem(r, c, item)
    return widget


class DashboardPage(QWidget):
    """Signals: ``computed()`` after the figures were (re)computed; ``exported(str)`` with the file path."""

    computed = Signal()
    exported = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._labels: dict[str, str] | None = None
        self.stats: reports.Statistics | None = None
        self.charts: dict[str, QChartView] = {}
        self.tables: dict[str, QTableWidget] = {}
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(dt.date(today.year, 1, 1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(self.tr("Show"))
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.overview = QLabel()
        self.overview.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.date_from)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.date_to)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self._body = QWidget()
        self._body_layout = QVBoxLayout(self._body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.overview)
        layout.addWidget(scroll, 1)
        self.show_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self._on_export_clicked)
        if load:
            self.refresh()

    def period(self) -> reports.Period:
        return reports.Period(_pydate(self.date_from.date()), _pydate(self.date_to.date()))

    def set_period(self, start: dt.date, end: dt.date) -> None:
        self.date_from.setDate(_qdate(start))
        self.date_to.setDate(_qdate(end))

    def _item_labels(self) -> dict[str, str]:
        if self._labels is None:
            try:
                self._labels = reports.item_labels(self._ctx.config.forms_dir)
            except UserError:
                self._labels = {}
        return self._labels

    def refresh(self) -> None:
        try:
            with self._ctx.db.read() as s:
                self.stats = reports.compute(s, self.period(), item_labels=self._item_labels())
        except UserError as err:
            messages.show_error(self, err)
            return
        self._rebuild()
        self.computed.emit()

    def _rebuild(self) -> None:
        assert self.stats is not None
        while self._body_layout.count():
            item = self._body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.charts.clear()
        self.tables.clear()
        overview = self.stats.table("overview")
        self.overview.setText(
            "　｜　".join(labelled(label, f"<b>{_cell(value)}</b>") for label, value in overview.rows)
        )
        for table in self.stats.tables:
            if table.key == "overview":
                continue
            box = QGroupBox(table.title)
            row = QHBoxLayout(box)
            grid = make_table(table)
            view = QChartView(make_chart(table))
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(CHART_HEIGHT)
            if not table.rows:
                grid.setToolTip(self.tr("No data in this period."))
            row.addWidget(view, 3)
            side = QVBoxLayout()
            side.addWidget(grid, 1)
            if table.note:
                note = QLabel(table.note)
                note.setWordWrap(True)
                side.addWidget(note)
            row.addLayout(side, 2)
            self._body_layout.addWidget(box)
            self.charts[table.key] = view
            self.tables[table.key] = grid
        self._body_layout.addStretch(1)

    def export(self, path: Path) -> Path:
        """Write the figures on screen to ``path`` (the same function ``inspector report`` uses)."""
        if self.stats is None:
            self.refresh()
        assert self.stats is not None
        out = reports.export_xlsx(self.stats, path)
        self.exported.emit(str(out))
        return out

    def _on_export_clicked(self) -> None:
        period = self.period()
        proposed = suggested(f"统计_{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx")  # in Documents
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export statistics"), proposed, "Excel (*.xlsx)")
        if not name:
            return
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        try:
            out = self.export(Path(name))
        except UserError as err:
            messages.show_error(self, err)
            return
        messages.inform(
            self, self.tr("Export statistics"), (self.tr("Written to %1.").replace("%1", str(out)))
        )
