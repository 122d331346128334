"""Derived images: the working copy (longest edge 1600 px, upright, JPEG) used on screen and in
documents, and the thumbnail (320 px) used in strips and lists.

They are caches: keyed by the original's SHA-256 and always rebuildable from it (``inspector photos
rebuild``), so they are never backed up as evidence and may be deleted to save space. Sizes and
qualities are chosen so that both together take well under 15% of a phone original.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from inspector.crypto.sealed import SealedFileError
from inspector.i18n import tr
from inspector.photos import store
from inspector.photos.decode import DecodedPhoto, PhotoRejectedError, fit, open_checked, upright_fit

if TYPE_CHECKING:
    from inspector.crypto.keys import DataKey

WORKING_EDGE = 1600
THUMB_EDGE = 320
WORKING_QUALITY = 82
THUMB_QUALITY = 78


@dataclass(frozen=True)
class DerivedImages:
    working: bytes
    thumb: bytes
    working_size: tuple[int, int]


def encode_jpeg(image: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def thumbnail_of(working: Image.Image) -> Image.Image:
    """The thumbnail: an integer box reduction of the working copy when that fits (a fraction of the
    cost of a resampling filter, and box averaging is exactly right for a small preview)."""
    factor = math.ceil(max(working.size) / THUMB_EDGE)
    return working.reduce(factor) if factor >= 2 else fit(working, THUMB_EDGE)


def make_derived(decoded: DecodedPhoto) -> DerivedImages:
    """Working copy and thumbnail from a decoded photo (the thumbnail from the working copy: cheaper,
    and the two always agree)."""
    working = upright_fit(decoded, WORKING_EDGE)
    thumb = thumbnail_of(working)
    return DerivedImages(
        working=encode_jpeg(working, WORKING_QUALITY),
        thumb=encode_jpeg(thumb, THUMB_QUALITY),
        working_size=working.size,
    )


def write_derived(photo_dir: Path, sha: str, derived: DerivedImages, *, key: DataKey | None) -> None:
    store.write_derived(store.working_path(photo_dir, sha), derived.working, key=key)
    store.write_derived(store.thumb_path(photo_dir, sha), derived.thumb, key=key)


def rebuild(photo_dir: Path, sha: str, name: str, *, key: DataKey | None) -> None:
    """Make the working copy and thumbnail of a stored original again.

    Raises :class:`~inspector.photos.decode.PhotoRejectedError` if the original cannot be decoded and
    ``FileNotFoundError`` if it is missing.
    """
    try:
        data = store.read_original(photo_dir, sha, key=key)
    except SealedFileError as err:
        raise PhotoRejectedError(
            tr("{name}: the stored original fails its check (altered or damaged).", name=name)
        ) from err
    decoded = open_checked(data, name, min_edge=WORKING_EDGE)
    write_derived(photo_dir, sha, make_derived(decoded), key=key)


def ensure_derived(photo_dir: Path, sha: str, name: str, *, key: DataKey | None) -> None:
    """Rebuild the derived files of ``sha`` only if one is missing."""
    if not (store.working_path(photo_dir, sha).exists() and store.thumb_path(photo_dir, sha).exists()):
        rebuild(photo_dir, sha, name, key=key)
