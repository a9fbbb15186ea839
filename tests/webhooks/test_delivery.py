"""The webhook worker against a real HTTP receiver: signed requests the reference library accepts,
retries with the same webhook-id, refusal of private targets at delivery time, disabling with an
email to administrators, redelivery, and nothing lost when a worker dies mid-delivery."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.config import Settings, get_settings
from app.db import utcnow
from app.groups.models import Role
from app.notifications.worker import SmtpMailer
from app.notifications.worker import run_once as send_emails
from app.webhooks import delivery, service, signing
from app.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookEndpoint
from app.webhooks.schemas import EndpointUpdate
from tests.conftest import Mailbox, free_port
from tests.factories import bearer, make_admin, make_group, make_member, make_token
from tests.meetings.helpers import schedule
from tests.webhooks.helpers import Receiver, deliveries, make_endpoint, running_receiver


@pytest.fixture
def receiver() -> Receiver:  # type: ignore[misc]
    with running_receiver() as receiver:
        yield receiver


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three attempts in all, each retry due at once."""
    monkeypatch.setattr(delivery, "RETRY_SCHEDULE", (timedelta(0), timedelta(0)))


async def _deliver(sessionmaker: async_sessionmaker[AsyncSession], settings: Settings | None = None) -> int:
    return await delivery.run_once(sessionmaker, settings or get_settings())


async def _meeting_event(session: AsyncSession, receiver: Receiver, **endpoint_fields: object):  # type: ignore[no-untyped-def]
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    admin = await make_admin(session)
    endpoint, secret = await make_endpoint(session, admin, receiver.url, **endpoint_fields)  # type: ignore[arg-type]
    await schedule(session, lead, group)
    await session.commit()
    return admin, endpoint, secret


