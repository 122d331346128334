"""The content-addressed store of originals, and the paths of everything derived from them.

An original is stored under ``photos/originals/<sha[:2]>/<sha>`` byte for byte: the name *is* the
SHA-256 of the content, so the same photo imported twice is stored once, and ``verify`` can prove a
file unchanged by hashing it again. A file appears under its final name only when it is complete and
on disk: it is written to a temporary file in the same directory, flushed with ``fsync``, renamed
(atomic on one file system) and the directory is synced, so a crash or power cut leaves either no
original or the whole one, never a partial file. Stored originals are made read-only.

Derived images (working copy, thumbnail, annotated copy) can always be made again from the
original, so they are written atomically (temp file + rename) but not synced.

In an encrypted data directory every one of these files is sealed (:mod:`inspector.crypto.files`,
``key`` below): the name stays the SHA-256 of the plaintext original, so duplicates, ``verify``,
backups and exchange keep their meaning, and the content is AES-256-GCM. Nothing outside this module
and :mod:`inspector.crypto.files` opens a stored photo file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from inspector import durable
from inspector.crypto import files

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


def _check_sha(sha: str) -> str:
    if not _SHA_RE.match(sha):
        raise ValueError(f"not a SHA-256 hex digest: {sha!r}")
    return sha


def original_path(photo_dir: Path, sha: str) -> Path:
    _check_sha(sha)
    return photo_dir / "originals" / sha[:2] / sha


def working_path(photo_dir: Path, sha: str) -> Path:
    _check_sha(sha)
    return photo_dir / "derived" / "working" / sha[:2] / f"{sha}.jpg"


def thumb_path(photo_dir: Path, sha: str) -> Path:
    _check_sha(sha)
    return photo_dir / "derived" / "thumbs" / sha[:2] / f"{sha}.jpg"


def annotated_path(photo_dir: Path, sha: str, key: str) -> Path:
    """The annotated copy of ``sha`` for the annotation whose digest is ``key``."""
    _check_sha(sha)
    if not re.match(r"^[0-9a-f]{8,64}$", key):
        raise ValueError(f"not an annotation key: {key!r}")
    return photo_dir / "derived" / "annotated" / sha[:2] / f"{sha}-{key}.jpg"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hash a plain file in chunks (originals may be large; memory stays flat)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def hash_stored(path: Path, *, key: DataKey | None) -> tuple[str, int] | None:
    """SHA-256 and size of a stored file's plaintext; None when it fails authentication (altered)."""
    try:
        return files.hash_file(key, path)
    except files.SealedFileError:
        return None


def read_stored(path: Path, *, key: DataKey | None) -> bytes:
    """A stored original's or derived image's plaintext (``FileNotFoundError`` when missing,
    :class:`~inspector.crypto.sealed.SealedFileError` when altered)."""
    return files.read(key, path)


def read_original(photo_dir: Path, sha: str, *, key: DataKey | None) -> bytes:
    return read_stored(original_path(photo_dir, sha), key=key)


def store_original(photo_dir: Path, sha: str, data: bytes, *, key: DataKey | None) -> bool:
    """Store ``data`` (whose hash the caller computed as ``sha``) unless it is already stored.

    Returns True when this call created the file (so a caller whose database write then fails
    may remove it again), False when an identical original was already there.
    """
    if sha256_bytes(data) != sha:
        raise ValueError("the data does not match its hash")
    final = original_path(photo_dir, sha)
    if final.exists():
        if hash_stored(final, key=key) == (sha, len(data)):
            return False
        # A damaged file under the right name (altered behind the app's back): keep the evidence of
        # the damage out of the way and store the true bytes, which verify will then find intact.
        _make_writable(final)
        final.replace(final.with_name(f"{sha}.damaged-{os.getpid()}"))
    files.write(key, final, data)
    _make_read_only(final)
    return True


# One long-lived writer thread for staged originals: starting a thread per photo costs the caller a
# few milliseconds (the new thread takes the GIL before the decoding can start), measured by
# bench/bench_photos.py; a queued job costs microseconds. One worker: originals are written in order.
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="photo-store")


class StagedOriginal:
    """An original being written to a temporary file beside its final place, in a background thread,
    while the caller decodes it: the durable write (fsync) overlaps the decoding instead of adding to
    it. The content address :attr:`sha` is computed here, once (the caller takes it from here
    instead of hashing the original a second time). Nothing appears under the final name until
    :meth:`commit`; :meth:`discard` removes the temp.
    """

    def __init__(self, photo_dir: Path, data: bytes, *, key: DataKey | None) -> None:
        self.key = key
        self.photo_dir = photo_dir
        self.sha = sha256_bytes(data)
        self.final = original_path(photo_dir, self.sha)
        self._data = data
        self._tmp: Path | None = None
        self._job: Future[None] | None = None
        if not self.final.exists():  # a stored original is not written again
            self._job = _WRITER.submit(self._write)

    def _write(self) -> None:
        self._tmp = durable.write_temp(self.final, lambda fh: files.write_into(self.key, fh, self._data))

    def _join(self) -> None:
        """Wait for the write; re-raise its error here, on the caller's thread."""
        job, self._job = self._job, None
        if job is not None:
            job.result()

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self._join()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                self._tmp.unlink()
            self._tmp = None

    def commit(self) -> bool:
        """Publish the original (rename, directory sync, read-only); True when this call created it."""
        try:
            self._join()
            if self._tmp is None:  # the file existed when staging began
                return store_original(self.photo_dir, self.sha, self._data, key=self.key)
            durable.publish(self._tmp, self.final)
            self._tmp = None
        except BaseException:
            self.discard()
            raise
        durable.fsync_dir(self.final.parent)
        _make_read_only(self.final)
        return True


def stage_original(photo_dir: Path, data: bytes, *, key: DataKey | None) -> StagedOriginal:
    """Begin storing ``data`` (see :class:`StagedOriginal`); its content address is ``.sha``."""
    return StagedOriginal(photo_dir, data, key=key)


def remove_original(photo_dir: Path, sha: str) -> None:
    """Undo :func:`store_original` for a file no row refers to (used only when the row's own
    transaction failed right after this import stored it)."""
    path = original_path(photo_dir, sha)
    with contextlib.suppress(FileNotFoundError):
        _make_writable(path)
        path.unlink()


def _make_read_only(path: Path) -> None:
    mode = path.stat().st_mode
    path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _make_writable(path: Path) -> None:
    path.chmod(path.stat().st_mode | stat.S_IWUSR)


def write_derived(path: Path, data: bytes, *, key: DataKey | None) -> None:
    """Write a derived image atomically; it may be overwritten, so make it writable if needed."""
    if path.exists():
        with contextlib.suppress(OSError):
            _make_writable(path)
    files.write(key, path, data, durable=False)
