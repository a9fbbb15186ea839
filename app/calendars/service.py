"""Calendars: iCalendar documents for one meeting, a group's public feed and a person's private feed
of the meetings they are going to, and the secret, revocable addresses of those private feeds."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Event, Timezone, vDuration
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import links
from app.accounts.models import Account
from app.db import utcnow
from app.errors import NotFound
from app.groups.models import Group, Membership, MembershipStatus
from app.groups.service import get_group_by_slug
from app.meetings.models import CalendarFeed, Meeting, MeetingStatus, Rsvp, RsvpStatus
from app.meetings.service import ends_at, meeting_for_member
from app.security import hash_token, new_token

PRODID = "-//Between//Meetings//EN"
# Feeds show what is coming and what just happened (a calendar that forgets last week looks broken).
PAST_DAYS = 60
MOST_EVENTS = 500
REFRESH = timedelta(hours=1)
FEED_NOT_FOUND = (
    "There is no calendar at this address. The link may be mistyped, or it was replaced or "
    "revoked: create a new one in Settings → Calendar."
)


@dataclass(frozen=True)
class IcsFile:
    filename: str
    content: bytes


# --- documents ----------------------------------------------------------------------------------


def meeting_url(meeting: Meeting) -> str:
    return links.absolute(links.meeting(meeting.public_id))


def group_feed_url(group: Group) -> str:
    return links.absolute(links.group(group.slug, "calendar.ics"))


def personal_feed_url(token: str) -> str:
    return links.absolute(links.calendar_feed(token))


def webcal(url: str) -> str:
    """The same address for calendar apps, which open webcal:// links as subscriptions."""
    return "webcal://" + url.split("://", 1)[-1]


def _event(meeting: Meeting, group: Group, stamp: datetime, *, public: bool) -> Event:
    """One meeting as a VEVENT. Public events carry its time and place only: no agenda, no online
    link (which would let anyone into the call), and never who is coming."""
    zone = ZoneInfo(meeting.timezone)
    cancelled = meeting.status == MeetingStatus.cancelled
    summary = f"{meeting.title} — {group.name}"
    if public:
        location = meeting.location or ("Online" if meeting.online_url else "")
        url = links.absolute(links.group(group.slug))
        description = (
            f"A meeting of {group.name} on Between. Members find the details on the meeting page; "
            f"to join the group: {url}"
        )
    else:
        location = meeting.location or meeting.online_url or ""
        url = meeting_url(meeting)
        parts = [meeting.agenda.strip()] if meeting.agenda.strip() else []
        if meeting.online_url:
            parts.append(f"Join online: {meeting.online_url}")
        parts.append(f"Meeting page (and your answer): {url}")
        description = "\n\n".join(parts)
    return Event.new(
        uid=f"{meeting.public_id}@between",
        start=meeting.starts_at.astimezone(zone),
        end=ends_at(meeting).astimezone(zone),
        stamp=stamp,
        last_modified=meeting.updated_at,
        sequence=meeting.sequence,
        # Some apps show cancelled events instead of removing them; the title then says so.
        summary=f"Cancelled: {summary}" if cancelled else summary,
        location=location or None,
        url=url,
        description=description,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )


def _document(
    name: str,
    rows: Iterable[tuple[Meeting, Group]],
    *,
    uid: str,
    public: bool,
    timezone: str,
    description: str | None = None,
    feed: bool = True,
) -> bytes:
    """A METHOD:PUBLISH calendar with a VTIMEZONE for each zone its events use."""
    stamp = utcnow().replace(microsecond=0)
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        uid=uid,
        name=name,
        description=description,
        refresh_interval=REFRESH if feed else None,
    )
    calendar.add("X-WR-TIMEZONE", timezone)
    if feed:
        calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # Outlook's name for REFRESH-INTERVAL
    rows = list(rows)
    for meeting, group in rows:
        calendar.add_component(_event(meeting, group, stamp, public=public))
    if rows:
        # Transitions from a year before the first meeting to a year after the last: a few lines per
        # zone instead of every daylight-saving change since 1970.
        first = min(meeting.starts_at for meeting, _ in rows)
        last = max(ends_at(meeting) for meeting, _ in rows)
        calendar.add_missing_timezones(first_date=date(first.year - 1, 1, 1), last_date=date(last.year + 2, 1, 1))
    elif timezone != "UTC":
        # An empty calendar still needs one component to be valid; the group's zone is a useful one.
        today = utcnow().date()
        calendar.add_component(
            Timezone.from_tzid(timezone, first_date=date(today.year - 1, 1, 1), last_date=date(today.year + 2, 1, 1))
        )
    return calendar.to_ical()


def _filename(meeting: Meeting) -> str:
    local_day = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone)).date()
    slug = re.sub(r"[^a-z0-9]+", "-", meeting.title.lower()).strip("-")[:60].strip("-") or "meeting"
    return f"{slug}-{local_day.isoformat()}.ics"


