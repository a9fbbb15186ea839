"""The facilitator's roster: who is expected and who is in, one-click check-in, undo and walk-ins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import JoinedVia, Membership, MembershipStatus
from app.meetings.models import Attendance, CheckInMethod, RsvpAnswer
from app.members.models import GroupInvitation
from tests.directory.helpers import add_members_in_bulk
from tests.factories import csrf_token, make_member, post_form, sign_in
from tests.meeting_day.helpers import (
    answer_and_arrive_in_bulk,
    attendance_of,
    attended,
    checked_in,
    going,
    make_circle,
    make_meeting,
    soup_of,
    text_of,
)
from tests.members.helpers import emails, link_in_email


async def test_the_roster_lists_arrivals_in_order_then_the_expected_and_marks_first_timers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    veteran = await make_member(
        session, circle.group, name="Vera Veteran", headline="Payroll lead", looking_for="A warm intro at Acme"
    )
    newcomer = await make_member(session, circle.group, name="Nia Newcomer", headline="Recruiter, 8 years")
    maybe = await make_member(session, circle.group, name="Mo Maybe")
    early = await make_member(session, circle.group, name="Zoe Early")
    await make_member(session, circle.group, name="Quiet Quinn")  # did not answer: not on the roster
    last_week = await make_meeting(session, circle, title="Last week", starts_at=utcnow() - timedelta(days=7))
    await attended(session, circle, last_week, veteran)
    meeting = await make_meeting(session, circle)
    await going(session, meeting, veteran, newcomer, early)
    await going(session, meeting, maybe, reply=RsvpAnswer.maybe)
    await checked_in(session, circle, meeting, early, veteran)

    await sign_in(client, circle.lead)
    response = await client.get(f"/meetings/{meeting.public_id}/roster")
    assert response.status_code == 200
    soup = soup_of(response)
    assert "Tuesday evening circle" in soup.h1.text
    assert "(America/Chicago)" in soup.select_one(".day-when").text
    names = [tag.text for tag in soup.select(".day-roster-table tbody .day-name")]
    assert names == ["Zoe Early", "Vera Veteran", "Nia Newcomer", "Mo Maybe"]
    rows = {
        row.select_one(".day-name").text: " ".join(row.get_text(" ").split())
        for row in soup.select(".day-roster-table tbody tr")
    }
    assert "First meeting" not in rows["Vera Veteran"]  # she came last week
    assert "First meeting" in rows["Nia Newcomer"] and "First meeting" in rows["Zoe Early"]
    assert "Recruiter, 8 years" in rows["Nia Newcomer"] and "Going" in rows["Nia Newcomer"]
    assert "Maybe" in rows["Mo Maybe"] and "Not yet" in rows["Mo Maybe"]
    assert "✓" in rows["Vera Veteran"] and "Undo" in rows["Vera Veteran"]
    assert "Quiet Quinn" not in response.text
    counts = text_of(response, ".day-counts li")
    assert counts == ["2 checked in", "3 expected", "1 maybe", "3 first-timers"]
    # Links to the other meeting-day pages, and a print button that the script reveals.
    links = {a["href"] for a in soup.select(".day-nav a")}
    base = f"/meetings/{meeting.public_id}"
    assert links == {f"{base}/roster", f"{base}/badges", f"{base}/run", f"{base}/kiosk"}
    assert soup.select_one("[data-print]") is not None
    assert soup.select_one('script[src$="meeting_day.js"]').has_attr("defer")


async def test_check_in_and_undo_with_one_click(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    await going(session, meeting, ana)
    await sign_in(client, circle.lead)
    roster = f"/meetings/{meeting.public_id}/roster"

    response = await post_form(
        client, f"/meetings/{meeting.public_id}/check-ins", {"person_id": str(ana.public_id)}, page=roster
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{roster}#person-{ana.public_id}"
    attendance = await attendance_of(session, meeting, ana.public_id)
    assert attendance is not None and attendance.method == CheckInMethod.roster
    assert attendance.checked_in_by_account_id == circle.lead.id
    page = await client.get(roster)
    assert "Ana Lopez is checked in." in soup_of(page).select_one(".flash").text
    assert text_of(page, ".day-counts li")[0] == "1 checked in"

    response = await post_form(client, f"/meetings/{meeting.public_id}/check-ins/{ana.public_id}/undo", {}, page=roster)
    assert response.status_code == 303
    assert await attendance_of(session, meeting, ana.public_id) is None
    page = await client.get(roster)
    assert "Ana Lopez is no longer checked in." in soup_of(page).select_one(".flash").text
    row = soup_of(page).select_one(f"#person-{ana.public_id}")
    assert row.select_one("button").get_text(" ", strip=True) == "Check in Ana Lopez"


async def test_checking_in_twice_keeps_the_first_arrival(client: httpx.AsyncClient, session: AsyncSession) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    url = f"/meetings/{meeting.public_id}/check-ins"
    await post_form(client, url, {"person_id": str(ana.public_id)})
    first = await attendance_of(session, meeting, ana.public_id)
    again = await post_form(client, url, {"person_id": str(ana.public_id)})
    assert again.status_code == 303
    count = (await session.execute(select(Attendance).where(Attendance.meeting_id == meeting.id))).scalars().all()
    assert len(count) == 1 and count[0].checked_in_at == first.checked_in_at


async def test_checking_in_someone_outside_the_group_or_nobody_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    other = await make_circle(session)
    stranger = await make_member(session, other.group, name="Stan Stranger")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    url = f"/meetings/{meeting.public_id}/check-ins"
    response = await post_form(client, url, {"person_id": str(stranger.public_id)})
    assert response.status_code == 404 and "not a member of the group" in response.text
    response = await post_form(client, url, {"person_id": "not-an-id"})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Choose who to check in" in soup_of(page).select_one(".flash").text


async def test_a_member_who_did_not_answer_is_found_by_name_and_checked_in(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    quinn = await make_member(session, circle.group, name="Quiet Quinn")
    await make_member(session, circle.group, name="Ana Lopez")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    roster = f"/meetings/{meeting.public_id}/roster"
    found = await client.get(roster, params={"find": "quinn"})
    assert text_of(found, ".day-found li > span") == ["Quiet Quinn"]
    await post_form(client, f"/meetings/{meeting.public_id}/check-ins", {"person_id": str(quinn.public_id)})
    page = await client.get(roster)
    assert text_of(page, ".day-roster-table .day-name") == ["Quiet Quinn"]
    assert "No answer" in text_of(page, ".day-roster-table tbody tr")[0]
    nothing = await client.get(roster, params={"find": "zzz"})
    assert "No active member’s name contains “zzz”" in nothing.text


async def test_a_walk_in_is_a_guest_invited_to_join_and_counts_as_present_once_they_accept(
    client: httpx.AsyncClient, session: AsyncSession, app: Any
) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    roster = f"/meetings/{meeting.public_id}/roster"
    response = await post_form(
        client,
        f"/meetings/{meeting.public_id}/walk-ins",
        {"display_name": "  Wanda Walkin ", "email": "Wanda@Example.com"},
        page=roster,
    )
    assert response.status_code == 303, response.text
    # No account and no membership: a guest of this meeting, with an invitation.
    assert (await session.execute(select(Account).where(Account.email == "wanda@example.com"))).first() is None
    [invitation] = (await session.execute(select(GroupInvitation))).scalars()
    assert (invitation.name, invitation.email, invitation.via) == (
        "Wanda Walkin",
        "wanda@example.com",
        JoinedVia.walk_in,
    )
    assert invitation.meeting_id == meeting.id
    [email] = await emails(session, "wanda@example.com")
    assert email.payload["template"] == "group_invitation"
    assert "It was good to see you at" in email.payload["text"] and "/invitation/" in email.payload["text"]

    page = await client.get(response.headers["location"])
    assert "Wanda Walkin is welcome as a guest" in soup_of(page).select_one(".flash").text
    assert text_of(page, "#guests li") == ["Wanda Walkin invitation sent"]
    assert "1 guest" in soup_of(page).select_one(".day-counts").get_text(" ", strip=True)

    # She accepts on her phone: a member, checked in when she arrived.
    link = await link_in_email(session, "wanda@example.com", "group_invitation")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as phone:
        token = await csrf_token(phone, link)
        accepted = await phone.post(
            link,
            data={
                "csrf_token": token,
                "password": "wanda's long password",
                "password_again": "wanda's long password",
                "agree": "yes",
            },
        )
    assert accepted.status_code == 303, accepted.text
    wanda = (await session.execute(select(Account).where(Account.email == "wanda@example.com"))).scalar_one()
    membership = (await session.execute(select(Membership).where(Membership.account_id == wanda.id))).scalar_one()
    assert (membership.group_id, membership.status, membership.joined_via) == (
        circle.group.id,
        MembershipStatus.active,
        JoinedVia.walk_in,
    )
    attendance = await attendance_of(session, meeting, wanda.public_id)
    assert attendance is not None and attendance.method == CheckInMethod.walk_in
    assert attendance.checked_in_at == invitation.created_at
    page = await client.get(roster)
    row = text_of(page, f"#person-{wanda.public_id}")[0]
    assert "Walk-in" in row and "First meeting" in row
    assert page.text.count('id="guests"') == 0


async def test_a_walk_in_form_with_mistakes_explains_them_and_keeps_what_was_typed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    response = await post_form(
        client, f"/meetings/{meeting.public_id}/walk-ins", {"display_name": "", "email": "wanda-at-example"}
    )
    assert response.status_code == 422
    soup = soup_of(response)
    assert soup.select_one("#error-display_name").text == "Please fill this in."
    assert "name@example.org" in soup.select_one("#error-email").text
    email = soup.select_one("#field-email")
    assert email["value"] == "wanda-at-example" and email["aria-invalid"] == "true"
    assert "Please check these 2 fields" in soup.select_one(".error-summary").text
    assert (await session.execute(select(GroupInvitation))).first() is None


async def test_a_walk_in_who_is_a_member_already_is_simply_checked_in(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session)
    ana = await make_member(session, circle.group, name="Ana Lopez", email="ana@example.com")
    meeting = await make_meeting(session, circle)
    await sign_in(client, circle.lead)
    response = await post_form(
        client, f"/meetings/{meeting.public_id}/walk-ins", {"display_name": "Ana L.", "email": "ana@example.com"}
    )
    assert response.status_code == 303
    assert await attendance_of(session, meeting, ana.public_id) is not None
    assert await emails(session, "ana@example.com") == []


async def test_the_roster_runs_the_same_number_of_statements_for_3_and_30_people(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    circle = await make_circle(session)
    counts = []
    for size in (3, 30):
        meeting = await make_meeting(session, circle, title=f"Meeting of {size}")
        people = await add_members_in_bulk(session, circle.group, size, name=f"Person {size}")
        await answer_and_arrive_in_bulk(session, meeting, people, arrived=size // 2)
        await sign_in(client, circle.lead)
        with count_queries() as counter:
            response = await client.get(f"/meetings/{meeting.public_id}/roster")
        assert response.status_code == 200
        assert len(soup_of(response).select(".day-roster-table tbody tr")) == size
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    # The session, the meeting and its group, the membership (twice), arrivals, answers, first-timers.
    assert counts[1] <= 8, counts
