"""Check-in at the door and attendance: by a facilitator, at the kiosk or by the member (QR code),
first-timers, the roster and each person's history."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.errors import Conflict, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.groups.service import require_active_member
from app.meetings import recurrence
from app.meetings.finding import ends_at, meeting_for_facilitator, meeting_for_member
from app.meetings.models import Attendance, CheckInMethod, Meeting, MeetingStatus, Rsvp, RsvpStatus
from app.timezones import zone_label
from app.webhooks import events as webhooks

# --- when check-in is open ------------------------------------------------------------------------

# Check-in opens Group.check_in_opens_hours_before the start and closes a day after it: late enough
# for a facilitator to enter the paper roster the next morning, and never days early, when a tap
# would count as attendance (and make a first-timer) for a meeting nobody has been to yet.
CHECK_IN_CLOSES_AFTER_START = timedelta(hours=24)
# Checking oneself in (the QR code) happens at the door, so it closes sooner.
SELF_CHECK_IN_CLOSES_AFTER_END = timedelta(hours=3)


class CheckInState(enum.StrEnum):
    not_yet = "not_yet"
    open = "open"
    closed = "closed"


@dataclass(frozen=True)
class CheckInWindow:
    opens: datetime
    closes: datetime
    hours_before: int
    timezone: str
    # The member's own window (QR code), which closes a few hours after the meeting ends.
    self_service: bool = False

    def state(self, now: datetime) -> CheckInState:
        if now < self.opens:
            return CheckInState.not_yet
        return CheckInState.open if now <= self.closes else CheckInState.closed

    def _local(self, moment: datetime, now: datetime) -> str:
        local = recurrence.local_naive(moment, self.timezone)
        day = f"{local:%A, %B %-d}" + (f", {local.year}" if local.year != now.year else "")
        return f"{local:%-I:%M %p} on {day} ({zone_label(self.timezone)} time)"

    def problem(self, now: datetime) -> str | None:
        """Why nobody can be checked in now, for the person trying; None while check-in is open."""
        state = self.state(now)
        if state == CheckInState.not_yet:
            hours = "1 hour" if self.hours_before == 1 else f"{self.hours_before} hours"
            return (
                f"It is too early to check in: check-in opens at {self._local(self.opens, now)}, "
                f"{hours} before the meeting starts."
            )
        if state == CheckInState.closed and self.self_service:
            return (
                f"Checking in from your phone closed at {self._local(self.closes, now)}, "
                "three hours after the meeting ended."
            )
        if state == CheckInState.closed:
            return (
                f"Check-in for this meeting closed at {self._local(self.closes, now)}, a day after it started, "
                "so its attendance is settled."
            )
        return None


def check_in_window(meeting: Meeting, group: Group, *, self_service: bool = False) -> CheckInWindow:
    opens = meeting.starts_at - timedelta(hours=group.check_in_opens_hours_before)
    closes = meeting.starts_at + CHECK_IN_CLOSES_AFTER_START
    if self_service:
        closes = min(closes, ends_at(meeting) + SELF_CHECK_IN_CLOSES_AFTER_END)
    return CheckInWindow(opens, closes, group.check_in_opens_hours_before, meeting.timezone, self_service)


def require_check_in_open(meeting: Meeting, group: Group, *, self_service: bool = False) -> None:
    problem = check_in_window(meeting, group, self_service=self_service).problem(utcnow())
    if problem is not None:
        raise Conflict(problem)


# --- check-in and attendance -------------------------------------------------------------------


@dataclass
class Attendee:
    account: Account
    attendance: Attendance | None
    rsvp_status: RsvpStatus | None
    first_time: bool
    headline: str = ""
    looking_for: str = ""
    photo_id: uuid.UUID | None = None  # a photo any member may see (the roster and badges are shown around)


async def check_in(
    session: AsyncSession,
    actor: Account,
    meeting_id: uuid.UUID,
    person_id: uuid.UUID,
    method: CheckInMethod = CheckInMethod.roster,
) -> Attendance:
    """A facilitator checks someone in while check-in is open (again is fine: the first check-in stands)."""
    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    require_check_in_open(meeting, group)
    person = (
        await session.execute(
            select(Account)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Account.public_id == person_id,
                Membership.group_id == group.id,
                Membership.status.in_([MembershipStatus.active, MembershipStatus.pending]),
            )
        )
    ).scalar_one_or_none()
    if person is None:
        raise NotFound("This person is not a member of the group.")
    return await record_arrival(session, meeting, group, person, method, actor=actor)


async def check_in_self(
    session: AsyncSession, account: Account, meeting_id: uuid.UUID, method: CheckInMethod
) -> tuple[Meeting, Attendance]:
    """A member checks themself in (QR code), only around the meeting's time."""
    meeting, group, _ = await meeting_for_member(session, account, meeting_id)
    if meeting.status == MeetingStatus.cancelled:
        raise Conflict("This meeting was cancelled.")
    require_check_in_open(meeting, group, self_service=True)
    return meeting, await record_arrival(session, meeting, group, account, method)