# --- one meeting and the feeds ------------------------------------------------------------------


async def meeting_calendar(session: AsyncSession, viewer: Account, meeting_id: uuid.UUID) -> IcsFile:
    """One meeting with all its details, for the group's members."""
    meeting, group, _ = await meeting_for_member(session, viewer, meeting_id)
    content = _document(
        f"{meeting.title} — {group.name}",
        [(meeting, group)],
        uid=f"{meeting.public_id}-calendar@between",
        public=False,
        timezone=meeting.timezone,
        feed=False,
    )
    return IcsFile(_filename(meeting), content)


async def group_calendar(session: AsyncSession, slug: str) -> IcsFile:
    """The group's public feed: recent and upcoming meetings, their times and places only."""
    group = await get_group_by_slug(session, slug)
    meetings = (
        await session.execute(
            select(Meeting)
            .where(Meeting.group_id == group.id, Meeting.starts_at >= utcnow() - timedelta(days=PAST_DAYS))
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(MOST_EVENTS)
        )
    ).scalars()
    content = _document(
        group.name,
        ((meeting, group) for meeting in meetings),
        uid=f"{group.public_id}-calendar@between",
        public=True,
        timezone=group.timezone,
        description=f"Meetings of {group.name} on Between.",
    )
    return IcsFile(f"{group.slug}.ics", content)


async def personal_calendar(session: AsyncSession, token: str) -> IcsFile:
    """The meetings the feed's owner said they are going to, in the groups they still belong to."""
    found = (
        await session.execute(
            select(Account, CalendarFeed.public_id)
            .join(CalendarFeed, CalendarFeed.account_id == Account.id)
            .where(CalendarFeed.token_hash == hash_token(token), CalendarFeed.revoked_at.is_(None))
        )
    ).one_or_none()
    if found is None:
        raise NotFound(FEED_NOT_FOUND)
    account, feed_id = found
    statement = (
        select(Meeting, Group)
        .join(Group, Group.id == Meeting.group_id)
        .join(Rsvp, (Rsvp.meeting_id == Meeting.id) & (Rsvp.account_id == account.id))
        .join(Membership, (Membership.group_id == Group.id) & (Membership.account_id == account.id))
        .where(
            Rsvp.status == RsvpStatus.going,
            Membership.status == MembershipStatus.active,
            Meeting.starts_at >= utcnow() - timedelta(days=PAST_DAYS),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(MOST_EVENTS)
    )
    rows = [(meeting, group) for meeting, group in (await session.execute(statement)).all()]
    timezone = rows[0][0].timezone if rows else "UTC"
    content = _document(
        "Between: my meetings",
        rows,
        uid=f"{feed_id}@between",
        public=False,
        timezone=timezone,
        description=f"The meetings {account.display_name} is going to.",
    )
    return IcsFile("between.ics", content)


# --- the secret address of a person's feed ------------------------------------------------------


@dataclass
class CalendarSettings:
    feed: CalendarFeed | None
    groups: list[Group]


async def active_feed(session: AsyncSession, account: Account) -> CalendarFeed | None:
    return (
        await session.execute(
            select(CalendarFeed)
            .where(CalendarFeed.account_id == account.id, CalendarFeed.revoked_at.is_(None))
            .order_by(CalendarFeed.created_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def calendar_settings(session: AsyncSession, account: Account) -> CalendarSettings:
    groups = (
        await session.execute(
            select(Group)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.account_id == account.id, Membership.status == MembershipStatus.active)
            .order_by(Group.name)
        )
    ).scalars()
    return CalendarSettings(await active_feed(session, account), list(groups))


async def create_feed(session: AsyncSession, account: Account) -> str:
    """A new secret address (returned once; only its hash is kept). The old one stops working: a
    person has one address, and making a new one is how a leaked one is replaced."""
    # Two clicks at once must not leave two working addresses: they are decided one at a time
    # (a row lock on PostgreSQL; on SQLite the writing transaction holds the database's write lock).
    await session.execute(select(Account.id).where(Account.id == account.id).with_for_update())
    await _revoke_all(session, account)
    token = new_token()
    session.add(CalendarFeed(account_id=account.id, token_hash=hash_token(token)))
    await session.flush()
    return token


async def revoke_feed(session: AsyncSession, account: Account) -> bool:
    """Revokes the person's address; False when there was none."""
    return await _revoke_all(session, account) > 0


async def _revoke_all(session: AsyncSession, account: Account) -> int:
    feeds = list(
        (
            await session.execute(
                select(CalendarFeed).where(CalendarFeed.account_id == account.id, CalendarFeed.revoked_at.is_(None))
            )
        ).scalars()
    )
    now = utcnow()
    for feed in feeds:
        feed.revoked_at = now
    await session.flush()
    return len(feeds)
