"""Meetings: scheduling (one-off and recurring), answers with capacity and a waitlist, check-ins."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.config import get_settings
from app.db import utcnow
from app.errors import BadRequest, Conflict, InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_active_member, require_facilitator
from app.meetings import recurrence
from app.meetings.models import (Attendance, CheckInMethod, Meeting, MeetingSeries, MeetingStatus, Rsvp,
                                 RsvpAnswer, RsvpStatus)
from app.meetings.schemas import EditScope, MeetingCreate, MeetingUpdate
from app.notifications import service as notifications
from app.pagination import PageParams, decode_cursor, encode_cursor
from app.webhooks import events as webhooks

HORIZON = timedelta(days=180)
MEETING_NOT_FOUND = "There is no such meeting, or it belongs to a group you are not part of."
# Fields that, when they change, make calendar apps replace the event.
_CALENDAR_FIELDS = {"title", "starts_at", "duration_minutes", "timezone", "location", "online_url", "agenda"}


def ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.duration_minutes)


def _localize(starts_at: datetime, timezone: str) -> datetime:
    """Naive start times are wall-clock times in the meeting's time zone."""
    return recurrence.to_utc(starts_at, timezone) if starts_at.tzinfo is None else starts_at.astimezone(recurrence.UTC)


# --- finding meetings ---------------------------------------------------------------------------

async def _meeting_and_group(session: AsyncSession, meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    row = (await session.execute(select(Meeting, Group).join(Group, Group.id == Meeting.group_id)
                                 .where(Meeting.public_id == meeting_id))).one_or_none()
    if row is None:
        raise NotFound(MEETING_NOT_FOUND)
    return row[0], row[1]


async def meeting_for_member(session: AsyncSession, viewer: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group, Membership]:
    """The meeting, its group and the viewer's membership; outsiders get the same 404 as for nothing."""
    meeting, group = await _meeting_and_group(session, meeting_id)
    try:
        membership = await require_active_member(session, viewer, group)
    except NotFound:
        raise NotFound(MEETING_NOT_FOUND) from None
    return meeting, group, membership


async def meeting_for_facilitator(session: AsyncSession, viewer: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group]:
    meeting, group, _ = await meeting_for_member(session, viewer, meeting_id)
    await require_facilitator(session, viewer, group)
    return meeting, group


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
        rows = await session.execute(select(Rsvp.meeting_id, Rsvp.status, func.count())
                                     .where(Rsvp.meeting_id.in_(meeting_ids)).group_by(Rsvp.meeting_id, Rsvp.status))
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
        mine = {rsvp.meeting_id: rsvp for rsvp in (await session.execute(
            select(Rsvp).where(Rsvp.meeting_id.in_(ids), Rsvp.account_id == viewer.id))).scalars()}
        series_ids = {meeting.series_id for meeting in meetings if meeting.series_id}
        if series_ids:
            rules = dict((await session.execute(select(MeetingSeries.id, MeetingSeries.rrule)
                                                .where(MeetingSeries.id.in_(series_ids)))).all())
    return [MeetingView(meeting, counts[meeting.id].get(RsvpStatus.going, 0),
                        counts[meeting.id].get(RsvpStatus.waitlisted, 0), mine.get(meeting.id),
                        rules.get(meeting.series_id) if meeting.series_id else None)
            for meeting in meetings]


async def meeting_view(session: AsyncSession, viewer: Account, meeting: Meeting) -> MeetingView:
    [view] = await _views(session, viewer, [meeting])
    if view.my_rsvp is not None and view.my_rsvp.status == RsvpStatus.waitlisted:
        view.waitlist_position = await waitlist_position(session, view.my_rsvp)
    return view


@dataclass
class MeetingPage:
    items: list[MeetingView]
    next_cursor: str | None


async def list_meetings(session: AsyncSession, viewer: Account, group: Group, page: PageParams, *,
                        past: bool = False) -> MeetingPage:
    """Upcoming meetings soonest first (or past ones, latest first), for the group's members."""
    await require_active_member(session, viewer, group)
    now = utcnow()
    statement = select(Meeting).where(Meeting.group_id == group.id).limit(page.limit + 1)
    if past:
        statement = statement.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    else:
        # A meeting in progress still counts as upcoming until it ends (3 hours at most).
        statement = statement.where(Meeting.starts_at >= now - timedelta(hours=3)).order_by(Meeting.starts_at, Meeting.id)
    if page.cursor:
        starts, public_id = decode_cursor(page.cursor, 2)
        try:
            moment, after_id = datetime.fromisoformat(starts), uuid.UUID(public_id)
        except (TypeError, ValueError):
            raise BadRequest("This cursor is not valid. Start again from the first page, without a cursor.") from None
        anchor = (await session.execute(select(Meeting.id).where(Meeting.public_id == after_id))).scalar_one_or_none() or 0
        if past:
            statement = statement.where(or_(Meeting.starts_at < moment, and_(Meeting.starts_at == moment, Meeting.id < anchor)))
        else:
            statement = statement.where(or_(Meeting.starts_at > moment, and_(Meeting.starts_at == moment, Meeting.id > anchor)))
    meetings = list((await session.execute(statement)).scalars())
    next_cursor = None
    if len(meetings) > page.limit:
        meetings = meetings[: page.limit]
        next_cursor = encode_cursor(meetings[-1].starts_at.isoformat(), str(meetings[-1].public_id))
    return MeetingPage(await _views(session, viewer, meetings), next_cursor)


# --- scheduling ---------------------------------------------------------------------------------

async def create_meeting(session: AsyncSession, actor: Account, group: Group, data: MeetingCreate) -> Meeting:
    """One meeting, or a series whose occurrences are stored as meetings for the next six months."""
    await require_facilitator(session, actor, group)
    timezone = data.timezone or group.timezone
    starts_at = _localize(data.starts_at, timezone)
    fields = {"title": data.title, "duration_minutes": data.duration_minutes, "timezone": timezone,
              "location": data.location or ("" if data.online_url else group.default_location),
              "online_url": data.online_url, "agenda": data.agenda, "capacity": data.capacity}
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
    series = MeetingSeries(group_id=group.id, rrule=rule, starts_at=starts_at, timezone=timezone,
                           generated_until=starts_at, created_by_account_id=actor.id)
    session.add(series)
    await session.flush()
    meetings = await _generate(session, series, fields, until=max(utcnow(), starts_at) + HORIZON)
    audit.record(session, actor, "meeting.series_scheduled", group_id=group.id, target=str(series.public_id),
                 rule=rule, meetings=len(meetings))
    await webhooks.emit(session, group, "meeting.created", [webhooks.meeting(each) for each in meetings])
    return meetings[0]


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, field_errors={field: message})


