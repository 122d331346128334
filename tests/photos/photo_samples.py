"""Real image files made by the tests themselves: photos with EXIF (orientation, time, GPS) and a
corpus of unusual and broken files. Nothing is mocked: every file is what a camera or a damaged copy
would produce."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw

from inspector.demo.photos import build_exif, store_oriented

RED = (230, 20, 20)
GREEN = (20, 200, 20)
BLUE = (20, 20, 230)
GREY = (128, 128, 128)
CST = dt.timezone(dt.timedelta(hours=8))


def marker_image(size: tuple[int, int] = (480, 320)) -> Image.Image:
    """Upright picture: grey, red square top-left, green top-right, blue bottom-right."""
    w, h = size
    m = max(8, min(w, h) // 5)
    image = Image.new("RGB", size, GREY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, m, m), fill=RED)
    draw.rectangle((w - m - 1, 0, w - 1, m), fill=GREEN)
    draw.rectangle((w - m - 1, h - m - 1, w - 1, h - 1), fill=BLUE)
    return image


def marker_colours(image: Image.Image) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Colours at the top-left, top-right and bottom-right marker centres of an upright image."""
    w, h = image.size
    c = max(8, min(w, h) // 5) // 2
    rgb = image.convert("RGB")

    def at(x: int, y: int) -> tuple[int, ...]:
        px = rgb.getpixel((x, y))
        assert isinstance(px, tuple)
        return px

    return at(c, c), at(w - 1 - c, c), at(w - 1 - c, h - 1 - c)


def close(a: tuple[int, ...], b: tuple[int, ...], tol: int = 40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def oriented_jpeg(
    path: Path,
    orientation: int,
    *,
    size: tuple[int, int] = (480, 320),
    when: dt.datetime | None = None,
    gps: tuple[float, float] | None = None,
) -> Path:
    exif = build_exif(when=when, gps=gps, orientation=orientation)
    store_oriented(marker_image(size), orientation).save(path, "JPEG", quality=92, exif=exif)
    return path


def plain_jpeg(
    path: Path, colour: tuple[int, int, int] = (200, 120, 40), size: tuple[int, int] = (64, 48)
) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG", quality=90)
    return path


def jpeg_bytes(size: tuple[int, int] = (320, 240)) -> bytes:
    buf = io.BytesIO()
    marker_image(size).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width`` x ``height`` with almost no data: a decompression bomb's
    signature, cheap to make."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    return path


def broken_corpus(folder: Path) -> dict[str, Path]:
    """Files that must be refused, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    good = jpeg_bytes((640, 480))
    files = {
        "empty.jpg": b"",
        "truncated.jpg": good[: len(good) // 2],
        "notes.jpg": "这不是照片，是一份笔记。\n".encode() * 20,
        "garbage.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "header_only.jpg": good[:200],
    }
    paths = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    buf = io.BytesIO()
    marker_image((300, 200)).save(buf, "PNG")
    png = buf.getvalue()
    (folder / "truncated.png").write_bytes(png[: len(png) - 200])
    paths["truncated.png"] = folder / "truncated.png"
    paths["bomb.png"] = png_header_only(folder / "bomb.png", 30_000, 30_000)  # 900 MP: Pillow's error
    paths["big.png"] = png_header_only(folder / "big.png", 12_000, 10_000)  # 120 MP: over the app's limit
    Image.new("RGB", (40, 30), RED).save(folder / "picture.bmp", "BMP")
    paths["picture.bmp"] = folder / "picture.bmp"
    return paths
