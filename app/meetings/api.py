from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from app import links
from app.accounts.models import Account
from app.db import DbSession
from app.deps import ApiReader, ApiWriter
from app.errors import problem_responses
from app.groups import service as groups
from app.groups.models import Group
from app.meetings import service
from app.meetings.models import CheckInMethod, Rsvp
from app.meetings.recurrence import local_naive
from app.meetings.schemas import (
    AttendanceOut,
    AttendedMeetingOut,
    CheckInIn,
    EditScope,
    MeetingCreate,
    MeetingOut,
    MeetingUpdate,
    RsvpIn,
    RsvpOut,
    WalkIn,
)
from app.members import invitations
from app.members.api import invitation_out
from app.members.schemas import WalkInOut
from app.pagination import Page, Pages

router = APIRouter(tags=["meetings"])


def rsvp_out(meeting_public_id: uuid.UUID, account: Account, rsvp: Rsvp, position: int | None) -> RsvpOut:
    return RsvpOut(
        meeting_id=meeting_public_id,
        person_id=account.public_id,
        name=account.display_name,
        answer=rsvp.answer,
        status=rsvp.status,
        waitlist_position=position,
        updated_at=rsvp.updated_at,
    )


def meeting_out(
    view: service.MeetingView, group: Group, viewer: Account, series_public_id: uuid.UUID | None = None
) -> MeetingOut:
    meeting = view.meeting
    return MeetingOut(
        id=meeting.public_id,
        group_id=group.public_id,
        series_id=series_public_id,
        recurrence=view.series_rule,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=service.ends_at(meeting),
        local_starts_at=local_naive(meeting.starts_at, meeting.timezone).isoformat(),
        duration_minutes=meeting.duration_minutes,
        timezone=meeting.timezone,
        location=meeting.location,
        online_url=meeting.online_url,
        agenda=meeting.agenda,
        capacity=meeting.capacity,
        status=meeting.status,
        going=view.going,
        waitlisted=view.waitlisted,
        my_rsvp=rsvp_out(meeting.public_id, viewer, view.my_rsvp, view.waitlist_position) if view.my_rsvp else None,
    )


async def _one(session: DbSession, account: Account, meeting_id: uuid.UUID) -> MeetingOut:
    meeting, group, _ = await service.meeting_for_member(session, account, meeting_id)
    view = await service.meeting_view(session, account, meeting)
    return meeting_out(view, group, account, await service.series_public_id(session, meeting))


@router.get(
    "/groups/{group_id}/meetings",
    response_model=Page[MeetingOut],
    summary="The group's meetings: upcoming soonest first, or past ones latest first",
)
async def list_meetings(
    session: DbSession,
    account: ApiReader,
    group_id: uuid.UUID,
    pages: Pages,
    past: Annotated[bool, Query(description="Past meetings instead of upcoming ones.")] = False,
) -> Page[MeetingOut]:
    group = await groups.get_group(session, group_id)
    result = await service.list_meetings(session, account, group, pages.params, past=past)
    series = await service.series_public_ids(session, [view.meeting for view in result.items])
    return pages.page(
        [meeting_out(view, group, account, series.get(view.meeting.series_id or 0)) for view in result.items],
        result.next_cursor,
    )


@router.post(
    "/groups/{group_id}/meetings",
    response_model=MeetingOut,
    status_code=201,
    summary="Schedule a meeting, or a series with `recurrence` (facilitators)",
)
async def create_meeting(
    session: DbSession, account: ApiWriter, group_id: uuid.UUID, data: MeetingCreate, response: Response
) -> MeetingOut:
    group = await groups.get_group(session, group_id)
    meeting = await service.create_meeting(session, account, group, data, refuse_past=not data.allow_past)
    response.headers["Location"] = links.api("meetings", meeting.public_id)
    return await _one(session, account, meeting.public_id)


@router.get("/meetings/{meeting_id}", response_model=MeetingOut, summary="One meeting, with your answer")
async def get_meeting(session: DbSession, account: ApiReader, meeting_id: uuid.UUID) -> MeetingOut:
    return await _one(session, account, meeting_id)


@router.patch(
    "/meetings/{meeting_id}",
    response_model=MeetingOut,
    summary="Change a meeting; `scope: following` changes the series' later meetings too",
)
async def update_meeting(
    session: DbSession, account: ApiWriter, meeting_id: uuid.UUID, data: MeetingUpdate
) -> MeetingOut:
    await service.update_meeting(session, account, meeting_id, data)
    return await _one(session, account, meeting_id)


@router.post(
    "/meetings/{meeting_id}/cancel",
    response_model=MeetingOut,
    summary="Cancel a meeting (or it and the series' later ones); tells those who meant to come",
)
async def cancel_meeting(
    session: DbSession,
    account: ApiWriter,
    meeting_id: uuid.UUID,
    scope: Annotated[EditScope, Body(embed=True)] = EditScope.this,
) -> MeetingOut:
    await service.cancel_meeting(session, account, meeting_id, scope)
    return await _one(session, account, meeting_id)


