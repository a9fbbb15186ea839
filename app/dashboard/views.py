from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.dashboard import service
from app.dashboard.schemas import CheckInEmail, RadarSettings, Snooze
from app.db import DbSession
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.groups import service as groups
from app.meetings.recurrence import local_naive
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])


@router.get("/g/{slug}/manage")
async def dashboard(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    radar_all = request.query_params.get("radar") == "all"
    overview = await service.overview(session, account, group, radar_shown=None if radar_all else service.RADAR_SHOWN)
    meeting = overview.next_meeting
    return render(
        request,
        "dashboard/index.html",
        {
            "group": group,
            "o": overview,
            "radar_shown": service.RADAR_SHOWN,
            "radar_all": radar_all,
            # Split here, not by template filters: the radar may notice hundreds.
            "noticed": [person for person in overview.radar if person.snoozed_until is None],
            "set_aside": [person for person in overview.radar if person.snoozed_until is not None],
            "meeting_start": local_naive(meeting.starts_at, meeting.timezone) if meeting else None,
        },
    )


async def _check_in_page(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    person_id: uuid.UUID,
    form: Form | None,
    about: str,
    status_code: int = 200,
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    person = await service.check_in_recipient(session, account, group, person_id)
    if form is None:
        draft = service.check_in_draft(account, group, person, about)
        form = empty_form({"subject": draft.subject, "body": draft.body})
    return render(
        request,
        "dashboard/check_in.html",
        {"group": group, "person": person, "form": form, "about": about},
        status_code=status_code,
    )


@router.get("/g/{slug}/manage/check-in/{person_id}")
async def check_in_page(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID, about: str = ""
) -> Response:
    return await _check_in_page(request, session, account, slug, person_id, None, about)


@router.post("/g/{slug}/manage/check-in/{person_id}")
async def send_check_in(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    form = await parse_form(request, CheckInEmail)
    if form.data is None:
        return await _check_in_page(
            request, session, account, slug, person_id, form, str(form.values.get("about", "")), status_code=422
        )
    group = await groups.get_group_by_slug(session, slug)
    person = await service.send_check_in(
        session, account, group, person_id, form.data, about=str(form.values.get("about", ""))
    )
    return redirect(links.group(group.slug, "manage"), f"Your note to {person.display_name} is on its way.")


@router.post("/g/{slug}/manage/radar/{person_id}/snooze")
async def snooze(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, Snooze)
    if form.data is None:
        await service.check_in_recipient(session, account, group, person_id)
        problem = (
            form.errors.get("reason")
            and "Please say why, for the other facilitators."
            or next(iter(form.errors.values()))
        )
        return redirect(links.group(group.slug, "manage") + f"#radar-{person_id}", f"Not set aside: {problem}", "error")
    person = await service.snooze(session, account, group, person_id, form.data)
    return redirect(
        links.group(group.slug, "manage") + "#radar-title",
        f"{person.display_name} is set aside for {form.data.days} days; the other facilitators see why.",
    )


@router.post("/g/{slug}/manage/radar/{person_id}/wake")
async def wake(
    request: Request, session: DbSession, account: CurrentAccount, slug: str, person_id: uuid.UUID
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    person = await service.wake(session, account, group, person_id)
    return redirect(
        links.group(group.slug, "manage") + f"#radar-{person_id}", f"{person.display_name} is back on the radar."
    )


def _settings_values(group: object) -> dict[str, object]:
    return {name: getattr(group, name) for name in RadarSettings.model_fields}


@router.get("/g/{slug}/manage/settings")
async def settings_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    await groups.require_facilitator(session, account, group)
    return render(request, "dashboard/settings.html", {"group": group, "form": empty_form(_settings_values(group))})


@router.post("/g/{slug}/manage/settings")
async def save_settings(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    form = await parse_form(request, RadarSettings)
    if form.data is None:
        await groups.require_facilitator(session, account, group)
        return render(request, "dashboard/settings.html", {"group": group, "form": form}, status_code=422)
    await service.update_settings(session, account, group, form.data)
    return redirect(links.group(group.slug, "manage"), "The group's settings are saved.")
