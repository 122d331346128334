"""The strip of photo thumbnails shown on a checklist item or on the inspection.

It accepts files and folders dropped on it, offers Add files / Add folder / Camera, caption and
remove, and opens the viewer on double-click. Imports run in a background
:class:`~inspector.ui.jobs.Job`; the strip stays usable meanwhile and refreshes when the import has
finished.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from inspector.errors import UserError
from inspector.photos.ingest import PHOTO_EXTENSIONS
from inspector.services import photos
from inspector.ui.boxes import STRETCH, hbox
from inspector.ui.context import UiContext
from inspector.ui.jobs import Job
from inspector.ui.photos.importing import attach_progress_dialog, import_job, wait_for_imports

THUMB_SIZE = 120
PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1


class PhotoStrip(QWidget):
    """Thumbnails of one item's photos (``item_code``) or of the whole inspection (``None``).

    Signals:
        photos_changed(): photos were added, captioned, linked, annotated or removed.
        import_finished(report): an import batch ended (the IngestReport).
        import_failed(message): a batch was refused as a whole (translated message).
    """

    photos_changed = Signal()
    import_finished = Signal(object)
    import_failed = Signal(str)

    def __init__(
        self,
        ctx: UiContext,
        inspection_id: uuid.UUID,
        item_code: str | None = None,
        parent: QWidget | None = None,
        *,
        show_camera: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._inspection_id = inspection_id
        self._item_code = item_code
        self._views: dict[uuid.UUID, photos.PhotoView] = {}
        self._jobs: list[Job] = []
        self.last_report: photos.IngestReport | None = None
        self.setAcceptDrops(True)

        self.list = self._build_list()
        buttons = self._build_buttons(show_camera)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.refresh()

    def _build_list(self) -> QListWidget:
        """One row of thumbnails with their captions, several selectable for removal."""
        strip = QListWidget(self)
        strip.setViewMode(QListWidget.ViewMode.IconMode)
        strip.setFlow(QListWidget.Flow.LeftToRight)
        strip.setWrapping(False)
        strip.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        strip.setGridSize(QSize(THUMB_SIZE + 16, THUMB_SIZE + 36))
        strip.setMovement(QListWidget.Movement.Static)
        strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        strip.setMinimumHeight(THUMB_SIZE + 44)
        strip.setAcceptDrops(False)
        strip.itemDoubleClicked.connect(self._on_list_item_double_clicked)
        strip.itemSelectionChanged.connect(self._update_buttons)
        return strip

    def _build_buttons(self, show_camera: bool | None) -> QHBoxLayout:
        """Add, camera (only where one is present), caption and remove."""
        self.add_files_button = QPushButton(self.tr("Add photos…"), self)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.camera_button = QPushButton(self.tr("Camera…"), self)
        self.caption_button = QPushButton(self.tr("Caption…"), self)
        self.delete_button = QPushButton(self.tr("Remove"), self)
        self.add_files_button.clicked.connect(self._on_add_files_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_clicked)
        self.camera_button.clicked.connect(self._on_camera_clicked)
        self.caption_button.clicked.connect(self._on_caption_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        if show_camera is None:
            from inspector.ui.photos.camera import has_camera

            show_camera = has_camera()
        self.camera_button.setHidden(not show_camera)
        return hbox(
            self.add_files_button,
            self.add_folder_button,
            self.camera_button,
            self.caption_button,
            self.delete_button,
            STRETCH,
        )

    # --- data ------------------------------------------------------------------------------

    @property
    def item_code(self) -> str | None:
        return self._item_code

    def views(self) -> list[photos.PhotoView]:
        return list(self._views.values())

    def refresh(self) -> None:
        with self._ctx.db.read() as session:
            views = photos.list_photos(session, self._inspection_id, self._item_code)
        selected = {v.id for v in self.selected_photos()}
        self.list.clear()
        self._views = {v.id: v for v in views}
        for view in views:
            item = QListWidgetItem(self._icon(view), self._label(view))
            item.setData(PHOTO_ROLE, str(view.id))
            item.setToolTip(self._tooltip(view))
            self.list.addItem(item)
            item.setSelected(view.id in selected)
        self._update_buttons()

    def _icon(self, view: photos.PhotoView) -> QIcon:
        data = photos.thumb_bytes(self._ctx.config, view.sha256)  # decrypted in memory
        pixmap = QPixmap()
        if data is not None:
            pixmap.loadFromData(data)
        return QIcon(pixmap)

    def _label(self, view: photos.PhotoView) -> str:
        text = view.caption or view.original_filename
        return text if len(text) <= 18 else text[:17] + "…"

    def _tooltip(self, view: photos.PhotoView) -> str:
        lines = [view.original_filename]
        if view.captured_local:
            lines.append(
                self.tr("Taken: %1").replace(
                    "%1", view.captured_local + (f" ({view.captured_offset})" if view.captured_offset else "")
                )
            )
        else:
            lines.append(self.tr("Capture time unknown"))
        if view.camera_model:
            lines.append(view.camera_model)
        if view.gps:
            lines.append(f"GPS {view.gps[0]:.5f}, {view.gps[1]:.5f}")
        if view.caption:
            lines.append(view.caption)
        return "\n".join(lines)

    def selected_photos(self) -> list[photos.PhotoView]:
        out = []
        for item in self.list.selectedItems():
            view = self._views.get(uuid.UUID(str(item.data(PHOTO_ROLE))))
            if view is not None:
                out.append(view)
        return out

    def _update_buttons(self) -> None:
        count = len(self.list.selectedItems())
        self.caption_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count >= 1)

    # --- import ----------------------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path], *, show_progress: bool = True) -> Job:
        """Start importing files and folders in the background; returns the job."""
        job = import_job(self, self._ctx, self._inspection_id, list(paths), self._item_code)
        job.success(self._on_import_finished).failure(self._on_import_refused)
        job.ended(lambda _ok: self._jobs.remove(job))
        self._jobs.append(job)
        if show_progress:
            attach_progress_dialog(job, self)
        self.status.setText(self.tr("Importing photos…"))
        job.run_in_background()
        return job

    def _on_import_finished(self, report: photos.IngestReport) -> None:
        self.last_report = report
        self.refresh()
        self.status.setText(report.summary().splitlines()[0])
        if report.failed:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Some photos were not imported"),
                report.summary(),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not modal-blocking: the strip stays usable
        self.photos_changed.emit()
        self.import_finished.emit(report)

    def _on_import_refused(self, err: UserError) -> None:
        """The batch was refused as a whole (a finalized inspection): said in the strip, no box."""
        self.status.setText(err.message)
        self.import_failed.emit(err.message)

    def _on_add_files_clicked(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(PHOTO_EXTENSIONS))
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), "", self.tr("Photos (%1);;All files (*)").replace("%1", patterns)
        )
        if files:
            self.import_paths([Path(f) for f in files])

    def _on_add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add all photos in a folder"))
        if folder:
            self.import_paths([Path(folder)])

    def _on_camera_clicked(self) -> None:
        from inspector.ui.photos.camera import CameraDialog

        dialog = CameraDialog(self)
        dialog.exec()
        if dialog.captured:
            self.import_paths(dialog.captured)

    # --- drag and drop ---------------------------------------------------------------------

    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # --- editing ---------------------------------------------------------------------------

    def set_caption(self, photo_id: uuid.UUID, caption: str) -> bool:
        def write(session: Session) -> None:
            photos.set_caption(session, self._ctx.actor, photo_id, caption)

        return self._change(write, self.tr("Caption not saved"))

    def delete_photos(self, photo_ids: Sequence[uuid.UUID]) -> bool:
        def write(session: Session) -> None:
            for pid in photo_ids:
                photos.delete_photo(session, self._ctx.actor, pid)

        return self._change(write, self.tr("Photo not removed"))

    def _change(self, write: Callable[[Session], None], failure_title: str) -> bool:
        """Run one change in a transaction; refused input is shown and changes nothing."""
        try:
            with self._ctx.db.write() as session:
                write(session)
        except UserError as err:
            QMessageBox.warning(self, failure_title, err.message)
            return False
        self.refresh()
        self.photos_changed.emit()
        return True

    def _on_caption_clicked(self) -> None:
        selected = self.selected_photos()
        if len(selected) != 1:
            return
        text, ok = QInputDialog.getText(
            self, self.tr("Caption"), self.tr("What does the photo show?"), text=selected[0].caption
        )
        if ok:
            self.set_caption(selected[0].id, text)

    def _on_delete_clicked(self) -> None:
        selected = self.selected_photos()
        if not selected:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove photos"),
            self.tr(
                "Remove %n photo(s) from this inspection? The original files are kept.", "", len(selected)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_photos([v.id for v in selected])

    def _on_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        view = self._views.get(uuid.UUID(str(item.data(PHOTO_ROLE))))
        if view is None:
            return
        from inspector.ui.photos.viewer import PhotoViewer

        viewer = PhotoViewer(self._ctx, view, self)
        viewer.annotation_saved.connect(self._on_viewer_annotation_saved)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()

    def _on_viewer_annotation_saved(self, _view: object) -> None:
        self.refresh()
        self.photos_changed.emit()

    def set_read_only(self) -> None:
        """Show the photos of a finalized inspection: nothing can be added or removed here."""
        for b in (self.add_files_button, self.add_folder_button, self.camera_button, self.delete_button):
            b.setEnabled(False)
            b.setVisible(False)
        self.setAcceptDrops(False)

    def wait_for_imports(self, msecs: int = 30_000) -> bool:
        """Block until running imports end (used on close so no thread outlives the window)."""
        return wait_for_imports(msecs)
