"""The one way the app reads and writes photos, derived images and issued documents on disk.

With a data key (a laptop's encrypted data directory) every file is sealed (:mod:`.sealed`); without
one (an office on PostgreSQL, or a directory not yet converted) files are plain, exactly as before.
Callers never open these files themselves: they ask here for the bytes, a stream, the plaintext's
hash, or, only where an outside program needs a path (LibreOffice, Word), a private plain copy that
is deleted again. A file without the sealed header in an encrypted directory is refused like an
altered one: nobody can slip a plain file in beside the sealed ones.

Writes are atomic (temporary file beside the final one, rename), with the fsyncs of
:mod:`inspector.durable` when ``durable`` is asked for.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from inspector import durable as durable_files
from inspector.crypto.sealed import SealedFileError, SealedReader, SealedWriter, is_sealed_header

if TYPE_CHECKING:
    from typing_extensions import Buffer

    from inspector.crypto.keys import DataKey

__all__ = [
    "SealedFileError",
    "export_plain",
    "hash_file",
    "open_reader",
    "plain_copy",
    "read",
    "write",
    "write_into",
]

_CHUNK = 1 << 20
PLAIN_COPY_PREFIX = "inspector-plain-"


def write_into(key: DataKey | None, fh: IO[bytes], data: Buffer) -> None:
    """Write ``data`` (sealed when there is a key) to an open, empty file."""
    if key is None:
        fh.write(data)
        return
    writer = SealedWriter(fh, key.file_key())
    writer.write(data)
    writer.close()


def write(
    key: DataKey | None, final: Path, data: Buffer, *, durable: bool = True, mode: int | None = None
) -> None:
    """Write ``data`` to ``final`` whole or not at all; sealed when there is a key."""
    durable_files.write_with(final, lambda fh: write_into(key, fh, data), durable=durable, mode=mode)


def open_reader(key: DataKey | None, path: Path) -> IO[bytes]:
    """A readable, seekable stream of the plaintext (``FileNotFoundError`` when missing)."""
    fh = path.open("rb")
    if key is None:
        return fh
    try:
        return SealedReader(fh, key.file_key())  # type: ignore[return-value]
    except BaseException:
        fh.close()
        raise


def read(key: DataKey | None, path: Path) -> bytes:
    """The whole plaintext, every chunk authenticated (:class:`SealedFileError` when altered)."""
    if key is None:
        return path.read_bytes()
    with path.open("rb") as fh:
        reader = SealedReader(fh, key.file_key())
        return bytes(reader.read_all_checked())


def hash_file(key: DataKey | None, path: Path) -> tuple[str, int]:
    """SHA-256 and length of the plaintext, read in chunks (memory stays flat)."""
    h = hashlib.sha256()
    if key is None:
        size = 0
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
                size += len(chunk)
        return h.hexdigest(), size
    with path.open("rb") as fh:
        reader = SealedReader(fh, key.file_key())
        reader.hash_plain(h)
        return h.hexdigest(), reader.size


def is_sealed(path: Path) -> bool:
    """Whether ``path`` starts with the sealed-file header (a quick check, not authentication)."""
    try:
        with path.open("rb") as fh:
            return is_sealed_header(fh.read(8))
    except OSError:
        return False


def export_plain(key: DataKey | None, src: Path, dest: Path) -> None:
    """A plain copy at ``dest`` (the person's "save as"), written atomically."""
    durable_files.write_atomic(dest, read(key, src), mode=0o644)


_private_dir: dict[str, Path] = {}


def _private_folder() -> Path:
    """A folder only this user can enter, removed when the program ends (and by the next start if it
    was killed: :func:`remove_stale_plain_copies`)."""
    folder = _private_dir.get("path")
    if folder is None or not folder.is_dir():
        folder = Path(tempfile.mkdtemp(prefix=f"{PLAIN_COPY_PREFIX}{os.getpid()}-"))
        _private_dir["path"] = folder
        atexit.register(shutil.rmtree, folder, True)
    return folder


def plain_copy_for_outside(key: DataKey | None, path: Path, name: str | None = None) -> Path:
    """A plain copy of ``path`` for a program that needs a file (Word, a PDF viewer), in a private
    folder removed when the app ends. Without a key the file itself is returned."""
    if key is None:
        return path
    folder = Path(tempfile.mkdtemp(dir=_private_folder()))
    target = folder / (name or path.name)
    with open_reader(key, path) as src, target.open("xb") as out:
        os.fchmod(out.fileno(), 0o600)
        shutil.copyfileobj(src, out, _CHUNK)
    return target


@contextmanager
def plain_copy(key: DataKey | None, path: Path, name: str | None = None) -> Iterator[Path]:
    """A plain copy of ``path`` for the length of a block (LibreOffice's conversion), deleted after."""
    target = plain_copy_for_outside(key, path, name)
    try:
        yield target
    finally:
        if target != path:
            shutil.rmtree(target.parent, ignore_errors=True)


def remove_stale_plain_copies() -> int:
    """Remove private folders that a killed run left in the system's temporary directory."""
    removed = 0
    root = Path(tempfile.gettempdir())
    for folder in root.glob(f"{PLAIN_COPY_PREFIX}*"):
        pid = folder.name.removeprefix(PLAIN_COPY_PREFIX).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there; keep the folder instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
