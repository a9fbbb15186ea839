"""Scheduling: one-off meetings and series in local wall-clock time, edits of one meeting or the
following ones, cancellations (with notices), and keeping series stored six months ahead."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, InvalidInput
from app.groups.models import Group
from app.groups.service import require_facilitator
from app.meetings import recurrence
from app.meetings.answers import fill_free_seats
from app.meetings.finding import local_when, localize, meeting_for_facilitator
from app.meetings.models import Meeting, MeetingSeries, MeetingStatus, Rsvp, RsvpStatus
from app.meetings.schemas import EditScope, MeetingCreate, MeetingUpdate
from app.notifications import service as notifications
from app.timezones import zone_label
from app.webhooks import events as webhooks

HORIZON = timedelta(days=180)
# How many of a group's latest meetings say when it usually meets.
USUAL_SAMPLE = 12
DEFAULT_START = time(18, 30)
# Fields that, when they change, make calendar apps replace the event.
_CALENDAR_FIELDS = {"title", "starts_at", "duration_minutes", "timezone", "location", "online_url", "agenda"}


# --- scheduling ---------------------------------------------------------------------------------


class StartsInThePast(InvalidInput):
    """A start on a day gone by: a slip more often than a record of a meeting that happened, so the
    facilitator (or API client) says which it is."""

    def __init__(self, starts_at: datetime, timezone: str) -> None:
        local = recurrence.local_naive(starts_at, timezone)
        message = (
            f"This meeting's date is in the past ({local:%b %-d, %Y at %-I:%M %p} {zone_label(timezone)} time)."
            ' Check the date; to schedule it anyway, as a record of a meeting that happened, send "allow_past": true.'
        )
        super().__init__(message, field_errors={"starts_at": message})


async def create_meeting(
    session: AsyncSession, actor: Account, group: Group, data: MeetingCreate, *, refuse_past: bool = False
) -> Meeting:
    """One meeting, or a series whose occurrences are stored as meetings for the next six months.
    Pages and the API refuse a start in the past unless it was confirmed (`refuse_past`); the demo
    data schedules past meetings on purpose."""
    await require_facilitator(session, actor, group)
    timezone = data.timezone or group.timezone
    starts_at = localize(data.starts_at, timezone)
    # A day gone by, not an hour: a meeting scheduled as it begins (for its kiosk) is no slip.
    if (
        refuse_past
        and recurrence.local_naive(starts_at, timezone).date() < recurrence.local_naive(utcnow(), timezone).date()
    ):
        raise StartsInThePast(starts_at, timezone)
    fields = {
        "title": data.title,
        "duration_minutes": data.duration_minutes,
        "timezone": timezone,
        "location": data.location or ("" if data.online_url else group.default_location),
        "online_url": data.online_url,
        "agenda": data.agenda,
        "capacity": data.capacity,
    }
    if not data.recurrence:
        meeting = Meeting(group_id=group.id, starts_at=starts_at, created_by_account_id=actor.id, **fields)
        session.add(meeting)
        await session.flush()
        audit.record(session, actor, "meeting.scheduled", group_id=group.id, target=str(meeting.public_id))
        await webhooks.emit(session, group, "meeting.created", webhooks.meeting(meeting))
        return meeting
    try:
        rule = recurrence.validate_rule(data.recurrence, starts_at, timezone)
    except ValueError as error:
        raise _invalid("recurrence", str(error)) from None
    series = MeetingSeries(
        group_id=group.id,
        rrule=rule,
        starts_at=starts_at,
        timezone=timezone,
        generated_until=starts_at,
        created_by_account_id=actor.id,
    )
    session.add(series)
    await session.flush()
    meetings = await _generate(session, series, fields, until=max(utcnow(), starts_at) + HORIZON)
    audit.record(
        session,
        actor,
        "meeting.series_scheduled",
        group_id=group.id,
        target=str(series.public_id),
        rule=rule,
        meetings=len(meetings),
    )
    await webhooks.emit(session, group, "meeting.created", [webhooks.meeting(each) for each in meetings])
    return meetings[0]


async def usual_start(session: AsyncSession, group: Group, now: datetime | None = None) -> datetime:
    """Where a new meeting's form starts (local wall-clock time in the group's zone): the next day on
    the weekday the group usually meets, at its usual time; a week from today when it has not met."""
    now = now or utcnow()
    starts = (
        (
            await session.execute(
                select(Meeting.starts_at)
                .where(Meeting.group_id == group.id, Meeting.status == MeetingStatus.scheduled)
                .order_by(Meeting.starts_at.desc())
                .limit(USUAL_SAMPLE)
            )
        )
        .scalars()
        .all()
    )
    local_now = recurrence.local_naive(now, group.timezone)
    if not starts:
        return datetime.combine(local_now.date() + timedelta(days=7), DEFAULT_START)
    local_starts = [recurrence.local_naive(start, group.timezone) for start in starts]
    # The most common weekday, then its most common time; a tie goes to the most recent (listed first).
    weekday = Counter(start.weekday() for start in local_starts).most_common(1)[0][0]
    at = Counter(start.time() for start in local_starts if start.weekday() == weekday).most_common(1)[0][0]
    day: date = local_now.date() + timedelta(days=(weekday - local_now.weekday()) % 7)
    if datetime.combine(day, at) <= local_now:
        day += timedelta(days=7)
    return datetime.combine(day, at)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={field: message})


async def _generate(
    session: AsyncSession, series: MeetingSeries, fields: dict[str, Any], until: datetime
) -> list[Meeting]:
    starts = recurrence.occurrences(series.rrule, series.starts_at, series.timezone, series.generated_until, until)
    meetings = [
        Meeting(
            group_id=series.group_id,
            series_id=series.id,
            occurrence_starts_at=start,
            starts_at=start,
            created_by_account_id=series.created_by_account_id,
            **fields,
        )
        for start in starts
    ]
    session.add_all(meetings)
    series.generated_until = until
    await session.flush()
    return meetings


async def extend_series(session: AsyncSession, now: datetime | None = None) -> int:
    """Stores the next occurrences of every series whose stored meetings run out within the horizon
    (the worker calls this; returns how many meetings were added)."""
    until = (now or utcnow()) + HORIZON
    added = 0
    for series in (await session.execute(select(MeetingSeries).where(MeetingSeries.generated_until < until))).scalars():
        template = (
            await session.execute(
                select(Meeting).where(Meeting.series_id == series.id).order_by(Meeting.starts_at.desc()).limit(1)
            )
        ).scalar_one_or_none()
        if template is None:
            continue
        fields = {
            name: getattr(template, name)
            for name in ("title", "duration_minutes", "timezone", "location", "online_url", "agenda", "capacity")
        }
        meetings = await _generate(session, series, fields, until)
        if meetings:  # integrations that keep a calendar hear of the new occurrences too
            group = await session.get_one(Group, series.group_id)
            await webhooks.emit(session, group, "meeting.created", [webhooks.meeting(each) for each in meetings])
        added += len(meetings)
    return added


async def update_meeting(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, data: MeetingUpdate) -> Meeting:
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    changes = data.model_dump(exclude_unset=True, exclude={"scope"})
    if "title" in changes and not changes["title"]:
        raise _invalid("title", "Please fill this in.")
    # Only the online address and the capacity can be cleared; a null elsewhere is a mistake.
    empty = {
        name: "This cannot be empty."
        for name, value in changes.items()
        if value is None and name not in ("online_url", "capacity")
    }
    if empty:
        raise InvalidInput("Some fields cannot be empty.", field_errors=empty)
    targets = [meeting]
    if data.scope == EditScope.following and meeting.series_id is not None:
        targets = list(
            (
                await session.execute(
                    select(Meeting)
                    .where(
                        Meeting.series_id == meeting.series_id,
                        Meeting.starts_at >= meeting.starts_at,
                        Meeting.status == MeetingStatus.scheduled,
                    )
                    .order_by(Meeting.starts_at)
                )
            ).scalars()
        )
    shift: timedelta | None = None
    if "starts_at" in changes or "timezone" in changes:
        timezone = changes.get("timezone") or meeting.timezone
        new_start = localize(changes["starts_at"], timezone) if changes.get("starts_at") else meeting.starts_at
        # Following meetings move by the same wall-clock amount, so a weekly 18:30 becomes a weekly 19:00.
        shift = recurrence.local_naive(new_start, timezone) - recurrence.local_naive(
            meeting.starts_at, meeting.timezone
        )
        changes.pop("starts_at", None)
    for target in targets:
        old_local_start = recurrence.local_naive(target.starts_at, target.timezone)
        changed = False
        for name, value in changes.items():
            if getattr(target, name) != value:
                setattr(target, name, value)
                changed = changed or name in _CALENDAR_FIELDS
        if shift is not None:
            target.starts_at = recurrence.to_utc(old_local_start + shift, target.timezone)
            changed = True
        if changed:
            target.sequence += 1
        if shift is not None and target.starts_at > utcnow():
            target.reminders_queued_at = None  # moved: remind again for the new time
        if "capacity" in changes:
            await fill_free_seats(session, target, group)
    await session.flush()
    fields = sorted(changes) + (["starts_at"] if shift else [])
    audit.record(
        session,
        actor,
        "meeting.updated",
        group_id=group.id,
        target=str(meeting.public_id),
        scope=data.scope.value,
        meetings=len(targets),
        fields=fields,
    )
    await webhooks.emit(session, group, "meeting.updated", [webhooks.meeting(each, changed=fields) for each in targets])
    return meeting


async def cancel_meeting(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID, scope: EditScope = EditScope.this
) -> list[Meeting]:
    """Cancels the meeting (or it and the series' later ones) and tells everyone who meant to come."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting is already cancelled.")
    targets = [meeting]
    if scope == EditScope.following and meeting.series_id is not None:
        targets = list(
            (
                await session.execute(
                    select(Meeting).where(
                        Meeting.series_id == meeting.series_id,
                        Meeting.starts_at >= meeting.starts_at,
                        Meeting.status == MeetingStatus.scheduled,
                    )
                )
            ).scalars()
        )
        series = await session.get_one(MeetingSeries, meeting.series_id)
        series.rrule = recurrence.end_before(series.rrule, meeting.starts_at, series.timezone)
        series.generated_until = meeting.starts_at
    now = utcnow()
    for target in targets:
        target.status, target.cancelled_at, target.sequence = MeetingStatus.cancelled, now, target.sequence + 1
    await session.flush()
    await _tell_cancelled(session, group, targets)
    audit.record(
        session,
        actor,
        "meeting.cancelled",
        group_id=group.id,
        target=str(meeting.public_id),
        scope=scope.value,
        meetings=len(targets),
    )
    await webhooks.emit(session, group, "meeting.cancelled", [webhooks.meeting(each) for each in targets])
    return targets


async def _tell_cancelled(session: AsyncSession, group: Group, meetings: list[Meeting]) -> None:
    by_id = {meeting.id: meeting for meeting in meetings if meeting.starts_at > utcnow()}
    if not by_id:
        return
    rows = await session.execute(
        select(Rsvp.meeting_id, Account.email, Account.display_name)
        .join(Account, Account.id == Rsvp.account_id)
        .where(
            Rsvp.meeting_id.in_(list(by_id)),
            Rsvp.status.in_([RsvpStatus.going, RsvpStatus.waitlisted, RsvpStatus.maybe]),
        )
    )
    for meeting_id, email, name in rows:
        meeting = by_id[meeting_id]
        await notifications.queue_email(
            session,
            to=email,
            template="meeting_cancelled",
            context={
                "name": name,
                "group": group.name,
                "meeting": meeting,
                "when": local_when(meeting),
                "group_link": links.absolute(links.group(group.slug, "meetings")),
            },
        )
