"""Webhook endpoints as JSON: register (the secret is in the answer, once), list, read, change,
remove, and each endpoint's delivery log with redelivery. Every route needs the `webhooks` scope."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app import links
from app.db import DbSession
from app.deps import ApiWebhooks, AppSettings
from app.pagination import Page, PageParams, page_params
from app.webhooks import service
from app.webhooks.schemas import DeliveryOut, EndpointCreate, EndpointCreated, EndpointOut, EndpointUpdate

router = APIRouter(tags=["webhooks"])

Paging = Annotated[PageParams, Depends(page_params)]


@router.post(
    "/webhooks",
    response_model=EndpointCreated,
    status_code=201,
    summary="Register a webhook endpoint; the answer holds its signing secret, shown this once",
)
async def create_endpoint(
    session: DbSession, account: ApiWebhooks, data: EndpointCreate, response: Response, settings: AppSettings
) -> EndpointCreated:
    endpoint, secret = await service.create_endpoint(
        session, account, data, allow_private=settings.allows_private_webhook_targets
    )
    response.headers["Location"] = links.api("webhooks", endpoint.id)
    return EndpointCreated(**endpoint.model_dump(), secret=secret)


@router.get("/webhooks", response_model=Page[EndpointOut], summary="The webhook endpoints you manage, newest first")
async def list_endpoints(session: DbSession, account: ApiWebhooks, page: Paging) -> Page[EndpointOut]:
    result = await service.list_endpoints(session, account, page)
    return Page[EndpointOut](items=result.items, next_cursor=result.next_cursor)


@router.get("/webhooks/{endpoint_id}", response_model=EndpointOut, summary="One webhook endpoint")
async def get_endpoint(session: DbSession, account: ApiWebhooks, endpoint_id: uuid.UUID) -> EndpointOut:
    return await service.get_endpoint(session, account, endpoint_id)


@router.patch(
    "/webhooks/{endpoint_id}",
    response_model=EndpointOut,
    summary="Change the fields given; `enabled: true` turns a disabled endpoint back on",
)
async def update_endpoint(
    session: DbSession, account: ApiWebhooks, endpoint_id: uuid.UUID, data: EndpointUpdate, settings: AppSettings
) -> EndpointOut:
    return await service.update_endpoint(
        session, account, endpoint_id, data, allow_private=settings.allows_private_webhook_targets
    )


@router.delete(
    "/webhooks/{endpoint_id}", status_code=204, summary="Remove a webhook endpoint, with its deliveries and their log"
)
async def delete_endpoint(session: DbSession, account: ApiWebhooks, endpoint_id: uuid.UUID) -> Response:
    await service.delete_endpoint(session, account, endpoint_id)
    return Response(status_code=204)


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response_model=Page[DeliveryOut],
    summary="The endpoint's deliveries, newest first, each with every attempt made",
)
async def list_deliveries(
    session: DbSession, account: ApiWebhooks, endpoint_id: uuid.UUID, page: Paging
) -> Page[DeliveryOut]:
    result = await service.list_deliveries(session, account, endpoint_id, page)
    return Page[DeliveryOut](items=result.items, next_cursor=result.next_cursor)


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    response_model=DeliveryOut,
    status_code=202,
    summary="Send a delivery again now, with the same webhook-id",
)
async def redeliver(
    session: DbSession, account: ApiWebhooks, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryOut:
    return await service.redeliver(session, account, endpoint_id, delivery_id)
