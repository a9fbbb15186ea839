"""The worker: a composition root beside main.py and cli.py. One loop sends the outbox's emails and
webhook deliveries and, on a timer, runs every feature's chores; each step in its own transaction.
Any number of workers run side by side (claims use FOR UPDATE SKIP LOCKED and leases)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.calendars.reminders import queue_due_reminders
from app.config import Settings
from app.idempotency.service import purge_expired as purge_idempotency_keys_and_rate_windows
from app.introductions.service import process_due as process_due_introductions
from app.meetings.service import extend_series
from app.notifications.worker import mailer_for
from app.notifications.worker import run_once as send_emails
from app.ratelimit import purge_older_than
from app.webhooks.delivery import purge_settled as purge_settled_webhook_deliveries
from app.webhooks.delivery import run_once as deliver_webhooks

log = logging.getLogger("between.worker")


async def housekeeping(sessionmaker: async_sessionmaker[AsyncSession], *, hourly: bool = True) -> None:
    """Chores on a timer: meeting reminders and introduction reminders, expiries and follow-ups
    every minute or so; every hour, old rate-limit entries, idempotency keys and settled webhook
    deliveries go, and recurring series get their next occurrences. Each in its own transaction."""
    if hourly:
        async with sessionmaker() as session, session.begin():
            await purge_older_than(session, timedelta(days=1))
            await purge_idempotency_keys_and_rate_windows(session)
            await purge_settled_webhook_deliveries(session)
        async with sessionmaker() as session, session.begin():
            await extend_series(session)
    await queue_due_reminders(sessionmaker)
    await process_due_introductions(sessionmaker)


async def run_forever(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, stop: asyncio.Event, poll_seconds: float = 1.0
) -> None:
    mailer = mailer_for(settings)
    log.info("outbox worker started (mail goes to %s; webhooks too)", mailer.name)
    rounds = 0
    while not stop.is_set():
        try:
            attempted = await send_emails(sessionmaker, mailer, settings)
            attempted += await deliver_webhooks(sessionmaker, settings)
            if rounds % 60 == 0:
                await housekeeping(sessionmaker, hourly=rounds % 3600 == 0)
            rounds += 1
        except Exception:  # the database may be briefly unreachable; try again shortly
            log.exception("outbox worker round failed")
            attempted = 0
        if attempted == 0:
            try:
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
            except TimeoutError:
                pass
