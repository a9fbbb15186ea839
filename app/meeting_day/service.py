"""The meeting day: what the door (roster, kiosk, QR code) and the room (badges, the round of
introductions) need, built on the meetings service's rules. A fixed number of statements per page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, Membership, MembershipStatus
from app.meetings import service as meetings
from app.meetings.models import Attendance, CheckInMethod, Meeting, Rsvp, RsvpStatus
from app.meetings.service import Attendee
from app.members.invitations import InvitationRow, guests_of
from app.photos.service import shown_photo_id

KIOSK_LIST_LIMIT = 150
FIND_LIMIT = 20
_EXPECTED = (RsvpStatus.going, RsvpStatus.maybe, RsvpStatus.waitlisted)


@dataclass
class RosterCounts:
    checked_in: int
    going: int
    maybe: int
    waitlisted: int
    first_timers: int


def roster_counts(people: list[Attendee]) -> RosterCounts:
    return RosterCounts(
        checked_in=sum(1 for person in people if person.attendance is not None),
        going=sum(1 for person in people if person.rsvp_status == RsvpStatus.going),
        maybe=sum(1 for person in people if person.rsvp_status == RsvpStatus.maybe),
        waitlisted=sum(1 for person in people if person.rsvp_status == RsvpStatus.waitlisted),
        first_timers=sum(1 for person in people if person.first_time),
    )


@dataclass
class DoorPerson:
    """Someone in the group as the door sees them: a name, their photo if members may see it, and
    whether they are in (nothing else, because the kiosk is seen by everyone who walks past it)."""

    person_id: uuid.UUID
    name: str
    expected: bool
    checked_in: bool
    photo_id: uuid.UUID | None = None


@dataclass
class DoorList:
    people: list[DoorPerson]
    # More people matched than are shown; the page asks to search by name.
    more: bool


def _name_contains(term: str) -> ColumnElement[bool]:
    escaped = term.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return func.lower(Account.display_name).like(f"%{escaped}%", escape="/")


async def _door_list(session: AsyncSession, meeting: Meeting, group: Group, search: str, limit: int) -> DoorList:
    """Active members (those expected first), alphabetically, filtered by name: one statement."""
    expected = Rsvp.status.in_(_EXPECTED)
    statement = (
        select(Account.public_id, Account.display_name, Rsvp.status, Attendance.id, shown_photo_id())
        .join(Membership, and_(Membership.account_id == Account.id, Membership.group_id == group.id))
        .outerjoin(Rsvp, and_(Rsvp.account_id == Account.id, Rsvp.meeting_id == meeting.id))
        .outerjoin(Attendance, and_(Attendance.account_id == Account.id, Attendance.meeting_id == meeting.id))
        .where(Membership.status == MembershipStatus.active, Account.deleted_at.is_(None))
        .order_by(case((expected, 0), else_=1), func.lower(Account.display_name), Account.id)
        .limit(limit + 1)
    )
    term = " ".join(search.split())
    if term:
        statement = statement.where(_name_contains(term))
    rows = (await session.execute(statement)).all()
    people = [
        DoorPerson(person_id, name, status in _EXPECTED, attendance_id is not None, photo_id)
        for person_id, name, status, attendance_id, photo_id in rows[:limit]
    ]
    return DoorList(people, more=len(rows) > limit)


# --- facilitators' pages -----------------------------------------------------------------------


@dataclass
class RosterPage:
    meeting: Meeting
    group: Group
    people: list[Attendee]
    counts: RosterCounts
    # Walk-ins who are not members (yet): what the facilitator typed, and their answer.
    guests: list[InvitationRow]
    # Members found by name (someone who did not answer but came); None when nobody searched.
    found: DoorList | None = None
    # Why nobody can be checked in now (too early, or closed); None while check-in is open.
    check_in_problem: str | None = None


def _check_in_problem(meeting: Meeting, group: Group, *, self_service: bool = False) -> str | None:
    return meetings.check_in_window(meeting, group, self_service=self_service).problem(utcnow())


async def roster_page(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, find: str = "") -> RosterPage:
    meeting, group, people = await meetings.roster(session, actor, meeting_id)
    found = await _door_list(session, meeting, group, find, FIND_LIMIT) if find.strip() else None
    guests = await guests_of(session, meeting)
    return RosterPage(meeting, group, people, roster_counts(people), guests, found, _check_in_problem(meeting, group))


@dataclass
class IntroductionRound:
    meeting: Meeting
    group: Group
    people: list[Attendee]
    # Nobody is checked in yet, so the round shows who said they would come.
    from_expected: bool


async def introduction_round(session: AsyncSession, actor: Account, meeting_id: uuid.UUID) -> IntroductionRound:
    """Those checked in, in the order they arrived; before anyone arrives, those expected."""
    meeting, group, people = await meetings.roster(session, actor, meeting_id)
    present = [person for person in people if person.attendance is not None]
    if present:
        return IntroductionRound(meeting, group, present, from_expected=False)
    return IntroductionRound(meeting, group, people, from_expected=True)


@dataclass
class Kiosk:
    meeting: Meeting
    group: Group
    listing: DoorList
    check_in_problem: str | None = None


async def kiosk(session: AsyncSession, actor: Account, meeting_id: uuid.UUID, search: str = "") -> Kiosk:
    meeting, group = await meetings.meeting_for_facilitator(session, actor, meeting_id)
    listing = await _door_list(session, meeting, group, search, KIOSK_LIST_LIMIT)
    return Kiosk(meeting, group, listing, _check_in_problem(meeting, group))


async def check_in(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID, person_id: uuid.UUID, method: CheckInMethod
) -> Account:
    """Checks the person in (a second time changes nothing) and returns them, for the greeting."""
    attendance = await meetings.check_in(session, actor, meeting_id, person_id, method)
    # check_in loaded the person already: this comes from the session, not the database.
    return await session.get_one(Account, attendance.account_id)


async def undo_check_in(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID, person_id: uuid.UUID
) -> Account | None:
    """Undoes a mistaken check-in; returns the person (when they are in the meeting's group), for the message."""
    await meetings.undo_check_in(session, actor, meeting_id, person_id)
    return (
        await session.execute(
            select(Account)
            .join(Membership, Membership.account_id == Account.id)
            .join(Meeting, Meeting.group_id == Membership.group_id)
            .where(Account.public_id == person_id, Meeting.public_id == meeting_id)
        )
    ).scalar_one_or_none()


async def meeting_for_facilitator(
    session: AsyncSession, actor: Account, meeting_id: uuid.UUID
) -> tuple[Meeting, Group]:
    return await meetings.meeting_for_facilitator(session, actor, meeting_id)


# --- members checking themselves in ------------------------------------------------------------


@dataclass
class SelfCheckIn:
    meeting: Meeting
    group: Group
    attendance: Attendance | None
    check_in_problem: str | None = None


async def self_check_in_status(session: AsyncSession, account: Account, meeting_id: uuid.UUID) -> SelfCheckIn:
    meeting, group, _ = await meetings.meeting_for_member(session, account, meeting_id)
    attendance = (
        await session.execute(
            select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.account_id == account.id)
        )
    ).scalar_one_or_none()
    return SelfCheckIn(meeting, group, attendance, _check_in_problem(meeting, group, self_service=True))


async def check_in_self(session: AsyncSession, account: Account, meeting_id: uuid.UUID) -> Meeting:
    meeting, _ = await meetings.check_in_self(session, account, meeting_id, CheckInMethod.qr)
    return meeting
