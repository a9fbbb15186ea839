"""Each rule of the neglect radar, with time moved forward."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.dashboard.radar import RiskKind, at_risk
from app.db import utcnow
from app.groups.models import Group, MembershipStatus, Role
from app.introductions.models import Answer, Introduction
from tests.factories import (
    checked_in_at_the_meeting,
    make_account,
    make_group,
    make_member,
    make_membership,
    post_form,
    sign_in,
)
from tests.meetings.helpers import in_days, schedule


async def _kinds(session: AsyncSession, group: Group, days_later: int = 0) -> dict[str, set[RiskKind]]:
    with time_machine.travel(utcnow() + timedelta(days=days_later)):
        people = await at_risk(session, group)
    return {person.name: {risk.kind for risk in person.risks} for person in people}


async def test_no_connection_after_a_week_whatever_was_proposed_unless_paused(session: AsyncSession) -> None:
    group = await make_group(session)
    await make_member(session, group, name="Lead", role=Role.facilitator)
    await make_member(session, group, name="Quiet One", headline="Analyst")
    connected = await make_member(session, group, name="Connected One", headline="Analyst")
    other = await make_member(session, group, name="Other One", headline="Analyst")
    a, b = sorted((connected.id, other.id))
    session.add(
        Introduction(
            group_id=group.id,
            person_a_id=a,
            person_b_id=b,
            reason_a="r",
            reason_b="r",
            status="connected",
            a_answer=Answer.accepted,
            b_answer=Answer.accepted,
        )
    )
    # An expired proposal takes nobody off the radar.
    lapsed = await make_member(session, group, name="Lapsed One", headline="Analyst")
    a, b = sorted((lapsed.id, other.id))
    session.add(
        Introduction(group_id=group.id, person_a_id=a, person_b_id=b, reason_a="r", reason_b="r", status="expired")
    )
    paused = await make_member(session, group, name="Paused One", headline="Analyst")
    from sqlalchemy import update

    from app.groups.models import Membership

    await session.execute(
        update(Membership).where(Membership.account_id == paused.id).values(introductions_paused_at=utcnow())
    )
    await session.flush()
    assert await _kinds(session, group, days_later=5) == {}
    later = await _kinds(session, group, days_later=8)
    assert later == {"Quiet One": {RiskKind.no_connection}, "Lapsed One": {RiskKind.no_connection}}
    people = {person.name: person for person in await at_risk(session, group, now=utcnow() + timedelta(days=22))}
    assert people["Quiet One"].risks[0].detail == "Joined 3 weeks ago; no introductions yet"
    assert people["Lapsed One"].risks[0].detail == "Joined 3 weeks ago; 1 introduction proposed, none connected yet"
    assert (
        people["Quiet One"]
        .risks[0]
        .action_url.endswith(f"/introductions/suggestions?person={people['Quiet One'].person_id}")
    )


async def test_came_then_missed_the_last_three_meetings(session: AsyncSession) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    drifting = await make_member(session, group, name="Drifting Away", headline="x")
    regular = await make_member(session, group, name="Regular", headline="x")
    await make_member(session, group, name="Never Came", headline="x")
    past = [await schedule(session, lead, group, starts_at=in_days(-7 * week)) for week in (5, 4, 3, 2, 1)]
    for meeting in past[:2]:
        await checked_in_at_the_meeting(session, lead, meeting, drifting)
    for meeting in past:
        await checked_in_at_the_meeting(session, lead, meeting, regular)

    def stopped() -> dict[str, str]:
        return {
            person.name: risk.detail
            for person in people
            for risk in person.risks
            if risk.kind == RiskKind.stopped_attending
        }

    people = await at_risk(session, group)
    assert stopped() == {"Drifting Away": "Came 2 times; not at the last 3 meetings"}
    group.radar_missed_meetings = 4  # then Drifting Away's visit four weeks ago counts as recent
    people = await at_risk(session, group)
    assert stopped() == {}


async def test_unanswered_introductions_after_five_days(session: AsyncSession) -> None:
    group = await make_group(session)
    await make_member(session, group, name="Lead", role=Role.facilitator)
    slow = await make_member(session, group, name="Slow Answer", headline="x")
    quick = await make_member(session, group, name="Quick Answer", headline="x")
    a, b = sorted((slow.id, quick.id))
    answers = {
        a: Answer.pending if a == slow.id else Answer.accepted,
        b: Answer.pending if b == slow.id else Answer.accepted,
    }
    session.add(
        Introduction(
            group_id=group.id,
            person_a_id=a,
            person_b_id=b,
            reason_a="r",
            reason_b="r",
            a_answer=answers[a],
            b_answer=answers[b],
        )
    )
    await session.flush()
    assert "Slow Answer" not in await _kinds(session, group, days_later=4)
    later = await _kinds(session, group, days_later=6)
    assert later["Slow Answer"] == {RiskKind.unanswered_introduction} and "Quick Answer" not in later


async def test_empty_profile_after_a_week(session: AsyncSession) -> None:
    group = await make_group(session)
    empty = await make_account(session, name="Empty Profile")
    await make_membership(session, group, empty)
    await make_member(session, group, name="Filled In", looking_for="A mentor")
    await make_member(session, group, name="Only Tags", skills=["SQL"])
    later = await _kinds(session, group, days_later=8)
    assert RiskKind.empty_profile in later["Empty Profile"]
    assert "Filled In" not in later or RiskKind.empty_profile not in later["Filled In"]
    assert "Only Tags" not in later or RiskKind.empty_profile not in later["Only Tags"]
    assert RiskKind.empty_profile not in (await _kinds(session, group, days_later=6)).get("Empty Profile", set())


async def test_waiting_for_approval_more_than_three_days(session: AsyncSession) -> None:
    group = await make_group(session)
    await make_member(session, group, name="Waiting Person", status=MembershipStatus.pending)
    assert "Waiting Person" not in await _kinds(session, group, days_later=2)
    assert (await _kinds(session, group, days_later=4))["Waiting Person"] == {RiskKind.waiting_for_approval}


async def test_dashboard_shows_the_radar_to_facilitators_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="radar")
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    member = await make_member(session, group, name="Plain Member")
    await make_member(session, group, name="Waiting Person", status=MembershipStatus.pending)
    await sign_in(client, lead)
    with time_machine.travel(utcnow() + timedelta(days=4)):
        page = await client.get("/g/radar/manage")
    assert page.status_code == 200
    assert "Waiting 4 days for an answer to join" in page.text and "Answer the request" in page.text
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, member)
    assert (await client.get("/g/radar/manage")).status_code == 403
    outsider_group = await make_group(session, slug="elsewhere")
    outsider = await make_member(session, outsider_group, name="Outsider")
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, outsider)
    assert (await client.get("/g/radar/manage")).status_code == 404


async def test_check_in_email_is_editable_and_sent_through_the_outbox(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from sqlalchemy import select

    from app.notifications.models import OutboxMessage

    group = await make_group(session, slug="care")
    lead = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    member = await make_member(session, group, name="Sam Away", email="sam@example.com")
    await sign_in(client, lead)
    page = await client.get(f"/g/care/manage/check-in/{member.public_id}")
    assert "Hi Sam," in page.text
    bad = await post_form(
        client,
        f"/g/care/manage/check-in/{member.public_id}",
        {"subject": "", "body": "Hello"},
        page=f"/g/care/manage/check-in/{member.public_id}",
    )
    assert bad.status_code == 422 and "Hello" in bad.text
    sent = await post_form(
        client,
        f"/g/care/manage/check-in/{member.public_id}",
        {"subject": "Thinking of you", "body": "Hi Sam,\n\nHow are you? <b>bold</b>\n\nFay"},
        page=f"/g/care/manage/check-in/{member.public_id}",
    )
    assert sent.status_code == 303
    [message] = (await session.execute(select(OutboxMessage))).scalars().all()
    assert message.payload["to"] == "sam@example.com" and message.payload["subject"] == "Thinking of you"
    assert "&lt;b&gt;bold&lt;/b&gt;" in message.payload["html"]


async def test_at_risk_api_and_settings(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from app.accounts.schemas import Scope
    from tests.factories import bearer, make_token

    group = await make_group(session, slug="api-radar")
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    await make_member(session, group, name="Waiting Person", status=MembershipStatus.pending)
    headers = bearer(await make_token(session, lead, Scope.read))
    with time_machine.travel(utcnow() + timedelta(days=5)):
        body = (await client.get(f"/api/v1/groups/{group.public_id}/at-risk", headers=headers)).json()
    assert body["items"][0]["name"] == "Waiting Person"
    assert body["items"][0]["risks"][0]["kind"] == "waiting_for_approval"
    await sign_in(client, lead)
    bad = await post_form(
        client,
        "/g/api-radar/manage/settings",
        {
            "radar_pending_days": "0",
            "radar_missed_meetings": "3",
            "radar_no_connection_days": "7",
            "radar_unanswered_days": "5",
            "radar_empty_profile_days": "7",
            "max_open_proposals": "3",
            "reminder_hours_before": "24",
        },
        page="/g/api-radar/manage/settings",
    )
    assert bad.status_code == 422
    good = await post_form(
        client,
        "/g/api-radar/manage/settings",
        {
            "radar_pending_days": "10",
            "radar_missed_meetings": "3",
            "radar_no_connection_days": "7",
            "radar_unanswered_days": "5",
            "radar_empty_profile_days": "7",
            "max_open_proposals": "3",
            "reminder_hours_before": "24",
        },
        page="/g/api-radar/manage/settings",
    )
    assert good.status_code == 303
    with time_machine.travel(utcnow() + timedelta(days=5)):
        body = (await client.get(f"/api/v1/groups/{group.public_id}/at-risk", headers=headers)).json()
    assert body["items"] == []


async def test_the_dashboard_needs_the_same_statements_for_few_and_many(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: object
) -> None:
    group = await make_group(session, slug="size")
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    await schedule(session, lead, group)
    await sign_in(client, lead)
    for index in range(3):
        await make_member(session, group, name=f"Few {index}")
    with count_queries() as few:  # type: ignore[operator]
        await client.get("/g/size/manage")
    for index in range(25):
        await make_member(session, group, name=f"Many {index}")
    with count_queries() as many:  # type: ignore[operator]
        await client.get("/g/size/manage")
    assert few.count == many.count


async def test_a_long_radar_shows_the_longest_waiting_and_links_to_everyone(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from bs4 import BeautifulSoup

    from app.dashboard.service import RADAR_SHOWN

    group = await make_group(session, slug="busy")
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    for number in range(RADAR_SHOWN + 3):
        await make_member(session, group, name=f"Waiting {number:02d}", status=MembershipStatus.pending)
    await sign_in(client, lead)
    with time_machine.travel(utcnow() + timedelta(days=4)):
        page = BeautifulSoup((await client.get("/g/busy/manage")).text, "html.parser")
        everyone = BeautifulSoup((await client.get("/g/busy/manage?radar=all")).text, "html.parser")
    assert len(page.select(".radar-item")) == RADAR_SHOWN
    assert page.find("a", string=f"Show all {RADAR_SHOWN + 3} people the radar noticed")
    assert len(everyone.select(".radar-item")) == RADAR_SHOWN + 3
    assert not everyone.find("a", string=f"Show all {RADAR_SHOWN + 3} people the radar noticed")


async def test_everyone_on_the_full_radar_says_what_was_done(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """The dashboard details only the people it lists; "Show all" lists, and details, everyone."""
    from app.dashboard.service import RADAR_SHOWN

    group = await make_group(session, slug="full")
    lead = await make_member(session, group, name="Lead Lee", role=Role.facilitator)
    waiting = [
        await make_member(session, group, name=f"Waiting {number:02d}", headline="Analyst")
        for number in range(RADAR_SHOWN + 2)
    ]
    # The last two by name (the radar's order among people who joined together) were introduced,
    # by the lead, and have not answered: still without a connection.
    last, before_last = waiting[-1], waiting[-2]
    session.add(
        Introduction(
            group_id=group.id,
            person_a_id=min(last.id, before_last.id),
            person_b_id=max(last.id, before_last.id),
            proposed_by_account_id=lead.id,
            reason_a="r",
            reason_b="r",
        )
    )
    await session.flush()
    await sign_in(client, lead)
    with time_machine.travel(utcnow() + timedelta(days=10)):
        page = BeautifulSoup((await client.get("/g/full/manage")).text, "html.parser")
        everyone = BeautifulSoup((await client.get("/g/full/manage?radar=all")).text, "html.parser")
    assert page.select_one(f"#radar-{last.public_id}") is None
    entry = everyone.select_one(f"#radar-{last.public_id}")
    assert "Introduction proposed by Lead Lee on" in entry.select_one(".radar-done").text
    first = everyone.select_one(f"#radar-{waiting[0].public_id}")
    assert first.select_one(".radar-done") is None


async def test_the_radar_says_what_was_done_and_by_whom(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from bs4 import BeautifulSoup

    group = await make_group(session, slug="done")
    fay = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    quiet = await make_member(session, group, name="Quiet Quinn")
    await sign_in(client, fay)
    check_in = f"/g/done/manage/check-in/{quiet.public_id}?about=profile"
    sent = await post_form(
        client, check_in.split("?")[0], {"subject": "Hello", "body": "Hi Quinn", "about": "profile"}, page=check_in
    )
    assert sent.status_code == 303
    with time_machine.travel(utcnow() + timedelta(days=10)):
        page = BeautifulSoup((await client.get("/g/done/manage")).text, "html.parser")
    entry = page.select_one(f"#radar-{quiet.public_id}")
    assert "Note sent by Fay Lead on" in entry.select_one(".radar-done").text


async def test_a_check_in_note_from_the_radar_shows_on_the_entry_right_away(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Issue 16, point 4: after the note, the entry says who sent it and when (not untouched)."""
    from zoneinfo import ZoneInfo

    group = await make_group(session, slug="drift")
    fay = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    drifting = await make_member(session, group, name="Drifting Away", headline="x")
    past = [await schedule(session, fay, group, starts_at=in_days(-7 * week)) for week in (5, 4, 3, 2, 1)]
    for meeting in past[:2]:
        await checked_in_at_the_meeting(session, fay, meeting, drifting)
    await sign_in(client, fay)
    before = BeautifulSoup((await client.get("/g/drift/manage")).text, "html.parser")
    entry = before.select_one(f"#radar-{drifting.public_id}")
    assert entry.select_one(".radar-done") is None
    [write] = [link for link in entry.select("a") if link.text.startswith("Write a check-in email")]
    check_in = str(write["href"])
    sent = await post_form(
        client, check_in.split("?")[0], {"subject": "We miss you", "body": "Hi Drifting", "about": ""}, page=check_in
    )
    assert sent.status_code == 303
    after = BeautifulSoup((await client.get(sent.headers["location"])).text, "html.parser")
    entry = after.select_one(f"#radar-{drifting.public_id}")
    today = utcnow().astimezone(ZoneInfo(group.timezone))
    assert entry.select_one(".radar-done").text.strip() == f"Note sent by Fay Lead on {today:%b} {today.day}."


