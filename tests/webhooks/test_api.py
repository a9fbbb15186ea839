"""The webhook endpoints API: registering (the secret once), listing, reading, changing, removing;
validation with helpful messages, SSRF refusal, scopes and who may manage which endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from standardwebhooks.webhooks import Webhook

from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.groups.models import Role
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import WebhookEndpoint
from tests.conftest import ClientWith
from tests.factories import bearer, make_admin, make_group, make_member, make_token
from tests.webhooks.helpers import make_endpoint

URL = "/api/v1/webhooks"


async def _admin_headers(session: AsyncSession) -> dict[str, str]:
    return bearer(await make_token(session, await make_admin(session), Scope.webhooks))


@pytest.fixture
async def refusing_client(client_with: ClientWith) -> AsyncIterator[httpx.AsyncClient]:
    """The API of an app started as in production: private and plain-http targets are refused."""
    async with client_with(webhook_allow_private_targets=False) as client:
        yield client


async def test_register_read_change_and_remove(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(session)
    group = await make_group(session)
    body = {
        "url": "http://127.0.0.1:9/hooks",
        "events": ["meeting.created", "member.joined"],
        "description": "CRM sync",
        "group_id": str(group.public_id),
    }
    response = await client.post(URL, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"{URL}/{created['id']}"
    assert created["secret"].startswith("whsec_") and len(created["secret"]) > 40
    Webhook(created["secret"])  # a secret the reference library accepts
    assert created["events"] == ["member.joined", "meeting.created"]  # in the documented order
    assert created["group"] == {"id": str(group.public_id), "slug": group.slug, "name": group.name}
    assert created["enabled"] is True and created["disabled_reason"] == ""
    stored = (await session.execute(select(WebhookEndpoint))).scalar_one()
    assert created["secret"] not in stored.secret_ciphertext  # kept encrypted

    one = await client.get(f"{URL}/{created['id']}", headers=headers)
    assert one.status_code == 200 and "secret" not in one.json()  # shown that once only
    listed = await client.get(URL, headers=headers)
    assert [item["id"] for item in listed.json()["items"]] == [created["id"]]
    assert listed.json()["next_cursor"] is None

    changed = await client.patch(
        f"{URL}/{created['id']}",
        headers=headers,
        json={"events": ["rsvp.changed"], "description": "Slack", "enabled": False},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["events"] == ["rsvp.changed"] and changed.json()["enabled"] is False
    assert "Turned off by" in changed.json()["disabled_reason"]
    again = await client.patch(f"{URL}/{created['id']}", headers=headers, json={"enabled": True})
    assert again.json()["enabled"] is True and again.json()["disabled_at"] is None

    assert (await client.delete(f"{URL}/{created['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{URL}/{created['id']}", headers=headers)).status_code == 404
    actions = (
        (
            await session.execute(
                select(AuditEvent.action).where(AuditEvent.action.like("webhook.%")).order_by(AuditEvent.id)
            )
        )
        .scalars()
        .all()
    )
    assert actions == ["webhook.created", "webhook.updated", "webhook.updated", "webhook.deleted"]


async def test_lists_are_cursor_paginated(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    headers = bearer(await make_token(session, admin, Scope.webhooks))
    for index in range(5):
        await make_endpoint(session, admin, f"https://example.org/hooks/{index}")
    seen, cursor = [], None
    while True:
        page = (
            await client.get(URL, headers=headers, params={"limit": 2, **({"cursor": cursor} if cursor else {})})
        ).json()
        seen += [item["url"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"https://example.org/hooks/{index}" for index in reversed(range(5))]
    assert (await client.get(URL, headers=headers, params={"cursor": "nonsense"})).status_code == 400


async def test_validation_names_the_field_and_explains(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = await _admin_headers(session)
    unknown = await client.post(URL, headers=headers, json={"url": "https://example.org/h", "events": ["member.left"]})
    assert unknown.status_code == 422
    [error] = unknown.json()["errors"]
    assert error["field"] == "events" and "'member.left'" in error["message"]
    assert all(name in error["message"] for name in EVENT_TYPES)

    empty = await client.post(URL, headers=headers, json={"url": "", "events": [], "description": "x" * 301})
    assert {e["field"] for e in empty.json()["errors"]} == {"url", "events", "description"}
    for url, words in (
        ("ftp://example.org/h", "https://"),
        ("https://user:pw@example.org/h", "password"),
        ("https://example.org:99999/h", "web address"),
    ):
        response = await client.post(URL, headers=headers, json={"url": url, "events": ["member.joined"]})
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["field"] == "url" and words in response.json()["detail"]
    assert (await client.post(URL, headers=headers, json=["not", "an", "object"])).status_code == 422
    assert (await client.patch(f"{URL}/not-a-uuid", headers=headers, json={})).status_code == 422


async def test_private_and_plain_http_targets_are_refused(
    refusing_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin_headers(session)
    for url, words in (
        ("https://127.0.0.1/h", "loopback"),
        ("https://10.1.2.3/h", "private"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::1]/h", "loopback"),
        ("https://[::ffff:192.168.0.1]/h", "private"),
        ("https://localhost:8000/h", "loopback"),
        ("https://0.0.0.0/h", "unspecified"),
        ("https://224.0.0.1/h", "multicast"),
        ("http://93.184.215.14/h", "https://"),
        ("https://no-such-host.invalid/h", "could not find"),
        ("https://" + "a" * 300 + ".org/h", "could not find"),
    ):
        response = await refusing_client.post(URL, headers=headers, json={"url": url, "events": ["member.joined"]})
        assert response.status_code == 422, url
        assert words in response.json()["detail"], (url, response.json()["detail"])
        assert response.json()["errors"][0]["field"] == "url"
    public = await refusing_client.post(
        URL, headers=headers, json={"url": "https://93.184.215.14/h", "events": ["member.joined"]}
    )
    assert public.status_code == 201, public.text
    moved = await refusing_client.patch(
        f"{URL}/{public.json()['id']}", headers=headers, json={"url": "https://192.168.1.1/"}
    )
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "url"


async def test_scopes_and_who_manages_what(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    group, other_group = await make_group(session), await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    other_lead = await make_member(session, other_group, name="Oli Other", role=Role.facilitator)
    member = await make_member(session, group, name="Mo Member")
    body = {"url": "https://example.org/h", "events": ["member.joined"], "group_id": str(group.public_id)}

    read_write = bearer(await make_token(session, admin, Scope.read, Scope.write))
    refused = await client.get(URL, headers=read_write)
    assert refused.status_code == 403 and "'webhooks' scope" in refused.json()["detail"]
    assert (await client.get(URL)).status_code == 401

    lead_headers = bearer(await make_token(session, lead, Scope.webhooks))
    mine = await client.post(URL, headers=lead_headers, json=body)
    assert mine.status_code == 201, mine.text
    everywhere = await client.post(URL, headers=lead_headers, json={**body, "group_id": None})
    assert everywhere.status_code == 403 and "group you facilitate" in everywhere.json()["detail"]
    elsewhere = await client.post(URL, headers=lead_headers, json={**body, "group_id": str(other_group.public_id)})
    assert elsewhere.status_code == 403

    member_headers = bearer(await make_token(session, member, Scope.webhooks))
    assert (await client.post(URL, headers=member_headers, json=body)).status_code == 403
    assert (await client.get(URL, headers=member_headers)).json()["items"] == []

    other_headers = bearer(await make_token(session, other_lead, Scope.webhooks))
    endpoint_url = f"{URL}/{mine.json()['id']}"
    for method, path in (
        ("GET", endpoint_url),
        ("PATCH", endpoint_url),
        ("DELETE", endpoint_url),
        ("GET", f"{endpoint_url}/deliveries"),
    ):
        response = await client.request(method, path, headers=other_headers, json={} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
    admins_own, _ = await make_endpoint(session, admin)
    assert (await client.get(f"{URL}/{admins_own.id}", headers=lead_headers)).status_code == 404
    admin_headers = bearer(await make_token(session, admin, Scope.webhooks))
    assert (await client.get(endpoint_url, headers=admin_headers)).status_code == 200  # admins see every endpoint
    unknown_group = await client.post(URL, headers=admin_headers, json={**body, "group_id": str(admin.public_id)})
    assert unknown_group.status_code == 422 and unknown_group.json()["errors"][0]["field"] == "group_id"


async def test_odd_input_gets_an_explanation_never_a_server_error(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = await _admin_headers(session)
    for body in (
        {"url": "https://exa mple.org/h", "events": ["member.joined"]},
        {"url": "https://[::1/h", "events": ["member.joined"]},
        {"url": "https://example.org/\x00", "events": ["member.joined"]},
        {"url": "https://example.org/h", "events": ["member.joined"], "description": "a\x00b"},
        {"url": "https://example.org/h", "events": [1, None]},
        {"url": "https://example.org/h", "events": "member.joined", "colour": "blue"},
    ):
        response = await client.post(URL, headers=headers, json=body)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json" and response.json()["errors"]
