"""Images made for the tests: honest photos and hostile files."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(width: int = 300, height: int = 200, color: str = "#3a7", *, gps: bool = False, orientation: int = 0) -> bytes:
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        # 41°24'12.2"N 2°10'26.5"E: where the photo was taken, which must never leave the server.
        exif[GPS_IFD] = {1: "N", 2: (41.0, 24.0, 12.2), 3: "E", 4: (2.0, 10.0, 26.5)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken at home")
    return out.getvalue()


def halves(orientation: int) -> bytes:
    """Red left half, blue right half, as the camera stored it, with an EXIF orientation."""
    image = Image.new("RGB", (200, 100), "blue")
    image.paste("red", (0, 0, 100, 100))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=95)
    return out.getvalue()


def png(width: int = 120, height: int = 80) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 255)).save(out, "PNG")
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes that claim 900 megapixels: a real PNG whose header is rewritten."""
    data = bytearray(png(1, 1))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


def polyglot() -> bytes:
    """A real PNG with a web page and a zip archive after its end."""
    return png() + b"<html><script>alert('owned')</script></html>" + b"PK\x03\x04" + b"\x00" * 40


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def truncated_jpeg() -> bytes:
    whole = jpeg(800, 600, "#814")
    return whole[: len(whole) // 2]


def twelve_megabytes() -> bytes:
    return jpeg(64, 64) + b"\x00" * (12 * 1024 * 1024)


def heic(width: int = 120, height: int = 90) -> bytes:
    """An iPhone's format (HEIF), with a GPS position in its EXIF."""
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (41.0, 24.0, 12.2), 3: "E", 4: (2.0, 10.0, 26.5)}
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#2a6").save(out, "HEIF", exif=exif.tobytes())
    return out.getvalue()
