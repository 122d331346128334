"""What the first inspection found, shown beside the re-inspection's answer.

For the walk-through of a re-inspection: :meth:`OriginalFindingPanel.set_item` shows the original
finding of that item, the correction that was demanded with its deadline, and the thumbnails of its
photos (from :func:`inspector.services.followup.reinspection.original_findings` and the
rectification, loaded once per re-inspection). The inspector compares them with what is seen now
before answering, so the box sits above the answer buttons; it is compact and folds away to a
one-line header for a small screen.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from inspector.errors import UserError
from inspector.services import inspections
from inspector.services import photos as photos_service
from inspector.services.followup import reinspection, views
from inspector.ui.context import UiContext

THUMB = 72
STYLE = """
QFrame#originalFinding { background: #fff8e1; border: 1px solid #e0c070; border-radius: 4px; }
QToolButton#originalToggle { border: none; font-weight: bold; color: #5c3b00; }
QLabel#originalDemand { color: #5c3b00; }
"""


class OriginalFindingPanel(QFrame):
    """Empty (and hidden) for an inspection that is not a re-inspection."""

    def __init__(self, ctx: UiContext, inspection_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("originalFinding")
        self.setStyleSheet(STYLE)
        self._ctx = ctx
        self.deadline = ""
        self.notice_number = ""
        self.items: dict[str, views.RectificationItem] = {}
        try:
            with ctx.db.read() as s:
                self.findings = reinspection.original_findings(s, inspection_id)
                rect_id = inspections.get_inspection(s, inspection_id).rectification_id
                if rect_id is not None:
                    rect = views.get_rectification(s, rect_id)
                    self.deadline = rect.deadline.isoformat()
                    self.notice_number = rect.notice_number or ""
                    self.items = {i.code: i for i in rect.items}
        except UserError:
            self.findings = {}
        self.toggle = QToolButton()
        self.toggle.setObjectName("originalToggle")
        self.toggle.setText(self.tr("Original finding"))
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.toggle.setToolTip(self.tr("Show or hide what the first inspection found"))
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demand = QLabel()
        self.demand.setObjectName("originalDemand")
        self.demand.setWordWrap(True)
        self.demand.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._thumbs = QHBoxLayout()
        self._thumbs.setContentsMargins(0, 0, 0, 0)
        self.body = QWidget()
        bl = QVBoxLayout(self.body)
        bl.setContentsMargins(18, 0, 0, 0)
        bl.setSpacing(2)
        bl.addWidget(self.text)
        bl.addWidget(self.demand)
        bl.addLayout(self._thumbs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.setVisible(bool(self.findings))

    @property
    def expanded(self) -> bool:
        return self.toggle.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        """Fold the box to its header (or unfold it); the choice holds while moving between items."""
        self.toggle.setChecked(expanded)

    def _on_toggle_toggled(self, checked: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow)
        self.body.setVisible(checked)

    def set_item(self, code: str) -> None:
        while self._thumbs.count():
            item = self._thumbs.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        original = self.findings.get(code)
        if original is None:
            self.text.setText("")
            self.demand.setText("")
            self.demand.hide()
            return
        self.text.setText(original.finding or self.tr("(no finding written)"))
        self.demand.setText(self._demand_text(code))
        self.demand.setVisible(bool(self.demand.text()))
        for photo in original.photos:
            label = QLabel()
            data = photos_service.thumb_bytes(self._ctx.config, photo.sha256)  # decrypted in memory
            pixmap = QPixmap()
            if data is not None:
                pixmap.loadFromData(data)
            if pixmap.isNull():
                label.setText(photo.original_filename)
            else:
                label.setPixmap(
                    pixmap.scaled(
                        THUMB,
                        THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            label.setToolTip(photo.caption or photo.original_filename)
            self._thumbs.addWidget(label)
        self._thumbs.addStretch(1)

    def _demand_text(self, code: str) -> str:
        """The correction demanded of the item and the notice's deadline, in one line."""
        parts = []
        stored = self.items.get(code)
        if stored is not None and stored.correction:
            parts.append(self.tr("Correction demanded: %1").replace("%1", stored.correction))
        if self.deadline:
            parts.append(self.tr("to be corrected by %1").replace("%1", self.deadline))
        if self.notice_number:
            parts.append(self.tr("notice %1").replace("%1", self.notice_number))
        return " · ".join(parts)
