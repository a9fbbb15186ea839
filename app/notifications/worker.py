"""Sending the outbox's emails: claims due messages, sends them, retries failures for about three days.

Any number of workers can run side by side: a claim takes rows with FOR UPDATE SKIP LOCKED
(PostgreSQL; on SQLite the writing transaction holds the database's lock) and pushes `available_at`
forward by a short lease, which the worker renews while it sends (`EmailLane.renew`, the heartbeat),
so a dead worker's messages are taken again within one lease. Delivery is at least once: a worker
that dies after the server accepted an email but before recording it leaves it to be sent again,
with the same Message-ID (made when the email was queued), so the repeat can be recognised.

When the mail server cannot be reached, emails wait for it: as soon as it answers again (an email
goes through, or a probe every PROBE_EVERY finds it answering), every email that was waiting for it
is due at once. The loops that drive this lane, beside webhooks and the timed chores, are in
app/worker.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import timedelta
from email.message import EmailMessage
from typing import Any, Protocol, cast

import aiosmtplib
from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import Settings
from app.db import utcnow
from app.notifications import retries
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.service import EMAIL, MESSAGE_ID_DOMAIN

log = logging.getLogger("between.worker")

LEASE = retries.LEASE
MAX_ATTEMPTS = retries.attempts_allowed()
# While emails wait for an unreachable server, how often the worker asks whether it answers again.
PROBE_EVERY = 30.0
# After an email goes through, emails waiting for the server are woken at most this often.
WAKE_AT_MOST_EVERY = 5.0


class NotSent(Exception):
    """An attempt that failed, in words an administrator can act on. `server_problem`: the server
    could not be reached or refused Between itself, so no email can go until it answers again."""

    def __init__(self, words: str, *, server_problem: bool) -> None:
        super().__init__(words)
        self.words = words
        self.server_problem = server_problem


class Mailer(Protocol):
    name: str

    async def send(self, message: EmailMessage) -> None: ...

    async def answers(self) -> bool:
        """Whether the server takes a connection now (for emails waiting for it)."""
        ...


class SmtpMailer:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def server(self) -> str:
        return f"{self.settings.smtp_host}:{self.settings.smtp_port}"

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username or None,
            password=s.smtp_password or None,
            start_tls=s.smtp_starttls,
            timeout=s.smtp_timeout_seconds,
        )

    async def send(self, message: EmailMessage) -> None:
        """Connecting, greeting and handing over the email must all happen within the timeout (shorter
        than the lease); saying goodbye afterwards is a courtesy whose failure changes nothing."""
        client, connected = self._client(), False
        try:
            try:
                async with asyncio.timeout(self.settings.smtp_timeout_seconds):
                    await client.connect()
                    connected = True
                    await client.send_message(message)
            except Exception as error:
                raise self._explained(error, message, connected=connected) from error
            try:
                async with asyncio.timeout(self.settings.smtp_timeout_seconds):
                    await client.quit()
            except Exception:  # the email was accepted; the goodbye does not matter
                pass
        finally:
            client.close()

    async def answers(self) -> bool:
        client = self._client()
        try:
            async with asyncio.timeout(self.settings.smtp_timeout_seconds):
                await client.connect()
                await client.noop()
                await client.quit()
            return True
        except Exception:
            return False
        finally:
            client.close()

    def _explained(self, error: Exception, message: EmailMessage, *, connected: bool) -> NotSent:
        """What went wrong, for an administrator. It is the server's problem, not this email's, when
        the server could not be reached or greeted (`connected` is False), or refused Between itself
        (its sign-in, its sender address): such emails are sent as soon as the server answers again.
        What goes wrong once the email is being handed over is this email's, and waits its turn."""
        server, timeout = self.server, self.settings.smtp_timeout_seconds
        detail = f"{type(error).__name__}: {error}"
        if isinstance(error, aiosmtplib.SMTPAuthenticationError):
            return NotSent(
                f"The mail server at {server} did not accept Between's user name and password "
                f"(SMTP_USERNAME, SMTP_PASSWORD): {error.code} {error.message}",
                server_problem=True,
            )
        if isinstance(error, aiosmtplib.SMTPSenderRefused):
            return NotSent(
                f"The mail server at {server} refused the sender address {message['From']} (MAIL_FROM): "
                f"{error.code} {error.message}",
                server_problem=True,
            )
        if isinstance(error, aiosmtplib.SMTPRecipientsRefused | aiosmtplib.SMTPRecipientRefused):
            return NotSent(
                f"The mail server at {server} refused the address {message['To']}: {detail}", server_problem=False
            )
        if not connected:
            if isinstance(error, TimeoutError):
                return NotSent(
                    f"The mail server at {server} did not answer within {timeout:g} seconds.", server_problem=True
                )
            if isinstance(error, aiosmtplib.SMTPResponseException):
                return NotSent(
                    f"The mail server at {server} would not talk to Between: it answered {error.code} {error.message}",
                    server_problem=True,
                )
            return NotSent(f"The mail server at {server} could not be reached ({detail}).", server_problem=True)
        if isinstance(error, aiosmtplib.SMTPResponseException):
            return NotSent(
                f"The mail server at {server} did not take this email: it answered {error.code} {error.message}",
                server_problem=False,
            )
        if isinstance(error, TimeoutError):
            return NotSent(
                f"The mail server at {server} did not take this email within {timeout:g} seconds.", server_problem=False
            )
        if isinstance(error, OSError | aiosmtplib.SMTPException):
            return NotSent(
                f"The mail server at {server} broke off while taking this email ({detail}).", server_problem=False
            )
        return NotSent(f"The email could not be sent: {detail}", server_problem=False)


