"""The webhook pages: administrators and facilitators register endpoints (the secret shown once),
read the delivery log, redeliver, pause and re-enable, and remove an endpoint after confirming."""

from __future__ import annotations

import uuid

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Role
from app.webhooks import signing
from app.webhooks.models import DeliveryStatus, WebhookEndpoint
from tests.factories import make_admin, make_group, make_member, post_form, sign_in
from tests.meetings.helpers import schedule
from tests.webhooks.helpers import deliveries, make_endpoint

PAGE = "/admin/webhooks"


async def test_an_administrator_registers_an_endpoint_and_sees_the_secret_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_admin(session)
    group = await make_group(session, name="Tuesday HR")
    await sign_in(client, admin)
    page = BeautifulSoup((await client.get(PAGE)).text, "html.parser")
    assert page.select_one("#field-url") and page.select_one("#field-events-member\\.joined")
    assert [o.text for o in page.select("#field-group_id option")] == ["Every group", "Tuesday HR"]

    response = await post_form(
        client,
        PAGE,
        {
            "url": "https://example.org/hooks",
            "description": "CRM sync",
            "group_id": str(group.public_id),
            "events": ["member.joined", "meeting.created"],
        },
        page=PAGE,
    )
    assert response.status_code == 200, response.text
    secret = BeautifulSoup(response.text, "html.parser").select_one("#new-secret")["value"]
    assert secret.startswith("whsec_")
    endpoint = (await session.execute(select(WebhookEndpoint))).scalar_one()
    assert signing.decrypt(endpoint.secret_ciphertext) == secret and endpoint.events == [
        "member.joined",
        "meeting.created",
    ]
    later = await client.get(f"{PAGE}/{endpoint.public_id}")
    assert later.status_code == 200 and secret not in later.text and "Nothing sent yet" in later.text
    listing = await client.get(PAGE)
    assert "https://example.org/hooks" in listing.text and "Tuesday HR" in listing.text


async def test_the_form_keeps_what_was_typed_and_explains(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await sign_in(client, await make_admin(session))
    response = await post_form(client, PAGE, {"url": "ftp://example.org/x", "description": "Slack"}, page=PAGE)
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "Choose at least one event" in soup.select_one("#error-events").text
    assert soup.select_one("#field-url")["value"] == "ftp://example.org/x"
    assert soup.select_one("#field-description")["value"] == "Slack"
    assert "https://" in soup.select_one("#error-url").text  # every mistake at once
    response = await post_form(
        client,
        PAGE,
        {"url": "https://example.org/x", "events": "rsvp.changed", "group_id": str(uuid.uuid4())},
        page=PAGE,
    )
    soup = BeautifulSoup(response.text, "html.parser")
    assert response.status_code == 422
    assert "no such group" in soup.select_one("#error-group_id").text  # the service's rule, next to its field
    assert soup.select_one("#field-events-rsvp\\.changed").has_attr("checked")


async def test_the_delivery_log_redeliver_pause_and_remove(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    endpoint, _ = await make_endpoint(session, admin)
    await schedule(session, lead, group)
    [queued] = await deliveries(session)
    queued.status, queued.attempts = DeliveryStatus.failed, 11
    await sign_in(client, admin)
    detail = f"{PAGE}/{endpoint.id}"
    page = BeautifulSoup((await client.get(detail)).text, "html.parser")
    assert "meeting.created" in page.text and queued.message_id in page.text
    redeliver = page.select_one("form[action$='/redeliver']")["action"]

    response = await post_form(client, redeliver, {}, page=detail)
    assert response.status_code == 303
    [again] = await deliveries(session)
    assert again.status == DeliveryStatus.pending and again.attempts == 0

    assert (await post_form(client, f"{detail}/disable", {}, page=detail)).status_code == 303
    paused = BeautifulSoup((await client.get(detail)).text, "html.parser")
    assert "This endpoint is disabled" in paused.text and not paused.select("form[action$='/redeliver']")
    assert (await post_form(client, f"{detail}/enable", {}, page=detail)).status_code == 303
    assert "This endpoint is disabled" not in (await client.get(detail)).text

    changed = await post_form(
        client,
        detail,
        {"url": "https://example.org/new", "description": "", "events": ["meeting.updated"]},
        page=detail,
    )
    assert changed.status_code == 303
    refused = await post_form(client, detail, {"url": "https://example.org/new", "description": ""}, page=detail)
    assert refused.status_code == 422 and "Choose at least one event" in refused.text

    confirm = await client.get(f"{detail}/delete")
    assert "Remove this webhook endpoint?" in confirm.text and "https://example.org/new" in confirm.text
    removed = await post_form(client, f"{detail}/delete", {}, page=f"{detail}/delete")
    assert removed.status_code == 303 and removed.headers["location"] == PAGE
    assert (await client.get(detail)).status_code == 404
    assert await deliveries(session) == []


async def test_facilitators_manage_their_groups_endpoints_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_admin(session)
    group, other = await make_group(session, name="Mine"), await make_group(session, name="Theirs")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    admins, _ = await make_endpoint(session, admin)
    theirs, _ = await make_endpoint(session, admin, group=other)
    await sign_in(client, lead)
    page = BeautifulSoup((await client.get(PAGE)).text, "html.parser")
    assert [o.text for o in page.select("#field-group_id option")] == ["Mine"]
    assert "example.org" not in page.select_one("#endpoints-title").parent.text
    assert (await client.get(f"{PAGE}/{admins.id}")).status_code == 404
    assert (await client.get(f"{PAGE}/{theirs.id}")).status_code == 404
    created = await post_form(
        client,
        PAGE,
        {"url": "https://example.org/mine", "group_id": str(group.public_id), "events": "member.joined"},
        page=PAGE,
    )
    assert created.status_code == 200 and "whsec_" in created.text

    member = await make_member(session, group, name="Mo Member")
    await client.post("/logout", data={})
    client.cookies.clear()
    await sign_in(client, member)
    refused = await client.get(PAGE)
    assert refused.status_code == 403 and "facilitators" in refused.text
