"""The kiosk at the door: arriving members find their name and tap "I'm here"; it shows names only."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import MembershipStatus
from app.meetings.models import CheckInMethod
from tests.factories import make_member, post_form, sign_in
from tests.meeting_day.helpers import attendance_of, checked_in, going, make_circle, make_meeting, soup_of, text_of


async def test_the_kiosk_lists_the_expected_then_the_other_members_by_name_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    ana = await make_member(
        session,
        circle.group,
        name="Ana Lopez",
        email="ana@example.com",
        headline="HRIS lead, Workday since 2012",
        looking_for="Hospital HR contacts",
    )
    bo = await make_member(session, circle.group, name="Bo Berg", email="bo@example.com", headline="Recruiter")
    await make_member(session, circle.group, name="Cy Chen", email="cy@example.com", headline="Payroll")
    await make_member(session, circle.group, name="Pat Pending", status=MembershipStatus.pending)
    meeting = await make_meeting(session, circle)
    await going(session, meeting, bo, ana)
    await checked_in(session, circle, meeting, bo)
    await sign_in(client, circle.lead)

    response = await client.get(f"/meetings/{meeting.public_id}/kiosk")
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(response, ".kiosk-group-title") == ["Expected today", "Everyone else in the group"]
    expected, others = soup.select(".kiosk-list")
    assert [tag.text for tag in expected.select(".kiosk-name")] == ["Ana Lopez", "Bo Berg"]
    assert [tag.text for tag in others.select(".kiosk-name")] == ["Cy Chen", "Fay Facilitator"]
    button = expected.select_one("button")
    for decorative in button.select("[aria-hidden=true]"):
        decorative.decompose()  # the initials beside the name, which screen readers skip
    assert button.get_text(" ", strip=True) == "Ana Lopez I’m here"
    assert "✓ Checked in" in expected.select("li")[1].text and expected.select("li")[1].button is None
    for private in (
        "ana@example.com",
        "bo@example.com",
        circle.lead.email,
        "Workday",
        "Recruiter",
        "Payroll",
        "Hospital HR",
        "Volunteer facilitator",
        "Pat Pending",
    ):
        assert private not in response.text
    # No site navigation either: the tablet is signed in as a facilitator, but anyone can touch it.
    assert soup.select_one("nav") is None and "Sign out" not in response.text
    assert soup.select_one(f'img[src="/meetings/{meeting.public_id}/qr.svg"]')["alt"]


async def test_the_kiosk_search_works_without_javascript(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    await make_member(session, circle.group, name="Ana Lopez")
    await make_member(session, circle.group, name="Anabel Ruiz")
    await make_member(session, circle.group, name="Bo Berg")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    url = f"/meetings/{meeting.public_id}/kiosk"
    assert text_of(await client.get(url, params={"q": " ana "}), ".kiosk-name") == ["Ana Lopez", "Anabel Ruiz"]
    assert text_of(await client.get(url, params={"q": "100%"}), ".kiosk-name") == []
    nobody = await client.get(url, params={"q": "zed"})
    assert "No name contains “zed”" in nobody.text and soup_of(nobody).find("a", string="Show everyone")


async def test_tapping_im_here_checks_in_and_welcomes_by_name(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    kiosk = f"/meetings/{meeting.public_id}/kiosk"
    response = await post_form(client, f"{kiosk}/check-in", {"person_id": str(ana.public_id)}, page=kiosk)
    assert response.status_code == 303 and response.headers["location"] == f"{kiosk}/welcome"
    attendance = await attendance_of(session, meeting, ana.public_id)
    assert attendance is not None and attendance.method == CheckInMethod.kiosk

    welcome = await client.get(f"{kiosk}/welcome")
    soup = soup_of(welcome)
    assert soup.h1.text == "Welcome, Ana Lopez!"
    assert soup.find("a", string="Next person")["href"] == kiosk
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == f"8; url={kiosk}"
    # Reloaded later, the screen no longer names anyone.
    assert soup_of(await client.get(f"{kiosk}/welcome")).h1.text == "Welcome!"
    back = await client.get(kiosk)
    assert "✓ Checked in" in soup_of(back).select_one(".kiosk-list li").text


async def test_the_kiosk_asks_to_tap_a_name_when_none_was_sent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    response = await post_form(client, f"/meetings/{meeting.public_id}/kiosk/check-in", {})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Please tap your name" in soup_of(page).select_one(".flash").text
