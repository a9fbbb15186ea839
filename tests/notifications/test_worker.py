from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import httpx
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import get_settings
from app.db import utcnow
from app.notifications import service
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.worker import MAX_ATTEMPTS, MailboxMailer, SmtpMailer, claim, retry_delay, run_once
from tests.conftest import ClientWith, Mailbox, free_port


async def _queue(session: AsyncSession, to: str = "someone@example.com") -> OutboxMessage:
    message = await service.queue_email(
        session, to=to, template="password_reset", context={"name": "Kim", "link": "http://testserver/x", "minutes": 60}
    )
    await session.commit()
    return message


async def test_worker_sends_queued_email_by_smtp(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    message = await _queue(session, "kim@example.com")
    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 1
    [received] = mailbox.to("kim@example.com")
    assert isinstance(received, EmailMessage)
    assert received["From"] == settings.mail_from
    assert received.get_body(("html",)) is not None
    await session.refresh(message)
    assert message.status == OutboxStatus.sent and message.delivered_via == "smtp" and message.sent_at
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 0  # nothing sent twice


async def test_unreachable_smtp_is_retried_with_backoff_then_given_up(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    message = await _queue(session)
    settings = get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    mailer = SmtpMailer(settings)
    assert await run_once(sessionmaker, mailer, settings) == 1
    await session.refresh(message)
    assert message.status == OutboxStatus.pending and message.attempts == 1
    assert "Connect" in message.last_error or "refused" in message.last_error.lower()
    assert message.available_at > utcnow() + retry_delay(1) - timedelta(seconds=5)
    assert await run_once(sessionmaker, mailer, settings) == 0  # not due yet

    for attempt in range(2, MAX_ATTEMPTS + 1):
        with time_machine.travel(utcnow() + timedelta(days=attempt)):
            assert await run_once(sessionmaker, mailer, settings) == 1
    await session.refresh(message)
    assert message.status == OutboxStatus.failed and message.attempts == MAX_ATTEMPTS


def test_backoff_doubles_and_is_capped() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(30) == timedelta(hours=2)


async def test_a_claim_is_a_lease(session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await _queue(session)
    [claimed] = await claim(sessionmaker)
    assert await claim(sessionmaker) == []  # another worker does not take it meanwhile
    with time_machine.travel(utcnow() + timedelta(minutes=6)):
        [again] = await claim(sessionmaker)  # the first worker died: the lease ran out
    assert again.id == claimed.id and again.attempts == 2


async def test_development_mailbox_shows_messages(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await _queue(session, "dev@example.com")
    settings = get_settings()
    await run_once(sessionmaker, MailboxMailer(), settings)
    page = await client.get("/dev/mailbox")
    assert page.status_code == 200 and "dev@example.com" in page.text
    message = (await session.execute(select(OutboxMessage))).scalar_one()
    detail = await client.get(f"/dev/mailbox/{message.public_id}")
    assert '<a href="http://testserver/x">' in detail.text


async def test_mailbox_does_not_exist_in_production(client_with: ClientWith) -> None:
    async with client_with(env="production") as client:
        assert (await client.get("/dev/mailbox")).status_code == 404
