"""Taking photos with the laptop's camera (QtMultimedia). The pictures are saved to a temporary
folder and then imported like any file, through the same validation; the strip hides the camera
button when the laptop has no camera."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inspector.ui.screen_fit import fit_to_screen


def has_camera() -> bool:
    return bool(QMediaDevices.videoInputs())


class CameraDialog(QDialog):
    """Live preview with a Take photo button; :attr:`captured` lists the files taken."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Camera"))
        self.captured: list[Path] = []
        self._folder = Path(tempfile.mkdtemp(prefix="inspector-camera-"))
        self._camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self._capture = QImageCapture(self)
        self._capture.setFileFormat(QImageCapture.FileFormat.JPEG)
        self._capture.setQuality(QImageCapture.Quality.VeryHighQuality)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        preview = QVideoWidget(self)
        preview.setMinimumSize(320, 240)
        self._session.setVideoOutput(preview)

        self._status = QLabel(self)
        take = QPushButton(self.tr("Take photo"), self)
        take.setShortcut(Qt.Key.Key_Space)
        done = QPushButton(self.tr("Done"), self)
        take.clicked.connect(self._on_take_clicked)
        done.clicked.connect(self.accept)
        self._capture.imageSaved.connect(self._on_capture_image_saved)
        self._capture.errorOccurred.connect(self._on_capture_error)
        self._camera.errorOccurred.connect(self._on_camera_error)

        buttons = QHBoxLayout()
        buttons.addWidget(self._status, 1)
        buttons.addWidget(take)
        buttons.addWidget(done)
        layout = QVBoxLayout(self)
        layout.addWidget(preview, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 680, 560)
        self._camera.start()

    def _on_take_clicked(self) -> None:
        if not self._capture.isReadyForCapture():
            self._status.setText(self.tr("The camera is not ready yet."))
            return
        name = self._folder / f"camera-{len(self.captured) + 1:03d}.jpg"
        self._capture.captureToFile(str(name))

    def _on_capture_image_saved(self, _request_id: int, file_name: str) -> None:
        self.captured.append(Path(file_name))
        self._status.setText(self.tr("%n photo(s) taken", "", len(self.captured)))

    def _on_capture_error(self, _request_id: int, _error: object, message: str) -> None:
        self._status.setText(self.tr("Could not take the photo: %1").replace("%1", message))

    def _on_camera_error(self, _error: object, message: str) -> None:
        self._status.setText(self.tr("The camera cannot be used: %1").replace("%1", message))

    def done(self, result: int) -> None:
        self._camera.stop()
        super().done(result)
