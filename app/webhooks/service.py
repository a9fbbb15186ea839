"""Webhook endpoints: registering, changing, removing, and their delivery logs with redelivery.

Who may do what is decided here, for the pages and the API alike: administrators manage every
endpoint; a facilitator manages the endpoints of the groups they facilitate (and may register one
only for such a group); to anyone else other people's endpoints do not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.audit import service as audit
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.groups.models import Group, Membership, MembershipStatus, Role
from app.pagination import Keyset, PageParams
from app.webhooks import signing, targets
from app.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from app.webhooks.schemas import AttemptOut, DeliveryOut, EndpointCreate, EndpointOut, EndpointUpdate, GroupRef

ENDPOINT_NOT_FOUND = "There is no such webhook endpoint, or it is not one you manage."
DELIVERY_NOT_FOUND = "This endpoint has no such delivery."
NOT_ALLOWED = "Only administrators, and facilitators for the groups they run, can register webhooks."

ENDPOINTS_NEWEST_FIRST = Keyset(WebhookEndpoint.created_at, WebhookEndpoint.public_id)
DELIVERIES_NEWEST_FIRST = Keyset(WebhookDelivery.created_at, WebhookDelivery.public_id)


@dataclass
class EndpointPage:
    items: list[EndpointOut]
    next_cursor: str | None


@dataclass
class DeliveryPage:
    items: list[DeliveryOut]
    next_cursor: str | None


# --- who manages what ------------------------------------------------------------------------------


async def facilitated_groups(session: AsyncSession, account: Account) -> list[Group]:
    statement = (
        select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(
            Membership.account_id == account.id,
            Membership.role == Role.facilitator,
            Membership.status == MembershipStatus.active,
        )
        .order_by(Group.name)
    )
    return list((await session.execute(statement)).scalars())


async def group_choices(session: AsyncSession, account: Account) -> list[Group]:
    """The groups whose endpoints the person manages (every group, for administrators). Refuses
    people who manage none, so the pages can explain instead of showing an empty form."""
    if account.is_admin:
        return list((await session.execute(select(Group).order_by(Group.name))).scalars())
    groups = await facilitated_groups(session, account)
    if not groups:
        raise Forbidden(NOT_ALLOWED)
    return groups


def _visible(account: Account, group_ids: list[int]) -> Select:
    statement = select(WebhookEndpoint, Group).outerjoin(Group, Group.id == WebhookEndpoint.group_id)
    if not account.is_admin:
        statement = statement.where(WebhookEndpoint.group_id.in_(group_ids))
    return statement


async def _managed_ids(session: AsyncSession, account: Account) -> list[int]:
    if account.is_admin:
        return []
    return [group.id for group in await facilitated_groups(session, account)]


async def _endpoint(
    session: AsyncSession, account: Account, endpoint_id: uuid.UUID
) -> tuple[WebhookEndpoint, Group | None]:
    statement = _visible(account, await _managed_ids(session, account)).where(WebhookEndpoint.public_id == endpoint_id)
    row = (await session.execute(statement)).one_or_none()
    if row is None:
        raise NotFound(ENDPOINT_NOT_FOUND)
    return row[0], row[1]


def endpoint_out(endpoint: WebhookEndpoint, group: Group | None) -> EndpointOut:
    return EndpointOut(
        id=endpoint.public_id,
        url=endpoint.url,
        description=endpoint.description,
        events=list(endpoint.events),
        group=GroupRef(id=group.public_id, slug=group.slug, name=group.name) if group else None,
        enabled=endpoint.disabled_at is None,
        disabled_at=endpoint.disabled_at,
        disabled_reason=endpoint.disabled_reason,
        consecutive_failures=endpoint.consecutive_failures,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


async def _checked_url(url: str, allow_private: bool) -> str:
    try:
        await targets.check(url, allow_private=allow_private)
    except targets.TargetRefused as refused:
        raise InvalidInput(str(refused), field_errors={"url": str(refused)}) from None
    return url


# --- registering and changing --------------------------------------------------------------------


async def _group_for_new_endpoint(session: AsyncSession, actor: Account, group_id: uuid.UUID | None) -> Group | None:
    if group_id is None:
        if not actor.is_admin:
            raise Forbidden(NOT_ALLOWED + " Facilitators: give the group_id of a group you facilitate.")
        return None
    group = (await session.execute(select(Group).where(Group.public_id == group_id))).scalar_one_or_none()
    if actor.is_admin:
        if group is None:
            message = "There is no such group."
            raise InvalidInput(message, field_errors={"group_id": message})
        return group
    if group is None or group.id not in await _managed_ids(session, actor):
        raise Forbidden("You can register webhooks only for groups you facilitate.")
    return group


async def create_endpoint(
    session: AsyncSession, actor: Account, data: EndpointCreate, *, allow_private: bool
) -> tuple[EndpointOut, str]:
    """Registers an endpoint; returns it with its signing secret, which is never shown again.
    `allow_private`: whether private and plain-http addresses will do (development and tests)."""
    group = await _group_for_new_endpoint(session, actor, data.group_id)
    await _checked_url(data.url, allow_private)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        url=data.url,
        description=data.description,
        events=data.events,
        group_id=group.id if group else None,
        created_by_account_id=actor.id,
        secret_ciphertext=signing.encrypt(secret),
    )
    session.add(endpoint)
    await session.flush()
    audit.record(
        session,
        actor,
        "webhook.created",
        group_id=endpoint.group_id,
        target=str(endpoint.public_id),
        url=endpoint.url,
        events=endpoint.events,
    )
    return endpoint_out(endpoint, group), secret


async def get_endpoint(session: AsyncSession, actor: Account, endpoint_id: uuid.UUID) -> EndpointOut:
    return endpoint_out(*await _endpoint(session, actor, endpoint_id))


async def list_endpoints(session: AsyncSession, actor: Account, page: PageParams) -> EndpointPage:
    """Newest first, cursor-paginated."""
    statement = ENDPOINTS_NEWEST_FIRST.apply(_visible(actor, await _managed_ids(session, actor)), page)
    rows, next_cursor = ENDPOINTS_NEWEST_FIRST.cut(
        (await session.execute(statement)).all(), page, lambda row: (row[0].created_at, row[0].public_id)
    )
    return EndpointPage([endpoint_out(endpoint, group) for endpoint, group in rows], next_cursor)


async def update_endpoint(
    session: AsyncSession, actor: Account, endpoint_id: uuid.UUID, data: EndpointUpdate, *, allow_private: bool
) -> EndpointOut:
    endpoint, group = await _endpoint(session, actor, endpoint_id)
    changed: list[str] = []
    if data.url is not None and data.url != endpoint.url:
        endpoint.url = await _checked_url(data.url, allow_private)
        changed.append("url")
    if data.events is not None and data.events != endpoint.events:
        endpoint.events = data.events
        changed.append("events")
    if data.description is not None and data.description != endpoint.description:
        endpoint.description = data.description
        changed.append("description")
    if data.enabled is True and endpoint.disabled_at is not None:
        # Back on: what waited while it was off goes out now, and the failure count starts over.
        endpoint.disabled_at, endpoint.disabled_reason, endpoint.consecutive_failures = None, "", 0
        changed.append("enabled")
    elif data.enabled is False and endpoint.disabled_at is None:
        endpoint.disabled_at = utcnow()
        endpoint.disabled_reason = f"Turned off by {actor.display_name}."
        changed.append("enabled")
    if changed:
        endpoint.updated_at = utcnow()
        audit.record(
            session,
            actor,
            "webhook.updated",
            group_id=endpoint.group_id,
            target=str(endpoint.public_id),
            fields=changed,
            url=endpoint.url,
            enabled=endpoint.disabled_at is None,
        )
        await session.flush()
    return endpoint_out(endpoint, group)


async def delete_endpoint(session: AsyncSession, actor: Account, endpoint_id: uuid.UUID) -> EndpointOut:
    """Removes the endpoint with its deliveries and their log."""
    endpoint, group = await _endpoint(session, actor, endpoint_id)
    gone = endpoint_out(endpoint, group)
    audit.record(
        session, actor, "webhook.deleted", group_id=endpoint.group_id, target=str(endpoint.public_id), url=endpoint.url
    )
    await session.delete(endpoint)
    await session.flush()
    return gone


# --- the delivery log ------------------------------------------------------------------------------


def _delivery_out(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.public_id,
        message_id=delivery.message_id,
        event_type=delivery.event_type,
        status=delivery.status,
        attempt_count=delivery.attempts,
        next_attempt_at=delivery.available_at if delivery.status == DeliveryStatus.pending else None,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        created_at=delivery.created_at,
        delivered_at=delivery.delivered_at,
        payload=delivery.payload,
        attempts=[
            AttemptOut(
                id=a.public_id,
                attempted_at=a.attempted_at,
                request_headers=a.request_headers,
                status_code=a.status_code,
                duration_ms=a.duration_ms,
                response_excerpt=a.response_excerpt,
                error=a.error,
            )
            for a in attempts
        ],
    )


async def _with_attempts(session: AsyncSession, deliveries: list[WebhookDelivery]) -> list[DeliveryOut]:
    """The deliveries with their attempts, newest first, in one more statement however many."""
    by_delivery: dict[int, list[WebhookAttempt]] = {delivery.id: [] for delivery in deliveries}
    if by_delivery:
        statement = (
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(list(by_delivery)))
            .order_by(WebhookAttempt.attempted_at.desc(), WebhookAttempt.id.desc())
        )
        for attempt in (await session.execute(statement)).scalars():
            by_delivery[attempt.delivery_id].append(attempt)
    return [_delivery_out(delivery, by_delivery[delivery.id]) for delivery in deliveries]


async def list_deliveries(
    session: AsyncSession, actor: Account, endpoint_id: uuid.UUID, page: PageParams
) -> DeliveryPage:
    """The endpoint's deliveries, newest first, each with its attempts."""
    endpoint, _ = await _endpoint(session, actor, endpoint_id)
    statement = DELIVERIES_NEWEST_FIRST.apply(
        select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id), page
    )
    deliveries, next_cursor = DELIVERIES_NEWEST_FIRST.cut(
        list((await session.execute(statement)).scalars()),
        page,
        lambda delivery: (delivery.created_at, delivery.public_id),
    )
    return DeliveryPage(await _with_attempts(session, deliveries), next_cursor)


async def redeliver(
    session: AsyncSession, actor: Account, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryOut:
    """Queues the delivery again, due now, with the same message id (so a receiver that already has
    it can tell), and a fresh round of retries should this attempt fail too."""
    endpoint, _ = await _endpoint(session, actor, endpoint_id)
    if endpoint.disabled_at is not None:
        raise Conflict(
            "This endpoint is disabled, so nothing is sent to it. Re-enable it first; its waiting "
            "deliveries then go out too."
        )
    delivery = (
        await session.execute(
            select(WebhookDelivery).where(
                WebhookDelivery.public_id == delivery_id, WebhookDelivery.endpoint_id == endpoint.id
            )
        )
    ).scalar_one_or_none()
    if delivery is None:
        raise NotFound(DELIVERY_NOT_FOUND)
    delivery.status, delivery.attempts, delivery.available_at = DeliveryStatus.pending, 0, utcnow()
    audit.record(
        session,
        actor,
        "webhook.redelivered",
        group_id=endpoint.group_id,
        target=str(endpoint.public_id),
        delivery=str(delivery.public_id),
        event=delivery.event_type,
    )
    await session.flush()
    [out] = await _with_attempts(session, [delivery])
    return out
