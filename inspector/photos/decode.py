"""Opening an untrusted file as a photo: refuse what is not a usable image, fully decoded, before
anything is stored.

Why each rule:
- Only JPEG (and its multi-picture variant MPO), PNG, WebP and HEIC/HEIF are accepted: what phones
  and cameras write. The format is taken from the content, never the file name, so a ``.png`` that is
  really a JPEG is fine.
- A pixel limit (:data:`PIXEL_LIMIT`) refuses decompression bombs (a small file that expands to
  gigabytes) before decoding. Pillow's own warning/error for them is caught explicitly as well.
- The image is decoded completely (``load``) so a truncated or corrupt file is refused now, not when
  a document is printed months later. Large JPEGs are decoded at reduced scale with Pillow's ``draft``
  mode: libjpeg still reads every coefficient (so damage is still found) but skips most of the work.
- Unusual but valid photos are normalised to 8-bit RGB: CMYK, 16-bit, palette, alpha (on white),
  the first frame of an animation.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from dataclasses import dataclass

import pillow_heif
from PIL import Image, UnidentifiedImageError

from inspector.i18n import tr
from inspector.photos.exif import PhotoMeta, read_meta

pillow_heif.register_heif_opener()

PIXEL_LIMIT = 100_000_000  # 100 megapixels: above any phone or camera, below a memory blow-up
MAX_FILE_BYTES = 200 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "HEIF"}

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PhotoRejectedError(Exception):
    """One file refused; ``reason`` is translated and names the file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class DecodedPhoto:
    """A validated image: ``image`` is loaded, 8-bit RGB, upright, with its longest edge at least
    ``min_edge`` (or the original size when smaller). ``width``/``height`` are the original's
    dimensions as it is meant to be seen (orientation applied)."""

    format: str
    width: int
    height: int
    meta: PhotoMeta
    image: Image.Image


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def _too_large(name: str, pixels: int | None) -> PhotoRejectedError:
    return PhotoRejectedError(
        tr(
            "{name}: the image is too large ({megapixels} megapixels; the limit is {limit}). "
            "Reduce it with an image editor and import it again.",
            name=name,
            megapixels=_megapixels(pixels) if pixels else "?",
            limit=_megapixels(PIXEL_LIMIT),
        )
    )


def _damaged(name: str, err: BaseException) -> PhotoRejectedError:
    detail = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
    return PhotoRejectedError(
        tr(
            "{name}: the image is damaged or incomplete (perhaps cut short while copying) and cannot "
            "be read: {detail}. Copy it again from the camera or phone.",
            name=name,
            detail=detail,
        )
    )


def to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB from any mode Pillow opens (CMYK, 16-bit, float, palette, alpha)."""
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        wide = image.convert("F") if mode != "F" else image
        low, high = wide.getextrema()
        assert isinstance(low, float | int) and isinstance(high, float | int)
        if high <= 255 and low >= 0:
            return wide.convert("L").convert("RGB")
        span = float(high - low) or 1.0
        scale, offset = 255.0 / span, -float(low) * 255.0 / span
        return wide.point(lambda v: v * scale + offset).convert("L").convert("RGB")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def orient(image: Image.Image, orientation: int) -> Image.Image:
    """Apply the EXIF orientation (1-8) so the picture stands as the photographer saw it."""
    method = _TRANSPOSE.get(orientation)
    return image.transpose(method) if method is not None else image


def open_checked(data: bytes, name: str, *, min_edge: int) -> DecodedPhoto:
    """Validate and decode ``data``; raise :class:`PhotoRejectedError` with a translated reason."""
    _check_file_size(data, name)
    image = _open_header(data, name)
    fmt = ACCEPTED_FORMATS.get(image.format or "")
    if fmt is None:
        raise PhotoRejectedError(
            tr(
                "{name}: the image format {format} is not accepted. Use JPEG, PNG, WebP or HEIC.",
                name=name,
                format=image.format or "?",
            )
        )
    width, height = image.size
    if width < 1 or height < 1:
        raise _damaged(name, ValueError(f"size {width}x{height}"))
    if width * height > PIXEL_LIMIT:
        raise _too_large(name, width * height)
    meta = read_meta(image)
    rgb = _decode(image, fmt, name, min_edge=min_edge)
    if meta.orientation in (5, 6, 7, 8):
        width, height = height, width
    return DecodedPhoto(format=fmt, width=width, height=height, meta=meta, image=rgb)


def _check_file_size(data: bytes, name: str) -> None:
    if not data:
        raise PhotoRejectedError(tr("{name}: the file is empty (0 bytes).", name=name))
    if len(data) > MAX_FILE_BYTES:
        raise PhotoRejectedError(
            tr(
                "{name}: the file is too large ({size} MB; the limit is {limit} MB).",
                name=name,
                size=len(data) // (1024 * 1024),
                limit=MAX_FILE_BYTES // (1024 * 1024),
            )
        )


def _open_header(data: bytes, name: str) -> Image.Image:
    """Read the header only (no pixels yet): format, size and metadata."""
    try:
        with warnings.catch_warnings():
            # Pillow warns from ~89 MP; the app's own limit (checked by the caller) is the one that decides.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        claimed = re.search(r"\((\d+) pixels\)", str(err))  # Pillow names the size it refused
        raise _too_large(name, int(claimed.group(1)) if claimed else None) from None
    except UnidentifiedImageError:
        raise PhotoRejectedError(
            tr(
                "{name}: this is not an image file (or not one that can be read). "
                "Choose a JPEG, PNG, WebP or HEIC photo.",
                name=name,
            )
        ) from None
    except Exception as err:  # Pillow's plugins raise many kinds for garbage headers
        raise _damaged(name, err) from err


def _decode(image: Image.Image, fmt: str, name: str, *, min_edge: int) -> Image.Image:
    """Decode the pixels (a JPEG at the smallest scale still at least ``min_edge``) as RGB."""
    width, height = image.size
    if fmt == "JPEG" and max(width, height) > min_edge:
        scale = min_edge / max(width, height)
        image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large(name, width * height) from None
    except Exception as err:  # truncated data, bad checksums, decoder errors
        raise _damaged(name, err) from err
    try:
        return to_rgb(image)
    except Exception as err:
        raise _damaged(name, err) from err


def fit(image: Image.Image, edge: int) -> Image.Image:
    """A copy no larger than ``edge`` on its longest side (never enlarged)."""
    width, height = image.size
    if max(width, height) <= edge:
        return image
    scale = edge / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def upright_fit(decoded: DecodedPhoto, edge: int) -> Image.Image:
    """The decoded image reduced to ``edge`` and turned upright (reduce first: less to rotate)."""
    return orient(fit(decoded.image, edge), decoded.meta.orientation)
