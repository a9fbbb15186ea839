from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import ApiToken
from app.security import hash_token
from tests.factories import bearer, make_account, make_token, post_form, sign_in


async def test_token_is_shown_once_and_only_its_hash_is_stored(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    response = await post_form(
        client, "/settings/tokens", {"name": "CRM sync", "scopes": ["read", "write"]}, page="/settings/tokens"
    )
    assert response.status_code == 200
    secret = BeautifulSoup(response.text, "html.parser").select_one("#new-token")["value"]
    assert secret.startswith("btw_")
    token = (await session.execute(select(ApiToken).where(ApiToken.account_id == account.id))).scalar_one()
    assert token.token_hash == hash_token(secret) and secret not in (token.token_hash, token.token_prefix)
    assert token.scopes == "read write"

    later = await client.get("/settings/tokens")
    assert secret not in later.text
    assert "CRM sync" in later.text and token.token_prefix in later.text

    me = await client.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200


async def test_token_form_explains_mistakes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await sign_in(client, await make_account(session))
    response = await post_form(client, "/settings/tokens", {"name": "Slack bot"}, page="/settings/tokens")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "Choose at least one scope" in soup.select_one("#error-scopes").text
    assert soup.select_one("#field-name")["value"] == "Slack bot"
    response = await post_form(client, "/settings/tokens", {"name": "", "scopes": "admin"}, page="/settings/tokens")
    assert response.status_code == 422
    assert "Please fill this in." in response.text


async def test_revoking_asks_first_then_stops_the_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    secret = await make_token(session, account)
    await sign_in(client, account)
    page = BeautifulSoup((await client.get("/settings/tokens")).text, "html.parser")
    link = page.select_one("a[href$='/revoke']")["href"]
    confirm = await client.get(link)
    assert "Revoke “Test”?" in confirm.text and "cannot be undone" in confirm.text
    response = await post_form(client, link, {}, page=link)
    assert response.status_code == 303
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 401
    assert "Revoked" in (await client.get("/settings/tokens")).text


async def test_nobody_revokes_someone_elses_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    owner = await make_account(session)
    secret = await make_token(session, owner)
    [token] = (await session.execute(select(ApiToken).where(ApiToken.account_id == owner.id))).scalars().all()
    await sign_in(client, await make_account(session))
    response = await post_form(client, f"/settings/tokens/{token.public_id}/revoke", {}, page="/settings/tokens")
    assert response.status_code == 404
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 200


async def test_empty_state_explains_tokens(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await sign_in(client, await make_account(session))
    assert "No tokens yet" in (await client.get("/settings/tokens")).text


async def test_api_use_is_noted_on_the_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    secret = await make_token(session, account)
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 200
    token = (await session.execute(select(ApiToken).where(ApiToken.account_id == account.id))).scalar_one()
    await session.refresh(token)
    assert token.last_used_at is not None


async def test_the_webhooks_scope_is_offered_and_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    page = BeautifulSoup((await client.get("/settings/tokens")).text, "html.parser")
    box = page.select_one("input[name='scopes'][value='webhooks']")
    assert box is not None
    assert "webhook endpoints" in page.select_one("form[action='/settings/tokens']").text
    response = await post_form(
        client, "/settings/tokens", {"name": "Slack bot", "scopes": ["webhooks"]}, page="/settings/tokens"
    )
    assert response.status_code == 200
    secret = BeautifulSoup(response.text, "html.parser").select_one("#new-token")["value"]
    token = (await session.execute(select(ApiToken).where(ApiToken.account_id == account.id))).scalar_one()
    assert token.scopes == "webhooks"
    # Webhooks alone reads nothing else.
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 403
