"""Meetings: what pages and the API list, and every meetings function in one place to import from.

The rules live by concern: finding.py (who may see a meeting), scheduling.py, answers.py (capacity
and the waitlist) and attendance.py (check-in); they are re-exported here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group
from app.groups.service import require_active_member
from app.meetings.answers import Answer, answer, answers, waitlist_position, withdraw_from_future_meetings
from app.meetings.attendance import (
    AttendedMeeting,
    Attendee,
    CheckInState,
    CheckInWindow,
    attendance_history,
    attendance_list,
    check_in,
    check_in_self,
    check_in_window,
    record_arrival,
    require_check_in_open,
    roster,
    undo_check_in,
)
from app.meetings.finding import (
    MEETING_NOT_FOUND,
    ends_at,
    local_when,
    localize,
    meeting_for_facilitator,
    meeting_for_member,
)
from app.meetings.models import Meeting, MeetingSeries, MeetingStatus, Rsvp, RsvpStatus
from app.meetings.scheduling import (
    HORIZON,
    StartsInThePast,
    cancel_meeting,
    create_meeting,
    extend_series,
    update_meeting,
    usual_start,
)
from app.pagination import Keyset, PageParams

__all__ = [
    "HORIZON",
    "MEETING_NOT_FOUND",
    "Answer",
    "AttendedMeeting",
    "Attendee",
    "CheckInState",
    "CheckInWindow",
    "MeetingPage",
    "MeetingView",
    "StartsInThePast",
    "answer",
    "answers",
    "attendance_history",
    "attendance_list",
    "cancel_meeting",
    "check_in",
    "check_in_self",
    "check_in_window",
    "create_meeting",
    "ends_at",
    "extend_series",
    "list_meetings",
    "local_when",
    "localize",
    "meeting_for_facilitator",
    "meeting_for_member",
    "meeting_view",
    "next_meeting",
    "record_arrival",
    "require_check_in_open",
    "roster",
    "series_public_id",
    "series_public_ids",
    "undo_check_in",
    "update_meeting",
    "usual_start",
    "waitlist_position",
    "withdraw_from_future_meetings",
]

LATEST_FIRST = Keyset(Meeting.starts_at, Meeting.public_id)
SOONEST_FIRST = Keyset(Meeting.starts_at, Meeting.public_id, descending=False)


@dataclass
class MeetingView:
    meeting: Meeting
    going: int
    waitlisted: int
    my_rsvp: Rsvp | None
    series_rule: str | None
    waitlist_position: int | None = None


async def _counts(session: AsyncSession, meeting_ids: list[int]) -> dict[int, dict[RsvpStatus, int]]:
    counts: dict[int, dict[RsvpStatus, int]] = {meeting_id: {} for meeting_id in meeting_ids}
    if meeting_ids:
        rows = await session.execute(
            select(Rsvp.meeting_id, Rsvp.status, func.count())
            .where(Rsvp.meeting_id.in_(meeting_ids))
            .group_by(Rsvp.meeting_id, Rsvp.status)
        )
        for meeting_id, status, count in rows:
            counts[meeting_id][status] = count
    return counts


async def _views(session: AsyncSession, viewer: Account, meetings: list[Meeting]) -> list[MeetingView]:
    """Counts, the viewer's own answers and the series rules for many meetings in three statements."""
    ids = [meeting.id for meeting in meetings]
    counts = await _counts(session, ids)
    mine: dict[int, Rsvp] = {}
    rules: dict[int, str] = {}
    if ids:
        mine = {
            rsvp.meeting_id: rsvp
            for rsvp in (
                await session.execute(select(Rsvp).where(Rsvp.meeting_id.in_(ids), Rsvp.account_id == viewer.id))
            ).scalars()
        }
        series_ids = {meeting.series_id for meeting in meetings if meeting.series_id}
        if series_ids:
            rules = dict(
                (
                    await session.execute(
                        select(MeetingSeries.id, MeetingSeries.rrule).where(MeetingSeries.id.in_(series_ids))
                    )
                ).all()
            )
    return [
        MeetingView(
            meeting,
            counts[meeting.id].get(RsvpStatus.going, 0),
            counts[meeting.id].get(RsvpStatus.waitlisted, 0),
            mine.get(meeting.id),
            rules.get(meeting.series_id) if meeting.series_id else None,
        )
        for meeting in meetings
    ]


async def meeting_view(session: AsyncSession, viewer: Account, meeting: Meeting) -> MeetingView:
    [view] = await _views(session, viewer, [meeting])
    if view.my_rsvp is not None and view.my_rsvp.status == RsvpStatus.waitlisted:
        view.waitlist_position = await waitlist_position(session, view.my_rsvp)
    return view


@dataclass
class MeetingPage:
    items: list[MeetingView]
    next_cursor: str | None


async def list_meetings(
    session: AsyncSession, viewer: Account, group: Group, page: PageParams, *, past: bool = False
) -> MeetingPage:
    """Upcoming meetings soonest first (or past ones, latest first), for the group's members."""
    await require_active_member(session, viewer, group)
    now = utcnow()
    statement = select(Meeting).where(Meeting.group_id == group.id)
    if past:
        order = LATEST_FIRST
        statement = statement.where(Meeting.starts_at < now)
    else:
        # A meeting in progress still counts as upcoming until it ends (3 hours at most).
        order = SOONEST_FIRST
        statement = statement.where(Meeting.starts_at >= now - timedelta(hours=3))
    found = list((await session.execute(order.apply(statement, page))).scalars())
    meetings, next_cursor = order.cut(found, page, lambda meeting: (meeting.starts_at, meeting.public_id))
    return MeetingPage(await _views(session, viewer, meetings), next_cursor)


async def series_public_id(session: AsyncSession, meeting: Meeting) -> uuid.UUID | None:
    return (await series_public_ids(session, [meeting])).get(meeting.series_id or 0)


async def series_public_ids(session: AsyncSession, meetings: list[Meeting]) -> dict[int, uuid.UUID]:
    ids = {meeting.series_id for meeting in meetings if meeting.series_id}
    if not ids:
        return {}
    return dict(
        (
            await session.execute(select(MeetingSeries.id, MeetingSeries.public_id).where(MeetingSeries.id.in_(ids)))
        ).all()
    )


_NEXT_MEETING = (
    select(Meeting)
    .where(
        Meeting.group_id == bindparam("group_id"),
        Meeting.status == MeetingStatus.scheduled,
        Meeting.starts_at >= bindparam("started_after"),
    )
    .order_by(Meeting.starts_at)
    .limit(1)
)


async def next_meeting(session: AsyncSession, group: Group) -> Meeting | None:
    """The group's next scheduled meeting that has not ended, for welcome pages."""
    parameters = {"group_id": group.id, "started_after": utcnow() - timedelta(hours=2)}
    return (await session.execute(_NEXT_MEETING, parameters)).scalar_one_or_none()
