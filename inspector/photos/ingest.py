"""The file half of importing a photo, with no database: read, hash, validate by decoding, make the
derived images (all in memory, nothing written), then store.

Splitting :func:`prepare` (pure, may fail) from :func:`store_files` (writes) is what guarantees that a
refused file leaves nothing behind: nothing touches the store until the whole file has been decoded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.i18n import os_reason, tr
from inspector.photos import store
from inspector.photos.decode import PhotoRejectedError, open_checked
from inspector.photos.derive import WORKING_EDGE, DerivedImages, make_derived, write_derived
from inspector.photos.exif import PhotoMeta

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

# Extensions picked up when a whole folder is imported; a file named explicitly is tried whatever
# its name, since the content decides the format.
PHOTO_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".heic", ".heif", ".hif", ".mpo"}
)


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo that passed every check, with its derived images, ready to store."""

    path: Path
    name: str
    sha256: str
    data: bytes
    format: str
    width: int
    height: int
    meta: PhotoMeta
    derived: DerivedImages

    @property
    def size(self) -> int:
        return len(self.data)


def read_source(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PhotoRejectedError(
            tr("{name}: the file does not exist (was it moved or renamed?).", name=name)
        ) from None
    except IsADirectoryError:
        raise PhotoRejectedError(tr("{name}: this is a folder, not a file.", name=name)) from None
    except PermissionError:
        raise PhotoRejectedError(tr("{name}: no permission to read this file.", name=name)) from None
    except OSError as err:
        raise PhotoRejectedError(
            tr("{name}: the file cannot be read: {reason}.", name=name, reason=os_reason(err))
        ) from err


def prepare_data(path: Path, data: bytes, sha: str | None = None) -> PreparedPhoto:
    """Everything that can refuse a file, with no side effect: decode fully, read EXIF, and make the
    derived images in memory."""
    name = path.name
    decoded = open_checked(data, name, min_edge=WORKING_EDGE)
    derived = make_derived(decoded)
    return PreparedPhoto(
        path=path,
        name=name,
        sha256=sha or store.sha256_bytes(data),
        data=data,
        format=decoded.format,
        width=decoded.width,
        height=decoded.height,
        meta=decoded.meta,
        derived=derived,
    )


def prepare(path: Path) -> PreparedPhoto:
    return prepare_data(path, read_source(path))


def store_files(
    photo_dir: Path, photo: PreparedPhoto, staged: store.StagedOriginal | None = None, *, key: DataKey | None
) -> bool:
    """Store the original durably (publishing ``staged`` when the caller began writing it early),
    then its derived images (sealed with ``key`` in an encrypted directory). True when the original
    is new."""
    if staged is not None:
        created = staged.commit()
    else:
        created = store.store_original(photo_dir, photo.sha256, photo.data, key=key)
    try:
        write_derived(photo_dir, photo.sha256, photo.derived, key=key)
    except BaseException:
        if created:
            store.remove_original(photo_dir, photo.sha256)
        raise
    return created


def expand_sources(paths: Iterable[Path]) -> list[Path]:
    """Files to import: named files as given, folders walked (sorted, hidden files skipped) for files
    with a photo extension. Duplicated paths are kept once, in first-seen order."""
    seen: set[Path] = set()
    out: list[Path] = []

    def add(p: Path) -> None:
        key = p.absolute()
        if key not in seen:
            seen.add(key)
            out.append(p)

    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for fname in sorted(files):
                    if not fname.startswith(".") and Path(fname).suffix.lower() in PHOTO_EXTENSIONS:
                        add(Path(root) / fname)
        else:
            add(path)
    return out
