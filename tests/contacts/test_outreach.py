"""The outreach tracker at a glance: follow-ups due, conversations this week against a goal, and
the weekly email (opt-in, once a week, only when something is due)."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.contacts.outreach import queue_weekly_emails, week_start
from app.contacts.schemas import MyContactIn, MyContactUpdate
from app.contacts.service import create_contact, update_contact
from app.db import utcnow
from tests.factories import bearer, make_account, make_token, post_form, sign_in
from tests.introductions.helpers import emails


async def _contact(session: AsyncSession, account, first: str, **fields):  # type: ignore[no-untyped-def]
    contact = await create_contact(session, account, MyContactIn(first_name=first, last_name="Test", company="Acme"))
    if fields:
        await update_contact(session, account, contact.public_id, MyContactUpdate(**fields))
    return contact


async def test_follow_ups_due_and_this_weeks_conversations(client: httpx.AsyncClient, session: AsyncSession) -> None:
    ana = await make_account(session, name="Ana Castillo")
    today = utcnow().date()
    await _contact(session, ana, "Due", follow_up_on=today - timedelta(days=1), note="Ask about the HR team")
    await _contact(session, ana, "Later", follow_up_on=today + timedelta(days=3))
    await _contact(session, ana, "Met", follow_up_on=today - timedelta(days=2), status="met")
    await _contact(session, ana, "Talked", status="contacted")
    token = await make_token(session, ana, Scope.write)

    body = (await client.get("/api/v1/me/contacts/outreach", headers=bearer(token))).json()
    assert body["follow_ups_due"] == 1 and [item["name"] for item in body["follow_ups"]] == ["Due Test"]
    assert body["conversations_this_week"] == 2  # "Met" and "Talked" moved this week
    assert body["week_of"] == week_start(today).isoformat() and body["weekly_goal"] is None

    saved = await client.put(
        "/api/v1/me/contacts/outreach", headers=bearer(token), json={"weekly_goal": 3, "weekly_email": True}
    )
    assert saved.status_code == 200 and saved.json()["weekly_goal"] == 3 and saved.json()["weekly_email"] is True
    refused = await client.put("/api/v1/me/contacts/outreach", headers=bearer(token), json={"weekly_goal": 0})
    assert refused.status_code == 422

    other = await make_account(session, name="Ben Okafor")
    theirs = (await client.get("/api/v1/me/contacts/outreach", headers=bearer(await make_token(session, other)))).json()
    assert theirs["follow_ups_due"] == 0 and theirs["conversations_this_week"] == 0, "nobody else's contacts count"


async def test_the_network_page_shows_outreach_and_keeps_a_wrong_goal(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    ana = await make_account(session, name="Ana Castillo")
    await _contact(session, ana, "Rosa", follow_up_on=utcnow().date(), note="Send the deck")
    await sign_in(client, ana)
    page = BeautifulSoup((await client.get("/me/network")).text, "html.parser")
    outreach = page.select_one("#outreach")
    assert "No conversations yet since Monday." in " ".join(outreach.get_text().split())
    assert "Rosa Test" in outreach.select_one(".outreach-list").get_text()

    wrong = await post_form(client, "/me/network/outreach", {"weekly_goal": "99"}, page="/me/network")
    assert wrong.status_code == 422
    soup = BeautifulSoup(wrong.text, "html.parser")
    assert soup.select_one("#field-weekly_goal")["value"] == "99"
    assert "50" in soup.select_one("#error-weekly_goal").get_text()
    done = await post_form(
        client, "/me/network/outreach", {"weekly_goal": "3", "weekly_email": "yes"}, page="/me/network"
    )
    assert done.status_code == 303
    page = BeautifulSoup((await client.get("/me/network")).text, "html.parser")
    assert "of your goal of 3" in page.select_one("#outreach").get_text()
    assert page.select_one("input[name=weekly_email]").has_attr("checked")


async def test_the_weekly_email_goes_once_a_week_only_when_something_is_due(session: AsyncSession) -> None:
    ana = await make_account(session, name="Ana Castillo")
    ben = await make_account(session, name="Ben Okafor")
    quiet = await make_account(session, name="Quinn Quiet")
    from app.contacts.outreach import save_settings
    from app.contacts.schemas import OutreachSettingsIn

    for account in (ana, ben, quiet):
        await save_settings(session, account, OutreachSettingsIn(weekly_email=account is not quiet))
    monday = week_start(date(2026, 12, 7))
    await _contact(session, ana, "Rosa", follow_up_on=monday - timedelta(days=3), note="Send the deck")
    await _contact(session, ben, "Later", follow_up_on=monday + timedelta(days=10))
    await _contact(session, quiet, "Due", follow_up_on=monday - timedelta(days=1))

    assert await queue_weekly_emails(session, today=monday) == 1
    [sent] = await emails(session, template="outreach_weekly")
    assert sent["to"] == ana.email and sent["subject"] == "1 follow-up is due this week"
    assert "Rosa Test, Acme (follow up by" in sent["text"] and "Send the deck" in sent["text"]
    assert await queue_weekly_emails(session, today=monday + timedelta(days=2)) == 0, "once a week"
    assert await queue_weekly_emails(session, today=monday + timedelta(days=7)) == 1, "and again next week"