@pytest.mark.usefixtures("quick_retries")
async def test_signed_deliveries_are_retried_with_the_same_id(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    _, endpoint, secret = await _meeting_event(session, receiver)
    receiver.answers = [500, 503]
    for _ in range(3):
        assert await _deliver(sessionmaker) == 1
    assert await _deliver(sessionmaker) == 0  # delivered: nothing left to do

    payloads = receiver.verified(secret)  # raises unless every signature is right
    [stored] = await deliveries(session)
    assert receiver.ids() == [stored.message_id] * 3
    assert all(payload == stored.payload for payload in payloads)
    assert payloads[0]["type"] == "meeting.created" and payloads[0]["data"]["meeting"]["title"] == "Weekly meeting"
    first = receiver.received[0].headers
    assert first["Content-Type"] == "application/json" and first["User-Agent"] == "Between-Webhooks/1"
    assert stored.status == DeliveryStatus.succeeded and stored.attempts == 3 and stored.delivered_at
    attempts = (await session.execute(select(WebhookAttempt).order_by(WebhookAttempt.id))).scalars().all()
    assert [a.status_code for a in attempts] == [500, 503, 200]
    assert attempts[0].error == "The receiver answered 500." and attempts[0].response_excerpt == "not now"
    assert attempts[2].error == "" and attempts[2].request_headers["webhook-id"] == stored.message_id
    with pytest.raises(WebhookVerificationError):  # and with another secret, the reference library refuses it
        Webhook(signing.new_secret()).verify(receiver.received[0].body, receiver.received[0].headers)
    endpoint_row = (
        await session.execute(select(WebhookEndpoint).execution_options(populate_existing=True))
    ).scalar_one()
    assert endpoint_row.consecutive_failures == 0


def test_retries_span_about_three_days_with_jitter() -> None:
    total = sum(delivery.RETRY_SCHEDULE, timedelta())
    assert timedelta(days=2.5) < total < timedelta(days=3.5)
    assert delivery.max_attempts() == len(delivery.RETRY_SCHEDULE) + 1
    waits = {delivery.retry_delay(1).total_seconds() for _ in range(20)}
    assert len(waits) > 1 and all(4 <= wait <= 6 for wait in waits)  # 5 s ± 20 %
    assert timedelta(hours=15) < delivery.retry_delay(99) < timedelta(hours=25)


async def test_a_private_target_is_refused_at_delivery_time(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    await _meeting_event(session, receiver)  # registered while private targets were allowed
    production_like = get_settings().model_copy(update={"webhook_allow_private_targets": False})
    assert await _deliver(sessionmaker, production_like) == 1
    assert receiver.received == []  # no request left the building
    attempt = (await session.execute(select(WebhookAttempt))).scalar_one()
    assert attempt.status_code is None and attempt.error.startswith("Not sent:")
    assert "https://" in attempt.error  # plain http is refused first; an https one would be refused as loopback
    [stored] = await deliveries(session)
    assert stored.status == DeliveryStatus.pending and stored.attempts == 1 and stored.available_at > utcnow()

    endpoint = (await session.execute(select(WebhookEndpoint))).scalar_one()
    endpoint.url = receiver.url.replace("http://", "https://")
    stored.available_at = utcnow()
    await session.commit()
    assert await _deliver(sessionmaker, production_like) == 1
    latest = (await session.execute(select(WebhookAttempt).order_by(WebhookAttempt.id.desc()).limit(1))).scalar_one()
    assert "loopback" in latest.error and receiver.received == []


@pytest.mark.usefixtures("quick_retries")
async def test_an_endpoint_failing_every_attempt_is_disabled_and_admins_are_emailed(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver, mailbox: Mailbox
) -> None:
    admin, endpoint, _ = await _meeting_event(session, receiver)
    other_admin = await make_admin(session, name="Bo Backup")
    await session.commit()
    receiver.answers = [500] * 3
    for _ in range(3):
        assert await _deliver(sessionmaker) == 1
    [stored] = await deliveries(session)
    assert stored.status == DeliveryStatus.failed and stored.attempts == 3
    disabled = await service.get_endpoint(session, admin, endpoint.id)
    assert not disabled.enabled and "meeting.created" in disabled.disabled_reason
    assert "The receiver answered 500." in disabled.disabled_reason
    assert (await session.execute(select(AuditEvent).where(AuditEvent.action == "webhook.disabled"))).scalar_one()

    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    await send_emails(sessionmaker, SmtpMailer(settings), settings)
    for person in (admin, other_admin):
        [email] = mailbox.to(person.email)
        assert email["Subject"] == f"A webhook endpoint was disabled: {receiver.url}"
        assert f"/admin/webhooks/{endpoint.id}" in email.get_body(("plain",)).get_content()

    # While it is off, new events wait for it instead of being lost; back on, they go out.
    group = await make_group(session)
    await schedule(session, await make_member(session, group, role=Role.facilitator), group)
    await session.commit()
    assert await _deliver(sessionmaker) == 0
    await service.update_endpoint(session, admin, endpoint.id, EndpointUpdate(enabled=True), allow_private=True)
    await session.commit()
    assert await _deliver(sessionmaker) == 1
    assert [d.status for d in await deliveries(session)] == [DeliveryStatus.failed, DeliveryStatus.succeeded]


@pytest.mark.usefixtures("quick_retries")
async def test_redeliver_sends_the_same_message_again(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    admin, endpoint, secret = await _meeting_event(session, receiver)
    headers = bearer(await make_token(session, admin, Scope.webhooks))
    await session.commit()
    assert await _deliver(sessionmaker) == 1
    log_url = f"/api/v1/webhooks/{endpoint.id}/deliveries"
    [item] = (await client.get(log_url, headers=headers)).json()["items"]
    assert item["status"] == "succeeded" and len(item["attempts"]) == 1
    assert item["attempts"][0]["status_code"] == 200 and item["attempts"][0]["duration_ms"] >= 0

    response = await client.post(f"{log_url}/{item['id']}/redeliver", headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "pending" and response.json()["next_attempt_at"]
    assert await _deliver(sessionmaker) == 1
    assert receiver.ids() == [item["message_id"]] * 2
    receiver.verified(secret)
    [again] = (await client.get(log_url, headers=headers)).json()["items"]
    assert again["status"] == "succeeded" and len(again["attempts"]) == 2
    assert (await session.execute(select(AuditEvent).where(AuditEvent.action == "webhook.redelivered"))).scalar_one()

    assert (await client.post(f"{log_url}/{endpoint.id}/redeliver", headers=headers)).status_code == 404
    await client.patch(f"/api/v1/webhooks/{endpoint.id}", headers=headers, json={"enabled": False})
    paused = await client.post(f"{log_url}/{item['id']}/redeliver", headers=headers)
    assert paused.status_code == 409 and "Re-enable" in paused.json()["detail"]


async def test_redirects_are_not_followed(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    await _meeting_event(session, receiver)
    receiver.answers = [301]
    assert await _deliver(sessionmaker) == 1
    assert len(receiver.received) == 1
    attempt = (await session.execute(select(WebhookAttempt))).scalar_one()
    assert attempt.status_code == 301 and "Redirects are not followed" in attempt.error


async def test_a_worker_killed_mid_delivery_loses_nothing(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    _, _, secret = await _meeting_event(session, receiver)
    [claimed] = await delivery.claim(sessionmaker)  # …and the worker dies before sending
    assert await _deliver(sessionmaker) == 0  # the lease keeps other workers off meanwhile
    with time_machine.travel(utcnow() + delivery.LEASE + timedelta(seconds=1)):
        assert await _deliver(sessionmaker) == 1
        receiver.verified(secret)
    assert receiver.ids() == [claimed.message_id]
    [stored] = await deliveries(session)
    assert stored.status == DeliveryStatus.succeeded and stored.attempts == 2


async def test_a_delivery_under_way_keeps_its_short_lease_by_heartbeat(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    await _meeting_event(session, receiver)
    assert delivery.LEASE <= timedelta(seconds=30)
    claimed = await delivery.claim(sessionmaker)
    with time_machine.travel(utcnow() + delivery.LEASE * 0.75):
        await delivery.renew(sessionmaker, claimed)  # the request is slow, the worker alive
    with time_machine.travel(utcnow() + delivery.LEASE * 1.5):
        assert await delivery.claim(sessionmaker) == []
    with time_machine.travel(utcnow() + delivery.LEASE * 1.8):
        [again] = await delivery.claim(sessionmaker)  # no beat since: the worker is gone
    assert again.delivery_id == claimed[0].delivery_id and again.attempts == 2


async def test_an_unreachable_receiver_is_a_failed_attempt(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    await _meeting_event(session, receiver)
    endpoint = (await session.execute(select(WebhookEndpoint))).scalar_one()
    endpoint.url = f"http://127.0.0.1:{free_port()}/nobody-listens"
    await session.commit()
    assert await _deliver(sessionmaker) == 1
    attempt = (await session.execute(select(WebhookAttempt))).scalar_one()
    assert attempt.status_code is None and attempt.error.startswith("Could not reach the receiver")
    endpoint = (await session.execute(select(WebhookEndpoint).execution_options(populate_existing=True))).scalar_one()
    assert endpoint.consecutive_failures == 1 and endpoint.disabled_at is None


async def test_a_slow_receiver_times_out(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    await _meeting_event(session, receiver)
    receiver.delay = 2
    impatient = get_settings().model_copy(update={"webhook_timeout_seconds": 0.3})
    assert await delivery.run_once(sessionmaker, impatient) == 1
    attempt = (await session.execute(select(WebhookAttempt))).scalar_one()
    assert attempt.status_code is None and attempt.error == "No answer within 0.3 seconds."
    assert 250 <= attempt.duration_ms < 2000


async def test_an_endpoint_removed_mid_delivery_is_no_trouble(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession], receiver: Receiver
) -> None:
    admin, endpoint, _ = await _meeting_event(session, receiver)
    [claimed] = await delivery.claim(sessionmaker)
    async with httpx.AsyncClient() as client:
        outcome = await delivery.send(client, claimed, allow_private=True)
    await service.delete_endpoint(session, admin, endpoint.id)
    await session.commit()
    await delivery.finish(sessionmaker, claimed, outcome)  # nothing left to record it on
    assert await deliveries(session) == [] and len(receiver.received) == 1


async def test_settled_deliveries_leave_the_log_after_thirty_days_pending_ones_stay(session: AsyncSession) -> None:
    from sqlalchemy import func

    from app.webhooks.models import WebhookDelivery

    admin = await make_admin(session)
    created, _ = await make_endpoint(session, admin)
    endpoint_id = (
        await session.execute(select(WebhookEndpoint.id).where(WebhookEndpoint.public_id == created.id))
    ).scalar_one()
    old = utcnow() - delivery.KEEP_SETTLED - timedelta(days=1)
    rows = {
        status: WebhookDelivery(
            endpoint_id=endpoint_id,
            message_id=f"msg_{status.value}",
            event_type="meeting.created",
            payload={},
            status=status,
            created_at=old,
        )
        for status in DeliveryStatus
    }
    recent = WebhookDelivery(
        endpoint_id=endpoint_id,
        message_id="msg_recent",
        event_type="meeting.created",
        payload={},
        status=DeliveryStatus.succeeded,
    )
    session.add_all([*rows.values(), recent])
    await session.flush()
    session.add(WebhookAttempt(delivery_id=rows[DeliveryStatus.succeeded].id, status_code=200))
    await session.flush()

    assert await delivery.purge_settled(session) == 2
    left = {row.message_id for row in await deliveries(session)}
    assert left == {"msg_pending", "msg_recent"}
    attempts = (await session.execute(select(func.count()).select_from(WebhookAttempt))).scalar_one()
    assert attempts == 0