async def test_snoozing_sets_an_entry_aside_with_a_reason_until_it_comes_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from bs4 import BeautifulSoup

    from app.accounts.schemas import Scope
    from tests.factories import bearer, make_token

    group = await make_group(session, slug="snooze")
    fay = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    quiet = await make_member(session, group, name="Quiet Quinn")
    await sign_in(client, fay)
    with time_machine.travel(utcnow() + timedelta(days=10)):
        no_reason = await post_form(
            client,
            f"/g/snooze/manage/radar/{quiet.public_id}/snooze",
            {"risk": "no_connection", "reason": " ", "days": "7"},
            page="/g/snooze/manage",
        )
        flash = BeautifulSoup((await client.get(no_reason.headers["location"])).text, "html.parser")
        assert "Please say why" in flash.select_one(".flash").text
        done = await post_form(
            client,
            f"/g/snooze/manage/radar/{quiet.public_id}/snooze",
            {"risk": "no_connection", "reason": "Travelling; I spoke to Quinn", "days": "7"},
            page="/g/snooze/manage",
        )
        assert done.status_code == 303
        page = BeautifulSoup((await client.get("/g/snooze/manage")).text, "html.parser")
        assert page.select_one(f"#radar-{quiet.public_id}") is None
        assert "Travelling; I spoke to Quinn" in page.select_one(".radar-set-aside").text
        headers = bearer(await make_token(session, fay, Scope.read))
        [item] = (await client.get(f"/api/v1/groups/{group.public_id}/at-risk", headers=headers)).json()["items"]
        assert item["snooze_reason"] == "Travelling; I spoke to Quinn" and item["snoozed_until"]
    with time_machine.travel(utcnow() + timedelta(days=18)):
        page = BeautifulSoup((await client.get("/g/snooze/manage")).text, "html.parser")
        assert page.select_one(f"#radar-{quiet.public_id}") is not None


async def test_a_group_without_members_says_so_instead_of_well_done(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="brand-new")
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    await sign_in(client, lead)
    page = BeautifulSoup((await client.get("/g/brand-new/manage")).text, "html.parser")
    empty = page.select_one("section[aria-labelledby=radar-title] .empty-state")
    assert empty is not None and empty.h3.get_text() == "No members yet"
    assert "Well done" not in empty.get_text() and "Nobody seems left out" not in page.get_text()
    assert empty.select_one('a[href="/g/brand-new/manage/import"]') is not None

    await make_member(session, group, name="Connected Soon")  # new this week: not on the radar yet
    page = BeautifulSoup((await client.get("/g/brand-new/manage")).text, "html.parser")
    empty = page.select_one("section[aria-labelledby=radar-title] .empty-state")
    assert empty is not None and empty.h3.get_text() == "Nobody seems left out right now"
