"""What is done to a file before anyone sees it: decoded or refused, upright, square, re-encoded
without its metadata."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.photos.processing import (
    NOT_A_PHOTO,
    SIZES,
    TOO_LARGE,
    TOO_MANY_PIXELS,
    Crop,
    PhotoRejected,
    process,
)
from tests.photos import images


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_photo_becomes_three_squares_in_webp() -> None:
    processed = process(images.jpeg(300, 200))
    assert sorted(processed.sizes) == list(SIZES)
    for edge, data in processed.sizes.items():
        image = opened(data)
        assert image.format == "WEBP" and image.size == (edge, edge)


def test_an_iphone_heic_photo_is_taken_and_loses_its_exif() -> None:
    original = images.heic()
    assert opened(original).getexif().get_ifd(images.GPS_IFD), "the test photo carries a GPS position"
    processed = process(original)
    for data in processed.sizes.values():
        image = opened(data)
        assert image.format == "WEBP" and not image.getexif()


def test_exif_with_the_gps_position_never_leaves_the_server() -> None:
    original = images.jpeg(gps=True)
    assert opened(original).getexif().get_ifd(images.GPS_IFD), "the test photo carries a GPS position"
    for data in process(original).sizes.values():
        image = opened(data)
        assert not image.getexif(), "no EXIF at all"
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"PhoneMaker" not in data and b"taken at home" not in data


def test_the_orientation_the_camera_recorded_is_applied() -> None:
    # Orientation 6: shown turned 90° clockwise, so the stored left (red) half is on top.
    image = opened(process(images.halves(orientation=6)).sizes[64]).convert("RGB")
    top, bottom = image.getpixel((32, 4)), image.getpixel((32, 60))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_the_centre_is_kept_unless_a_square_is_chosen() -> None:
    centre = opened(process(images.halves(orientation=1)).sizes[64]).convert("RGB")
    left, right = centre.getpixel((4, 32)), centre.getpixel((60, 32))
    assert left[0] > 200 and right[2] > 200, "the centre square straddles both halves"
    chosen = opened(process(images.halves(orientation=1), Crop(left=0, top=0, size=100)).sizes[64]).convert("RGB")
    assert chosen.getpixel((60, 32))[0] > 200, "the chosen left square is all red"


def test_a_crop_outside_the_photo_is_brought_inside_it() -> None:
    image = opened(process(images.jpeg(300, 200), Crop(left=5000, top=5000, size=9000)).sizes[512])
    assert image.size == (512, 512)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (images.png_bomb(), TOO_MANY_PIXELS),
        (images.SVG, NOT_A_PHOTO),
        (images.truncated_jpeg(), NOT_A_PHOTO),
        (b"GIF89a" + b"\x00" * 100, NOT_A_PHOTO),
        (b"\xff\xd8\xff\xe0 this only starts like a JPEG", NOT_A_PHOTO),
        (images.twelve_megabytes(), TOO_LARGE),
    ],
    ids=["png bomb", "svg", "truncated jpeg", "gif", "fake jpeg header", "12 MB"],
)
def test_hostile_files_are_refused_in_words(data: bytes, message: str) -> None:
    with pytest.raises(PhotoRejected) as refused:
        process(data)
    assert refused.value.detail == message
    assert refused.value.field_errors == {"photo": message}


def test_a_polyglot_keeps_only_its_pixels() -> None:
    for data in process(images.polyglot()).sizes.values():
        assert b"<script" not in data and b"PK\x03\x04" not in data
        assert opened(data).format == "WEBP"
