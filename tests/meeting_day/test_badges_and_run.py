"""Name badges to print, and the round of introductions with its timer."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from tests.factories import make_member, sign_in
from tests.meeting_day.helpers import attended, checked_in, going, make_circle, make_meeting, soup_of, text_of


async def test_badges_for_everyone_expected_or_present_eight_to_a_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session, name="Career Changers")
    veteran = await make_member(session, circle.group, name="Vera Veteran", headline="Payroll lead")
    newcomer = await make_member(session, circle.group, name="Nia Newcomer", headline="Recruiter, 8 years")
    extra = [await make_member(session, circle.group, name=f"Extra {index}") for index in range(7)]
    earlier = await make_meeting(session, circle, title="Earlier", starts_at=utcnow() - timedelta(days=14))
    await attended(session, circle, earlier, veteran)
    meeting = await make_meeting(session, circle)
    await going(session, meeting, veteran, newcomer, *extra)
    await sign_in(client, circle.lead)

    response = await client.get(f"/meetings/{meeting.public_id}/badges")
    assert response.status_code == 200
    soup = soup_of(response)
    sheets = soup.select(".day-sheet")
    assert [len(sheet.select(".day-name-badge")) for sheet in sheets] == [8, 1]
    badges = {badge.select_one(".day-badge-name").text: badge for badge in soup.select(".day-name-badge")}
    assert set(badges) == {"Vera Veteran", "Nia Newcomer", *(f"Extra {index}" for index in range(7))}
    nia = badges["Nia Newcomer"]
    assert nia.select_one(".day-badge-first").text == "First meeting — say hello!"
    assert nia.select_one(".day-badge-headline").text == "Recruiter, 8 years"
    assert nia.select_one(".day-badge-group").text == "Career Changers"
    assert badges["Vera Veteran"].select_one(".day-badge-first") is None

    with_blanks = soup_of(await client.get(f"/meetings/{meeting.public_id}/badges", params={"blank": 7}))
    assert [len(sheet.select(".day-name-badge")) for sheet in with_blanks.select(".day-sheet")] == [8, 8]
    assert len(with_blanks.select(".day-name-badge.is-blank")) == 7
    assert (await client.get(f"/meetings/{meeting.public_id}/badges", params={"blank": 99})).status_code == 422


async def test_badges_with_nobody_expected_say_so(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    response = await client.get(f"/meetings/{meeting.public_id}/badges")
    assert "No badges to print yet" in response.text and soup_of(response).select(".day-sheet") == []


async def test_the_round_follows_the_order_of_arrival_with_headlines_and_asks(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    bo = await make_member(
        session, circle.group, name="Bo Berg", headline="Recruiter", looking_for="Someone at Acme Health"
    )
    ana = await make_member(session, circle.group, name="Ana Lopez", headline="HRIS lead")
    cy = await make_member(session, circle.group, name="Cy Chen")  # expected, not here yet
    meeting = await make_meeting(session, circle)
    await going(session, meeting, ana, bo, cy)
    await checked_in(session, circle, meeting, bo, ana)
    await sign_in(client, circle.lead)

    response = await client.get(f"/meetings/{meeting.public_id}/run")
    assert response.status_code == 200
    soup = soup_of(response)
    people = soup.select("ol.day-round > li")
    assert [person["data-name"] for person in people] == ["Bo Berg", "Ana Lopez"]
    assert "Someone at Acme Health" in people[0].select_one(".day-round-ask").text
    assert people[0].select_one(".day-round-headline").text == "Recruiter"
    assert "First meeting" in people[1].text
    assert "Not filled in yet" in people[1].select_one(".day-round-ask").text
    assert soup.select_one(".notice") is None
    # The timer is for the script to reveal; without it the page is the ordered list.
    timer = soup.select_one("[data-round-timer]")
    assert timer.has_attr("hidden") and timer.select_one("[data-minutes]")["value"] == "2"
    assert [button.text for button in timer.select("button")] == ["Start", "Pause", "Next"]
    assert timer.select_one("[aria-live=polite]") is not None
    assert soup.select_one('script[src$="meeting_day.js"]').has_attr("defer")
    assert soup.select("script:not([src])") == []


async def test_before_anyone_arrives_the_round_shows_who_is_expected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    bo = await make_member(session, circle.group, name="Bo Berg")
    meeting = await make_meeting(session, circle)
    await going(session, meeting, bo, ana)
    await sign_in(client, circle.lead)
    response = await client.get(f"/meetings/{meeting.public_id}/run")
    assert "Nobody is checked in yet" in soup_of(response).select_one(".notice").text
    assert text_of(response, ".day-round-name") == ["Ana Lopez First meeting", "Bo Berg First meeting"]

    empty = await make_meeting(session, circle, title="Nobody yet")
    response = await client.get(f"/meetings/{empty.public_id}/run")
    assert "Nobody to introduce yet" in response.text
