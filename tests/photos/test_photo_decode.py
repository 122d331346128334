"""Decoding and deriving, file by file: orientation, EXIF, unusual-but-valid files, broken files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pillow_heif
import pytest
from PIL import ExifTags, Image

from inspector import i18n
from inspector.demo.photos import build_exif, make_demo_photo, store_oriented
from inspector.photos.decode import PIXEL_LIMIT, PhotoRejectedError, open_checked
from inspector.photos.derive import THUMB_EDGE, WORKING_EDGE
from inspector.photos.ingest import prepare
from tests.photos.photo_samples import (
    BLUE,
    CST,
    GREEN,
    RED,
    broken_corpus,
    close,
    marker_colours,
    marker_image,
    oriented_jpeg,
    png_header_only,
)


def _working(photo_bytes: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(photo_bytes))
    image.load()
    return image


@pytest.mark.parametrize("orientation", range(1, 9))
def test_working_copy_is_upright_for_every_exif_orientation(tmp_path: Path, orientation: int) -> None:
    path = oriented_jpeg(tmp_path / f"o{orientation}.jpg", orientation)
    with Image.open(path) as stored:
        assert stored.getexif()[ExifTags.Base.Orientation] == orientation
    photo = prepare(path)
    assert (photo.width, photo.height) == (480, 320)
    working = _working(photo.derived.working)
    assert working.size == (480, 320)
    tl, tr_, br = marker_colours(working)
    assert close(tl, RED) and close(tr_, GREEN) and close(br, BLUE), (orientation, tl, tr_, br)
    thumb = _working(photo.derived.thumb)
    assert max(thumb.size) <= THUMB_EDGE
    tl, tr_, br = marker_colours(thumb)
    assert close(tl, RED) and close(tr_, GREEN) and close(br, BLUE)


def test_large_jpeg_is_decoded_at_reduced_scale_and_rotated(tmp_path: Path) -> None:
    path = oriented_jpeg(tmp_path / "big.jpg", 6, size=(4000, 3000))
    decoded = open_checked(path.read_bytes(), path.name, min_edge=WORKING_EDGE)
    # draft mode: libjpeg scaled by 1/2, never the full 12 MP
    assert decoded.image.size == (1500, 2000)
    assert (decoded.width, decoded.height) == (4000, 3000)
    photo = prepare(path)
    working = _working(photo.derived.working)
    assert working.size == (WORKING_EDGE, 1200)
    tl, tr_, br = marker_colours(working)
    assert close(tl, RED) and close(tr_, GREEN) and close(br, BLUE)
    assert _working(photo.derived.thumb).size == (THUMB_EDGE, 240)


def test_exif_time_offset_gps_and_camera_are_read(tmp_path: Path) -> None:
    when = dt.datetime(2024, 5, 1, 10, 30, 15, tzinfo=CST)
    path = oriented_jpeg(tmp_path / "p.jpg", 1, when=when, gps=(30.5928, 114.3055))
    meta = prepare(path).meta
    assert meta.captured_local == "2024-05-01 10:30:15"
    assert meta.captured_offset == "+08:00"
    assert meta.captured_at == dt.datetime(2024, 5, 1, 2, 30, 15, tzinfo=dt.UTC)
    assert meta.gps_lat == pytest.approx(30.5928, abs=1e-5)
    assert meta.gps_lon == pytest.approx(114.3055, abs=1e-5)
    assert meta.camera_model == "Xiaomi Redmi Note 12"


def test_exif_without_offset_keeps_wall_clock_only(tmp_path: Path) -> None:
    path = oriented_jpeg(
        tmp_path / "p.jpg", 1, when=dt.datetime(2023, 12, 31, 23, 59, 59), gps=(-33.9, -70.6)
    )
    meta = prepare(path).meta
    assert meta.captured_local == "2023-12-31 23:59:59"
    assert meta.captured_offset is None and meta.captured_at is None
    assert meta.gps_lat is not None and meta.gps_lat < 0 and meta.gps_lon is not None and meta.gps_lon < 0


def test_absurd_exif_values_are_dropped_and_the_photo_accepted(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 9
    exif[ExifTags.Base.Model] = b"\x00\x00\xff"
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = "0000:00:00 00:00:00"
    sub[ExifTags.Base.OffsetTimeOriginal] = "+99:99"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (200.0, 0.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (114.0, 0.0, 0.0)
    path = tmp_path / "absurd.jpg"
    marker_image().save(path, "JPEG", exif=exif)
    photo = prepare(path)
    assert photo.meta.captured_local is None and photo.meta.captured_at is None
    assert photo.meta.gps_lat is None and photo.meta.gps_lon is None
    assert photo.meta.orientation == 1
    assert photo.meta.camera_model is None or photo.meta.camera_model.isprintable()


def test_month_thirteen_and_future_years_are_not_capture_times(tmp_path: Path) -> None:
    for text in ("2024:13:01 10:00:00", "2999:01:01 00:00:00", "1970:01:01 00:00:00", "garbage"):
        exif = Image.Exif()
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = text
        path = tmp_path / "t.jpg"
        marker_image((64, 48)).save(path, "JPEG", exif=exif)
        assert prepare(path).meta.captured_local is None, text


def test_unusual_but_valid_files_are_accepted(tmp_path: Path) -> None:
    cmyk = tmp_path / "cmyk.jpg"
    marker_image().convert("CMYK").save(cmyk, "JPEG")
    gray16 = tmp_path / "gray16.png"
    Image.new("I;16", (300, 200), 40000).save(gray16, "PNG")
    rgba = tmp_path / "alpha.png"
    Image.new("RGBA", (300, 200), (255, 0, 0, 0)).save(rgba, "PNG")
    palette = tmp_path / "palette.png"
    marker_image().convert("P").save(palette, "PNG", transparency=0)
    webp = tmp_path / "photo.webp"
    marker_image().save(webp, "WEBP", quality=90)
    animated = tmp_path / "animated.webp"
    frames = [Image.new("RGB", (120, 80), RED), Image.new("RGB", (120, 80), BLUE)]
    frames[0].save(animated, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    apng = tmp_path / "animated.png"
    frames[0].save(apng, "PNG", save_all=True, append_images=frames[1:], duration=100)
    wrong_ext = tmp_path / "really_a_jpeg.png"
    marker_image().save(wrong_ext, "JPEG")
    gray = tmp_path / "gray.jpg"
    marker_image().convert("L").save(gray, "JPEG")

    expected_format = {
        cmyk: "JPEG",
        gray16: "PNG",
        rgba: "PNG",
        palette: "PNG",
        webp: "WEBP",
        animated: "WEBP",
        apng: "PNG",
        wrong_ext: "JPEG",
        gray: "JPEG",
    }
    for path, fmt in expected_format.items():
        photo = prepare(path)
        assert photo.format == fmt, path.name
        working = _working(photo.derived.working)
        assert working.mode == "RGB" and working.format == "JPEG", path.name
    cmyk_tl = marker_colours(_working(prepare(cmyk).derived.working))[0]
    assert close(cmyk_tl, RED, tol=60)
    # 16-bit grey is scaled down, not clipped to white
    assert _working(prepare(gray16).derived.working).getpixel((10, 10)) != (255, 255, 255)
    # transparency becomes white, the first frame of an animation is used
    assert close(_working(prepare(rgba).derived.working).getpixel((10, 10)), (255, 255, 255), 5)  # type: ignore[arg-type]
    assert close(_working(prepare(animated).derived.working).getpixel((60, 40)), RED)  # type: ignore[arg-type]
    assert close(_working(prepare(apng).derived.working).getpixel((60, 40)), RED)  # type: ignore[arg-type]


def test_heic_from_a_phone_is_accepted(tmp_path: Path) -> None:
    assert pillow_heif.libheif_info()["HEIF"], "pillow-heif has no HEVC encoder here"
    path = tmp_path / "IMG_0001.HEIC"
    exif = build_exif(
        when=dt.datetime(2024, 6, 2, 9, 0, tzinfo=CST),
        gps=(31.2, 121.5),
        camera=("Apple", "iPhone 13"),
        orientation=6,
    )
    store_oriented(marker_image(), 6).save(path, "HEIF", quality=90, exif=exif.tobytes())
    photo = prepare(path)
    assert photo.format == "HEIF"
    assert (photo.width, photo.height) == (480, 320)
    assert photo.meta.captured_local == "2024-06-02 09:00:00"
    assert photo.meta.camera_model == "Apple iPhone 13"
    tl, tr_, br = marker_colours(_working(photo.derived.working))
    assert close(tl, RED) and close(tr_, GREEN) and close(br, BLUE)


def test_every_broken_file_is_refused_with_a_translated_message_naming_it(tmp_path: Path) -> None:
    for name, path in broken_corpus(tmp_path / "broken").items():
        with pytest.raises(PhotoRejectedError) as info:
            prepare(path)
        reason = info.value.reason
        assert name in reason
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason), reason  # Chinese by default


def test_messages_switch_to_english(tmp_path: Path) -> None:
    i18n.set_language("en")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(PhotoRejectedError, match=r"empty\.jpg: the file is empty"):
        prepare(empty)


def test_pixel_limit_is_the_apps_own(tmp_path: Path) -> None:
    # between Pillow's warning threshold (~89 MP) and the app's limit: not refused for its size
    # (it then fails as the damaged header-only file it is)
    just_under = png_header_only(tmp_path / "under.png", 10_000, 9_500)
    assert PIXEL_LIMIT > 10_000 * 9_500
    with pytest.raises(PhotoRejectedError, match=r"under\.png") as info:
        prepare(just_under)
    assert str(PIXEL_LIMIT // 1_000_000) not in info.value.reason
    over = png_header_only(tmp_path / "over.png", 10_100, 10_000)
    with pytest.raises(PhotoRejectedError, match=r"over\.png.*101") as info:
        prepare(over)


def test_demo_photo_is_a_realistic_jpeg_with_exif(tmp_path: Path) -> None:
    when = dt.datetime(2024, 5, 1, 10, 0, tzinfo=CST)
    path = make_demo_photo(
        tmp_path / "demo.jpg",
        "B超室 禁止非医学需要鉴定胎儿性别",
        when=when,
        gps=(30.6, 114.3),
        orientation=8,
        size=(800, 600),
    )
    photo = prepare(path)
    assert photo.format == "JPEG" and (photo.width, photo.height) == (800, 600)
    assert photo.meta.captured_at == when.astimezone(dt.UTC)
    assert photo.meta.gps_lat == pytest.approx(30.6, abs=1e-5)
    assert photo.size > 20_000  # noise and detail: not a flat, trivially compressible picture
