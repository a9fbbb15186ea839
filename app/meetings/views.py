from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession, utcnow
from app.deps import CurrentAccount, csrf_protect, optional_account
from app.errors import RuleBroken
from app.groups import service as groups
from app.groups.models import Group, Role
from app.meetings import recurrence, service
from app.meetings.models import Meeting
from app.meetings.recurrence import Repeat, local_naive, repeat_choices
from app.meetings.schemas import EditScope, MeetingCreate, MeetingForm, MeetingUpdate, RsvpIn
from app.pagination import PageParams
from app.timezones import grouped_zones, zone_label
from app.web import Form, empty_form, parse_form, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

PAST_DATE = "This date is in the past — schedule it anyway?"


@router.get("/g/{slug}/meetings")
async def meetings(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    slug: str,
    past: bool = False,
    cursor: str | None = None,
) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    page = await service.list_meetings(session, account, group, PageParams(limit=20, cursor=cursor), past=past)
    membership = await groups.membership_of(session, account, group)
    return render(
        request,
        "meetings/index.html",
        {
            "group": group,
            "page": page,
            "past": past,
            "first_page": cursor is None,
            "facilitates": membership is not None and membership.role == Role.facilitator,
        },
    )


def _form_context(
    group: Group, form: Form, meeting: Meeting | None = None, in_series: bool = False, confirm_past: bool = False
) -> dict[str, Any]:
    try:
        day: date | None = date.fromisoformat(str(form.values.get("date", "")))
    except ValueError:
        day = None
    zones = grouped_zones(first=group.timezone)
    chosen = str(form.values.get("timezone") or "")
    if chosen and all(chosen != name for _, names in zones for name, _ in names):  # an old name, kept as it is
        zones[0][1].append((chosen, zone_label(chosen)))
    return {
        "group": group,
        "form": form,
        "meeting": meeting,
        "in_series": in_series,
        "repeat_options": repeat_choices(day),
        "timezone_groups": zones,
        "confirm_past": confirm_past,
    }


@router.get("/g/{slug}/meetings/new")
async def new_meeting_page(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    await groups.require_facilitator(session, account, group)
    start = await service.usual_start(session, group)
    form = empty_form(
        {
            "date": start.date().isoformat(),
            "time": start.strftime("%H:%M"),
            "duration_minutes": "90",
            "timezone": group.timezone,
            "location": group.default_location,
            "repeat": Repeat.never.value,
            "ends": "never",
        }
    )
    return render(request, "meetings/form.html", _form_context(group, form))


def _create_data(form: MeetingForm) -> MeetingCreate:
    starts_at = recurrence.combine(form.date, form.time, form.timezone)
    rule = recurrence.rule_for(
        form.repeat,
        starts_at,
        form.timezone,
        count=form.count if form.ends == "after" else None,
        until=form.until if form.ends == "on" else None,
        custom=form.custom_rule,
    )
    return MeetingCreate(
        title=form.title,
        starts_at=starts_at,
        duration_minutes=form.duration_minutes,
        timezone=form.timezone,
        location=form.location,
        online_url=form.online_url,
        agenda=form.agenda,
        capacity=form.capacity,
        recurrence=rule,
    )


@router.post("/g/{slug}/meetings/new")
async def create_meeting(request: Request, session: DbSession, account: CurrentAccount, slug: str) -> Response:
    group = await groups.get_group_by_slug(session, slug)
    await groups.require_facilitator(session, account, group)
    form = await parse_form(request, MeetingForm)
    confirm_past = False
    if form.data is not None:
        try:
            meeting = await service.create_meeting(
                session, account, group, _create_data(form.data), refuse_past=not form.data.confirm_past
            )
        except ValueError as error:  # a custom rule that does not parse
            form.add_errors({"custom_rule": str(error)})
        except service.StartsInThePast:
            confirm_past = True
            form.add_errors({"date": PAST_DATE})
        except RuleBroken as error:
            form.add_errors(error.on_field("title", {"recurrence": "custom_rule", "starts_at": "date"}))
        else:
            message = (
                "The meeting is scheduled."
                if form.data.repeat == Repeat.never
                else "The series is scheduled; its meetings are listed on the group's meetings page."
            )
            return redirect(links.meeting(meeting.public_id), message)
    return render(request, "meetings/form.html", _form_context(group, form, confirm_past=confirm_past), status_code=422)


@router.get("/meetings/{meeting_id}")
async def meeting_page(
    request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID
) -> Response:
    meeting, group, membership = await service.meeting_for_member(session, account, meeting_id)
    view = await service.meeting_view(session, account, meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "group": group,
            "view": view,
            "meeting": meeting,
            "facilitates": membership.role == Role.facilitator,
            "local_start": local_naive(meeting.starts_at, meeting.timezone),
            "local_end": local_naive(service.ends_at(meeting), meeting.timezone),
            "repeats": recurrence.describe(view.series_rule, meeting.starts_at, meeting.timezone)
            if view.series_rule
            else None,
            "is_over": service.ends_at(meeting) < utcnow(),
        },
    )


