"""Who may open the meeting-day pages: facilitators of the meeting's group; a member is refused
(403), anyone else is told there is nothing there (404), a visitor is asked to sign in first."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.meetings.models import Meeting
from tests.factories import make_account, make_member, post_form, sign_in
from tests.meeting_day.helpers import make_circle, make_meeting

PAGES = ["roster", "badges", "run", "kiosk", "kiosk/welcome", "qr.svg"]
FORMS = ["check-ins", "check-ins/{person}/undo", "walk-ins", "kiosk/check-in"]


async def _open(client: httpx.AsyncClient, meeting: Meeting, path: str, person: uuid.UUID) -> httpx.Response:
    url = f"/meetings/{meeting.public_id}/{path.format(person=person)}"
    if path in PAGES:
        return await client.get(url)
    return await post_form(client, url, {"person_id": str(person), "display_name": "Wanda", "email": "w@example.com"})


@pytest.mark.parametrize("path", PAGES + FORMS)
async def test_a_member_of_the_group_is_not_allowed(
    client: httpx.AsyncClient, session: AsyncSession, path: str
) -> None:
    circle = await make_circle(session)
    member = await make_member(session, circle.group, name="Mia Member")
    meeting = await make_meeting(session, circle)
    await sign_in(client, member)
    response = await _open(client, meeting, path, member.public_id)
    assert response.status_code == 403
    assert "facilitators can do this" in response.text


@pytest.mark.parametrize("path", PAGES + FORMS)
async def test_someone_outside_the_group_finds_nothing(
    client: httpx.AsyncClient, session: AsyncSession, path: str
) -> None:
    circle = await make_circle(session)
    elsewhere = await make_circle(session)  # a facilitator, but of another group
    meeting = await make_meeting(session, circle)
    await sign_in(client, elsewhere.lead)
    response = await _open(client, meeting, path, circle.lead.public_id)
    assert response.status_code == 404
    assert "There is no such meeting" in response.text


@pytest.mark.parametrize("path", PAGES + FORMS)
async def test_a_visitor_is_sent_to_sign_in(client: httpx.AsyncClient, session: AsyncSession, path: str) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    response = await _open(client, meeting, path, circle.lead.public_id)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


async def test_a_meeting_that_does_not_exist_is_not_found(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await sign_in(client, await make_account(session))
    for path in PAGES:
        assert (await client.get(f"/meetings/{uuid.uuid4()}/{path}")).status_code == 404
    assert (await client.get("/meetings/not-a-meeting/roster")).status_code == 404


async def test_the_self_check_in_page_sends_a_visitor_to_sign_in_and_back_with_the_code(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    path = f"/meetings/{meeting.public_id}/check-in?code=abc-DEF_123"
    response = await client.get(path)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={quote(path, safe='/')}"
