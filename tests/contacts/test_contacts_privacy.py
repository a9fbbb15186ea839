"""Contacts are their owner's alone: in the export of their own data, gone with their account, never
in a log line with a name, and deleted by cascade if the account row itself goes."""

from __future__ import annotations

import logging

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.contacts import importing
from app.contacts.models import Contact
from app.contacts.schemas import MyContactIn
from app.contacts.service import create_contact
from app.notifications.models import OutboxMessage
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import WebhookDelivery
from tests.contacts.helpers import linkedin_export
from tests.factories import PASSWORD, bearer, make_account, make_token, post_form, sign_in

ROSA = "Rosa,Quill,https://www.linkedin.com/in/rosa-quill,rosa@example.com,Acme Health,Nurse,02 Dec 2026"


async def _contacts_of(session: AsyncSession, account_id: int) -> int:
    statement = select(func.count()).select_from(Contact).where(Contact.account_id == account_id)
    return (await session.execute(statement)).scalar_one()


async def test_the_own_data_export_has_your_contacts_and_only_yours(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    other = await make_account(session)
    await importing.import_contacts(session, account, linkedin_export(ROSA), "Connections.csv", dry_run=False)
    await create_contact(session, other, MyContactIn(first_name="Zed", last_name="Zimmer"))
    response = await client.get("/api/v1/me/export", headers=bearer(await make_token(session, account, Scope.read)))
    assert response.status_code == 200
    [rosa] = response.json()["contacts"]
    assert (rosa["first_name"], rosa["email"], rosa["company"], rosa["source"]) == (
        "Rosa",
        "rosa@example.com",
        "Acme Health",
        "linkedin",
    )
    assert "Zimmer" not in response.text


async def test_deleting_your_account_deletes_your_contacts(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    bystander = await make_account(session)
    await importing.import_contacts(session, account, linkedin_export(ROSA), "Connections.csv", dry_run=False)
    await create_contact(session, bystander, MyContactIn(first_name="Rosa", last_name="Quill"))
    assert await _contacts_of(session, account.id) == 1

    await sign_in(client, account)
    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert response.status_code == 303 and response.headers["location"] == "/goodbye"
    # The account row stays (anonymised), so the contacts must have gone with the deletion itself.
    assert (await session.execute(select(Account.id).where(Account.id == account.id))).scalar_one() == account.id
    assert await _contacts_of(session, account.id) == 0
    assert await _contacts_of(session, bystander.id) == 1


async def test_an_account_row_removed_takes_its_contacts_with_it(session: AsyncSession) -> None:
    account = await make_account(session)
    await create_contact(session, account, MyContactIn(first_name="Rosa", last_name="Quill"))
    account_id = account.id
    session.expunge_all()
    await session.execute(delete(Account).where(Account.id == account_id))
    assert await _contacts_of(session, account_id) == 0


async def test_an_import_logs_counts_never_names(session: AsyncSession, caplog: pytest.LogCaptureFixture) -> None:
    account = await make_account(session)
    with caplog.at_level(logging.DEBUG, logger="between"):
        await importing.import_contacts(session, account, linkedin_export(ROSA), "Connections.csv", dry_run=False)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "1 new" in logged
    for secret in ("Rosa", "Quill", "rosa@example.com", "rosa-quill", "Acme"):
        assert secret not in logged


async def test_contacts_send_no_webhooks_and_no_emails(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    admin = await make_account(session, is_admin=True)
    admin_token = bearer(await make_token(session, admin, Scope.webhooks))
    endpoint = await client.post(
        "/api/v1/webhooks", json={"url": "https://example.org/crm", "events": list(EVENT_TYPES)}, headers=admin_token
    )
    assert endpoint.status_code == 201, endpoint.text  # listening to every event there is
    auth = bearer(await make_token(session, account, Scope.write))
    before = [await _rows(session, model) for model in (WebhookDelivery, OutboxMessage, AuditEvent)]
    created = await client.post("/api/v1/me/contacts", json={"first_name": "Rosa"}, headers=auth)
    await client.patch(f"/api/v1/me/contacts/{created.json()['id']}", json={"status": "met"}, headers=auth)
    files = {"file": ("Connections.csv", linkedin_export(ROSA), "text/csv")}
    assert (await client.post("/api/v1/me/contacts/import", files=files, headers=auth)).json()["new"] == 1
    await client.delete(f"/api/v1/me/contacts/{created.json()['id']}", headers=auth)
    assert [await _rows(session, model) for model in (WebhookDelivery, OutboxMessage, AuditEvent)] == before


async def _rows(session: AsyncSession, model: type) -> int:
    return (await session.execute(select(func.count()).select_from(model))).scalar_one()  # type: ignore[arg-type]
