"""Durable files: the one way the app writes a file that must survive a crash or a power cut.

Photos, issued documents, backups and exchange packages all follow the same rule: write to a
temporary file beside the final one, fsync it, rename it over the final name (the commit point),
then fsync the directory so that the rename itself is on disk. A reader sees the old state or the
whole new file, never half of one; on any failure the temporary file is removed. Keeping this in one
place means a fix (a platform that cannot open directories, a permission bit) is made once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".part"


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable.

    Not every platform can open a directory (Windows); there the rename is already journaled by the
    file system, so skipping is the right fallback.
    """
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(tmp: Path, final: Path) -> None:
    """The commit point of a write: the rename. Separate so a test can make it fail."""
    os.replace(tmp, final)


def temp_beside(final: Path) -> Path:
    """A new, empty temporary file in ``final``'s folder (same file system, so the rename is atomic).

    Its name starts with a dot and ends in ``.part`` so that a clean-up after a crash can find it.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=TEMP_SUFFIX, dir=final.parent)
    os.close(fd)
    return Path(name)


def write_temp(
    final: Path, fill: Callable[[BinaryIO], object], *, durable: bool = True, mode: int | None = None
) -> Path:
    """A temporary file beside ``final`` that ``fill`` wrote (and, ``durable``, that is on the disk);
    the caller publishes it or removes it. On any failure it is removed and the error re-raised.

    ``mode`` sets the permission bits (``mkstemp`` makes files private, 0600). This is the first half
    of every durable write: the whole of one (:func:`write_with`), a photo staged until its database
    row commits, a key file that must appear only if none exists yet.
    """
    tmp = temp_beside(final)
    try:
        with tmp.open("wb") as fh:
            if mode is not None:
                with contextlib.suppress(OSError, AttributeError):
                    os.fchmod(fh.fileno(), mode)
            fill(fh)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_with(
    final: Path, fill: Callable[[BinaryIO], object], *, durable: bool = True, mode: int | None = None
) -> None:
    """Write ``final`` through ``fill`` so that readers see the old state or the whole new file.

    ``durable`` adds the fsyncs (file, then directory) needed to survive a power cut; derived data
    that can be made again may skip them. Raises ``OSError``; nothing appears under ``final`` then.
    """
    tmp = write_temp(final, fill, durable=durable, mode=mode)
    try:
        publish(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(final.parent)


def write_atomic(final: Path, data: bytes, *, durable: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``final`` whole or not at all (:func:`write_with`)."""
    write_with(final, lambda fh: fh.write(data), durable=durable, mode=mode)


def fsync_file(path: Path) -> None:
    """Flush a file written by someone else (a zip library, a database backup) to the disk."""
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def remove_stale_temps(folder: Path) -> int:
    """Remove temporary files a killed writer left in ``folder`` (not recursive); returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed


def remove_tree(root: Path) -> None:
    """Remove a folder the app made (staging, snapshot, demo), read-only photo originals included."""
    if not root.exists():
        return
    for p in root.rglob("*"):
        with contextlib.suppress(OSError):
            if p.is_file() and not p.is_symlink():
                p.chmod(p.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(root, ignore_errors=True)
