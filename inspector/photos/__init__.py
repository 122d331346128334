"""Photo evidence without Qt and without the database: the content-addressed store of originals,
EXIF reading, validation, derived images (working copy, thumbnail, annotated copy) and demo photos.

The service layer (:mod:`inspector.services.photos`) ties these to the database rows; the UI and the
CLI call the service. Keeping the file work here lets the benchmark and the document engine use it
directly.
"""
