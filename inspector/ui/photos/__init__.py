"""Photo evidence in the desktop app: the strip of thumbnails on an item or inspection (add files,
folder, drag and drop, camera), the background import with progress and cancel, and the viewer with
zoom and annotation. All work on files and the database goes through :mod:`inspector.services.photos`.
"""

from inspector.ui.photos.strip import PhotoStrip
from inspector.ui.photos.viewer import PhotoViewer

__all__ = ["PhotoStrip", "PhotoViewer"]
