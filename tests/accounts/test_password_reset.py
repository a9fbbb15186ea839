from __future__ import annotations

import re
from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import AccountToken
from app.config import get_settings
from app.db import utcnow
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.worker import SmtpMailer, run_once
from app.security import hash_token
from tests.conftest import Mailbox
from tests.factories import PASSWORD, make_account, post_form, sign_in

LINK = re.compile(r"http://testserver/password-reset/([\w-]+)")


async def _outbox(session: AsyncSession) -> list[OutboxMessage]:
    return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def test_same_answer_whether_or_not_the_account_exists(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="exists@example.com")
    known = await post_form(client, "/password-reset", {"email": "exists@example.com"}, page="/password-reset")
    unknown = await post_form(client, "/password-reset", {"email": "ghost@example.com"}, page="/password-reset")
    assert known.status_code == unknown.status_code == 200

    def message(response: httpx.Response) -> str:
        return BeautifulSoup(response.text, "html.parser").select_one("main").get_text(" ", strip=True)

    assert message(known).replace("exists@example.com", "X") == message(unknown).replace("ghost@example.com", "X")
    emails = [m for m in await _outbox(session) if m.kind == "email"]
    assert [m.payload["to"] for m in emails] == ["exists@example.com"]


async def test_invalid_email_is_explained_and_kept(client: httpx.AsyncClient) -> None:
    response = await post_form(client, "/password-reset", {"email": "not-an-email"}, page="/password-reset")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("#field-email")["value"] == "not-an-email"
    assert "email address like name@example.org" in soup.select_one("#error-email").text


async def test_reset_link_is_emailed_through_smtp_and_works_once(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    account = await make_account(session, email="reset@example.com", name="Rita")
    await sign_in(client, account)
    await post_form(client, "/password-reset", {"email": "reset@example.com"}, page="/password-reset")

    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 1
    [email] = mailbox.to("reset@example.com")
    assert email["Subject"] == "Choose a new password for Between"
    text = email.get_body(("plain",)).get_content()
    assert "Hello Rita" in text
    token = LINK.search(text).group(1)
    html = email.get_body(("html",)).get_content()
    assert f"/password-reset/{token}" in html
    stored = (await session.execute(select(AccountToken.token_hash))).scalars().all()
    assert stored == [hash_token(token)]

    page = await client.get(f"/password-reset/{token}")
    assert page.status_code == 200
    response = await post_form(
        client,
        f"/password-reset/{token}",
        {"password": "my new passphrase", "password_again": "my new passphrase"},
        page=f"/password-reset/{token}",
    )
    assert response.status_code == 303 and response.headers["location"] == "/login"
    # Resetting ends every session, including this browser's.
    assert (await client.get("/settings")).status_code == 303
    await sign_in(client, account, "my new passphrase")

    again = await client.get(f"/password-reset/{token}")
    assert again.status_code == 410
    assert "expired or was already used" in again.text


async def test_reset_links_expire(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="late@example.com")
    await post_form(client, "/password-reset", {"email": "late@example.com"}, page="/password-reset")
    [message] = await _outbox(session)
    token = LINK.search(message.payload["text"]).group(1)
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        response = await post_form(
            client,
            f"/password-reset/{token}",
            {"password": "too late for this", "password_again": "too late for this"},
            page="/password-reset",
        )
    assert response.status_code == 410
    await post_form(client, "/login", {"email": "late@example.com", "password": PASSWORD})


async def test_reset_requests_are_limited_per_address(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="spam@example.com")
    for _ in range(5):
        response = await post_form(client, "/password-reset", {"email": "spam@example.com"}, page="/password-reset")
        assert response.status_code == 200
    assert len(await _outbox(session)) == 3


async def test_new_password_form_explains_mistakes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="typo@example.com")
    await post_form(client, "/password-reset", {"email": "typo@example.com"}, page="/password-reset")
    [message] = await _outbox(session)
    token = LINK.search(message.payload["text"]).group(1)
    response = await post_form(
        client,
        f"/password-reset/{token}",
        {"password": "long enough pass", "password_again": "long enough pas"},
        page="/password-reset",
    )
    assert response.status_code == 422
    assert "not the same" in response.text
    assert (await session.execute(select(AccountToken.used_at))).scalar_one() is None


async def test_outbox_rows_wait_for_the_worker(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session, email="queued@example.com")
    await post_form(client, "/password-reset", {"email": "queued@example.com"}, page="/password-reset")
    [message] = await _outbox(session)
    assert message.status == OutboxStatus.pending and message.attempts == 0
