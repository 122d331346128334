"""What a photo says about itself: capture time (with its UTC offset when the camera wrote one),
GPS position, camera model and orientation.

EXIF is written by thousands of devices and edited by apps, so every value is treated as untrusted:
a time like ``0000:00:00 00:00:00``, a latitude of 200 degrees, a zero denominator or a binary blob
where text belongs is dropped (that field becomes unknown) and the photo is still accepted. The
capture time is kept apart from the import time on purpose: the two answer different questions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from PIL import ExifTags, Image

TAG_ORIENTATION = 0x0112
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_DATETIME = 0x0132
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004
TAG_OFFSET_TIME = 0x9010
TAG_OFFSET_TIME_ORIGINAL = 0x9011
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4

_TIME_RE = re.compile(r"^\s*(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET_RE = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")
_EARLIEST_YEAR = 1990  # no digital camera wrote an EXIF time before this; earlier is a reset clock


@dataclass(frozen=True)
class PhotoMeta:
    """EXIF facts; any of them may be unknown (None)."""

    captured_local: str | None = None  # wall-clock time as the camera wrote it, "YYYY-MM-DD HH:MM:SS"
    captured_offset: str | None = None  # "+08:00" when OffsetTimeOriginal (or OffsetTime) was written
    captured_at: dt.datetime | None = None  # aware UTC, only when the offset is known
    gps_lat: float | None = None
    gps_lon: float | None = None
    camera_model: str | None = None
    orientation: int = 1


def _text(value: Any, limit: int) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value.replace("\x00", " ") if ch.isprintable()).strip()
    cleaned = " ".join(cleaned.split())
    return cleaned[:limit] or None


def _matched(value: Any, limit: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` matched against the value as text (see :func:`_text`); None when either fails."""
    text = _text(value, limit)
    return None if text is None else pattern.match(text)


def parse_exif_time(value: Any) -> dt.datetime | None:
    """A naive wall-clock datetime from EXIF text, or None when it is absent or absurd."""
    m = _matched(value, 64, _TIME_RE)
    if m is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in m.groups())
        when = dt.datetime(year, month, day, hour, minute, second)
    except ValueError:  # month 13, day 0, year 0000 ...
        return None
    if when.year < _EARLIEST_YEAR or when.year > dt.datetime.now().year + 1:
        return None
    return when


def parse_offset(value: Any) -> str | None:
    """Normalise an EXIF offset such as ``+08:00``; None when missing or impossible."""
    m = _matched(value, 16, _OFFSET_RE)
    if m is None:
        return None
    sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3))
    if hours > 14 or minutes >= 60:
        return None
    return f"{sign}{hours:02d}:{minutes:02d}"


def offset_delta(offset: str) -> dt.timedelta:
    sign = -1 if offset.startswith("-") else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return sign * dt.timedelta(hours=hours, minutes=minutes)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _dms(value: Any) -> float | None:
    """Degrees from an EXIF (degrees, minutes, seconds) triple of rationals."""
    if not isinstance(value, tuple | list) or not 1 <= len(value) <= 3:
        return None
    parts = [_number(v) for v in value]
    if any(p is None or p < 0 for p in parts):
        return None
    nums = [p for p in parts if p is not None] + [0.0, 0.0]
    degrees, minutes, seconds = nums[0], nums[1], nums[2]
    if minutes > 60 or seconds > 60:  # 60.0 appears when a device rounds 59.9996
        return None
    return degrees + minutes / 60 + seconds / 3600


def _coordinate(value: Any, ref: Any, negative: str, limit: float) -> float | None:
    degrees = _dms(value)
    ref_text = (_text(ref, 4) or "").upper()
    if degrees is None or degrees > limit:
        return None
    if ref_text.startswith(negative):
        degrees = -degrees
    return round(degrees, 7)


def read_meta(image: Image.Image) -> PhotoMeta:
    """Read the EXIF facts of an opened image; never raises for bad EXIF."""
    try:
        exif = image.getexif()
    except Exception:  # a broken EXIF block must not refuse a good photo
        return PhotoMeta()
    try:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:
        sub = {}
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:
        gps = {}

    local = (
        parse_exif_time(sub.get(TAG_DATETIME_ORIGINAL))
        or parse_exif_time(sub.get(TAG_DATETIME_DIGITIZED))
        or parse_exif_time(exif.get(TAG_DATETIME))
    )
    offset = parse_offset(sub.get(TAG_OFFSET_TIME_ORIGINAL)) or parse_offset(sub.get(TAG_OFFSET_TIME))
    captured_at = None
    if local is not None and offset is not None:
        captured_at = (local - offset_delta(offset)).replace(tzinfo=dt.UTC)

    lat = _coordinate(gps.get(GPS_LAT), gps.get(GPS_LAT_REF), "S", 90.0)
    lon = _coordinate(gps.get(GPS_LON), gps.get(GPS_LON_REF), "W", 180.0)
    if lat is None or lon is None or (lat == 0.0 and lon == 0.0):  # 0,0 is "no fix" in practice
        lat = lon = None

    make = _text(exif.get(TAG_MAKE), 64)
    model = _text(exif.get(TAG_MODEL), 128)
    if make and model and not model.lower().startswith(make.lower().split()[0]):
        model = f"{make} {model}"[:128]
    camera = model or make

    raw_orientation = exif.get(TAG_ORIENTATION, 1)
    orientation = raw_orientation if isinstance(raw_orientation, int) and 1 <= raw_orientation <= 8 else 1

    return PhotoMeta(
        captured_local=local.strftime("%Y-%m-%d %H:%M:%S") if local else None,
        captured_offset=offset if local else None,
        captured_at=captured_at,
        gps_lat=lat,
        gps_lon=lon,
        camera_model=camera,
        orientation=orientation,
    )
