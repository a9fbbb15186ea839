"""Reading an uploaded photo and its optional crop from a multipart form (API and page alike)."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile

from app.errors import InvalidInput
from app.photos.processing import EMPTY, MAX_BYTES, Crop

CROP_FIELDS = ("crop_left", "crop_top", "crop_size")


async def uploaded(form: FormData) -> tuple[bytes, Crop | None]:
    upload = form.get("photo")
    data = await upload.read(MAX_BYTES + 1) if isinstance(upload, UploadFile) else b""
    if not data:
        raise InvalidInput(EMPTY, field_errors={"photo": EMPTY})
    values = [str(form.get(name, "")).strip() for name in CROP_FIELDS]
    if not any(values):
        return data, None
    if not all(value.isdigit() for value in values):
        message = "The crop is three whole numbers of pixels: crop_left, crop_top and crop_size."
        raise InvalidInput(message, field_errors={"crop": message})
    left, top, size = (int(value) for value in values)
    return data, Crop(left, top, size)
