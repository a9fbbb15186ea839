"""Every cookie-authenticated state-changing request needs the form's token and this site's origin."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import csrf_token, make_account, sign_in


async def test_post_without_a_token_is_refused_with_a_clear_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, name="Before")
    await sign_in(client, account)
    response = await client.post("/settings/account", data={"display_name": "After"})
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert "reload the page" in response.text
    await session.refresh(account)
    assert account.display_name == "Before"


async def test_token_from_another_browser_is_refused(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as attacker:
        foreign_token = await csrf_token(attacker, "/login")
    response = await client.post("/settings/account", data={"display_name": "Hacked", "csrf_token": foreign_token})
    assert response.status_code == 403


async def test_cross_origin_post_is_refused_even_with_a_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    token = await csrf_token(client, "/settings")
    response = await client.post(
        "/settings/account", data={"display_name": "X", "csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    response = await client.post(
        "/settings/account", data={"display_name": "X", "csrf_token": token}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403


async def test_same_origin_post_with_token_is_accepted(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    token = await csrf_token(client, "/settings")
    response = await client.post(
        "/settings/account",
        data={"display_name": "Renamed", "csrf_token": token},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303


async def test_sign_in_form_is_protected_too(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    response = await client.post("/login", data={"email": account.email, "password": "whatever"})
    assert response.status_code == 403


async def test_api_with_bearer_tokens_needs_no_csrf(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/groups", json={})
    assert response.status_code == 401  # authentication, not CSRF, decides
