"""A font that can write Chinese on images (annotations, demo photos), found without Qt.

Debian's fonts-noto-cjk is the expected one; other common CJK fonts are tried, then Pillow's bundled
font (Latin only) so drawing never fails for want of a font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def cjk_font_path() -> str | None:
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


def has_cjk_font() -> bool:
    return cjk_font_path() is not None


@cache
def font(size: int) -> Font:
    path = cjk_font_path()
    size = max(6, int(size))
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    return ImageFont.load_default(size=size)


def drawable_text(text: str) -> str:
    """Text as it can be drawn with the available font: without a CJK font, non-ASCII characters
    would be boxes, so they are replaced by '?'."""
    if has_cjk_font():
        return text
    return "".join(ch if ord(ch) < 128 else "?" for ch in text)
