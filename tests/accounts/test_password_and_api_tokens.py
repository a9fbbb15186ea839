"""A new password and the person's API tokens: a reset revokes them all (whoever took over the account
may hold them); a change offers to, ticked by default, and says what it did."""

from __future__ import annotations

import re

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.api_tokens import revoke_all_tokens
from app.accounts.models import Account
from app.audit.models import AuditEvent
from app.notifications.models import OutboxMessage
from tests.factories import PASSWORD, bearer, make_account, make_token, post_form, sign_in

LINK = re.compile(r"http://testserver/password-reset/([\w-]+)")
NEW_PASSWORD = "a brand new passphrase"
REVOKE_BOX = "#field-revoke_api_tokens"


async def _reset_link_token(client: httpx.AsyncClient, session: AsyncSession, account: Account) -> str:
    await post_form(client, "/password-reset", {"email": account.email}, page="/password-reset")
    message = (await session.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(1))).scalar_one()
    match = LINK.search(message.payload["text"])
    assert match
    return match.group(1)


async def _revocations(session: AsyncSession, account: Account) -> list[AuditEvent]:
    statement = select(AuditEvent).where(
        AuditEvent.actor_account_id == account.id, AuditEvent.action == "api_token.revoked"
    )
    return list((await session.execute(statement)).scalars())


async def test_a_password_reset_revokes_every_api_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    tokens = [await make_token(session, account), await make_token(session, account)]
    someone_else = await make_token(session, await make_account(session))
    assert (await client.get("/api/v1/me", headers=bearer(tokens[0]))).status_code == 200

    token = await _reset_link_token(client, session, account)
    response = await post_form(
        client,
        f"/password-reset/{token}",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        page=f"/password-reset/{token}",
    )
    assert response.status_code == 303
    for secret in tokens:
        assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 401
    assert (await client.get("/api/v1/me", headers=bearer(someone_else))).status_code == 200
    [revoked] = await _revocations(session, account)
    assert revoked.details == {"count": 2, "reason": "password reset"}
    page = await client.get("/login")
    assert "your 2 API tokens were revoked" in page.text


async def test_a_reset_says_nothing_about_tokens_when_there_were_none(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    token = await _reset_link_token(client, session, account)
    await post_form(
        client,
        f"/password-reset/{token}",
        {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        page=f"/password-reset/{token}",
    )
    page = (await client.get("/login")).text
    assert "Your password is changed" in page and "API token" not in page
    assert await _revocations(session, account) == []


async def test_the_settings_page_offers_to_revoke_tokens_only_to_people_who_have_some(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    assert BeautifulSoup((await client.get("/settings")).text, "html.parser").select_one(REVOKE_BOX) is None

    await make_token(session, account)
    await make_token(session, account)
    soup = BeautifulSoup((await client.get("/settings")).text, "html.parser")
    box = soup.select_one(REVOKE_BOX)
    assert box is not None and box.has_attr("checked")
    assert soup.select_one(f"label[for={REVOKE_BOX[1:]}]").get_text(strip=True) == "Also revoke my 2 API tokens"
    assert "stop working" in soup.select_one("#hint-revoke_api_tokens").text


async def test_changing_the_password_with_the_box_ticked_revokes_the_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    secrets = [await make_token(session, account), await make_token(session, account)]
    await sign_in(client, account)
    response = await post_form(
        client,
        "/settings/password",
        {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
            "revoke_api_tokens": "yes",
        },
        page="/settings",
    )
    assert response.status_code == 303
    for secret in secrets:
        assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 401
    page = await client.get("/settings")
    assert "Other browsers are signed out, and your 2 API tokens were revoked." in page.text
    assert BeautifulSoup(page.text, "html.parser").select_one(REVOKE_BOX) is None  # none left to revoke
    [revoked] = await _revocations(session, account)
    assert revoked.details == {"count": 2, "reason": "password change"}


async def test_changing_the_password_with_the_box_unticked_keeps_the_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    secret = await make_token(session, account)
    await sign_in(client, account)
    response = await post_form(
        client,
        "/settings/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        page="/settings",
    )
    assert response.status_code == 303
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 200
    page = (await client.get("/settings")).text
    assert "Your password is changed. Other browsers are signed out." in page and "were revoked" not in page


async def test_a_mistake_in_the_form_keeps_the_choice_about_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    secret = await make_token(session, account)
    await sign_in(client, account)
    response = await post_form(
        client,
        "/settings/password",
        {"current_password": "not my password", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        page="/settings",
    )
    assert response.status_code == 422
    box = BeautifulSoup(response.text, "html.parser").select_one(REVOKE_BOX)
    assert box is not None and not box.has_attr("checked")
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 200


async def test_revoking_all_tokens_leaves_revoked_ones_alone_and_records_once(session: AsyncSession) -> None:
    account = await make_account(session)
    await make_token(session, account)
    assert await revoke_all_tokens(session, account, "password change") == 1
    assert await revoke_all_tokens(session, account, "password change") == 0
    assert len(await _revocations(session, account)) == 1
