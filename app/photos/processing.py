"""A photo as people send it, made safe to show: decoded (not trusted by its name or first bytes),
turned upright, cropped to a square, and written anew in a few sizes, so that nothing of the
original file (EXIF with its GPS position, comments, a second file hidden inside) leaves the server."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from app.errors import InvalidInput

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
SIZES = (64, 256, 512)
# A phone's multi-picture JPEG (MPO) opens as JPEG; iPhones' HEIC photos through pillow-heif.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
OUTPUT_FORMAT, OUTPUT_TYPE, OUTPUT_EXTENSION = "WEBP", "image/webp", "webp"

NOT_A_PHOTO = "That file is not a photo we can read. Please choose a JPEG, PNG, WebP or HEIC image."
TOO_LARGE = "That photo is larger than 10 MB. Please choose a smaller one, or a copy made for sharing."
TOO_MANY_PIXELS = "That image is too large to open safely (more than 40 megapixels). Please choose a smaller copy."
EMPTY = "Please choose a photo to upload."


@cache
def _open_heif_too() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


class PhotoRejected(InvalidInput):
    """A file that is not a photo we take, said on the upload field."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, field_errors={"photo": detail})


@dataclass(frozen=True)
class Crop:
    """A square chosen in the browser, in the pixels of the upright image."""

    left: int
    top: int
    size: int


@dataclass(frozen=True)
class ProcessedPhoto:
    sizes: dict[int, bytes]  # edge in pixels -> encoded image


def process(data: bytes, crop: Crop | None = None) -> ProcessedPhoto:
    # Pillow and pillow-heif load with the first photo: about 7 MiB that a process serving no
    # uploads never holds.
    from PIL import Image, ImageOps, UnidentifiedImageError

    _open_heif_too()
    if not data:
        raise PhotoRejected(EMPTY)
    if len(data) > MAX_BYTES:
        raise PhotoRejected(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            # Pillow warns between its limit and twice that; either way it is too large here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRejected(TOO_MANY_PIXELS)
            image.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoRejected(NOT_A_PHOTO) from None
    upright = ImageOps.exif_transpose(image)
    square = _square(upright, crop)
    if square.mode not in ("RGB", "RGBA"):
        square = square.convert("RGBA" if "A" in square.getbands() or "transparency" in square.info else "RGB")
    sizes = {}
    for edge in SIZES:
        resized = square.resize((edge, edge), Image.Resampling.LANCZOS) if square.width != edge else square
        out = io.BytesIO()
        # A new file from the pixels alone: no exif, icc or xmp argument, so none is written.
        resized.save(out, OUTPUT_FORMAT, quality=85, method=4)
        sizes[edge] = out.getvalue()
    return ProcessedPhoto(sizes)


def _square(image: Image.Image, crop: Crop | None) -> Image.Image:
    edge = min(image.width, image.height)
    if crop is not None and crop.size > 0:
        size = min(crop.size, edge)
        left = min(max(crop.left, 0), image.width - size)
        top = min(max(crop.top, 0), image.height - size)
    else:  # without a choice (or without JavaScript), the centre
        size, left, top = edge, (image.width - edge) // 2, (image.height - edge) // 2
    return image.crop((left, top, left + size, top + size))
