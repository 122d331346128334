"""What the first inspection found, shown beside the re-inspection's answer.

For the walk-through of a re-inspection: :meth:`OriginalFindingPanel.set_item` shows the original
finding of that item and the thumbnails of its photos (from
:func:`inspector.services.followup.original_findings`, loaded once per re-inspection).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from inspector.errors import UserError
from inspector.i18n import tr
from inspector.services import followup
from inspector.services import photos as photos_service
from inspector.ui.context import UiContext

THUMB = 120


class OriginalFindingPanel(QGroupBox):
    """Empty (and hidden) for an inspection that is not a re-inspection."""

    def __init__(self, ctx: UiContext, inspection_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(tr("Original finding"), parent)
        self._ctx = ctx
        try:
            with ctx.db.read() as s:
                self.findings = followup.original_findings(s, inspection_id)
        except UserError:
            self.findings = {}
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._thumbs = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(self._thumbs)
        self.setVisible(bool(self.findings))

    def set_item(self, code: str) -> None:
        while self._thumbs.count():
            item = self._thumbs.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        original = self.findings.get(code)
        if original is None:
            self.text.setText("")
            return
        self.text.setText(original.finding or tr("(no finding written)"))
        for photo in original.photos:
            label = QLabel()
            path = photos_service.thumb_path(self._ctx.config, photo.sha256)
            pixmap = QPixmap(str(path)) if path.exists() else QPixmap()
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
