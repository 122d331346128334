"""Annotations (arrow, circle, text) drawn over a photo without touching the original.

The shapes are data, stored in ``Photo.annotation`` as JSON with coordinates from 0 to 1 relative to
the upright working copy, so they survive a rebuild of the working copy at another size and any
renderer (screen, Word document) can draw them. The annotated image is one more derived file, keyed by
the original's hash and a digest of the shapes, rendered here with Pillow so documents need no Qt.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

from PIL import Image, ImageDraw

from inspector.errors import ValidationError
from inspector.i18n import tr
from inspector.photos.fonts import drawable_text, font

VERSION = 1
KINDS = ("arrow", "circle", "text")
MAX_SHAPES = 200
MAX_TEXT = 200
DEFAULT_COLOR = "#ff2020"
DEFAULT_WIDTH = 0.006  # line width as a fraction of the longest edge
DEFAULT_TEXT_SIZE = 0.045
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def _coord(shape: dict[str, Any], key: str, index: int, problems: list[tuple[str, str]]) -> float:
    value = shape.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append((f"shapes[{index}].{key}", tr("a number from 0 to 1 is required")))
        return 0.0
    if not -0.05 <= value <= 1.05:
        problems.append((f"shapes[{index}].{key}", tr("the point lies outside the photo")))
    return min(1.0, max(0.0, float(value)))


def _fraction(shape: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = shape.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return min(high, max(low, float(value)))


def normalize_shapes(raw: Any) -> list[dict[str, Any]]:
    """Check and normalise a list of shapes; raise :class:`ValidationError` listing every problem."""
    if not isinstance(raw, list):
        raise ValidationError([("shapes", tr("The annotation must be a list of shapes."))])
    if len(raw) > MAX_SHAPES:
        raise ValidationError([("shapes", tr("Too many shapes (at most {limit}).", limit=MAX_SHAPES))])
    problems: list[tuple[str, str]] = []
    out: list[dict[str, Any]] = []
    for i, shape in enumerate(raw):
        if not isinstance(shape, dict) or shape.get("kind") not in KINDS:
            problems.append((f"shapes[{i}]", tr("unknown shape; use arrow, circle or text")))
            continue
        color = shape.get("color", DEFAULT_COLOR)
        if not isinstance(color, str) or not _COLOR_RE.match(color):
            problems.append((f"shapes[{i}].color", tr("a colour like #ff0000 is required")))
            color = DEFAULT_COLOR
        kind = shape["kind"]
        item: dict[str, Any] = {"kind": kind, "color": color.lower()}
        if kind in ("arrow", "circle"):
            for key in ("x1", "y1", "x2", "y2"):
                item[key] = round(_coord(shape, key, i, problems), 5)
            item["width"] = round(_fraction(shape, "width", DEFAULT_WIDTH, 0.001, 0.05), 5)
        else:
            for key in ("x", "y"):
                item[key] = round(_coord(shape, key, i, problems), 5)
            text = shape.get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append((f"shapes[{i}].text", tr("the text is empty")))
                text = ""
            elif len(text) > MAX_TEXT:
                problems.append(
                    (
                        f"shapes[{i}].text",
                        tr("the text is too long (at most {limit} characters)", limit=MAX_TEXT),
                    )
                )
            item["text"] = text.strip()[:MAX_TEXT] if isinstance(text, str) else ""
            item["size"] = round(_fraction(shape, "size", DEFAULT_TEXT_SIZE, 0.01, 0.3), 5)
        out.append(item)
    if problems:
        raise ValidationError(problems)
    return out


def annotation_document(shapes: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON stored in ``Photo.annotation``."""
    return {"version": VERSION, "shapes": shapes}


def annotation_key(shapes: list[dict[str, Any]]) -> str:
    blob = json.dumps(shapes, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def render(base: Image.Image, shapes: list[dict[str, Any]]) -> Image.Image:
    """Draw ``shapes`` (already normalised) on a copy of the upright ``base`` image."""
    image = base.convert("RGB").copy()
    draw = ImageDraw.Draw(image)
    w, h = image.size
    edge = max(w, h)
    for s in shapes:
        color = _rgb(s["color"])
        if s["kind"] in ("arrow", "circle"):
            x1, y1, x2, y2 = s["x1"] * w, s["y1"] * h, s["x2"] * w, s["y2"] * h
            width = max(1, round(s["width"] * edge))
            if s["kind"] == "circle":
                box = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
                draw.ellipse(box, outline=color, width=width)
            else:
                _arrow(draw, (x1, y1), (x2, y2), color, width)
        else:
            size = max(8, round(s["size"] * edge))
            draw.text(
                (s["x"] * w, s["y"] * h),
                drawable_text(s["text"]),
                fill=color,
                font=font(size),
                stroke_width=max(1, size // 12),
                stroke_fill=(255, 255, 255),
            )
    return image


def _arrow(
    draw: ImageDraw.ImageDraw,
    start: tuple[float, float],
    end: tuple[float, float],
    color: tuple[int, int, int],
    width: int,
) -> None:
    """A line from ``start`` with a filled head at ``end`` (where the arrow points)."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    head = max(width * 4, 10)
    if length < 1:
        draw.ellipse((end[0] - width, end[1] - width, end[0] + width, end[1] + width), fill=color)
        return
    ux, uy = dx / length, dy / length
    base = (end[0] - ux * head, end[1] - uy * head)
    draw.line([start, base], fill=color, width=width)
    half = head * 0.5
    left = (base[0] - uy * half, base[1] + ux * half)
    right = (base[0] + uy * half, base[1] - ux * half)
    draw.polygon([end, left, right], fill=color)
