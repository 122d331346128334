"""Encryption at rest for a laptop's data directory (SQLite): the data key and its slots
(:mod:`.keys`, :mod:`.keyfile`), the sealed-file format (:mod:`.sealed`) and the one API through
which photos and documents are read and written (:mod:`.files`).

The package sits low in the layers (below the configuration, above :mod:`inspector.durable`) so
that storage, photos, documents, backups and exchange all use the same format, and it imports
neither the database nor Qt. Importing it loads ``cryptography``; the desktop app's first frame
never does (the key is unwrapped after the frame is painted).
"""