async def _generate(session: AsyncSession, series: MeetingSeries, fields: dict[str, Any], until: datetime) -> list[Meeting]:
    starts = recurrence.occurrences(series.rrule, series.starts_at, series.timezone, series.generated_until, until)
    meetings = [Meeting(group_id=series.group_id, series_id=series.id, occurrence_starts_at=start, starts_at=start,
                        created_by_account_id=series.created_by_account_id, **fields) for start in starts]
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
        template = (await session.execute(select(Meeting).where(Meeting.series_id == series.id)
                                          .order_by(Meeting.starts_at.desc()).limit(1))).scalar_one_or_none()
        if template is None:
            continue
        fields = {name: getattr(template, name) for name in
                  ("title", "duration_minutes", "timezone", "location", "online_url", "agenda", "capacity")}
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
    empty = {name: "This cannot be empty." for name, value in changes.items()
             if value is None and name not in ("online_url", "capacity")}
    if empty:
        raise InvalidInput("Some fields cannot be empty.", field_errors=empty)
    targets = [meeting]
    if data.scope == EditScope.following and meeting.series_id is not None:
        targets = list((await session.execute(
            select(Meeting).where(Meeting.series_id == meeting.series_id, Meeting.starts_at >= meeting.starts_at,
                                  Meeting.status == MeetingStatus.scheduled)
            .order_by(Meeting.starts_at))).scalars())
    shift: timedelta | None = None
    if "starts_at" in changes or "timezone" in changes:
        timezone = changes.get("timezone") or meeting.timezone
        new_start = _localize(changes["starts_at"], timezone) if changes.get("starts_at") else meeting.starts_at
        # Following meetings move by the same wall-clock amount, so a weekly 18:30 becomes a weekly 19:00.
        shift = recurrence.local_naive(new_start, timezone) - recurrence.local_naive(meeting.starts_at, meeting.timezone)
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
            await _fill_free_seats(session, target, group)
    await session.flush()
    fields = sorted(changes) + (["starts_at"] if shift else [])
    audit.record(session, actor, "meeting.updated", group_id=group.id, target=str(meeting.public_id),
                 scope=data.scope.value, meetings=len(targets), fields=fields)
    await webhooks.emit(session, group, "meeting.updated", [webhooks.meeting(each, changed=fields) for each in targets])
    return meeting


