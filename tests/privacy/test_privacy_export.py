from __future__ import annotations

import json

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account, ApiToken, WebSession
from app.groups.models import Role
from tests.factories import make_account, make_group, make_member, make_token, post_form, sign_in


async def test_data_page_explains_and_offers_both_actions(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, name="HR Tuesdays")
    account = await make_member(session, group, name="Ana Castillo")
    await sign_in(client, account)
    response = await client.get("/settings/data")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one(".tabs [aria-current=page]")["href"] == "/settings/data"
    assert "HR Tuesdays" in soup.select_one(".data-facts").text
    assert soup.select_one("a[href='/settings/data/export.json']")
    assert soup.select_one("a[href='/settings/data/delete']")
    for page in ("/settings", "/settings/tokens"):
        tabs = BeautifulSoup((await client.get(page)).text, "html.parser").select(".tabs a")
        assert "/settings/data" in [tab["href"] for tab in tabs]


async def test_own_data_export_has_everything_but_no_secrets(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, name="HR Tuesdays", slug="hr-tuesdays")
    account = await make_member(
        session,
        group,
        name="Ana Castillo",
        role=Role.facilitator,
        email="ana@example.com",
        headline="HR partner",
        phone="+1 312 555 0100",
        stage="interviewing",
        skills=["Payroll"],
        visibility={"location": "facilitators"},
    )
    await make_token(session, account)
    await sign_in(client, account)
    await post_form(client, "/password-reset", {"email": "ana@example.com"}, page="/password-reset")

    response = await client.get("/settings/data/export.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith('attachment; filename="between-my-data-')
    data = json.loads(response.text)
    assert data["account"]["email"] == "ana@example.com" and data["account"]["has_password"] is True
    assert data["profile"]["headline"] == "HR partner" and data["profile"]["phone"] == "+1 312 555 0100"
    assert data["profile"]["skills"] == ["Payroll"] and data["profile"]["visibility"]["location"] == "facilitators"
    assert [change["stage"] for change in data["stage_history"]] == ["searching", "interviewing"]
    assert data["memberships"] == [
        {
            **data["memberships"][0],
            "group": "HR Tuesdays",
            "group_address": "/g/hr-tuesdays",
            "role": "facilitator",
            "status": "active",
        }
    ]
    [token] = data["api_tokens"]
    assert token["name"] == "Test" and token["starts_with"].startswith("btw_") and token["scopes"] == ["read"]
    assert [email["subject"] for email in data["emails"]] == ["Choose a new password for Between"]
    assert len(data["signed_in_browsers"]) == 1

    stored = (await session.execute(select(Account).where(Account.email == "ana@example.com"))).scalar_one()
    secrets = [
        stored.password_hash,
        *(await session.execute(select(ApiToken.token_hash))).scalars(),
        *(await session.execute(select(WebSession.token_hash))).scalars(),
    ]
    for secret in secrets:
        assert secret and secret not in response.text
    assert "password_hash" not in response.text and "token_hash" not in response.text


async def test_export_of_someone_without_a_profile(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, name="Bare Bones")
    await sign_in(client, account)
    data = (await client.get("/settings/data/export.json")).json()
    assert data["profile"] is None and data["memberships"] == [] and data["api_tokens"] == []


async def test_own_data_pages_need_sign_in(client: httpx.AsyncClient) -> None:
    for page in ("/settings/data", "/settings/data/export.json", "/settings/data/delete"):
        response = await client.get(page)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
