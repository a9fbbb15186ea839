"""Check-in opens a few hours before a meeting starts (a group setting, 3 by default) and closes a
day after the start, at the roster, the kiosk, walk-ins and the API alike; outside it, people are
told when it opens, in the meeting's time zone. Nothing checked in early counts as attendance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import time_machine
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.meetings.models import Meeting
from app.members.models import GroupInvitation
from tests.factories import bearer, make_member, make_token, post_form, sign_in
from tests.meeting_day.helpers import attendance_of, going, make_circle, make_meeting, soup_of, text_of

# Thursday, January 14 2027, 7:00 PM in Chicago (America/Chicago is six hours behind UTC in January).
STARTS = datetime(2027, 1, 15, 1, 0, tzinfo=UTC)
OPENS_AT = "4:00 PM on Thursday, January 14 (America/Chicago time)"


async def _circle_with_a_meeting(session: AsyncSession) -> tuple[object, Meeting, object]:
    circle = await make_circle(session, timezone="America/Chicago")
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle, title="Thursday circle", starts_at=STARTS)
    await going(session, meeting, ana)
    return circle, meeting, ana


async def test_the_roster_refuses_an_early_check_in_and_says_when_it_opens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle, meeting, ana = await _circle_with_a_meeting(session)
    roster = f"/meetings/{meeting.public_id}/roster"
    with time_machine.travel(STARTS - timedelta(days=4), tick=False):
        await sign_in(client, circle.lead)
        page = await client.get(roster)
        notice = soup_of(page).select_one(".notice").get_text(" ", strip=True)
        assert (
            f"It is too early to check in: check-in opens at {OPENS_AT}, 3 hours before the meeting starts." in notice
        )
        assert soup_of(page).select_one(".notice a")["href"] == f"/g/{circle.group.slug}/manage/settings"

        check_in = f"/meetings/{meeting.public_id}/check-ins"
        response = await post_form(client, check_in, {"person_id": str(ana.public_id)}, page=roster)
        assert response.status_code == 303 and response.headers["location"] == roster
        after = await client.get(roster)
    assert f"check-in opens at {OPENS_AT}" in soup_of(after).select_one(".flash-error").text
    assert soup_of(after).select(".notice") == []  # said once, in the message
    assert await attendance_of(session, meeting, ana.public_id) is None
    # So she is not counted as present, nor as a first-timer who came.
    assert text_of(after, ".day-counts li")[0] == "0 checked in"


async def test_check_in_opens_and_closes_on_time(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle, meeting, ana = await _circle_with_a_meeting(session)
    bo = await make_member(session, circle.group, name="Bo Berg")
    url = f"/meetings/{meeting.public_id}/check-ins"
    with time_machine.travel(STARTS - timedelta(hours=3, minutes=1), tick=False):
        await sign_in(client, circle.lead)
        await post_form(client, url, {"person_id": str(ana.public_id)})
    assert await attendance_of(session, meeting, ana.public_id) is None
    with time_machine.travel(STARTS - timedelta(hours=2, minutes=59), tick=False):
        await post_form(client, url, {"person_id": str(ana.public_id)})
    assert await attendance_of(session, meeting, ana.public_id) is not None

    # The morning after, the facilitator enters who was on the paper roster; the day after that, not.
    with time_machine.travel(STARTS + timedelta(hours=23, minutes=59), tick=False):
        await post_form(client, url, {"person_id": str(bo.public_id)})
    assert await attendance_of(session, meeting, bo.public_id) is not None
    cy = await make_member(session, circle.group, name="Cy Chen")
    with time_machine.travel(STARTS + timedelta(hours=24, minutes=1), tick=False):
        response = await post_form(client, url, {"person_id": str(cy.public_id)})
        page = await client.get(response.headers["location"])
    assert await attendance_of(session, meeting, cy.public_id) is None
    assert (
        "Check-in for this meeting closed at 7:00 PM on Friday, January 15 (America/Chicago time), a day after "
        "it started, so its attendance is settled." in soup_of(page).select_one(".flash-error").text
    )


async def test_the_kiosk_shows_the_date_and_refuses_an_early_tap(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle, meeting, ana = await _circle_with_a_meeting(session)
    kiosk = f"/meetings/{meeting.public_id}/kiosk"
    with time_machine.travel(STARTS - timedelta(days=2), tick=False):
        await sign_in(client, circle.lead)
        page = soup_of(await client.get(kiosk))
        assert page.select_one(".kiosk-header .lead").text == (
            "Thursday circle · Thursday, January 14, 2027 at 7:00 PM (America/Chicago)"
        )
        assert f"check-in opens at {OPENS_AT}" in page.select_one(".notice").text
        response = await post_form(client, f"{kiosk}/check-in", {"person_id": str(ana.public_id)}, page=kiosk)
        assert response.status_code == 303 and response.headers["location"] == kiosk
        after = soup_of(await client.get(kiosk))
    assert f"It is too early to check in: check-in opens at {OPENS_AT}" in after.select_one(".flash-error").text
    assert await attendance_of(session, meeting, ana.public_id) is None
    with time_machine.travel(STARTS - timedelta(minutes=20), tick=False):
        assert soup_of(await client.get(kiosk)).select(".notice") == []
        response = await post_form(client, f"{kiosk}/check-in", {"person_id": str(ana.public_id)}, page=kiosk)
    assert response.headers["location"] == f"{kiosk}/welcome"
    assert await attendance_of(session, meeting, ana.public_id) is not None


async def test_an_early_walk_in_is_refused_and_keeps_what_was_typed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle, meeting, _ = await _circle_with_a_meeting(session)
    roster = f"/meetings/{meeting.public_id}/roster"
    with time_machine.travel(STARTS - timedelta(days=1), tick=False):
        await sign_in(client, circle.lead)
        response = await post_form(
            client,
            f"/meetings/{meeting.public_id}/walk-ins",
            {"display_name": "Wren Walkin", "email": "wren@example.com"},
            page=roster,
        )
    assert response.status_code == 409
    soup = soup_of(response)
    assert f"check-in opens at {OPENS_AT}" in soup.select_one("#error-display_name").text
    assert soup.select_one("#field-display_name")["aria-describedby"] == "error-display_name"
    assert soup.select_one("#field-display_name")["value"] == "Wren Walkin"
    assert soup.select_one("#field-email")["value"] == "wren@example.com"
    assert soup.select(".notice") == []  # said where it was refused, not a third time at the top
    invited = select(func.count()).select_from(GroupInvitation).where(GroupInvitation.meeting_id == meeting.id)
    assert (await session.execute(invited)).scalar_one() == 0


async def test_the_api_refuses_an_early_check_in_with_a_problem(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle, meeting, ana = await _circle_with_a_meeting(session)
    headers = bearer(await make_token(session, circle.lead, Scope.write))
    url = f"/api/v1/meetings/{meeting.public_id}/check-ins"
    with time_machine.travel(STARTS - timedelta(days=3), tick=False):
        response = await client.post(url, json={"person_id": str(ana.public_id)}, headers=headers)
        walk_in = await client.post(
            f"/api/v1/meetings/{meeting.public_id}/walk-ins",
            json={"display_name": "Wren", "email": "wren@example.com"},
            headers=headers,
        )
    assert response.status_code == 409 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith(f"It is too early to check in: check-in opens at {OPENS_AT}")
    assert walk_in.status_code == 409
    assert await attendance_of(session, meeting, ana.public_id) is None


async def test_facilitators_choose_how_early_check_in_opens(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle, meeting, ana = await _circle_with_a_meeting(session)
    settings = f"/g/{circle.group.slug}/manage/settings"
    await sign_in(client, circle.lead)
    form = soup_of(await client.get(settings))
    assert form.select_one("#field-check_in_opens_hours_before")["value"] == "3"
    values = {
        name: tag.get("value", "")
        for tag in form.select("form input[name]")
        if (name := tag["name"]) not in ("csrf_token", "rounds_include_facilitators")
    }
    for wrong, message in (("0", "at least 1"), ("25", "at most 24"), ("soon", "whole number")):
        response = await post_form(client, settings, {**values, "check_in_opens_hours_before": wrong}, page=settings)
        assert response.status_code == 422
        soup = soup_of(response)
        assert message in soup.select_one("#error-check_in_opens_hours_before").text
        assert (
            "error-check_in_opens_hours_before"
            in soup.select_one("#field-check_in_opens_hours_before")["aria-describedby"]
        )
        assert soup.select_one("#field-check_in_opens_hours_before")["value"] == wrong
    response = await post_form(client, settings, {**values, "check_in_opens_hours_before": "6"}, page=settings)
    assert response.status_code == 303
    await session.refresh(circle.group)
    assert circle.group.check_in_opens_hours_before == 6

    with time_machine.travel(STARTS - timedelta(hours=5), tick=False):
        await sign_in(client, circle.lead)  # a sign-in lasts weeks; this meeting is further away
        await post_form(client, f"/meetings/{meeting.public_id}/check-ins", {"person_id": str(ana.public_id)})
    assert await attendance_of(session, meeting, ana.public_id) is not None

    headers = bearer(await make_token(session, circle.lead, Scope.read, Scope.write))
    api = f"/api/v1/groups/{circle.group.public_id}/settings"
    assert (await client.get(api, headers=headers)).json()["check_in_opens_hours_before"] == 6
    patched = await client.patch(api, json={"check_in_opens_hours_before": 2}, headers=headers)
    assert patched.status_code == 200 and patched.json()["check_in_opens_hours_before"] == 2
    refused = await client.patch(api, json={"check_in_opens_hours_before": 48}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "check_in_opens_hours_before"
