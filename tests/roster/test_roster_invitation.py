from __future__ import annotations

import re
from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account, AccountToken, TokenPurpose
from app.db import utcnow
from app.groups.models import Role
from app.notifications.models import OutboxMessage
from tests.factories import make_group, make_member, post_form, sign_in
from tests.roster.helpers import confirm, upload

LINK = re.compile(r"http://testserver/invitation/([\w-]+)")
NEW_PASSWORD = "a fresh start at last"


async def _import(client: httpx.AsyncClient, session: AsyncSession, csv_text: str, **group_fields: object) -> str:
    """Imports as the group's facilitator, signs out, and returns the emailed invitation token."""
    group = await make_group(session, **group_fields)
    lead = await make_member(session, group, name="Priya Raman", role=Role.facilitator)
    await sign_in(client, lead)
    response = await confirm(client, group.slug, await upload(client, group.slug, csv_text))
    assert response.status_code == 200, response.text
    await post_form(client, "/logout", {}, page="/settings")
    client.cookies.clear()
    messages = (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc()))).scalars().all()
    return LINK.search(next(m for m in messages if m.payload["template"] == "invitation").payload["text"]).group(1)


async def test_invitation_sets_the_password_verifies_and_signs_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    token = await _import(client, session, "name,email\nAna Castillo,ana@example.com\n", slug="hr-tuesdays",
                          name="HR Tuesdays")
    page = await client.get(f"/invitation/{token}")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.h1.text == "Welcome, Ana Castillo" and "HR Tuesdays" in soup.select_one(".lead").text
    assert "ana@example.com" in page.text

    response = await post_form(client, f"/invitation/{token}",
                               {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, page=f"/invitation/{token}")
    assert response.status_code == 303
    assert response.headers["location"] == "/g/hr-tuesdays/welcome"
    settings = await client.get("/settings")
    assert settings.status_code == 200 and "ana@example.com" in settings.text

    account = (await session.execute(select(Account).where(Account.email == "ana@example.com"))).scalar_one()
    await session.refresh(account)
    assert account.email_verified_at is not None and account.password_hash is not None
    [used] = (await session.execute(select(AccountToken).where(AccountToken.purpose == TokenPurpose.invitation))).scalars()
    assert used.used_at is not None

    await post_form(client, "/logout", {}, page="/settings")
    again = await client.get(f"/invitation/{token}")
    assert again.status_code == 410
    assert "expired or was already used" in again.text
    assert BeautifulSoup(again.text, "html.parser").select_one("main a.button")["href"] == "/password-reset"
    replay = await post_form(client, f"/invitation/{token}", {"password": "another password!", "password_again":
                             "another password!"}, page="/login")
    assert replay.status_code == 410
    await sign_in(client, account, NEW_PASSWORD)


async def test_invitation_links_expire_after_two_weeks(client: httpx.AsyncClient, session: AsyncSession) -> None:
    token = await _import(client, session, "name,email\nLate Larry,larry@example.com\n")
    with time_machine.travel(utcnow() + timedelta(days=14, minutes=1)):
        page = await client.get(f"/invitation/{token}")
        assert page.status_code == 410 and "/password-reset" in page.text
        response = await post_form(client, f"/invitation/{token}",
                                   {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, page="/login")
    assert response.status_code == 410
    account = (await session.execute(select(Account).where(Account.email == "larry@example.com"))).scalar_one()
    assert account.password_hash is None


async def test_invitation_form_explains_mistakes_and_keeps_the_link(client: httpx.AsyncClient, session: AsyncSession) -> None:
    token = await _import(client, session, "name,email\nTypo Tess,tess@example.com\n")
    response = await post_form(client, f"/invitation/{token}",
                               {"password": "short", "password_again": "short"}, page=f"/invitation/{token}")
    assert response.status_code == 422
    assert "at least 10 characters" in response.text
    assert 'value="short"' not in response.text
    assert (await session.execute(select(AccountToken.used_at))).scalar_one() is None


async def test_unknown_invitation_links_explain_what_to_do(client: httpx.AsyncClient) -> None:
    response = await client.get("/invitation/not-a-real-token")
    assert response.status_code == 410
    assert "ask for a password link" in response.text


async def test_existing_account_without_password_is_invited_again_when_added_to_another_group(
        client: httpx.AsyncClient, session: AsyncSession) -> None:
    await _import(client, session, "name,email\nTwice Tom,tom@example.com\n")
    token = await _import(client, session, "name,email\nTwice Tom,tom@example.com\n", slug="second-group",
                          name="Second Group")
    response = await post_form(client, f"/invitation/{token}",
                               {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, page=f"/invitation/{token}")
    assert response.headers["location"] == "/g/second-group/welcome"