@router.post("/meetings/{meeting_id}/rsvp")
async def rsvp(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    form = await parse_form(request, RsvpIn)
    if form.data is None:
        return redirect(links.meeting(meeting_id), "Please choose going, maybe or not going.", "error")
    try:
        answer, position = await service.answer(session, account, meeting_id, form.data.answer)
    except RuleBroken as error:
        return redirect(links.meeting(meeting_id), error.detail, "info")
    messages = {
        "going": "You are going. See you there!",
        "waitlisted": f"The meeting is full, so you are on the waitlist (number {position}). "
        "We will email you as soon as a seat opens up.",
        "maybe": "Noted: maybe. Change your answer any time.",
        "not_going": "Noted: not this time. Thank you for letting us know.",
    }
    return redirect(links.meeting(meeting_id), messages[answer.status.value])


def _edit_values(meeting: Meeting) -> dict[str, Any]:
    local = local_naive(meeting.starts_at, meeting.timezone)
    return {
        "title": meeting.title,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "duration_minutes": str(meeting.duration_minutes),
        "timezone": meeting.timezone,
        "location": meeting.location,
        "online_url": meeting.online_url or "",
        "agenda": meeting.agenda,
        "capacity": "" if meeting.capacity is None else str(meeting.capacity),
        "scope": EditScope.this.value,
    }


@router.get("/meetings/{meeting_id}/edit")
async def edit_page(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    meeting, group = await service.meeting_for_facilitator(session, account, meeting_id)
    return render(
        request,
        "meetings/form.html",
        _form_context(group, empty_form(_edit_values(meeting)), meeting, meeting.series_id is not None),
    )


@router.post("/meetings/{meeting_id}/edit")
async def edit(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    meeting, group = await service.meeting_for_facilitator(session, account, meeting_id)
    form = await parse_form(request, MeetingForm)
    if form.data is not None:
        data = form.data
        update = MeetingUpdate(
            title=data.title,
            starts_at=recurrence.combine(data.date, data.time, data.timezone),
            duration_minutes=data.duration_minutes,
            timezone=data.timezone,
            location=data.location,
            online_url=data.online_url,
            agenda=data.agenda,
            capacity=data.capacity,
            scope=data.scope,
        )
        await service.update_meeting(session, account, meeting_id, update)
        which = (
            "this meeting and the following ones"
            if data.scope == EditScope.following and meeting.series_id
            else "the meeting"
        )
        return redirect(links.meeting(meeting_id), f"Saved changes to {which}.")
    return render(
        request,
        "meetings/form.html",
        _form_context(group, form, meeting, meeting.series_id is not None),
        status_code=422,
    )


@router.get("/meetings/{meeting_id}/cancel")
async def cancel_page(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    meeting, group = await service.meeting_for_facilitator(session, account, meeting_id)
    view = await service.meeting_view(session, account, meeting)
    return render(
        request,
        "meetings/cancel.html",
        {"group": group, "meeting": meeting, "view": view, "when": service.local_when(meeting)},
    )


@router.post("/meetings/{meeting_id}/cancel")
async def cancel(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    form = await request.form()
    scope = EditScope.following if form.get("scope") == EditScope.following.value else EditScope.this
    try:
        cancelled = await service.cancel_meeting(session, account, meeting_id, scope)
    except RuleBroken as error:
        return redirect(links.meeting(meeting_id), error.detail, "info")
    count = len(cancelled)
    return redirect(
        links.meeting(meeting_id),
        "The meeting is cancelled; we are telling everyone who meant to come."
        if count == 1
        else f"{count} meetings are cancelled; we are telling everyone who meant to come.",
    )


@router.get("/meetings/{meeting_id}/answers")
async def answers(request: Request, session: DbSession, account: CurrentAccount, meeting_id: uuid.UUID) -> Response:
    meeting, group, people = await service.answers(session, account, meeting_id)
    return render(
        request,
        "meetings/answers.html",
        {"group": group, "meeting": meeting, "people": people, "when": service.local_when(meeting)},
    )
