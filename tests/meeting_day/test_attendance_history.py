"""Attendance history on the member page: for the person and the group's facilitators only."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_member, sign_in
from tests.meeting_day.helpers import attended, make_circle, make_meeting, soup_of


async def test_the_person_and_the_facilitators_see_the_meetings_attended(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session, timezone="America/Chicago")
    ana = await make_member(session, circle.group, name="Ana Lopez")
    bo = await make_member(session, circle.group, name="Bo Berg")
    march = await make_meeting(session, circle, title="March circle", starts_at=datetime(2026, 3, 4, 0, 30, tzinfo=UTC))
    april = await make_meeting(
        session, circle, title="April circle", starts_at=datetime(2026, 4, 7, 23, 30, tzinfo=UTC)
    )
    await make_meeting(session, circle, title="May circle", starts_at=datetime(2026, 5, 5, 23, 30, tzinfo=UTC))
    await attended(session, circle, march, ana)
    await attended(session, circle, april, ana)
    page = f"/g/{circle.group.slug}/members/{ana.public_id}"

    for viewer in (ana, circle.lead):
        await sign_in(client, viewer)
        soup = soup_of(await client.get(page))
        section = soup.select_one(".attendance-history")
        assert section.h2.text == "Meetings attended"
        items = [(" ".join(li.a.text.split()), li.time.text) for li in section.select("li")]
        # Latest first, dated in the group's time zone (March 4, 00:30 UTC is March 3 in Chicago).
        assert items == [("April circle", "Apr 7, 2026"), ("March circle", "Mar 3, 2026")]
        assert section.select_one("li a")["href"] == f"/meetings/{april.public_id}"

    await sign_in(client, bo)
    response = await client.get(page)
    assert response.status_code == 200
    assert soup_of(response).select_one(".attendance-history") is None
    assert "Meetings attended" not in response.text and "March circle" not in response.text


async def test_no_meetings_yet_is_said_kindly(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    await sign_in(client, ana)
    soup = soup_of(await client.get(f"/g/{circle.group.slug}/members/{ana.public_id}"))
    assert "You have not been checked in" in soup.select_one(".attendance-history .empty-inline").text
    await sign_in(client, circle.lead)
    soup = soup_of(await client.get(f"/g/{circle.group.slug}/members/{ana.public_id}"))
    assert "Ana Lopez has not been checked in" in soup.select_one(".attendance-history .empty-inline").text
