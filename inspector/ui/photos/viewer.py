"""Looking at one photo closely and marking it up.

Zoom with the mouse wheel, the +/- buttons (or keys) and Fit. In annotation mode an arrow is dragged
from its tail to the point it shows, a circle is dragged corner to corner, text is placed by a click.
The shapes are kept as data with coordinates from 0 to 1 and saved through
:func:`inspector.services.photos.annotate`, which renders the annotated copy with Pillow: the
original and the working copy are never changed, and documents use the same rendering.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import UserError
from inspector.photos.annotate import DEFAULT_COLOR, DEFAULT_TEXT_SIZE, DEFAULT_WIDTH
from inspector.services import photos
from inspector.ui.context import UiContext
from inspector.ui.screen_fit import fit_to_screen

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.05, 16.0
TOOLS = ("view", "arrow", "circle", "text")


class _ZoomView(QGraphicsView):
    """A graphics view that zooms with the wheel and reports drags in image coordinates."""

    def __init__(self, viewer: PhotoViewer) -> None:
        super().__init__(viewer)
        self._viewer = viewer
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self._press: QPointF | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self._viewer.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._viewer.tool != "view" and event.button() == Qt.MouseButton.LeftButton:
            self._press = self.mapToScene(event.position().toPoint())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            start, self._press = self._press, None
            self._viewer.shape_dragged(start, self.mapToScene(event.position().toPoint()))
            event.accept()
            return
        super().mouseReleaseEvent(event)


class PhotoViewer(QDialog):
    """One photo with zoom and annotation.

    Signals:
        annotation_saved(view): the annotation was saved (the updated PhotoView).
    """

    annotation_saved = Signal(object)

    def __init__(self, ctx: UiContext, view: photos.PhotoView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.view_data = view
        self.tool = "view"
        self.shapes: list[dict[str, Any]] = [dict(s) for s in view.shapes]
        self._shape_items: list[QGraphicsItem] = []
        self._dirty = False
        self.setWindowTitle(view.caption or view.original_filename)
        fit_to_screen(self, 1000, 760)
        self._build_scene()
        zoom_buttons = self._build_zoom_buttons()
        tools_row = self._build_tools()
        close = self._build_actions()
        self.info = QLabel(self)
        self.info.setText(self._describe(view))

        top = QHBoxLayout()
        for w in zoom_buttons:
            top.addWidget(w)
        top.addSpacing(24)
        top.addLayout(tools_row)
        top.addWidget(self.undo_button)
        top.addWidget(self.clear_button)
        top.addStretch(1)
        top.addWidget(self.save_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.info)
        self._redraw_shapes()
        self._update_buttons()

    def _build_scene(self) -> None:
        self.scene = QGraphicsScene(self)
        self.graphics = _ZoomView(self)
        self.graphics.setScene(self.scene)
        self._pixmap_item = QGraphicsPixmapItem()
        self._pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene.addItem(self._pixmap_item)
        self._load_image()

    def _build_zoom_buttons(self) -> tuple[QToolButton, ...]:
        """Zoom out, in, fit and 100 %, with their keyboard shortcuts, in the order shown."""
        # Tool buttons, as wide as their text: the row fits a small screen at 150 % in English too.
        zoom_in, zoom_out, fit, actual = (QToolButton(self) for _ in range(4))
        for button, text in ((zoom_in, "+"), (zoom_out, "−"), (fit, self.tr("Fit")), (actual, "100%")):
            button.setText(text)
        zoom_in.setToolTip(self.tr("Zoom in (+)"))
        zoom_out.setToolTip(self.tr("Zoom out (-)"))
        zoom_in.clicked.connect(self.zoom_in)
        zoom_out.clicked.connect(self.zoom_out)
        fit.clicked.connect(self.fit)
        actual.clicked.connect(self.actual_size)
        shortcuts = (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
            (QKeySequence(Qt.Key.Key_Plus), self.zoom_in),
            (QKeySequence(Qt.Key.Key_Minus), self.zoom_out),
        )
        for sequence, slot in shortcuts:
            shortcut = QShortcut(sequence, self)
            shortcut.activated.connect(slot)
        return zoom_out, zoom_in, fit, actual

    def _build_tools(self) -> QHBoxLayout:
        """The exclusive annotation tools (move, arrow, circle, text) in a row."""
        self._tool_group = QButtonGroup(self)
        self._tool_group.setExclusive(True)
        labels = {
            "view": self.tr("Move"),
            "arrow": self.tr("Arrow"),
            "circle": self.tr("Circle"),
            "text": self.tr("Text"),
        }
        self.tool_buttons: dict[str, QToolButton] = {}
        tools_row = QHBoxLayout()
        for name in TOOLS:
            button = QToolButton(self)
            button.setText(labels[name])
            button.setCheckable(True)
            button.setChecked(name == "view")
            button.clicked.connect(lambda _checked=False, n=name: self.set_tool(n))
            self._tool_group.addButton(button)
            self.tool_buttons[name] = button
            tools_row.addWidget(button)
        return tools_row

    def _build_actions(self) -> QPushButton:
        """Undo, clear, save and close; returns the close button."""
        self.undo_button = QPushButton(self.tr("Undo shape"), self)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.save_button = QPushButton(self.tr("Save annotation"), self)
        close = QPushButton(self.tr("Close"), self)
        self.undo_button.clicked.connect(self.undo_shape)
        self.clear_button.clicked.connect(self.clear_shapes)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.close)
        return close

    # --- image and zoom --------------------------------------------------------------------

    def _load_image(self) -> None:
        try:
            # decrypted in memory; the derived files are rebuilt first if missing
            pixmap = QPixmap()
            pixmap.loadFromData(photos.evidence_image(self._ctx.config, self.view_data, annotated=False))
        except UserError as err:
            pixmap = QPixmap()
            self.scene.addText(err.message)
        self._pixmap_item.setPixmap(pixmap)
        self.scene.setSceneRect(QRectF(pixmap.rect()))

    def _describe(self, view: photos.PhotoView) -> str:
        parts = [view.original_filename, f"{view.width}×{view.height}"]
        if view.captured_local:
            parts.append(self.tr("taken %1").replace("%1", view.captured_local))
        if view.camera_model:
            parts.append(view.camera_model)
        return "  ·  ".join(parts)

    def image_size(self) -> tuple[int, int]:
        pm = self._pixmap_item.pixmap()
        return pm.width(), pm.height()

    def zoom_factor(self) -> float:
        return float(self.graphics.transform().m11())

    def zoom_by(self, factor: float) -> None:
        current = self.zoom_factor()
        target = min(MAX_ZOOM, max(MIN_ZOOM, current * factor))
        if current > 0 and target != current:
            self.graphics.scale(target / current, target / current)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        self.graphics.fitInView(self._pixmap_item, Qt.AspectRatioMode.KeepAspectRatio)

    def actual_size(self) -> None:
        self.graphics.resetTransform()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.fit()

    # --- annotation ------------------------------------------------------------------------

    def set_tool(self, tool: str) -> None:
        self.tool = tool if tool in TOOLS else "view"
        self.tool_buttons[self.tool].setChecked(True)
        drag = QGraphicsView.DragMode.ScrollHandDrag if self.tool == "view" else QGraphicsView.DragMode.NoDrag
        self.graphics.setDragMode(drag)
        self.graphics.setCursor(
            Qt.CursorShape.OpenHandCursor if self.tool == "view" else Qt.CursorShape.CrossCursor
        )

    def _norm(self, point: QPointF) -> tuple[float, float]:
        w, h = self.image_size()
        if not w or not h:
            return 0.0, 0.0
        return (round(min(1.0, max(0.0, point.x() / w)), 5), round(min(1.0, max(0.0, point.y() / h)), 5))

    def shape_dragged(self, start: QPointF, end: QPointF) -> None:
        """A drag (or click) in the image with the current tool."""
        x1, y1 = self._norm(start)
        x2, y2 = self._norm(end)
        if self.tool in ("arrow", "circle"):
            if math.hypot(x2 - x1, y2 - y1) < 0.01:
                return  # a click, not a drag
            self.add_shape({"kind": self.tool, "x1": x1, "y1": y1, "x2": x2, "y2": y2})
        elif self.tool == "text":
            text, ok = QInputDialog.getText(self, self.tr("Text"), self.tr("Text to write on the photo:"))
            if ok and text.strip():
                self.add_shape({"kind": "text", "x": x1, "y": y1, "text": text.strip()})

    def add_shape(self, shape: dict[str, Any]) -> None:
        shape = dict(shape)
        shape.setdefault("color", DEFAULT_COLOR)
        if shape["kind"] == "text":
            shape.setdefault("size", DEFAULT_TEXT_SIZE)
        else:
            shape.setdefault("width", DEFAULT_WIDTH)
        self.shapes.append(shape)
        self._shapes_changed()

    def undo_shape(self) -> None:
        if self.shapes:
            self.shapes.pop()
            self._shapes_changed()

    def clear_shapes(self) -> None:
        if self.shapes:
            self.shapes.clear()
            self._shapes_changed()

    def _shapes_changed(self) -> None:
        """The drawing differs from the saved photo: preview it and offer to save."""
        self._dirty = True
        self._redraw_shapes()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.undo_button.setEnabled(bool(self.shapes))
        self.clear_button.setEnabled(bool(self.shapes))
        self.save_button.setEnabled(self._dirty)

    def _redraw_shapes(self) -> None:
        """Preview of the shapes over the working copy (the saved rendering is Pillow's)."""
        for item in self._shape_items:
            self.scene.removeItem(item)
        self._shape_items.clear()
        w, h = self.image_size()
        edge = max(w, h, 1)
        for s in self.shapes:
            color = QColor(s.get("color", DEFAULT_COLOR))
            if s["kind"] in ("arrow", "circle"):
                pen = QPen(color, max(1.0, s.get("width", DEFAULT_WIDTH) * edge))
                p1, p2 = QPointF(s["x1"] * w, s["y1"] * h), QPointF(s["x2"] * w, s["y2"] * h)
                if s["kind"] == "circle":
                    self._shape_items.append(self.scene.addEllipse(QRectF(p1, p2).normalized(), pen))
                else:
                    self._shape_items.extend(self._arrow_items(p1, p2, pen, color))
            else:
                item = self.scene.addSimpleText(s["text"])
                font = QFont(item.font())
                font.setPixelSize(max(8, round(s.get("size", DEFAULT_TEXT_SIZE) * edge)))
                item.setFont(font)
                item.setBrush(QBrush(color))
                item.setPos(s["x"] * w, s["y"] * h)
                self._shape_items.append(item)

    def _arrow_items(self, start: QPointF, end: QPointF, pen: QPen, color: QColor) -> list[QGraphicsItem]:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1.0
        head = max(pen.widthF() * 4, 10.0)
        ux, uy = dx / length, dy / length
        base = QPointF(end.x() - ux * head, end.y() - uy * head)
        half = head / 2
        head_poly = QPolygonF(
            [
                end,
                QPointF(base.x() - uy * half, base.y() + ux * half),
                QPointF(base.x() + uy * half, base.y() - ux * half),
            ]
        )
        return [
            self.scene.addLine(start.x(), start.y(), base.x(), base.y(), pen),
            self.scene.addPolygon(head_poly, QPen(color), QBrush(color)),
        ]

    def save(self) -> bool:
        """Save the shapes through the service (which renders the annotated copy)."""
        ctx = self._ctx
        try:
            with ctx.db.write() as session:
                view = photos.annotate(session, ctx.config, ctx.actor, self.view_data.id, self.shapes)
        except UserError as err:
            QMessageBox.warning(self, self.tr("Annotation not saved"), err.message)
            return False
        self.view_data = view
        self.shapes = [dict(s) for s in view.shapes]
        self._dirty = False
        self._redraw_shapes()
        self._update_buttons()
        self.annotation_saved.emit(view)
        return True

    @property
    def dirty(self) -> bool:
        return self._dirty
