"""Webhook pages for administrators, and for facilitators about their groups' endpoints: the list
with a form to register one (its secret shown once), and each endpoint's settings and delivery log
with redelivery, re-enabling and removal."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.db import DbSession
from app.deps import AppSettings, CurrentAccount, csrf_protect, optional_account
from app.errors import RuleBroken
from app.pagination import PageParams
from app.web import Form, confirm, empty_form, parse_form, redirect, render
from app.webhooks import service
from app.webhooks.events import EVENTS
from app.webhooks.schemas import EndpointCreate, EndpointOut, EndpointUpdate

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

PAGE_SIZE = 50
DELIVERIES_PER_PAGE = 25
EVENT_OPTIONS = [(name, name, meaning) for name, meaning in EVENTS.items()]
_CLEARER = {
    "url": "Please give the receiver’s address, for example https://example.org/webhooks/between.",
    "events": "Choose at least one event to send.",
}


def _explained(form: Form[Any]) -> Form[Any]:
    """Field messages that say what is expected, instead of a generic "Please fill this in"."""
    for name, message in _CLEARER.items():
        if name in form.errors and not form.errors[name].startswith(("Unknown", "Please keep")):
            form.errors[name] = message
    return form


def _keep_field_errors(form: Form[Any], error: RuleBroken) -> None:
    """A rule the service enforces on one field is shown next to it; anything else is the error page."""
    if not error.field_errors:
        raise error
    form.add_errors(error.field_errors)


# --- the list and registering --------------------------------------------------------------------


async def _index(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    form: Form[Any],
    cursor: str | None = None,
    status_code: int = 200,
) -> Response:
    groups = await service.group_choices(session, account)
    page = await service.list_endpoints(session, account, PageParams(limit=PAGE_SIZE, cursor=cursor or None))
    group_options = [("", "Every group")] if account.is_admin else []
    group_options += [(str(group.public_id), group.name) for group in groups]
    return render(
        request,
        "webhooks/index.html",
        {
            "page": page,
            "form": form,
            "group_options": group_options,
            "event_options": EVENT_OPTIONS,
            "first_page": not cursor,
        },
        status_code=status_code,
    )


@router.get("/admin/webhooks")
async def index(request: Request, session: DbSession, account: CurrentAccount, cursor: str | None = None) -> Response:
    return await _index(request, session, account, empty_form(), cursor)


@router.post("/admin/webhooks")
async def create(request: Request, session: DbSession, account: CurrentAccount, settings: AppSettings) -> Response:
    form = _explained(await parse_form(request, EndpointCreate))
    if form.data is not None:
        try:
            endpoint, secret = await service.create_endpoint(
                session, account, form.data, allow_private=settings.allows_private_webhook_targets
            )
        except RuleBroken as error:
            _keep_field_errors(form, error)
        else:
            # The secret is in this one response only; afterwards it is kept encrypted, for signing.
            return await _detail(request, session, account, endpoint.id, new_secret=secret)
    return await _index(request, session, account, form, status_code=422)


# --- one endpoint ----------------------------------------------------------------------------------


def _settings_values(endpoint: EndpointOut) -> dict[str, Any]:
    return {"url": endpoint.url, "description": endpoint.description, "events": list(endpoint.events)}


async def _detail(
    request: Request,
    session: DbSession,
    account: CurrentAccount,
    endpoint_id: uuid.UUID,
    *,
    form: Form[Any] | None = None,
    new_secret: str | None = None,
    cursor: str | None = None,
    status_code: int = 200,
) -> Response:
    endpoint = await service.get_endpoint(session, account, endpoint_id)
    deliveries = await service.list_deliveries(
        session, account, endpoint_id, PageParams(limit=DELIVERIES_PER_PAGE, cursor=cursor or None)
    )
    return render(
        request,
        "webhooks/detail.html",
        {
            "endpoint": endpoint,
            "deliveries": deliveries,
            "first_page": not cursor,
            "new_secret": new_secret,
            "form": form or empty_form(_settings_values(endpoint)),
            "event_options": EVENT_OPTIONS,
        },
        status_code=status_code,
    )


@router.get("/admin/webhooks/{endpoint_id:uuid}")
async def detail(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID, cursor: str | None = None
) -> Response:
    return await _detail(request, session, account, endpoint_id, cursor=cursor)


@router.post("/admin/webhooks/{endpoint_id:uuid}")
async def update(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID, settings: AppSettings
) -> Response:
    form = await parse_form(
        request, EndpointUpdate, prepare=lambda values: {"events": [], **values}
    )  # no box ticked sends nothing
    form = _explained(form)
    if form.data is not None:
        try:
            await service.update_endpoint(
                session, account, endpoint_id, form.data, allow_private=settings.allows_private_webhook_targets
            )
        except RuleBroken as error:
            _keep_field_errors(form, error)
        else:
            return redirect(links.admin("webhooks", endpoint_id), "Your changes are saved.")
    return await _detail(request, session, account, endpoint_id, form=form, status_code=422)


@router.post("/admin/webhooks/{endpoint_id:uuid}/enable")
async def enable(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID, settings: AppSettings
) -> Response:
    await service.update_endpoint(
        session,
        account,
        endpoint_id,
        EndpointUpdate(enabled=True),
        allow_private=settings.allows_private_webhook_targets,
    )
    return redirect(
        links.admin("webhooks", endpoint_id), "The endpoint is on again. Deliveries that waited go out within a minute."
    )


@router.post("/admin/webhooks/{endpoint_id:uuid}/disable")
async def disable(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID, settings: AppSettings
) -> Response:
    await service.update_endpoint(
        session,
        account,
        endpoint_id,
        EndpointUpdate(enabled=False),
        allow_private=settings.allows_private_webhook_targets,
    )
    return redirect(
        links.admin("webhooks", endpoint_id),
        "The endpoint is paused. New events wait for it until you turn it back on.",
        "info",
    )


@router.post("/admin/webhooks/{endpoint_id:uuid}/deliveries/{delivery_id:uuid}/redeliver")
async def redeliver(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> Response:
    delivery = await service.redeliver(session, account, endpoint_id, delivery_id)
    return redirect(
        links.admin("webhooks", endpoint_id) + f"#delivery-{delivery.id}",
        f"The {delivery.event_type} event is queued again, with the same webhook-id. "
        "Reload in a few seconds to see the attempt.",
    )


@router.get("/admin/webhooks/{endpoint_id:uuid}/delete")
async def confirm_delete(
    request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID
) -> Response:
    endpoint = await service.get_endpoint(session, account, endpoint_id)
    return confirm(
        request,
        title="Remove this webhook endpoint?",
        explanation=f"Between stops sending events to {endpoint.url} at once, and its delivery log "
        "goes with it. This cannot be undone; to stop for a while, pause it instead.",
        action=links.admin("webhooks", endpoint.id, "delete"),
        yes="Yes, remove it",
        back=links.admin("webhooks", endpoint.id),
        no="No, keep it",
    )


@router.post("/admin/webhooks/{endpoint_id:uuid}/delete")
async def delete(request: Request, session: DbSession, account: CurrentAccount, endpoint_id: uuid.UUID) -> Response:
    endpoint = await service.delete_endpoint(session, account, endpoint_id)
    return redirect(links.admin("webhooks"), f"The endpoint {endpoint.url} is removed. Nothing more is sent to it.")
