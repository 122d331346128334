"""What a killed backup leaves at its destination, and how the next backup finds and removes it.

A backup works in a snapshot folder (``.inspector-snapshot-…``, a copy of the database: tens of MB)
and writes the zip as a ``.part`` file beside the destination until it is complete. A process killed
meanwhile (power cut, Task Manager, SIGKILL) leaves both behind, and they used to pile up. Now each
snapshot folder holds a lock file its backup keeps locked while it runs (the operating system lets
go of the lock when the process dies, however it dies) and the name of its ``.part`` file. A new
backup first removes every snapshot folder at its destination whose lock it can take (its backup is
dead) together with that ``.part`` file, and any older ``.part`` of the same destination name. A
backup still running in the same folder (the app's automatic one, say) holds its lock and is left
alone.
"""

from __future__ import annotations

import contextlib
import glob
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from inspector.durable import TEMP_SUFFIX, remove_tree

SNAPSHOT_PREFIX = ".inspector-snapshot-"
LOCK = "owner.lock"
PART = "part"
# A snapshot folder without its lock file is only being created if it is this young.
CREATING_SECONDS = 60


def _try_lock(fh: IO[bytes]) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class Snapshot:
    """The working folder of one running backup (its lock held until :meth:`close`)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=SNAPSHOT_PREFIX, dir=folder))
        self._lock = (self.path / LOCK).open("wb")
        _try_lock(self._lock)

    def note_part(self, part: Path) -> None:
        """Name the ``.part`` file this backup writes, so a later backup can remove it if this dies."""
        (self.path / PART).write_text(part.name, encoding="utf-8")

    def close(self) -> None:
        self._lock.close()
        remove_tree(self.path)


@contextmanager
def snapshot(folder: Path) -> Iterator[Snapshot]:
    snap = Snapshot(folder)
    try:
        yield snap
    finally:
        snap.close()


def _dead(snapshot_dir: Path) -> bool:
    lock = snapshot_dir / LOCK
    if not lock.is_file():
        with contextlib.suppress(OSError):
            return time.time() - snapshot_dir.stat().st_mtime > CREATING_SECONDS
        return False
    try:
        with lock.open("rb+") as fh:
            return _try_lock(fh)
    except OSError:
        return False


def clean(folder: Path, name: str) -> int:
    """Remove what killed backups left in ``folder`` (destination file ``name``); returns how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    claimed: set[str] = set()
    for snap in sorted(folder.glob(SNAPSHOT_PREFIX + "*")):
        if not snap.is_dir() or snap.is_symlink():
            continue
        part = ""
        with contextlib.suppress(OSError):
            part = (snap / PART).read_text(encoding="utf-8").strip()
        if not _dead(snap):
            claimed.add(part)
            continue
        if part and "/" not in part and "\\" not in part and part.endswith(TEMP_SUFFIX):
            with contextlib.suppress(OSError):
                (folder / part).unlink()
                removed += 1
        remove_tree(snap)
        removed += 1
    for stale in folder.glob(f".{glob.escape(name)}.*{TEMP_SUFFIX}"):
        if stale.name not in claimed and stale.is_file():
            with contextlib.suppress(OSError):
                stale.unlink()
                removed += 1
    return removed