async def cancel_meeting(session: AsyncSession, actor: Account, meeting_id: uuid.UUID,
                         scope: EditScope = EditScope.this) -> list[Meeting]:
    """Cancels the meeting (or it and the series' later ones) and tells everyone who meant to come."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting is already cancelled.")
    targets = [meeting]
    if scope == EditScope.following and meeting.series_id is not None:
        targets = list((await session.execute(
            select(Meeting).where(Meeting.series_id == meeting.series_id, Meeting.starts_at >= meeting.starts_at,
                                  Meeting.status == MeetingStatus.scheduled))).scalars())
        series = await session.get_one(MeetingSeries, meeting.series_id)
        series.rrule = recurrence.end_before(series.rrule, meeting.starts_at, series.timezone)
        series.generated_until = meeting.starts_at
    now = utcnow()
    for target in targets:
        target.status, target.cancelled_at, target.sequence = MeetingStatus.cancelled, now, target.sequence + 1
    await session.flush()
    await _tell_cancelled(session, group, targets)
    audit.record(session, actor, "meeting.cancelled", group_id=group.id, target=str(meeting.public_id),
                 scope=scope.value, meetings=len(targets))
    await webhooks.emit(session, group, "meeting.cancelled", [webhooks.meeting(each) for each in targets])
    return targets


async def _tell_cancelled(session: AsyncSession, group: Group, meetings: list[Meeting]) -> None:
    by_id = {meeting.id: meeting for meeting in meetings if meeting.starts_at > utcnow()}
    if not by_id:
        return
    rows = await session.execute(
        select(Rsvp.meeting_id, Account.email, Account.display_name).join(Account, Account.id == Rsvp.account_id)
        .where(Rsvp.meeting_id.in_(list(by_id)), Rsvp.status.in_([RsvpStatus.going, RsvpStatus.waitlisted,
                                                                    RsvpStatus.maybe])))
    base = get_settings().public_base_url
    for meeting_id, email, name in rows:
        meeting = by_id[meeting_id]
        await notifications.queue_email(session, to=email, template="meeting_cancelled", context={
            "name": name, "group": group.name, "meeting": meeting, "when": local_when(meeting),
            "group_link": f"{base}/g/{group.slug}/meetings"})


def local_when(meeting: Meeting) -> str:
    local = recurrence.local_naive(meeting.starts_at, meeting.timezone)
    return f"{local:%A, %B %-d, %Y at %-I:%M %p} ({meeting.timezone.replace('_', ' ')})"


# --- answers, capacity and the waitlist ----------------------------------------------------------

async def _locked(session: AsyncSession, meeting: Meeting) -> Meeting:
    """The meeting row locked for this transaction: answers to one meeting are decided one at a time
    (PostgreSQL row lock; on SQLite the writing transaction already holds the database's write lock)."""
    statement = select(Meeting).where(Meeting.id == meeting.id).with_for_update().execution_options(populate_existing=True)
    return (await session.execute(statement)).scalar_one()


async def _going_count(session: AsyncSession, meeting: Meeting) -> int:
    return (await session.execute(select(func.count()).select_from(Rsvp).where(
        Rsvp.meeting_id == meeting.id, Rsvp.status == RsvpStatus.going))).scalar_one()


async def waitlist_position(session: AsyncSession, rsvp: Rsvp) -> int:
    ahead = (await session.execute(select(func.count()).select_from(Rsvp).where(
        Rsvp.meeting_id == rsvp.meeting_id, Rsvp.status == RsvpStatus.waitlisted,
        or_(Rsvp.waitlisted_at < rsvp.waitlisted_at,
            and_(Rsvp.waitlisted_at == rsvp.waitlisted_at, Rsvp.id < rsvp.id))))).scalar_one()
    return ahead + 1


async def answer(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, reply: RsvpAnswer) -> tuple[Rsvp, int | None]:
    """Records the member's answer; "going" to a full meeting joins the waitlist. Returns the answer
    and, when waitlisted, the position."""
    meeting, group, _ = await meeting_for_member(session, actor, meeting_id)
    meeting = await _locked(session, meeting)
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting was cancelled, so it takes no answers.")
    if ends_at(meeting) < utcnow():
        raise Conflict("This meeting is over, so it takes no answers.")
    rsvp = (await session.execute(select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.account_id == actor.id)
                                  .execution_options(populate_existing=True))).scalar_one_or_none()
    was_going = rsvp is not None and rsvp.status == RsvpStatus.going
    if rsvp is None:
        rsvp = Rsvp(meeting_id=meeting.id, account_id=actor.id, answer=reply, status=RsvpStatus.not_going)
        session.add(rsvp)
    rsvp.answer = reply
    if reply == RsvpAnswer.going:
        if rsvp.status not in (RsvpStatus.going, RsvpStatus.waitlisted):
            if meeting.capacity is None or await _going_count(session, meeting) < meeting.capacity:
                rsvp.status, rsvp.waitlisted_at = RsvpStatus.going, None
            else:
                rsvp.status, rsvp.waitlisted_at = RsvpStatus.waitlisted, utcnow()
    else:
        rsvp.status, rsvp.waitlisted_at = RsvpStatus(reply.value), None
    rsvp.updated_at = utcnow()
    await session.flush()
    await webhooks.emit(session, group, "rsvp.changed", webhooks.rsvp(meeting, actor, rsvp))
    if was_going and rsvp.status != RsvpStatus.going:
        await _fill_free_seats(session, meeting, group)
    position = await waitlist_position(session, rsvp) if rsvp.status == RsvpStatus.waitlisted else None
    return rsvp, position