class MailboxMailer:
    """Development: the outbox row itself is the mailbox (see /dev/mailbox)."""

    name = "mailbox"

    async def send(self, message: EmailMessage) -> None:
        return None

    async def answers(self) -> bool:
        return True


def mailer_for(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(settings)
    if settings.env == "production":
        raise RuntimeError("SMTP_HOST is not set: set it so that emails can be sent.")
    return MailboxMailer()


def message_id_of(message: OutboxMessage) -> str:
    """The Message-ID queued with the email; emails queued before it was kept get one from their
    public id, the same on every attempt too."""
    return str(message.payload.get("message_id") or f"<{message.public_id}@{MESSAGE_ID_DOMAIN}>")


def build_email(message: OutboxMessage, sender: str) -> EmailMessage:
    payload = message.payload
    email = EmailMessage()
    email["From"] = sender
    email["To"] = payload["to"]
    email["Subject"] = payload["subject"]
    email["Message-ID"] = message_id_of(message)
    email.set_content(payload["text"])
    if payload.get("html"):
        email.add_alternative(payload["html"], subtype="html")
    return email


def retry_delay(attempts: int) -> timedelta:
    return retries.retry_delay(attempts)


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession], batch_size: int = 20, lease: timedelta = LEASE
) -> list[OutboxMessage]:
    async with sessionmaker() as session, session.begin():
        now = utcnow()
        statement = (
            select(OutboxMessage)
            .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.available_at <= now)
            .order_by(OutboxMessage.available_at, OutboxMessage.id)
            .limit(batch_size)
            .with_for_update(skip_locked=True)
        )
        messages = list((await session.execute(statement)).scalars())
        for message in messages:
            message.attempts += 1
            message.available_at = now + lease
            # Taken: a wake-up must not make it due while this worker holds it.
            message.waiting_for_server = False
    return messages


def _this_claim(messages: list[OutboxMessage]) -> ColumnElement[bool]:
    """The rows as these claims left them: the same attempt, not yet done (another worker's later
    claim of a message whose lease ran out is not ours to touch)."""
    return and_(
        OutboxMessage.status == OutboxStatus.pending,
        or_(*(and_(OutboxMessage.id == m.id, OutboxMessage.attempts == m.attempts) for m in messages)),
    )


async def renew(
    sessionmaker: async_sessionmaker[AsyncSession], messages: list[OutboxMessage], lease: timedelta = LEASE
) -> None:
    """The heartbeat: pushes the leases of messages still being sent forward."""
    if not messages:
        return
    async with sessionmaker() as session, session.begin():
        await session.execute(update(OutboxMessage).where(_this_claim(messages)).values(available_at=utcnow() + lease))


async def record(
    sessionmaker: async_sessionmaker[AsyncSession], claimed: OutboxMessage, failure: NotSent | None, delivered_via: str
) -> None:
    async with sessionmaker() as session, session.begin():
        message = await session.get(OutboxMessage, claimed.id, populate_existing=True, with_for_update=True)
        if message is None:
            return
        if failure is None:
            # Sent: true whoever holds it now (a late record after the lease ran out still saves a copy).
            if message.status != OutboxStatus.sent:
                message.status, message.sent_at, message.delivered_via = OutboxStatus.sent, utcnow(), delivered_via
                message.last_error, message.waiting_for_server = "", False
            return
        if message.status != OutboxStatus.pending or message.attempts != claimed.attempts:
            return  # taken again meanwhile (or sent): that attempt decides
        message.last_error = failure.words[:2000]
        message.waiting_for_server = failure.server_problem
        if message.attempts >= MAX_ATTEMPTS:
            message.status, message.failed_at = OutboxStatus.failed, utcnow()
        else:
            message.available_at = utcnow() + retry_delay(message.attempts)


