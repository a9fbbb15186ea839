"""The public group feed (times and places only) and the private personal feed (meetings one goes to)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.groups.models import Membership, MembershipStatus
from app.meetings.models import CalendarFeed, RsvpAnswer
from app.meetings.service import answer, cancel_meeting
from app.security import hash_token
from tests.calendars.helpers import event_for, make_meeting, make_setup, parse, shown_feed_url
from tests.factories import make_member, post_form, sign_in


async def test_public_group_feed_shows_times_and_places_only(session: AsyncSession, client: httpx.AsyncClient) -> None:
    setup = await make_setup(session, name="Tuesday evenings", timezone="Europe/Berlin")
    member = await make_member(session, setup.group, name="Priya Private", email="priya@example.com")
    upcoming = await make_meeting(session, setup, agenda="Confidential: Priya's salary talk")
    online = await make_meeting(
        session, setup, title="Online check-in", location="", starts_at=utcnow() + timedelta(days=10)
    )
    recent = await make_meeting(session, setup, title="Last month", starts_at=utcnow() - timedelta(days=30))
    await make_meeting(session, setup, title="Long ago", starts_at=utcnow() - timedelta(days=90))
    cancelled = await make_meeting(session, setup, title="Called off", starts_at=utcnow() + timedelta(days=5))
    await answer(session, member, upcoming.public_id, RsvpAnswer.going)
    await cancel_meeting(session, setup.facilitator, cancelled.public_id)
    await session.commit()

    response = await client.get(f"/g/{setup.group.slug}/calendar.ics")  # nobody signed in
    calendar = parse(response)
    assert calendar["METHOD"] == "PUBLISH" and str(calendar["X-WR-CALNAME"]) == "Tuesday evenings"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.text or "REFRESH-INTERVAL:PT1H" in response.text
    assert "X-PUBLISHED-TTL:PT1H" in response.text
    assert "public" in response.headers["cache-control"]
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    titles = [str(event["SUMMARY"]) for event in calendar.events]
    assert titles == [
        "Last month — Tuesday evenings",
        "Tuesday circle — Tuesday evenings",
        "Cancelled: Called off — Tuesday evenings",
        "Online check-in — Tuesday evenings",
    ]
    assert str(event_for(calendar, upcoming)["LOCATION"]) == "Library, room 2"
    assert str(event_for(calendar, online)["LOCATION"]) == "Online"
    assert str(event_for(calendar, cancelled)["STATUS"]) == "CANCELLED"
    assert event_for(calendar, recent)["DTSTART"].params["TZID"] == "Europe/Berlin"
    text = response.content.decode()
    for secret in ("secret-room", "meet.example.org", "Confidential", "salary", "Priya", "priya@example.com"):
        assert secret not in text
    assert all("ATTENDEE" not in event and "ORGANIZER" not in event for event in calendar.events)


async def test_group_feed_of_an_unknown_group_is_not_found(client: httpx.AsyncClient) -> None:
    assert (await client.get("/g/no-such-group/calendar.ics")).status_code == 404


async def test_an_empty_group_feed_is_still_a_valid_calendar(session: AsyncSession, client: httpx.AsyncClient) -> None:
    setup = await make_setup(session, timezone="America/New_York")
    await session.commit()
    calendar = parse(await client.get(f"/g/{setup.group.slug}/calendar.ics"))
    assert calendar.events == [] and [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


async def _create_feed_url(client: httpx.AsyncClient) -> str:
    page = await post_form(client, "/settings/calendar", {}, page="/settings/calendar")
    assert page.status_code == 200
    url = shown_feed_url(page.text)
    assert url and url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    assert f'href="webcal://{url.removeprefix("http://")}"' in page.text
    return url


async def test_personal_feed_lists_only_the_meetings_one_is_going_to(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    setup = await make_setup(session)
    other_setup = await make_setup(session, timezone="Europe/London")
    me = await make_member(session, setup.group, name="Maya Member")
    await session.execute(
        Membership.__table__.insert().values(
            group_id=other_setup.group.id,
            account_id=me.id,
            role="member",
            status="active",
            joined_via="signup",
            decision_note="",
            created_at=utcnow(),
        )
    )
    someone = await make_member(session, setup.group, name="Early Bird")
    going = await make_meeting(session, setup, title="Going")
    going_elsewhere = await make_meeting(
        session, other_setup, title="Going too", starts_at=utcnow() + timedelta(days=8)
    )
    maybe = await make_meeting(session, setup, title="Maybe")
    not_going = await make_meeting(session, setup, title="Not going")
    full = await make_meeting(session, setup, title="Full", capacity=1)
    await make_meeting(session, setup, title="No answer")
    await answer(session, someone, full.public_id, RsvpAnswer.going)
    for meeting, reply in (
        (going, RsvpAnswer.going),
        (going_elsewhere, RsvpAnswer.going),
        (maybe, RsvpAnswer.maybe),
        (not_going, RsvpAnswer.not_going),
        (full, RsvpAnswer.going),
    ):  # the last: waitlisted
        await answer(session, me, meeting.public_id, reply)
    await session.commit()
    await sign_in(client, me)

    url = await _create_feed_url(client)
    client.cookies.clear()  # calendar apps have no session: the address is the key
    response = await client.get(url)
    calendar = parse(response)
    assert "private" in response.headers["cache-control"]
    assert [str(event["SUMMARY"]).split(" — ")[0] for event in calendar.events] == ["Going", "Going too"]
    event = event_for(calendar, going)
    assert "https://meet.example.org/secret-room" in str(event["DESCRIPTION"])  # members' details
    assert str(event["URL"]) == f"http://testserver/meetings/{going.public_id}"
    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {"America/Chicago", "Europe/London"}

    # A cancelled meeting stays, marked cancelled, so that calendar apps take it out.
    await cancel_meeting(session, setup.facilitator, going.public_id)
    # Someone who leaves a group no longer gets its meetings (nor their online links).
    membership = (
        await session.execute(
            select(Membership).where(Membership.group_id == other_setup.group.id, Membership.account_id == me.id)
        )
    ).scalar_one()
    membership.status = MembershipStatus.left
    await session.commit()
    calendar = parse(await client.get(url))
    assert [str(event["STATUS"]) for event in calendar.events] == ["CANCELLED"]


async def test_feed_token_is_stored_hashed_shown_once_and_replaced_by_a_new_one(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    setup = await make_setup(session)
    me = await make_member(session, setup.group)
    await session.commit()
    await sign_in(client, me)

    first_url = await _create_feed_url(client)
    token = first_url.removeprefix("http://testserver/calendar/").removesuffix(".ics")
    feeds = list((await session.execute(select(CalendarFeed).where(CalendarFeed.account_id == me.id))).scalars())
    assert [feed.token_hash for feed in feeds] == [hash_token(token)] and token not in feeds[0].token_hash

    again = await client.get("/settings/calendar")
    assert again.status_code == 200 and token not in again.text and shown_feed_url(again.text) is None
    assert "Active" in again.text and "Create a new link" in again.text
    assert again.headers["cache-control"] == "no-store"

    second_url = await _create_feed_url(client)
    assert second_url != first_url
    assert (await client.get(first_url)).status_code == 404  # one working address per person
    assert (await client.get(second_url)).status_code == 200
    active = (
        (
            await session.execute(
                select(CalendarFeed).where(CalendarFeed.account_id == me.id, CalendarFeed.revoked_at.is_(None))
            )
        )
        .scalars()
        .all()
    )
    assert len(active) == 1


async def test_revoking_asks_first_then_the_feed_is_gone(session: AsyncSession, client: httpx.AsyncClient) -> None:
    setup = await make_setup(session)
    me = await make_member(session, setup.group)
    await session.commit()
    await sign_in(client, me)
    url = await _create_feed_url(client)

    confirmation = await client.get("/settings/calendar/revoke")
    assert confirmation.status_code == 200 and "Revoke your calendar link?" in confirmation.text
    assert 'action="/settings/calendar/revoke"' in confirmation.text
    done = await post_form(client, "/settings/calendar/revoke", {}, page="/settings/calendar/revoke")
    assert done.status_code == 303 and done.headers["location"] == "/settings/calendar"
    assert "is revoked" in (await client.get("/settings/calendar")).text

    gone = await client.get(url)
    assert gone.status_code == 404 and "text/calendar" not in gone.headers["content-type"]
    assert (await client.get("/calendar/made-up-token.ics")).status_code == 404
    nothing_left = await client.get("/settings/calendar/revoke")
    assert nothing_left.status_code == 303  # nothing to revoke: back to the page, with a note


async def test_settings_page_needs_sign_in_and_lists_the_group_feeds(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    setup = await make_setup(session, name="Career changers")
    me = await make_member(session, setup.group)
    await session.commit()
    visitor = await client.get("/settings/calendar")
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")

    await sign_in(client, me)
    page = await client.get("/settings/calendar")
    assert page.status_code == 200
    assert "Career changers" in page.text
    assert f"<code>http://testserver/g/{setup.group.slug}/calendar.ics</code>" in page.text
    assert f'href="webcal://testserver/g/{setup.group.slug}/calendar.ics"' in page.text
    assert "Create my calendar link" in page.text
    assert '<a href="/settings/calendar" aria-current="page">Calendar</a>' in page.text
    for other_tab in ("/settings", "/settings/tokens", "/settings/data"):
        assert '<a href="/settings/calendar">Calendar</a>' in (await client.get(other_tab)).text