async def _fill_free_seats(session: AsyncSession, meeting: Meeting, group: Group) -> None:
    """Promotes the longest-waiting people while there are free seats, and tells them by email."""
    if meeting.status == MeetingStatus.cancelled:
        return
    free = None if meeting.capacity is None else meeting.capacity - await _going_count(session, meeting)
    statement = (select(Rsvp, Account).join(Account, Account.id == Rsvp.account_id)
                 .where(Rsvp.meeting_id == meeting.id, Rsvp.status == RsvpStatus.waitlisted)
                 .order_by(Rsvp.waitlisted_at, Rsvp.id))
    if free is not None:
        if free <= 0:
            return
        statement = statement.limit(free)
    base = get_settings().public_base_url
    promoted = (await session.execute(statement)).all()
    for rsvp, person in promoted:
        rsvp.status, rsvp.waitlisted_at, rsvp.updated_at = RsvpStatus.going, None, utcnow()
        await notifications.queue_email(session, to=person.email, template="waitlist_promoted", context={
            "name": person.display_name, "group": group.name, "meeting": meeting, "when": local_when(meeting),
            "link": f"{base}/meetings/{meeting.public_id}"})
    await webhooks.emit(session, group, "rsvp.changed", [webhooks.rsvp(meeting, person, rsvp) for rsvp, person in promoted])
    await session.flush()


@dataclass
class Answer:
    rsvp: Rsvp
    account: Account
    waitlist_position: int | None


