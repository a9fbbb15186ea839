"""The webhook worker: claims due deliveries, sends them signed, records each attempt, retries with
backoff for about three days, and disables an endpoint that fails all that time.

A claim is a short transaction that takes rows with FOR UPDATE SKIP LOCKED (PostgreSQL; on SQLite
the writing transaction holds the database's lock) and pushes `available_at` forward by a short
lease, which the worker renews while the request is under way (the heartbeat, `renew`). The request
itself is made outside any transaction. A worker that dies mid-delivery loses nothing: within a
lease another worker sends the delivery again, with the same webhook-id, so a receiver that did get
the first one can tell it is a repeat. The retry schedule and the lease are the emails' too
(app/notifications/retries.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

import httpx
from sqlalchemy import ColumnElement, CursorResult, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.config import Settings
from app.db import utcnow
from app.groups.models import Group
from app.notifications import retries
from app.notifications import service as notifications
from app.webhooks import signing, targets
from app.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint

log = logging.getLogger("between.webhooks")

# Renewed while the request is under way (whose timeout is shorter): only a dead worker's claims run out.
LEASE = retries.LEASE
BATCH = 10
# The wait before each retry; the first attempt is immediate. About three days in all, so a receiver
# that is down over a weekend still gets everything. Tests replace it with zeros.
RETRY_SCHEDULE: tuple[timedelta, ...] = retries.RETRY_SCHEDULE
EXCERPT = 2000
# Settled deliveries (and their attempts) stay in the log this long, then go.
KEEP_SETTLED = timedelta(days=30)


def max_attempts() -> int:
    return len(RETRY_SCHEDULE) + 1


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt (±20 %, so that deliveries that failed
    together, in a receiver's outage, do not all come back at once)."""
    return retries.retry_delay(attempts, RETRY_SCHEDULE)


@dataclass(frozen=True)
class Claimed:
    """What a worker needs to send one delivery, copied out of the claim's transaction."""

    delivery_id: int
    public_id: Any
    endpoint_id: int
    url: str
    secret_ciphertext: str
    message_id: str
    event_type: str
    payload: dict[str, Any]
    attempts: int


@dataclass
class Outcome:
    sent_at: datetime
    request_headers: dict[str, str] = field(default_factory=dict)
    status_code: int | None = None
    duration_ms: int = 0
    excerpt: str = ""
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession], batch_size: int | None = None, lease: timedelta = LEASE
) -> list[Claimed]:
    async with sessionmaker() as session, session.begin():
        now = utcnow()
        statement = (
            select(WebhookDelivery, WebhookEndpoint)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(
                WebhookDelivery.status == DeliveryStatus.pending,
                WebhookDelivery.available_at <= now,
                WebhookEndpoint.disabled_at.is_(None),
            )
            .order_by(WebhookDelivery.available_at, WebhookDelivery.id)
            .limit(batch_size or BATCH)
            .with_for_update(skip_locked=True, of=WebhookDelivery)
        )
        claimed = []
        for delivery, endpoint in (await session.execute(statement)).all():
            delivery.attempts += 1
            delivery.available_at = now + lease
            claimed.append(
                Claimed(
                    delivery.id,
                    delivery.public_id,
                    endpoint.id,
                    endpoint.url,
                    endpoint.secret_ciphertext,
                    delivery.message_id,
                    delivery.event_type,
                    delivery.payload,
                    delivery.attempts,
                )
            )
    return claimed


async def renew(
    sessionmaker: async_sessionmaker[AsyncSession], claimed: list[Claimed], lease: timedelta = LEASE
) -> None:
    """The heartbeat: pushes the leases of deliveries still under way forward (only this claim's: a
    delivery another worker took after the lease ran out is not ours to hold)."""
    if not claimed:
        return
    ours: ColumnElement[bool] = or_(
        *(and_(WebhookDelivery.id == c.delivery_id, WebhookDelivery.attempts == c.attempts) for c in claimed)
    )
    async with sessionmaker() as session, session.begin():
        await session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.status == DeliveryStatus.pending, ours)
            .values(available_at=utcnow() + lease)
        )


