"""One meeting's .ics: time zones, a stable UID with a growing SEQUENCE, cancellations, who may download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.meetings.models import Meeting
from app.meetings.schemas import MeetingUpdate
from app.meetings.service import cancel_meeting, update_meeting
from tests.calendars.helpers import event_for, make_meeting, make_setup, parse
from tests.factories import make_account, make_member, sign_in

CHICAGO = ZoneInfo("America/Chicago")


@time_machine.travel(datetime(2026, 2, 20, 15, 0, tzinfo=UTC), tick=True)
async def test_weekly_series_keeps_its_local_time_across_daylight_saving(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    setup = await make_setup(session, timezone="America/Chicago")
    member = await make_member(session, setup.group, name="Maya Member")
    # Daylight saving time starts in Chicago on Sunday, March 8, 2026.
    first = await make_meeting(session, setup, starts_at=datetime(2026, 3, 3, 18, 30), recurrence="FREQ=WEEKLY")
    after_change = (
        await session.execute(
            select(Meeting).where(Meeting.series_id == first.series_id).order_by(Meeting.starts_at).offset(1).limit(1)
        )
    ).scalar_one()
    await session.commit()
    await sign_in(client, member)

    for meeting, utc_hour in ((first, 0), (after_change, 23)):
        response = await client.get(f"/meetings/{meeting.public_id}/calendar.ics")
        calendar = parse(response)
        assert response.headers["content-disposition"].startswith('attachment; filename="tuesday-circle-2026-03-')
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
        event = event_for(calendar, meeting)
        assert event["DTSTART"].params["TZID"] == "America/Chicago"
        assert event["DTEND"].params["TZID"] == "America/Chicago"
        assert (event.start.hour, event.start.minute) == (18, 30)  # the same wall-clock time both weeks
        assert event.start.utcoffset() == CHICAGO.utcoffset(event.start.replace(tzinfo=None))
        assert event.start.astimezone(UTC).hour == utc_hour  # 00:30Z in winter, 23:30Z in summer
        assert event.end - event.start == timedelta(minutes=90)
    assert event.start.date().isoformat() == "2026-03-10"
    raw = response.content.decode()
    assert "DTSTART;TZID=America/Chicago:20260310T183000" in raw
    assert "BEGIN:DAYLIGHT" in raw and "TZOFFSETTO:-0500" in raw


async def test_a_meeting_file_has_every_detail_for_members(session: AsyncSession, client: httpx.AsyncClient) -> None:
    setup = await make_setup(session, name="HR professionals")
    member = await make_member(session, setup.group)
    meeting = await make_meeting(session, setup)
    await session.commit()
    await sign_in(client, member)

    calendar = parse(await client.get(f"/meetings/{meeting.public_id}/calendar.ics"))
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Tuesday circle — HR professionals"
    event = event_for(calendar, meeting)
    assert str(event["SUMMARY"]) == "Tuesday circle — HR professionals"
    assert str(event["LOCATION"]) == "Library, room 2"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.public_id}"
    assert "mock interviews" in str(event["DESCRIPTION"])
    assert "https://meet.example.org/secret-room" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event.DTSTAMP is not None
    assert event.start == meeting.starts_at


async def test_uid_stays_while_sequence_grows_with_each_change_and_cancelling(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    setup = await make_setup(session)
    member = await make_member(session, setup.group)
    meeting = await make_meeting(session, setup)
    await session.commit()
    await sign_in(client, member)
    url = f"/meetings/{meeting.public_id}/calendar.ics"

    before = event_for(parse(await client.get(url)), meeting)
    await update_meeting(session, setup.facilitator, meeting.public_id, MeetingUpdate(location="Community hall"))
    await session.commit()
    moved = event_for(parse(await client.get(url)), meeting)
    await cancel_meeting(session, setup.facilitator, meeting.public_id)
    await session.commit()
    cancelled = event_for(parse(await client.get(url)), meeting)

    assert str(before["UID"]) == str(moved["UID"]) == str(cancelled["UID"]) == f"{meeting.public_id}@between"
    assert before["SEQUENCE"] < moved["SEQUENCE"] < cancelled["SEQUENCE"]
    assert str(moved["LOCATION"]) == "Community hall"
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")


async def test_only_members_download_a_meeting(session: AsyncSession, client: httpx.AsyncClient) -> None:
    setup = await make_setup(session)
    meeting = await make_meeting(session, setup)
    outsider = await make_account(session, name="Otto Outsider")
    await session.commit()
    url = f"/meetings/{meeting.public_id}/calendar.ics"

    visitor = await client.get(url)
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login?next=")

    await sign_in(client, outsider)
    refused = await client.get(url)
    assert refused.status_code == 404 and "secret-room" not in refused.text
    assert (await client.get("/meetings/00000000-0000-4000-8000-000000000000/calendar.ics")).status_code == 404
    assert (await client.get("/meetings/not-a-meeting/calendar.ics")).status_code == 404