async def answers(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group, list[Answer]]:
    """Everyone's answers (facilitators): going first, then the waitlist in order, then the rest."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    rows = (await session.execute(
        select(Rsvp, Account).join(Account, Account.id == Rsvp.account_id).where(Rsvp.meeting_id == meeting.id)
        .order_by(Rsvp.status, Rsvp.waitlisted_at, func.lower(Account.display_name), Rsvp.id))).all()
    order = {RsvpStatus.going: 0, RsvpStatus.waitlisted: 1, RsvpStatus.maybe: 2, RsvpStatus.not_going: 3}
    result, position = [], 0
    for rsvp, account in sorted(rows, key=lambda row: order[row[0].status]):
        if rsvp.status == RsvpStatus.waitlisted:
            position += 1
        result.append(Answer(rsvp, account, position if rsvp.status == RsvpStatus.waitlisted else None))
    return meeting, group, result


# --- check-in and attendance -------------------------------------------------------------------

@dataclass
class Attendee:
    account: Account
    attendance: Attendance | None
    rsvp_status: RsvpStatus | None
    first_time: bool
    headline: str = ""
    looking_for: str = ""


async def check_in(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, person_id: uuid.UUID,
                   method: CheckInMethod = CheckInMethod.roster) -> Attendance:
    """A facilitator checks someone in (again is fine: the first check-in stands)."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    person = (await session.execute(
        select(Account).join(Membership, Membership.account_id == Account.id)
        .where(Account.public_id == person_id, Membership.group_id == group.id,
               Membership.status.in_([MembershipStatus.active, MembershipStatus.pending])))).scalar_one_or_none()
    if person is None:
        raise NotFound("This person is not a member of the group.")
    return await record_arrival(session, meeting, group, person, method, actor=actor)


async def check_in_self(session: AsyncSession, account: Account, meeting_id: uuid.UUID,
                        method: CheckInMethod) -> tuple[Meeting, Attendance]:
    """A member checks themself in (QR code), only around the meeting's time."""
    meeting, group, _ = await meeting_for_member(session, account, meeting_id)
    now = utcnow()
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting was cancelled.")
    if not meeting.starts_at - timedelta(hours=3) <= now <= ends_at(meeting) + timedelta(hours=3):
        raise Conflict("Check-in opens three hours before the meeting and closes three hours after it.")
    return meeting, await record_arrival(session, meeting, group, account, method)


async def record_arrival(session: AsyncSession, meeting: Meeting, group: Group, person: Account,
                         method: CheckInMethod, *, actor: Account | None = None,
                         at: datetime | None = None) -> Attendance:
    """Notes that the person came (callers check who may); a second arrival changes nothing.
    `at` is when they came, if not now (a walk-in who accepted their invitation later)."""
    existing = (await session.execute(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                               Attendance.account_id == person.id))).scalar_one_or_none()
    if existing is not None:
        return existing
    attendance = Attendance(meeting_id=meeting.id, account_id=person.id, method=method,
                            checked_in_by_account_id=actor.id if actor else None, checked_in_at=at or utcnow())
    session.add(attendance)
    await session.flush()
    await webhooks.emit(session, group, "attendance.checked_in", webhooks.checked_in(meeting, person, attendance))
    return attendance


async def undo_check_in(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, person_id: uuid.UUID) -> None:
    meeting, _ = await meeting_for_facilitator(session, actor, meeting_id)
    attendance = (await session.execute(select(Attendance).join(Account, Account.id == Attendance.account_id)
                                        .where(Attendance.meeting_id == meeting.id, Account.public_id == person_id))).scalar_one_or_none()
    if attendance is not None:
        await session.delete(attendance)
        await session.flush()


async def _first_timers(session: AsyncSession, meeting: Meeting, account_ids: list[int]) -> set[int]:
    """Who, among these people, has never been checked in at an earlier meeting of this group."""
    if not account_ids:
        return set()
    veterans = set((await session.execute(
        select(Attendance.account_id).join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.group_id == meeting.group_id, Meeting.starts_at < meeting.starts_at,
               Attendance.account_id.in_(account_ids)).distinct())).scalars())
    return set(account_ids) - veterans