@router.put(
    "/meetings/{meeting_id}/rsvp",
    response_model=RsvpOut,
    summary="Your answer: going, maybe or not_going; going to a full meeting joins the waitlist",
    responses=problem_responses(409, s409="The meeting was cancelled or is over: it takes no answers."),
)
async def rsvp(session: DbSession, account: ApiWriter, meeting_id: uuid.UUID, data: RsvpIn) -> RsvpOut:
    answer, position = await service.answer(session, account, meeting_id, data.answer)
    return rsvp_out(meeting_id, account, answer, position)


@router.get(
    "/meetings/{meeting_id}/rsvps",
    response_model=Page[RsvpOut],
    summary="Everyone's answers: going, the waitlist in order, then the rest (facilitators)",
)
async def rsvps(session: DbSession, account: ApiReader, meeting_id: uuid.UUID) -> Page[RsvpOut]:
    meeting, _, answers = await service.answers(session, account, meeting_id)
    return Page[RsvpOut](items=[rsvp_out(meeting.public_id, a.account, a.rsvp, a.waitlist_position) for a in answers])


def _attendance_out(meeting_id: uuid.UUID, attendee: service.Attendee) -> AttendanceOut:
    assert attendee.attendance is not None
    return AttendanceOut(
        meeting_id=meeting_id,
        person_id=attendee.account.public_id,
        name=attendee.account.display_name,
        checked_in_at=attendee.attendance.checked_in_at,
        method=attendee.attendance.method,
        first_time=attendee.first_time,
    )


@router.get(
    "/meetings/{meeting_id}/attendance",
    response_model=Page[AttendanceOut],
    summary="Who was checked in, in order of arrival (facilitators)",
)
async def attendance(session: DbSession, account: ApiReader, meeting_id: uuid.UUID) -> Page[AttendanceOut]:
    meeting, attendees = await service.attendance_list(session, account, meeting_id)
    return Page[AttendanceOut](items=[_attendance_out(meeting.public_id, a) for a in attendees])


@router.post(
    "/meetings/{meeting_id}/check-ins",
    response_model=AttendanceOut,
    status_code=201,
    summary="Check a member in (facilitators); checking in twice keeps the first time",
)
async def check_in(session: DbSession, account: ApiWriter, meeting_id: uuid.UUID, data: CheckInIn) -> AttendanceOut:
    await service.check_in(session, account, meeting_id, data.person_id, CheckInMethod.api)
    meeting, attendees = await service.attendance_list(session, account, meeting_id)
    return _attendance_out(meeting.public_id, next(a for a in attendees if a.account.public_id == data.person_id))


@router.delete(
    "/meetings/{meeting_id}/check-ins/{person_id}",
    status_code=204,
    summary="Undo a check-in made by mistake (facilitators)",
)
async def undo_check_in(
    session: DbSession, account: ApiWriter, meeting_id: uuid.UUID, person_id: uuid.UUID
) -> Response:
    await service.undo_check_in(session, account, meeting_id, person_id)
    return Response(status_code=204)


@router.post(
    "/meetings/{meeting_id}/walk-ins",
    response_model=WalkInOut,
    status_code=201,
    summary="Someone at the door by name and email (facilitators)",
    description="A member of the group is checked in. Anyone else is recorded as this meeting's guest "
    "and emailed an invitation to join, which they can accept at once on their phone; they "
    "join (and count as present) only if they accept. The answer is the same whether or not "
    "the address has an account.",
)
async def walk_in(session: DbSession, account: ApiWriter, meeting_id: uuid.UUID, data: WalkIn) -> WalkInOut:
    arrival = await invitations.walk_in(session, account, meeting_id, data.display_name, data.email)
    if arrival.invitation is not None:
        meeting, _ = await service.meeting_for_facilitator(session, account, meeting_id)
        row = invitations.InvitationRow(
            arrival.invitation, arrival.invitation.status(arrival.invitation.created_at), meeting
        )
        return WalkInOut(outcome="invited", invitation=invitation_out(row))
    assert arrival.checked_in is not None
    meeting, attendees = await service.attendance_list(session, account, meeting_id)
    person_id = arrival.checked_in.id
    return WalkInOut(
        outcome="checked_in",
        attendance=_attendance_out(meeting.public_id, next(a for a in attendees if a.account.id == person_id)),
    )


@router.get(
    "/groups/{group_id}/people/{person_id}/attendance",
    response_model=Page[AttendedMeetingOut],
    summary="The meetings of the group a person was checked in at, latest first (the person and facilitators)",
)
async def attendance_history(
    session: DbSession,
    account: ApiReader,
    group_id: uuid.UUID,
    person_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=200, description="How many, 1 to 200.")] = 50,
) -> Page[AttendedMeetingOut]:
    group = await groups.get_group(session, group_id)
    attended = await service.attendance_history(session, account, group, person_id, limit)
    return Page[AttendedMeetingOut](
        items=[
            AttendedMeetingOut(
                meeting_id=item.meeting.public_id,
                title=item.meeting.title,
                starts_at=item.meeting.starts_at,
                status=item.meeting.status,
                checked_in_at=item.attendance.checked_in_at,
                method=item.attendance.method,
            )
            for item in attended
        ]
    )
