"""Photo pages: upload or remove your photo (on /profile), photos as images for signed-in
browsers, and a facilitator's hiding of a photo that breaks the group's agreement."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask

from app import links
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import InvalidInput
from app.groups.service import get_group_by_slug
from app.photos import service
from app.photos.api import PHOTO_CACHE, Store
from app.photos.forms import uploaded
from app.photos.schemas import HideForm
from app.web import empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


@router.post("/profile/photo")
async def upload_photo(request: Request, session: DbSession, account: CurrentAccount, store: Store) -> Response:
    try:
        data, crop = await uploaded(await request.form(max_files=1, max_fields=10))
        _, replaced = await service.set_photo(session, store, account, data, crop)
    except InvalidInput as error:
        # Nothing was stored; the rest of the profile page is its own form, untouched.
        return redirect(links.profile() + "#photo", error.detail, level="error")
    response = redirect(links.profile() + "#photo", "Your photo is saved. People in your groups will see it.")
    response.background = BackgroundTask(service.delete_files, store, replaced)
    return response


@router.get("/profile/photo/remove")
async def confirm_remove(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    photo = await service.own_photo(session, account)
    if photo is None:
        return redirect(links.profile(), "You have no photo to remove.", level="info")
    return render(request, "photos/remove.html", {"photo": photo, "form": empty_form()})


@router.post("/profile/photo/remove")
async def remove_photo(session: DbSession, account: CurrentAccount, store: Store) -> Response:
    removed = await service.remove_photo(session, account)
    response = redirect(links.profile(), "Your photo is removed. People see your initials instead.")
    response.background = BackgroundTask(service.delete_files, store, removed)
    return response


@router.get("/photos/{photo_id}/{edge}.webp")
async def photo_image(
    session: DbSession, account: CurrentAccount, store: Store, photo_id: uuid.UUID, edge: int
) -> Response:
    photo = await service.visible_photo(session, account, photo_id)
    stored = await service.read_photo(store, photo, edge)
    return Response(stored.data, media_type=stored.content_type, headers={"Cache-Control": PHOTO_CACHE})


def _hide_path(slug: str, person_id: uuid.UUID) -> str:
    return links.group(slug, "members", person_id, "photo", "hide")


@router.get("/g/{slug}/members/{person_id}/photo/hide")
async def confirm_hide(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    photo = await service.photo_to_hide(session, account, group, person_id)
    return render(
        request,
        "photos/hide.html",
        {
            "group": group,
            "photo": photo,
            "person_id": person_id,
            "action": _hide_path(slug, person_id),
            "form": empty_form(),
        },
    )


@router.post("/g/{slug}/members/{person_id}/photo/hide")
async def hide_photo(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await get_group_by_slug(session, slug)
    form = await parse_form(request, HideForm)
    if form.data is not None:
        try:
            await service.hide_photo(session, account, group, person_id, form.data.reason)
        except InvalidInput as error:
            form.errors = error.on_field("reason")
        else:
            return redirect(
                links.person(slug, person_id),
                "The photo is hidden from members. The member is told why on their profile page and may choose"
                " another.",
            )
    photo = await service.photo_to_hide(session, account, group, person_id)
    return render(
        request,
        "photos/hide.html",
        {"group": group, "photo": photo, "person_id": person_id, "action": _hide_path(slug, person_id), "form": form},
        status_code=422,
    )
