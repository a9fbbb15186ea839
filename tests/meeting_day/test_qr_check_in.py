"""The QR code at the door: a signed link that lets members check themselves in around the meeting."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import segno
import time_machine
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.meeting_day import qr
from app.meetings.models import CheckInMethod
from app.meetings.service import cancel_meeting
from tests.factories import make_member, post_form, sign_in
from tests.meeting_day.helpers import attendance_of, make_circle, make_meeting, soup_of


async def test_the_qr_code_is_an_svg_of_the_signed_check_in_link(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    response = await client.get(f"/meetings/{meeting.public_id}/qr.svg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")

    link = qr.check_in_url(meeting.public_id)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"http://testserver/meetings/{meeting.public_id}/check-in"
    [code] = parse_qs(parts.query)["code"]
    assert len(code) >= 20 and str(meeting.public_id) not in code
    # The picture is that link, drawn by segno.
    expected = segno.make(link, error="m", micro=False)
    assert response.content == qr.qr_svg(link, f"Scan to check in to {meeting.title}")
    assert f'viewBox="0 0 {expected.symbol_size(scale=1, border=4)[0]}' in response.text


async def test_a_member_with_the_code_checks_in_from_their_phone(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle, location="Library, room 4")
    await sign_in(client, ana)
    link = qr.check_in_url(meeting.public_id).removeprefix("http://testserver")

    page = await client.get(link)
    assert page.status_code == 200
    soup = soup_of(page)
    assert soup.h1.text == "Check in to Tuesday evening circle?"
    assert "Library, room 4" in soup.select_one(".lead").text
    response = await post_form(
        client, f"/meetings/{meeting.public_id}/check-in", {"code": qr.check_in_code(meeting.public_id)}, page=link
    )
    assert response.status_code == 303 and response.headers["location"] == link
    attendance = await attendance_of(session, meeting, ana.public_id)
    assert attendance is not None and attendance.method == CheckInMethod.qr
    assert attendance.checked_in_by_account_id is None
    done = soup_of(await client.get(link))
    assert done.h1.text == "You’re checked in" and "say hello" in done.select_one(".lead").text
    assert done.select_one("form[action$='/check-in']") is None


async def test_a_wrong_code_is_not_found_with_a_clear_message(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    other = await make_meeting(session, circle, title="Another evening")
    await sign_in(client, ana)
    base = f"/meetings/{meeting.public_id}/check-in"
    for code in ("", "guess", qr.check_in_code(other.public_id), qr.check_in_code(meeting.public_id)[:-1]):
        response = await client.get(base, params={"code": code})
        assert response.status_code == 404, code
        assert "does not match this meeting" in response.text
    response = await post_form(client, base, {"code": qr.check_in_code(other.public_id)})
    assert response.status_code == 404
    assert await attendance_of(session, meeting, ana.public_id) is None


async def test_someone_outside_the_group_cannot_check_in_even_with_the_code(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    elsewhere = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, elsewhere.lead)
    link = qr.check_in_url(meeting.public_id).removeprefix("http://testserver")
    assert (await client.get(link)).status_code == 404
    response = await post_form(
        client, f"/meetings/{meeting.public_id}/check-in", {"code": qr.check_in_code(meeting.public_id)}
    )
    assert response.status_code == 404


async def test_self_check_in_is_open_only_around_the_meeting(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    starts = utcnow() + timedelta(days=2)
    meeting = await make_meeting(session, circle, starts_at=starts, duration_minutes=90)
    await sign_in(client, ana)
    url = f"/meetings/{meeting.public_id}/check-in"
    code = qr.check_in_code(meeting.public_id)

    too_early, too_late = starts - timedelta(hours=3, minutes=5), starts + timedelta(minutes=90 + 185)
    for moment, why in (
        (too_early, "It is too early to check in: check-in opens at"),
        (too_late, "Checking in from your phone closed at"),
    ):
        with time_machine.travel(moment, tick=False):
            page = soup_of(await client.get(url, params={"code": code}))
            response = await post_form(client, url, {"code": code}, page=f"{url}?code={code}")
        # Said before trying, and again if the page was opened while check-in was open.
        assert why in page.select_one(".notice").text and page.select_one("form[action$='/check-in']") is None
        assert response.status_code == 409
        soup = soup_of(response)
        assert "We couldn’t check you in." in soup.select_one(".notice").text
        assert why in soup.select_one(".notice").text
        assert soup.select_one("form[action$='/check-in']") is None
        assert await attendance_of(session, meeting, ana.public_id) is None

    with time_machine.travel(starts - timedelta(hours=2, minutes=55), tick=False):
        response = await post_form(client, url, {"code": code}, page=f"{url}?code={code}")
    assert response.status_code == 303
    assert await attendance_of(session, meeting, ana.public_id) is not None


async def test_a_cancelled_meeting_takes_no_check_ins(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    await cancel_meeting(session, circle.lead, meeting.public_id)
    await sign_in(client, ana)
    code = qr.check_in_code(meeting.public_id)
    page = soup_of(await client.get(f"/meetings/{meeting.public_id}/check-in", params={"code": code}))
    assert "This meeting was cancelled" in page.select_one(".notice").text
    response = await post_form(client, f"/meetings/{meeting.public_id}/check-in", {"code": code})
    assert response.status_code == 409
