"""Your profile photo as JSON (set, read, remove) and photos as images, for API clients. A photo is
answered only to someone who may see its owner's profile; to anyone else it does not exist (404)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from starlette.background import BackgroundTask

from app import links
from app.db import DbSession
from app.deps import ApiReader, ApiWriter, AppSettings
from app.errors import NotFound, problem_responses
from app.photos import service
from app.photos.forms import uploaded
from app.photos.models import Photo
from app.photos.processing import SIZES
from app.photos.schemas import PhotoOut
from app.photos.storage import PhotoStore, store_for

router = APIRouter(tags=["photos"])


async def _photo_store(request: Request, settings: AppSettings) -> PhotoStore:
    # One per app, made when first needed (a boto3 client is made once and shared).
    store: PhotoStore | None = getattr(request.app.state, "photo_store", None)
    if store is None:
        store = request.app.state.photo_store = store_for(settings)
    return store


Store = Annotated[PhotoStore, Depends(_photo_store)]

_UPLOAD_FORM = {
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["photo"],
                "properties": {
                    "photo": {
                        "type": "string",
                        "format": "binary",
                        "description": "JPEG, PNG, WebP or HEIC, at most 10 MB.",
                    },
                    "crop_left": {"type": "integer", "minimum": 0},
                    "crop_top": {"type": "integer", "minimum": 0},
                    "crop_size": {"type": "integer", "minimum": 1},
                },
            }
        }
    }
}
# Photos change address when they change: a browser may keep one, never a shared cache.
PHOTO_CACHE = "private, max-age=86400"


def photo_out(photo: Photo, link: Callable[[uuid.UUID, int], str] = links.api_photo) -> PhotoOut:
    return PhotoOut(
        id=photo.public_id,
        sizes={str(edge): link(photo.public_id, edge) for edge in SIZES},
        hidden=photo.hidden_at is not None,
        hidden_reason=photo.hidden_reason if photo.hidden_at is not None else "",
    )


@router.put(
    "/me/photo",
    response_model=PhotoOut,
    summary="Set your profile photo (replaces the one you had)",
    description="A multipart form with `photo` (JPEG, PNG, WebP or HEIC, at most 10 MB and 40 megapixels) and, "
    "optionally, a square to keep: `crop_left`, `crop_top`, `crop_size` in pixels of the upright photo "
    "(without them, the centre). The photo is decoded, turned upright and saved anew in three sizes: "
    "nothing of the original file (EXIF, GPS position) is kept.",
    openapi_extra={"requestBody": _UPLOAD_FORM},
    responses=problem_responses(413, 422),
)
async def set_my_photo(request: Request, session: DbSession, account: ApiWriter, store: Store) -> Response:
    data, crop = await uploaded(await request.form(max_files=1, max_fields=5))
    photo, replaced = await service.set_photo(session, store, account, data, crop)
    body = photo_out(photo).model_dump_json()
    return Response(
        body,
        media_type="application/json",
        background=BackgroundTask(service.delete_files, store, replaced),
    )


@router.get("/me/photo", response_model=PhotoOut, summary="Your profile photo", responses=problem_responses(404))
async def my_photo(session: DbSession, account: ApiReader) -> PhotoOut:
    photo = await service.own_photo(session, account)
    if photo is None:
        raise NotFound("You have no photo yet.")
    return photo_out(photo)


@router.delete("/me/photo", status_code=204, summary="Remove your profile photo")
async def remove_my_photo(session: DbSession, account: ApiWriter, store: Store) -> Response:
    removed = await service.remove_photo(session, account)
    return Response(status_code=204, background=BackgroundTask(service.delete_files, store, removed))


@router.get(
    "/photos/{photo_id}/{edge}.webp",
    summary="A profile photo (WebP), if you may see its owner's profile",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}}, **problem_responses(404)},
)
async def photo_image(session: DbSession, account: ApiReader, store: Store, photo_id: uuid.UUID, edge: int) -> Response:
    photo = await service.visible_photo(session, account, photo_id)
    stored = await service.read_photo(store, photo, edge)
    return Response(stored.data, media_type=stored.content_type, headers={"Cache-Control": PHOTO_CACHE})