async def wake_emails_waiting_for_server(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """The server answers again: emails that were waiting for it are due now. The early retry does
    not count as one of their attempts (a flapping server must not use them up)."""
    async with sessionmaker() as session, session.begin():
        now = utcnow()
        result = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.pending,
                OutboxMessage.waiting_for_server.is_(True),
                OutboxMessage.available_at > now,
            )
            .values(available_at=now, waiting_for_server=False, attempts=OutboxMessage.attempts - 1)
        )
        woken = cast(CursorResult[Any], result).rowcount or 0
    if woken:
        log.info("the mail server answers again: %d waiting emails are due now", woken)
    return woken


async def anything_waiting_for_server(sessionmaker: async_sessionmaker[AsyncSession]) -> bool:
    async with sessionmaker() as session:
        statement = (
            select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.waiting_for_server.is_(True))
            .limit(1)
        )
        return (await session.execute(statement)).first() is not None


async def deliver(message: OutboxMessage, mailer: Mailer, settings: Settings) -> None:
    if message.kind != EMAIL:
        raise NotSent(f"There is no way to send outbox messages of kind {message.kind!r}.", server_problem=False)
    await mailer.send(build_email(message, settings.mail_from))


class EmailLane:
    """The worker's email lane: what app/worker.py runs, a few messages at a time, beside webhooks."""

    name = "emails"

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer, settings: Settings) -> None:
        self.sessionmaker, self.mailer, self.settings = sessionmaker, mailer, settings
        self.concurrency = settings.worker_email_concurrency
        self.lease = settings.outbox_lease
        self._last_wake = float("-inf")
        self._last_probe = float("-inf")

    async def claim(self, limit: int) -> list[OutboxMessage]:
        return await claim(self.sessionmaker, limit, self.lease)

    async def renew(self, messages: list[OutboxMessage]) -> None:
        await renew(self.sessionmaker, messages, self.lease)

    async def send_and_record(self, message: OutboxMessage) -> None:
        """Sends one and records the outcome (through a database blip); raises only if it cannot be recorded."""
        failure: NotSent | None = None
        try:
            await deliver(message, self.mailer, self.settings)
        except NotSent as not_sent:
            failure = not_sent
        except Exception as error:  # a bug or an odd message: recorded and retried, the worker goes on
            log.exception("outbox message %s could not be sent", message.public_id)
            failure = NotSent(f"The email could not be sent: {type(error).__name__}: {error}", server_problem=False)
        if failure is not None:
            log.warning(
                "outbox message %s failed (attempt %d): %s", message.public_id, message.attempts, failure.words[:200]
            )
        await retries.persistently(
            lambda: record(self.sessionmaker, message, failure, self.mailer.name),
            f"recording outbox message {message.public_id}",
        )
        if failure is None and time.monotonic() - self._last_wake >= WAKE_AT_MOST_EVERY:
            self._last_wake = time.monotonic()
            try:
                await wake_emails_waiting_for_server(self.sessionmaker)
            except Exception:  # the next success, or the next probe, does it
                log.warning("could not wake the emails waiting for the mail server", exc_info=True)

    async def work(self, message: OutboxMessage) -> None:
        """send_and_record, for the worker's lane: never raises (the lease brings back what was not recorded)."""
        try:
            await self.send_and_record(message)
        except Exception:
            log.exception(
                "outbox message %s: the attempt could not be recorded; its lease brings it back", message.public_id
            )

    async def idle(self) -> None:
        """Nothing due: while emails wait for the server, ask it now and then whether it answers."""
        if time.monotonic() - self._last_probe < PROBE_EVERY:
            return
        self._last_probe = time.monotonic()
        try:
            if await anything_waiting_for_server(self.sessionmaker) and await self.mailer.answers():
                self._last_wake = time.monotonic()
                await wake_emails_waiting_for_server(self.sessionmaker)
        except Exception:
            log.warning("could not check on the emails waiting for the mail server; trying again later")


async def run_once(sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer, settings: Settings) -> int:
    """Sends what is due now, one after another; returns how many messages were attempted."""
    lane = EmailLane(sessionmaker, mailer, settings)
    messages = await claim(sessionmaker, lease=lane.lease)
    for message in messages:
        await lane.send_and_record(message)
    return len(messages)
