"""Realistic-looking demo and test photos drawn with Pillow: a room at an inspected site with a sign
carrying a label, plus the EXIF a phone writes (capture time with offset, GPS, camera, orientation).

``inspector demo`` uses :func:`make_demo_photo` so demo inspections carry real photo evidence that
goes through the same import pipeline as a phone's pictures; tests use :func:`build_exif` and
:func:`store_oriented` to make photos with any orientation.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw, ImageFilter

from inspector.photos.fonts import drawable_text, font

DEFAULT_CAMERA = ("Xiaomi", "Redmi Note 12")

# The transpose that, applied to an upright picture, gives the pixels a camera stores with each
# EXIF orientation (the inverse of what a viewer applies).
_STORE_AS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def _dms(value: float) -> tuple[float, float, float]:
    hundredths = round(abs(value) * 360_000)  # in 1/100 s of arc, so rounding never gives 60 s
    degrees, rest = divmod(hundredths, 360_000)
    minutes, rest = divmod(rest, 6_000)
    return float(degrees), float(minutes), rest / 100


def build_exif(
    *,
    when: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
    camera: tuple[str, str] | None = DEFAULT_CAMERA,
    orientation: int = 1,
) -> Image.Exif:
    """EXIF as a phone writes it. An aware ``when`` also writes OffsetTimeOriginal; a naive one
    writes only the wall-clock time (as older cameras do)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    if camera is not None:
        exif[ExifTags.Base.Make] = camera[0]
        exif[ExifTags.Base.Model] = camera[1]
    if when is not None:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = when.strftime("%Y:%m:%d %H:%M:%S")
        sub[ExifTags.Base.DateTimeDigitized] = when.strftime("%Y:%m:%d %H:%M:%S")
        offset = when.utcoffset()
        if offset is not None:
            minutes = int(offset.total_seconds()) // 60
            sign = "+" if minutes >= 0 else "-"
            sub[ExifTags.Base.OffsetTimeOriginal] = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    if gps is not None:
        lat, lon = gps
        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[ExifTags.GPS.GPSVersionID] = b"\x02\x02\x00\x00"
        g[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        g[ExifTags.GPS.GPSLatitude] = _dms(lat)
        g[ExifTags.GPS.GPSLongitudeRef] = "E" if lon >= 0 else "W"
        g[ExifTags.GPS.GPSLongitude] = _dms(lon)
    return exif


def store_oriented(upright: Image.Image, orientation: int) -> Image.Image:
    """The pixels a camera would store for ``upright`` when it writes ``orientation``."""
    method = _STORE_AS.get(orientation)
    return upright.transpose(method) if method is not None else upright


def draw_scene(
    text: str, size: tuple[int, int] = (1600, 1200), *, seed: int | None = None, grain: float = 0.06
) -> Image.Image:
    """An upright picture of a room: wall, floor, a window, shelves with boxes, and a sign showing
    ``text``. Sensor-like noise (``grain``, 0 to 1) makes it compress like a real photo."""
    rng = random.Random(seed if seed is not None else text)
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    _draw_room(draw, size, rng)
    _draw_shelves(draw, size, rng)
    _draw_sign(draw, size, text)
    w = size[0]
    # soften and add noise, as a phone sensor would
    image = image.filter(ImageFilter.GaussianBlur(radius=max(0.6, w / 2400)))
    noise = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(image, noise, grain) if grain > 0 else image


def _draw_room(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    """Wall lit from above, floor, a window with sky, and a desk in front."""
    w, h = size
    wall = (rng.randint(200, 235), rng.randint(195, 225), rng.randint(180, 215))
    floor_y = int(h * 0.72)
    for y in range(floor_y):  # wall lit from above
        shade = 1.0 - 0.25 * y / floor_y
        draw.line([(0, y), (w, y)], fill=tuple(int(c * shade) for c in wall))
    floor = (rng.randint(120, 160), rng.randint(100, 130), rng.randint(80, 110))
    for y in range(floor_y, h):
        shade = 0.7 + 0.3 * (y - floor_y) / max(1, h - floor_y)
        draw.line([(0, y), (w, y)], fill=tuple(int(c * shade) for c in floor))
    # window with sky
    wx, wy, ww, wh = int(w * 0.06), int(h * 0.1), int(w * 0.22), int(h * 0.32)
    draw.rectangle((wx - 8, wy - 8, wx + ww + 8, wy + wh + 8), fill=(245, 245, 240))
    for y in range(wh):
        draw.line([(wx, wy + y), (wx + ww, wy + y)], fill=(110 + y * 80 // wh, 160 + y * 60 // wh, 230))
    draw.line([(wx + ww // 2, wy), (wx + ww // 2, wy + wh)], fill=(245, 245, 240), width=6)
    # a desk in front
    draw.rectangle((int(w * 0.3), int(h * 0.62), int(w * 0.7), int(h * 0.68)), fill=(170, 130, 90))
    draw.rectangle((int(w * 0.32), int(h * 0.68), int(w * 0.34), int(h * 0.9)), fill=(120, 90, 60))
    draw.rectangle((int(w * 0.66), int(h * 0.68), int(w * 0.68), int(h * 0.9)), fill=(120, 90, 60))


def _draw_shelves(draw: ImageDraw.ImageDraw, size: tuple[int, int], rng: random.Random) -> None:
    """Shelves with boxes of medicine of random sizes and colours."""
    w, h = size
    # shelves with boxes of medicine
    sx, sy, sw, sh = int(w * 0.62), int(h * 0.2), int(w * 0.33), int(h * 0.52)
    draw.rectangle((sx, sy, sx + sw, sy + sh), fill=(150, 110, 70), outline=(90, 60, 35), width=6)
    for row in range(4):
        top = sy + 10 + row * (sh - 20) // 4
        bottom = top + (sh - 20) // 4 - 10
        x = sx + 12
        while x < sx + sw - 30:
            bw = rng.randint(18, 48)
            bh = rng.randint((bottom - top) // 2, bottom - top)
            colour = (rng.randint(40, 250), rng.randint(40, 250), rng.randint(40, 250))
            draw.rectangle(
                (x, bottom - bh, min(x + bw, sx + sw - 12), bottom), fill=colour, outline=(30, 30, 30)
            )
            x += bw + rng.randint(2, 8)
        draw.rectangle((sx, bottom, sx + sw, bottom + 8), fill=(110, 80, 50))


def _draw_sign(draw: ImageDraw.ImageDraw, size: tuple[int, int], text: str) -> None:
    """The sign with the label, its font shrunk so that a long label never runs off the sign."""
    w, h = size
    # the sign with the label
    label = drawable_text(text) or "?"
    size_px = max(12, int(h * 0.06))
    f = font(size_px)
    box = draw.textbbox((0, 0), label, font=f)
    if box[2] - box[0] > w * 0.6:  # a long label gets a smaller font, never runs off the sign
        size_px = max(10, int(size_px * w * 0.6 / (box[2] - box[0])))
        f = font(size_px)
        box = draw.textbbox((0, 0), label, font=f)
    tw, th = box[2] - box[0], box[3] - box[1]
    px, py = int(w * 0.3), int(h * 0.2)
    pad = size_px // 2
    draw.rectangle(
        (px - pad, py - pad, px + tw + pad, py + th + pad * 2),
        fill=(250, 250, 245),
        outline=(200, 20, 20),
        width=max(2, size_px // 10),
    )
    draw.text((px, py), label, fill=(180, 10, 10), font=f)


def make_demo_photo(
    path: Path,
    text: str,
    *,
    when: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int = 1,
    size: tuple[int, int] = (1600, 1200),
    camera: tuple[str, str] | None = DEFAULT_CAMERA,
    quality: int = 90,
    seed: int | None = None,
    grain: float = 0.06,
) -> Path:
    """Write a JPEG of a drawn scene labelled ``text`` with phone-like EXIF; returns ``path``.

    ``size`` is the upright size; with an orientation of 5-8 the stored pixels are turned, as a phone
    held upright stores them.
    """
    upright = draw_scene(text, size, seed=seed, grain=grain)
    exif = build_exif(when=when, gps=gps, camera=camera, orientation=orientation)
    path.parent.mkdir(parents=True, exist_ok=True)
    store_oriented(upright, orientation).save(path, "JPEG", quality=quality, exif=exif)
    return path
