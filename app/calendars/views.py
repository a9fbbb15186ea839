from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.calendars import service
from app.calendars.service import IcsFile
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.web import confirm, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


def _ics(ics: IcsFile, *, disposition: str, cache: str) -> Response:
    return Response(
        ics.content,
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'{disposition}; filename="{ics.filename}"', "Cache-Control": cache},
    )


@router.get("/meetings/{meeting_id:uuid}/calendar.ics")
async def meeting_calendar(session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    ics = await service.meeting_calendar(session, account, meeting_id)
    return _ics(ics, disposition="attachment", cache="private, no-cache")


@router.get("/g/{slug}/calendar.ics")
async def group_calendar(session: DbSession, slug: str) -> Response:
    ics = await service.group_calendar(session, slug)
    return _ics(ics, disposition="inline", cache="public, max-age=300")


@router.get("/calendar/{token}.ics")
async def personal_calendar(session: DbSession, token: str) -> Response:
    ics = await service.personal_calendar(session, token)
    # The address is the secret: no shared cache may keep a copy of what it shows.
    return _ics(ics, disposition="inline", cache="private, max-age=300")


# --- Settings → Calendar ------------------------------------------------------------------------


async def _settings_page(
    request: Request, session: DbSession, account: CurrentAccount, new_token: str | None = None
) -> Response:
    new_url = service.personal_feed_url(new_token) if new_token else None
    return render(
        request,
        "calendars/settings.html",
        {
            "calendars": await service.calendar_settings(session, account),
            "new_url": new_url,
            "new_webcal": service.webcal(new_url) if new_url else None,
            "group_feed_url": service.group_feed_url,
            "webcal": service.webcal,
        },
    )


@router.get("/settings/calendar")
async def settings_page(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    return await _settings_page(request, session, account)


@router.post("/settings/calendar")
async def create_link(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    token = await service.create_feed(session, account)
    # The address is in this one response only; after it, only its hash exists.
    return await _settings_page(request, session, account, new_token=token)


@router.get("/settings/calendar/revoke")
async def confirm_revoke(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    if await service.active_feed(session, account) is None:
        return redirect(links.settings("calendar"), "You have no calendar link to revoke.", "info")
    return confirm(
        request,
        title="Revoke your calendar link?",
        explanation="Calendar apps subscribed with it stop receiving your meetings at once, and may "
        "remove them. You can create a new link whenever you like.",
        action=links.settings("calendar", "revoke"),
        yes="Yes, revoke it",
        back=links.settings("calendar"),
        no="No, keep it",
    )


@router.post("/settings/calendar/revoke")
async def revoke_link(session: DbSession, account: CurrentAccount) -> Response:
    if not await service.revoke_feed(session, account):
        return redirect(links.settings("calendar"), "You have no calendar link to revoke.", "info")
    return redirect(
        links.settings("calendar"), "Your calendar link is revoked. It no longer shows your meetings to anyone."
    )
