from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import aiosmtplib
import httpx
import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import get_settings
from app.db import utcnow
from app.notifications import retries, service
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.worker import (
    LEASE,
    MAX_ATTEMPTS,
    EmailLane,
    MailboxMailer,
    SmtpMailer,
    build_email,
    claim,
    renew,
    retry_delay,
    run_once,
)
from app.webhooks import delivery
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
    assert received["Message-ID"] == message.payload["message_id"]  # made when it was queued
    await session.refresh(message)
    assert message.status == OutboxStatus.sent and message.delivered_via == "smtp" and message.sent_at
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 0  # nothing sent twice


async def test_unreachable_smtp_is_retried_for_three_days_then_given_up(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    message = await _queue(session)
    port = free_port()
    settings = get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    mailer = SmtpMailer(settings)
    started = utcnow()
    assert await run_once(sessionmaker, mailer, settings) == 1
    await session.refresh(message)
    assert message.status == OutboxStatus.pending and message.attempts == 1 and message.waiting_for_server
    assert message.last_error.startswith(f"The mail server at 127.0.0.1:{port} could not be reached")
    assert message.available_at > utcnow() + retry_delay(1) * 0.5
    assert await run_once(sessionmaker, mailer, settings) == 0  # not due yet

    for _ in range(2, MAX_ATTEMPTS + 1):
        await session.refresh(message)
        with time_machine.travel(message.available_at + timedelta(seconds=1)):
            assert await run_once(sessionmaker, mailer, settings) == 1
    await session.refresh(message)
    assert message.status == OutboxStatus.failed and message.attempts == MAX_ATTEMPTS == 11
    assert message.failed_at is not None and message.failed_at - started > timedelta(days=2.4)  # 3 days ± jitter
    assert "could not be reached" in message.last_error


def test_emails_are_retried_on_the_webhooks_schedule() -> None:
    assert MAX_ATTEMPTS == delivery.max_attempts() and delivery.RETRY_SCHEDULE is retries.RETRY_SCHEDULE
    assert timedelta(days=2.9) < retries.total() < timedelta(days=3.5)  # was an hour: 8 attempts from 30 s, doubling
    waits = {retry_delay(1).total_seconds() for _ in range(20)}
    assert len(waits) > 1 and all(4 <= wait <= 6 for wait in waits)  # 5 s ± 20 %
    assert timedelta(hours=16) <= retry_delay(30) <= timedelta(hours=24)  # the last step repeats


async def test_a_claim_is_a_short_lease(session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    await _queue(session)
    assert LEASE <= timedelta(seconds=30)
    [claimed] = await claim(sessionmaker)
    assert await claim(sessionmaker) == []  # another worker does not take it meanwhile
    with time_machine.travel(utcnow() + LEASE + timedelta(seconds=1)):
        [again] = await claim(sessionmaker)  # the first worker died: the lease ran out
    assert again.id == claimed.id and again.attempts == 2


async def test_the_heartbeat_renews_only_its_own_claims(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    first, second = await _queue(session, "a@example.com"), await _queue(session, "b@example.com")
    claimed = await claim(sessionmaker)
    assert {m.id for m in claimed} == {first.id, second.id}
    with time_machine.travel(utcnow() + LEASE * 0.75):
        await renew(sessionmaker, claimed)
    with time_machine.travel(utcnow() + LEASE * 1.5):
        assert await claim(sessionmaker) == []  # renewed: still held by the worker that is sending them
    with time_machine.travel(utcnow() + LEASE * 1.8):
        [late] = await claim(sessionmaker, batch_size=1)  # the worker stopped beating: another took one
    with time_machine.travel(utcnow() + LEASE * 2):
        await renew(sessionmaker, claimed)  # the first worker's heartbeat comes back: it holds only the other
    with time_machine.travel(utcnow() + LEASE * 2.9):
        [again] = await claim(sessionmaker)  # the one taken over was not renewed by the first worker
    assert again.id == late.id and again.attempts == 3


async def test_the_message_id_is_made_when_queued_and_every_attempt_carries_it(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    message = await _queue(session, "kim@example.com")
    message_id = message.payload["message_id"]
    assert message_id.startswith("<") and message_id.endswith("@between.local>")
    await service.queue_emails(
        session, [("lou@example.com", "password_reset", {"name": "Lou", "link": "x", "minutes": 5})]
    )
    await session.commit()
    ids = {m.payload["message_id"] for m in (await session.execute(select(OutboxMessage))).scalars()}
    assert len(ids) == 2  # one each, bulk-queued too

    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 2
    await session.refresh(message)
    message.status, message.available_at = OutboxStatus.pending, utcnow()  # as if it were sent again after a crash
    await session.commit()
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 1
    assert [m["Message-ID"] for m in mailbox.to("kim@example.com")] == [message_id, message_id]


async def test_an_email_queued_before_message_ids_were_kept_gets_a_stable_one(session: AsyncSession) -> None:
    message = await _queue(session)
    del message.payload["message_id"]
    first = build_email(message, "Between <no-reply@between.local>")["Message-ID"]
    assert first == f"<{message.public_id}@between.local>"
    assert build_email(message, "Between <no-reply@between.local>")["Message-ID"] == first


async def _waiting_for_the_server(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], count: int
) -> list[OutboxMessage]:
    """`count` emails whose attempts found no mail server, now waiting for their next try."""
    messages = [await _queue(session, f"waiting{n}@example.com") for n in range(count)]
    down = get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    assert await run_once(sessionmaker, SmtpMailer(down), down) == count
    for message in messages:
        await session.refresh(message)
        assert message.waiting_for_server and message.available_at > utcnow()
    return messages


async def test_when_an_email_goes_through_those_waiting_for_the_server_are_due_at_once(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    waiting = await _waiting_for_the_server(session, sessionmaker, 2)
    refused = await _queue(session, "refused@example.com")  # the server refused this one address: not woken
    refused.attempts, refused.available_at, refused.last_error = 1, utcnow() + timedelta(minutes=1), "refused"
    await session.commit()

    await _queue(session, "fresh@example.com")
    up = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(up), up) == 1  # the server answers again
    for message in waiting:
        await session.refresh(message)
        assert message.available_at <= utcnow() and not message.waiting_for_server
        assert message.attempts == 0  # the early retry does not use up one of its attempts
    await session.refresh(refused)
    assert refused.available_at > utcnow()
    assert await run_once(sessionmaker, SmtpMailer(up), up) == 2
    assert {m["To"] for m in mailbox.messages} == {"fresh@example.com", "waiting0@example.com", "waiting1@example.com"}


async def test_while_emails_wait_the_idle_worker_asks_the_server_whether_it_answers(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], mailbox: Mailbox
) -> None:
    waiting = await _waiting_for_the_server(session, sessionmaker, 1)
    down = get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    await EmailLane(sessionmaker, SmtpMailer(down), down).idle()  # still down: they keep waiting
    await session.refresh(waiting[0])
    assert waiting[0].available_at > utcnow()

    up = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    await EmailLane(sessionmaker, SmtpMailer(up), up).idle()
    await session.refresh(waiting[0])
    assert waiting[0].available_at <= utcnow() and mailbox.messages == []  # the probe sends nothing


def test_failures_are_told_in_words_and_sorted_into_the_servers_and_the_emails() -> None:
    settings = get_settings().model_copy(update={"smtp_host": "mail.example.org", "smtp_port": 587})
    mailer, email = SmtpMailer(settings), EmailMessage()
    email["From"], email["To"] = "Between <no-reply@between.local>", "kim@example.com"

    def explained(error: Exception, connected: bool) -> tuple[bool, str]:
        failure = mailer._explained(error, email, connected=connected)
        return failure.server_problem, failure.words

    # The server's problems: every email waits for it, and goes as soon as it answers again.
    assert explained(ConnectionRefusedError(111, "Connection refused"), False) == (
        True,
        "The mail server at mail.example.org:587 could not be reached (ConnectionRefusedError: "
        "[Errno 111] Connection refused).",
    )
    assert explained(TimeoutError(), False) == (
        True,
        "The mail server at mail.example.org:587 did not answer within 15 seconds.",
    )
    login = explained(aiosmtplib.SMTPAuthenticationError(535, "Bad credentials"), True)
    assert login[0] and "user name and password" in login[1] and "SMTP_PASSWORD" in login[1]
    busy = explained(aiosmtplib.SMTPConnectResponseError(421, "Too many connections"), False)
    assert busy[0] and "would not talk to Between: it answered 421 Too many connections" in busy[1]
    # This email's: it waits its own turn.
    refused = explained(
        aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "No such user", "kim@example.com")]),
        True,
    )
    assert not refused[0] and "refused the address kim@example.com" in refused[1]
    assert explained(TimeoutError(), True) == (
        False,
        "The mail server at mail.example.org:587 did not take this email within 15 seconds.",
    )
    assert explained(aiosmtplib.SMTPDataError(552, "Message too big"), True) == (
        False,
        "The mail server at mail.example.org:587 did not take this email: it answered 552 Message too big",
    )


async def test_recording_an_attempt_is_tried_again_through_a_database_blip() -> None:
    calls = []

    async def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE outbox", {}, OSError("server closed the connection unexpectedly"))
        return "recorded"

    assert await retries.persistently(flaky, "recording", within=5) == "recorded" and len(calls) == 3

    async def buggy() -> None:
        raise ValueError("a bug, not a blip")

    with pytest.raises(ValueError):  # not tried again
        await retries.persistently(buggy, "recording", within=5)


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