async def record_arrival(
    session: AsyncSession,
    meeting: Meeting,
    group: Group,
    person: Account,
    method: CheckInMethod,
    *,
    actor: Account | None = None,
    at: datetime | None = None,
) -> Attendance:
    """Notes that the person came (callers check who may); a second arrival changes nothing.
    `at` is when they came, if not now (a walk-in who accepted their invitation later)."""
    existing = (
        await session.execute(
            select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.account_id == person.id)
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    attendance = Attendance(
        meeting_id=meeting.id,
        account_id=person.id,
        method=method,
        checked_in_by_account_id=actor.id if actor else None,
        checked_in_at=at or utcnow(),
    )
    session.add(attendance)
    await session.flush()
    await webhooks.emit(session, group, "attendance.checked_in", webhooks.checked_in(meeting, person, attendance))
    return attendance


async def undo_check_in(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, person_id: uuid.UUID) -> None:
    meeting, _ = await meeting_for_facilitator(session, actor, meeting_id)
    attendance = (
        await session.execute(
            select(Attendance)
            .join(Account, Account.id == Attendance.account_id)
            .where(Attendance.meeting_id == meeting.id, Account.public_id == person_id)
        )
    ).scalar_one_or_none()
    if attendance is not None:
        await session.delete(attendance)
        await session.flush()


async def _first_timers(session: AsyncSession, meeting: Meeting, account_ids: list[int]) -> set[int]:
    """Who, among these people, has never been checked in at an earlier meeting of this group."""
    if not account_ids:
        return set()
    veterans = set(
        (
            await session.execute(
                select(Attendance.account_id)
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(
                    Meeting.group_id == meeting.group_id,
                    Meeting.starts_at < meeting.starts_at,
                    Attendance.account_id.in_(account_ids),
                )
                .distinct()
            )
        ).scalars()
    )
    return set(account_ids) - veterans


async def roster(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> tuple[Meeting, Group, list[Attendee]]:
    """Everyone expected or present (facilitators): those checked in, in the order they arrived,
    then those who said they would come, with first-timers marked. A fixed number of statements."""
    from app.photos.service import shown_photo_id
    from app.profiles.models import Profile

    meeting, group = await meeting_for_facilitator(session, actor, meeting_id)
    attended = (
        await session.execute(
            select(Attendance, Account, Profile.headline, Profile.looking_for, shown_photo_id())
            .join(Account, Account.id == Attendance.account_id)
            .outerjoin(Profile, Profile.account_id == Account.id)
            .where(Attendance.meeting_id == meeting.id)
            .order_by(Attendance.checked_in_at, Attendance.id)
        )
    ).all()
    present = {account.id for _, account, *_ in attended}
    expected = (
        await session.execute(
            select(Rsvp.status, Account, Profile.headline, Profile.looking_for, shown_photo_id())
            .join(Account, Account.id == Rsvp.account_id)
            .outerjoin(Profile, Profile.account_id == Account.id)
            .where(
                Rsvp.meeting_id == meeting.id,
                Rsvp.status.in_([RsvpStatus.going, RsvpStatus.maybe, RsvpStatus.waitlisted]),
            )
            .order_by(Rsvp.status, func.lower(Account.display_name))
        )
    ).all()
    statuses = {account.id: status for status, account, *_ in expected}
    everyone = [account.id for _, account, *_ in attended] + [account.id for _, account, *_ in expected]
    first = await _first_timers(session, meeting, everyone)
    people = [
        Attendee(
            account, attendance, statuses.get(account.id), account.id in first, headline or "", looking or "", photo
        )
        for attendance, account, headline, looking, photo in attended
    ]
    people += [
        Attendee(account, None, status, account.id in first, headline or "", looking or "", photo)
        for status, account, headline, looking, photo in expected
        if account.id not in present
    ]
    return meeting, group, people


async def attendance_list(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID
) -> tuple[Meeting, list[Attendee]]:
    meeting, _, people = await roster(session, actor, meeting_id)
    return meeting, [person for person in people if person.attendance is not None]


@dataclass
class AttendedMeeting:
    meeting: Meeting
    attendance: Attendance


async def attendance_history(
    session: AsyncSession, viewer: Account, group: Group, person_id: uuid.UUID, limit: int = 50
) -> list[AttendedMeeting]:
    """The meetings of this group a person came to, latest first: for the person and facilitators."""
    membership = await require_active_member(session, viewer, group)
    if viewer.public_id != person_id and membership.role != Role.facilitator:
        raise NotFound("Only the person and the group's facilitators see their attendance.")
    rows = await session.execute(
        select(Meeting, Attendance)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Account, Account.id == Attendance.account_id)
        .where(Meeting.group_id == group.id, Account.public_id == person_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    )
    return [AttendedMeeting(meeting, attendance) for meeting, attendance in rows.all()]
