from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.meetings import answers
from app.meetings.models import Meeting, MeetingStatus, RsvpAnswer
from app.meetings.recurrence import local_naive
from tests.factories import post_form, sign_in
from tests.meetings.helpers import group_with_people, schedule

FORM = {
    "title": "Tuesday evening meeting",
    "date": "2027-02-02",
    "time": "18:30",
    "duration_minutes": "90",
    "timezone": "America/Chicago",
    "location": "Library",
    "online_url": "",
    "capacity": "2",
    "agenda": "Round of introductions\nBreakouts",
    "repeat": "weekly",
    "ends": "after",
    "count": "3",
    "until": "",
    "custom_rule": "",
}


async def test_facilitator_schedules_a_series_from_the_form(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, slug="tuesday", timezone="America/Chicago")
    await sign_in(client, lead)
    response = await post_form(client, "/g/tuesday/meetings/new", FORM, page="/g/tuesday/meetings/new")
    assert response.status_code == 303
    meetings = (
        (await session.execute(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)))
        .scalars()
        .all()
    )
    assert [local_naive(m.starts_at, m.timezone).strftime("%Y-%m-%d %H:%M") for m in meetings] == [
        "2027-02-02 18:30",
        "2027-02-09 18:30",
        "2027-02-16 18:30",
    ]
    page = BeautifulSoup((await client.get(response.headers["location"])).text, "html.parser")
    assert "Every week on Tuesday, 3 times" in page.text
    assert page.select_one("a[href$='/roster']") is not None


async def test_form_mistakes_are_explained_and_kept(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await group_with_people(session, slug="tuesday")
    lead = (await group_with_people(session, slug="other"))[1]
    del lead
    group, lead, _ = await group_with_people(session, slug="third")
    await sign_in(client, lead)
    bad = {**FORM, "title": "", "date": "31/02/2027", "ends": "on", "until": "", "online_url": "meet dot com"}
    response = await post_form(client, "/g/third/meetings/new", bad, page="/g/third/meetings/new")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#error-title") and soup.select_one("#error-date") and soup.select_one("#error-online_url")
    assert soup.select_one("#field-agenda").text == FORM["agenda"]
    custom = await post_form(
        client,
        "/g/third/meetings/new",
        {**FORM, "repeat": "custom", "custom_rule": "FREQ=NEVER"},
        page="/g/third/meetings/new",
    )
    assert custom.status_code == 422 and "A repeat rule needs FREQ=" in custom.text
    assert (
        "A repeat rule needs FREQ=" in BeautifulSoup(custom.text, "html.parser").select_one("#error-custom_rule").text
    )
    # A rule that reads well but gives no meetings is refused by the rule, too.
    empty = {**FORM, "repeat": "custom", "ends": "never", "custom_rule": "FREQ=WEEKLY;UNTIL=20200101T000000Z"}
    nothing = await post_form(client, "/g/third/meetings/new", empty, page="/g/third/meetings/new")
    shown = BeautifulSoup(nothing.text, "html.parser").select_one("#error-custom_rule")
    assert nothing.status_code == 422 and shown is not None and "gives no meetings" in shown.text
    del group


async def test_members_answer_and_see_their_place_on_the_waitlist(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, (ana, ben, _) = await group_with_people(session, slug="tuesday")
    meeting = await schedule(session, lead, group, capacity=1)
    page = f"/meetings/{meeting.public_id}"
    await sign_in(client, ana)
    going = await post_form(client, f"{page}/rsvp", {"answer": "going"}, page=page)
    assert going.status_code == 303
    assert "You are going." in (await client.get(page)).text
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, ben)
    assert "Join the waitlist" in (await client.get(page)).text
    await post_form(client, f"{page}/rsvp", {"answer": "going"}, page=page)
    assert "you are number 1 on the waitlist" in (await client.get(page)).text
    listing = await client.get("/g/tuesday/meetings")
    assert "You are on the waitlist" in listing.text and "1 going of 1 seats" in listing.text


async def test_cancelling_a_series_from_here_on(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, slug="tuesday")
    first = await schedule(session, lead, group, recurrence="FREQ=WEEKLY;COUNT=3")
    meetings = (
        (await session.execute(select(Meeting).where(Meeting.series_id == first.series_id).order_by(Meeting.starts_at)))
        .scalars()
        .all()
    )
    await sign_in(client, lead)
    second = f"/meetings/{meetings[1].public_id}"
    confirm = await client.get(f"{second}/cancel")
    assert "This and all the following meetings" in confirm.text
    response = await post_form(client, f"{second}/cancel", {"scope": "following"}, page=f"{second}/cancel")
    assert response.status_code == 303
    for meeting in meetings:
        await session.refresh(meeting)
    assert [m.status for m in meetings] == [MeetingStatus.scheduled, MeetingStatus.cancelled, MeetingStatus.cancelled]


async def test_editing_this_and_following(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session, slug="tuesday", timezone="America/Chicago")
    first = await schedule(session, lead, group, recurrence="FREQ=WEEKLY;COUNT=3")
    meetings = (
        (await session.execute(select(Meeting).where(Meeting.series_id == first.series_id).order_by(Meeting.starts_at)))
        .scalars()
        .all()
    )
    await sign_in(client, lead)
    edit = f"/meetings/{meetings[1].public_id}/edit"
    form = BeautifulSoup((await client.get(edit)).text, "html.parser")
    values = {field["name"]: field.get("value", "") for field in form.select("form input") if field.get("name")}
    values.update(
        {"title": "Moved", "time": "19:15", "scope": "following", "agenda": "", "timezone": "America/Chicago"}
    )
    response = await post_form(client, edit, values, page=edit)
    assert response.status_code == 303, response.text
    for meeting in meetings:
        await session.refresh(meeting)
    assert [m.title for m in meetings] == ["Weekly meeting", "Moved", "Moved"]
    assert [local_naive(m.starts_at, m.timezone).strftime("%H:%M") for m in meetings] == ["18:30", "19:15", "19:15"]


async def test_meeting_pages_are_for_the_groups_members(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, (member, *_) = await group_with_people(session, slug="tuesday")
    meeting = await schedule(session, lead, group)
    _, _, (outsider, *_) = await group_with_people(session, slug="elsewhere")
    await sign_in(client, outsider)
    assert (await client.get(f"/meetings/{meeting.public_id}")).status_code == 404
    assert (await client.get("/g/tuesday/meetings")).status_code == 404
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, member)
    assert (await client.get("/g/tuesday/meetings/new")).status_code == 403
    assert (await client.get(f"/meetings/{meeting.public_id}/edit")).status_code == 403


async def test_the_cancel_page_counts_the_people_it_will_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, people = await group_with_people(session, slug="counting")
    meeting = await schedule(session, lead, group)
    await sign_in(client, lead)
    url = f"/meetings/{meeting.public_id}/cancel"

    def lead_of(response: httpx.Response) -> str:
        return " ".join(BeautifulSoup(response.text, "html.parser").select_one("p.lead").get_text().split())

    nobody = lead_of(await client.get(url))
    assert "Nobody has said they would come or is waiting for a seat" in nobody and "0 people" not in nobody
    await answers.answer(session, people[0], meeting.public_id, RsvpAnswer.going)
    assert "We will email the 1 person who said they would come" in lead_of(await client.get(url))
    await answers.answer(session, people[1], meeting.public_id, RsvpAnswer.going)
    assert "We will email the 2 people who said they would come" in lead_of(await client.get(url))