async def _destination(url: str, allow_private: bool) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The URL to connect to, with the Host header and TLS name to use. Unless private targets are
    allowed, the host is resolved and checked here and the request goes to that very address, so a
    DNS answer that changes between the check and the connection cannot slip past the check."""
    target = targets.parse(url, allow_private=allow_private)
    if allow_private:
        return url, {}, {}
    address = (await targets.resolve(target, allow_private=False))[0]
    pinned = str(httpx.URL(url).copy_with(host=str(address)))
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return pinned, {"Host": urlsplit(url).netloc}, extensions


async def send(client: httpx.AsyncClient, claimed: Claimed, *, allow_private: bool) -> Outcome:
    """One attempt. Never raises: whatever goes wrong is what the attempt records. `allow_private`:
    whether private and plain-http addresses will do (development and tests)."""
    outcome = Outcome(sent_at=utcnow())
    started = time.monotonic()
    try:
        secret = signing.decrypt(claimed.secret_ciphertext)
        content = signing.body(claimed.payload)
        outcome.request_headers = signing.headers(secret, claimed.message_id, outcome.sent_at, content)
        url, host, extensions = await _destination(claimed.url, allow_private)
        request = client.build_request(
            "POST", url, content=content.encode(), headers={**outcome.request_headers, **host}, extensions=extensions
        )
        response = await client.send(request, stream=True)
        try:
            outcome.status_code = response.status_code
            received = b""
            async for chunk in response.aiter_bytes():
                received += chunk
                if len(received) >= EXCERPT:
                    break
            outcome.excerpt = received[:EXCERPT].decode(errors="replace")
        finally:
            await response.aclose()
        if 300 <= response.status_code < 400:
            outcome.error = (
                f"The receiver answered {response.status_code}, a redirect. Redirects are not followed: "
                "register the final address."
            )
        elif not outcome.succeeded:
            outcome.error = f"The receiver answered {response.status_code}."
    except (signing.SecretUnreadable, targets.TargetRefused) as refused:
        outcome.error = f"Not sent: {refused}"
    except httpx.TimeoutException:
        outcome.error = f"No answer within {client.timeout.read or client.timeout.connect} seconds."
    except httpx.HTTPError as error:
        outcome.error = f"Could not reach the receiver: {type(error).__name__}: {error}"[:EXCERPT]
    except Exception as error:  # an address httpx cannot use, and the like: logged, retried, never fatal
        log.exception("webhook delivery %s could not be sent", claimed.public_id)
        outcome.error = f"Not sent: {type(error).__name__}: {error}"[:EXCERPT]
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    return outcome


async def finish(sessionmaker: async_sessionmaker[AsyncSession], claimed: Claimed, outcome: Outcome) -> None:
    """Records the attempt, then: done, retry later, or failed for good (perhaps disabling the endpoint)."""
    async with sessionmaker() as session, session.begin():
        delivery = await session.get(WebhookDelivery, claimed.delivery_id, populate_existing=True)
        if delivery is None:  # the endpoint was removed, with its log, while the request was under way
            return
        session.add(
            WebhookAttempt(
                delivery_id=claimed.delivery_id,
                attempted_at=outcome.sent_at,
                request_headers=outcome.request_headers,
                status_code=outcome.status_code,
                duration_ms=outcome.duration_ms,
                response_excerpt=outcome.excerpt,
                error=outcome.error,
            )
        )
        if outcome.succeeded:
            await session.execute(
                update(WebhookEndpoint).where(WebhookEndpoint.id == claimed.endpoint_id).values(consecutive_failures=0)
            )
        else:
            # An increment in SQL: several workers may fail on one endpoint at the same moment.
            await session.execute(
                update(WebhookEndpoint)
                .where(WebhookEndpoint.id == claimed.endpoint_id)
                .values(consecutive_failures=WebhookEndpoint.consecutive_failures + 1)
            )
        # Redelivered meanwhile: the log keeps this attempt, and the new round decides the rest.
        if delivery.attempts != claimed.attempts or delivery.status != DeliveryStatus.pending:
            return
        delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
        if outcome.succeeded:
            delivery.status, delivery.delivered_at = DeliveryStatus.succeeded, utcnow()
        elif delivery.attempts < max_attempts():
            delivery.available_at = utcnow() + retry_delay(delivery.attempts)
        else:
            delivery.status = DeliveryStatus.failed
            await _disable_if_failing(session, claimed, outcome)


async def _disable_if_failing(session: AsyncSession, claimed: Claimed, outcome: Outcome) -> None:
    """The rule: an endpoint is disabled when one of its deliveries has failed every attempt (about
    three days) and it has not answered any delivery successfully since that one's first attempt,
    i.e. it has failed at least as many times in a row. A receiver that rejects one odd event but
    takes the rest stays on."""
    endpoint = await session.get_one(WebhookEndpoint, claimed.endpoint_id, populate_existing=True)
    if endpoint.consecutive_failures < claimed.attempts:
        return
    now = utcnow()
    reason = (
        f"Disabled on {now:%b %-d, %Y}: every attempt to deliver a {claimed.event_type} event failed for "
        f"about three days, and nothing else got through. Last: {outcome.error}"
    )[:300]
    # Conditional, so that of several workers failing at once only one disables it and sends the news.
    result = cast(
        CursorResult[Any],
        await session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint.id, WebhookEndpoint.disabled_at.is_(None))
            .values(disabled_at=now, disabled_reason=reason)
        ),
    )
    if result.rowcount != 1:
        return
    log.warning(
        "webhook endpoint %s disabled after %d failed attempts", endpoint.public_id, endpoint.consecutive_failures
    )
    audit.record(
        session,
        None,
        "webhook.disabled",
        group_id=endpoint.group_id,
        target=str(endpoint.public_id),
        url=endpoint.url,
        reason=reason,
    )
    await _tell_managers(session, endpoint, reason)


async def _tell_managers(session: AsyncSession, endpoint: WebhookEndpoint, reason: str) -> None:
    """Administrators are emailed, and the facilitator who registered it, who may not be one."""
    group = await session.get(Group, endpoint.group_id) if endpoint.group_id else None
    people = (
        (
            await session.execute(
                select(Account).where(
                    Account.deleted_at.is_(None),
                    (Account.is_admin.is_(True)) | (Account.id == endpoint.created_by_account_id),
                )
            )
        )
        .scalars()
        .all()
    )
    link = links.absolute(links.admin("webhooks", endpoint.public_id))
    for person in people:
        await notifications.queue_email(
            session,
            to=person.email,
            template="webhook_disabled",
            context={
                "name": person.display_name,
                "url": endpoint.url,
                "description": endpoint.description,
                "group": group.name if group else None,
                "reason": reason,
                "link": link,
            },
        )


def client_for(settings: Settings) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False)


async def _record(sessionmaker: async_sessionmaker[AsyncSession], claimed: Claimed, outcome: Outcome) -> None:
    """`finish`, tried again through a database blip (the request was made: losing its outcome would
    send it again)."""
    if not outcome.succeeded:
        # Never the secret or the body: the delivery and the reason are enough to find it in the log.
        log.info("webhook delivery %s attempt %d failed: %s", claimed.public_id, claimed.attempts, outcome.error[:200])
    await retries.persistently(
        lambda: finish(sessionmaker, claimed, outcome), f"recording webhook delivery {claimed.public_id}"
    )


class WebhookLane:
    """The worker's webhook lane: what app/worker.py runs, many deliveries at a time, beside emails."""

    name = "webhooks"

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, client: httpx.AsyncClient
    ) -> None:
        self.sessionmaker, self.client = sessionmaker, client
        self.allow_private = settings.allows_private_webhook_targets
        self.concurrency = settings.worker_webhook_concurrency
        self.lease = settings.outbox_lease

    async def claim(self, limit: int) -> list[Claimed]:
        return await claim(self.sessionmaker, limit, self.lease)

    async def renew(self, claimed: list[Claimed]) -> None:
        await renew(self.sessionmaker, claimed, self.lease)

    async def work(self, claimed: Claimed) -> None:
        """Sends one and records the outcome; never raises."""
        outcome = await send(self.client, claimed, allow_private=self.allow_private)
        try:
            await _record(self.sessionmaker, claimed, outcome)
        except Exception:
            log.exception(
                "webhook delivery %s: the attempt could not be recorded; its lease brings it back", claimed.public_id
            )

    async def idle(self) -> None:
        return None


async def run_once(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings) -> int:
    """Sends what is due now, a batch at a time side by side; returns how many were attempted."""
    claimed = await claim(sessionmaker, lease=settings.outbox_lease)
    if not claimed:
        return 0
    allow_private = settings.allows_private_webhook_targets
    async with client_for(settings) as client:
        outcomes = await asyncio.gather(*(send(client, each, allow_private=allow_private) for each in claimed))
    for each, outcome in zip(claimed, outcomes, strict=True):
        await _record(sessionmaker, each, outcome)
    return len(claimed)


async def purge_settled(session: AsyncSession) -> int:
    """Removes deliveries that succeeded or gave up more than KEEP_SETTLED ago, with their attempts;
    pending ones stay whatever their age (a paused endpoint's events wait for it)."""
    result = cast(
        CursorResult[Any],
        await session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.status != DeliveryStatus.pending, WebhookDelivery.created_at < utcnow() - KEEP_SETTLED
            )
        ),
    )
    return result.rowcount or 0