async def roster(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group, list[Attendee]]:
    """Everyone expected or present (facilitators): those checked in, in the order they arrived,
    then those who said they would come, with first-timers marked. A fixed number of statements."""
    from app.profiles.models import Profile

    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    attended = (await session.execute(
        select(Attendance, Account, Profile.headline, Profile.looking_for).join(Account, Account.id == Attendance.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id).where(Attendance.meeting_id == meeting.id)
        .order_by(Attendance.checked_in_at, Attendance.id))).all()
    present = {account.id for _, account, _, _ in attended}
    expected = (await session.execute(
        select(Rsvp.status, Account, Profile.headline, Profile.looking_for).join(Account, Account.id == Rsvp.account_id)
        .outerjoin(Profile, Profile.account_id == Account.id)
        .where(Rsvp.meeting_id == meeting.id, Rsvp.status.in_([RsvpStatus.going, RsvpStatus.maybe, RsvpStatus.waitlisted]))
        .order_by(Rsvp.status, func.lower(Account.display_name)))).all()
    statuses = {account.id: status for status, account, _, _ in expected}
    everyone = [account.id for _, account, _, _ in attended] + [account.id for _, account, _, _ in expected]
    first = await _first_timers(session, meeting, everyone)
    people = [Attendee(account, attendance, statuses.get(account.id), account.id in first, headline or "", looking or "")
              for attendance, account, headline, looking in attended]
    people += [Attendee(account, None, status, account.id in first, headline or "", looking or "")
               for status, account, headline, looking in expected if account.id not in present]
    return meeting, group, people


async def attendance_list(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> tuple[Meeting, list[Attendee]]:
    meeting, _, people = await roster(session, actor, meeting_id)
    return meeting, [person for person in people if person.attendance is not None]


@dataclass
class AttendedMeeting:
    meeting: Meeting
    attendance: Attendance


async def attendance_history(session: AsyncSession, viewer: Account, group: Group, person_id: uuid.UUID,
                             limit: int = 50) -> list[AttendedMeeting]:
    """The meetings of this group a person came to, latest first: for the person and facilitators."""
    membership = await require_active_member(session, viewer, group)
    if viewer.public_id != person_id and membership.role != Role.facilitator:
        raise NotFound("Only the person and the group's facilitators see their attendance.")
    rows = await session.execute(
        select(Meeting, Attendance).join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Account, Account.id == Attendance.account_id)
        .where(Meeting.group_id == group.id, Account.public_id == person_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(limit))
    return [AttendedMeeting(meeting, attendance) for meeting, attendance in rows.all()]


async def series_public_id(session: AsyncSession, meeting: Meeting) -> uuid.UUID | None:
    return (await series_public_ids(session, [meeting])).get(meeting.series_id or 0)


async def series_public_ids(session: AsyncSession, meetings: list[Meeting]) -> dict[int, uuid.UUID]:
    ids = {meeting.series_id for meeting in meetings if meeting.series_id}
    if not ids:
        return {}
    return dict((await session.execute(select(MeetingSeries.id, MeetingSeries.public_id)
                                       .where(MeetingSeries.id.in_(ids)))).all())


async def next_meeting(session: AsyncSession, group: Group) -> Meeting | None:
    """The group's next scheduled meeting that has not ended, for welcome pages."""
    statement = (select(Meeting).where(Meeting.group_id == group.id, Meeting.status == MeetingStatus.scheduled,
                                       Meeting.starts_at >= utcnow() - timedelta(hours=2))
                 .order_by(Meeting.starts_at).limit(1))
    return (await session.execute(statement)).scalar_one_or_none()


async def withdraw_from_future_meetings(session: AsyncSession, account: Account) -> None:
    """Someone leaves Between: their seats at meetings to come go to the people waiting for them."""
    rows = (await session.execute(
        select(Rsvp, Meeting, Group).join(Meeting, Meeting.id == Rsvp.meeting_id).join(Group, Group.id == Meeting.group_id)
        .where(Rsvp.account_id == account.id, Meeting.starts_at > utcnow()))).all()
    for rsvp, meeting, group in rows:
        was_going = rsvp.status == RsvpStatus.going
        await session.delete(rsvp)
        await session.flush()
        if was_going:
            await _fill_free_seats(session, await _locked(session, meeting), group)
