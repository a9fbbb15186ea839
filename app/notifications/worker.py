"""Sending the outbox's emails: claims due messages, sends them, retries failures with backoff.

Any number of workers can run side by side: a claim takes rows with FOR UPDATE SKIP LOCKED
(PostgreSQL) and pushes `available_at` forward as a lease, so a crashed worker's messages are
picked up again once the lease runs out. The loop that calls this, with webhook deliveries and
the timed chores, is app/worker.py.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Protocol

import aiosmtplib
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.config import Settings
from app.db import utcnow
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.service import EMAIL

log = logging.getLogger("between.worker")

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)


class Mailer(Protocol):
    name: str

    async def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        s = self.settings
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username or None,
            password=s.smtp_password or None,
            start_tls=s.smtp_starttls,
            timeout=30,
        )


class MailboxMailer:
    """Development: the outbox row itself is the mailbox (see /dev/mailbox)."""

    name = "mailbox"

    async def send(self, message: EmailMessage) -> None:
        return None


def mailer_for(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(settings)
    if settings.env == "production":
        raise RuntimeError("SMTP_HOST is not set: set it so that emails can be sent.")
    return MailboxMailer()


def build_email(payload: dict[str, str], sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message["Message-ID"] = make_msgid(domain="between.local")
    message.set_content(payload["text"])
    if payload.get("html"):
        message.add_alternative(payload["html"], subtype="html")
    return message


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


async def claim(sessionmaker: async_sessionmaker[AsyncSession], batch_size: int = 20) -> list[OutboxMessage]:
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
            message.available_at = now + LEASE
    return messages


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession], message_id: int, error: str | None, delivered_via: str
) -> None:
    async with sessionmaker() as session, session.begin():
        message = await session.get_one(OutboxMessage, message_id)
        if error is None:
            message.status = OutboxStatus.sent
            message.sent_at = utcnow()
            message.delivered_via = delivered_via
            message.last_error = ""
        else:
            message.last_error = error[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxStatus.failed
            else:
                message.available_at = utcnow() + retry_delay(message.attempts)


async def deliver(message: OutboxMessage, mailer: Mailer, settings: Settings) -> None:
    if message.kind != EMAIL:
        raise ValueError(f"no handler for outbox messages of kind {message.kind!r}")
    await mailer.send(build_email(message.payload, settings.mail_from))


async def run_once(sessionmaker: async_sessionmaker[AsyncSession], mailer: Mailer, settings: Settings) -> int:
    """Sends what is due now; returns how many messages were attempted."""
    messages = await claim(sessionmaker)
    for message in messages:
        try:
            await deliver(message, mailer, settings)
        except Exception as error:  # any failure is retried later; the worker keeps going
            log.warning(
                "outbox message %s failed (attempt %d): %s", message.public_id, message.attempts, type(error).__name__
            )
            await _finish(sessionmaker, message.id, f"{type(error).__name__}: {error}", mailer.name)
        else:
            await _finish(sessionmaker, message.id, None, mailer.name)
    return len(messages)
