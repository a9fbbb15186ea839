"""The worker: a composition root beside main.py and cli.py. Three loops side by side, so that one
slow receiver never holds up another: emails, webhook deliveries (each kind with its own number of
messages under way at once), and the timed chores of every feature. Each step is its own
transaction. Any number of workers run side by side (claims use FOR UPDATE SKIP LOCKED and short
leases, renewed by a heartbeat while a message is being sent)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.calendars.reminders import queue_due_reminders
from app.config import Settings
from app.contacts.outreach import queue_weekly_emails as queue_weekly_outreach_emails
from app.groups.kept import prune_changes
from app.idempotency.service import purge_expired as purge_idempotency_keys_and_rate_windows
from app.introductions.service import process_due as process_due_introductions
from app.mailbox.service import tell_admins_about_failed_emails
from app.meetings.service import extend_series
from app.notifications.retries import BEATS_PER_LEASE
from app.notifications.worker import EmailLane, mailer_for
from app.ratelimit import purge_older_than
from app.webhooks.delivery import WebhookLane, client_for
from app.webhooks.delivery import purge_settled as purge_settled_webhook_deliveries

log = logging.getLogger("between.worker")

CHORES_EVERY = 60.0
HOURLY_CHORES_EVERY = 3600.0


async def housekeeping(sessionmaker: async_sessionmaker[AsyncSession], *, hourly: bool = True) -> None:
    """Chores on a timer: meeting reminders, introduction reminders, expiries and follow-ups, and
    telling administrators about emails that could not be sent, every minute; every hour, old
    rate-limit entries, idempotency keys, settled webhook deliveries and superseded matching
    versions go, recurring series
    get their next occurrences, and (once a week) the outreach emails of follow-ups due are queued.
    Each in its own transaction."""
    if hourly:
        async with sessionmaker() as session, session.begin():
            await purge_older_than(session, timedelta(days=1))
            await purge_idempotency_keys_and_rate_windows(session)
            await purge_settled_webhook_deliveries(session)
            await prune_changes(session)
        async with sessionmaker() as session, session.begin():
            await extend_series(session)
        async with sessionmaker() as session, session.begin():
            await queue_weekly_outreach_emails(session)
    await queue_due_reminders(sessionmaker)
    await process_due_introductions(sessionmaker)
    await tell_admins_about_failed_emails(sessionmaker)


class Lane(Protocol):
    """One kind of work: claims up to `limit` due items on a lease, works on one (sending and
    recording it; never raises), renews the leases of those under way, and does what it does when
    nothing is due."""

    name: str
    concurrency: int

    async def claim(self, limit: int) -> list[Any]: ...

    async def work(self, item: Any) -> None: ...

    async def renew(self, items: list[Any]) -> None: ...

    async def idle(self) -> None: ...


async def _heartbeat(lane: Lane, under_way: dict[asyncio.Task[None], Any], every: float) -> None:
    """Renews the leases of what is under way; a missed beat (a database blip) is tried at the next."""
    while True:
        await asyncio.sleep(every)
        items = list(under_way.values())
        if not items:
            continue
        try:
            await lane.renew(items)
        except Exception as error:
            log.warning("%s: could not renew %d leases (%s); trying again shortly", lane.name, len(items), error)


async def run_lane(lane: Lane, stop: asyncio.Event, *, poll_seconds: float, lease_seconds: float) -> None:
    """Keeps up to `lane.concurrency` items under way: claims as many as there are free places, works
    on each in a task of its own, and claims again when one finishes (or after `poll_seconds` when
    nothing was due). On stop, claims nothing more and lets what is under way finish."""
    under_way: dict[asyncio.Task[None], Any] = {}
    heartbeat = asyncio.create_task(_heartbeat(lane, under_way, lease_seconds / BEATS_PER_LEASE))
    stopping = asyncio.create_task(stop.wait())
    try:
        while not stop.is_set():
            free = lane.concurrency - len(under_way)
            claimed: list[Any] = []
            if free > 0:
                try:
                    claimed = await lane.claim(free)
                except Exception as error:  # the database may be briefly unreachable; try again shortly
                    log.warning("%s: could not claim work (%s); trying again shortly", lane.name, error)
            for item in claimed:
                under_way[asyncio.create_task(lane.work(item))] = item
            if free > 0 and not claimed:
                await lane.idle()
            await asyncio.wait({stopping, *under_way}, timeout=poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            for task in [task for task in under_way if task.done()]:
                del under_way[task]
                if not task.cancelled() and task.exception() is not None:
                    log.error("%s: work failed", lane.name, exc_info=task.exception())
    finally:
        if under_way:  # SIGTERM: what was taken is finished (and recorded), not dropped
            await asyncio.wait(under_way)
        heartbeat.cancel()
        stopping.cancel()
        await asyncio.gather(heartbeat, stopping, return_exceptions=True)


async def run_chores(sessionmaker: async_sessionmaker[AsyncSession], stop: asyncio.Event) -> None:
    last_hourly: float | None = None
    while not stop.is_set():
        hourly = last_hourly is None or time.monotonic() - last_hourly >= HOURLY_CHORES_EVERY
        try:
            await housekeeping(sessionmaker, hourly=hourly)
            if hourly:
                last_hourly = time.monotonic()
        except Exception:  # the database may be briefly unreachable; the next round tries again
            log.exception("the worker's chores failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=CHORES_EVERY)


async def run_forever(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, stop: asyncio.Event, poll_seconds: float = 1.0
) -> None:
    mailer = mailer_for(settings)
    log.info(
        "worker started: emails go to %s (%d at a time), webhooks %d at a time, leases of %g s",
        mailer.name,
        settings.worker_email_concurrency,
        settings.worker_webhook_concurrency,
        settings.outbox_lease_seconds,
    )
    lease = settings.outbox_lease_seconds
    async with client_for(settings) as client:
        await asyncio.gather(
            run_lane(EmailLane(sessionmaker, mailer, settings), stop, poll_seconds=poll_seconds, lease_seconds=lease),
            run_lane(WebhookLane(sessionmaker, settings, client), stop, poll_seconds=poll_seconds, lease_seconds=lease),
            run_chores(sessionmaker, stop),
        )
