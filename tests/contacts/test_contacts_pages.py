"""The pages of your own contacts: the list, adding and tracking one, importing a file, companies."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.contacts.models import Contact, OutreachStatus
from app.groups.models import Role
from app.profiles.models import TagKind
from app.profiles.tags import tags_for
from tests.contacts.helpers import linkedin_export
from tests.factories import csrf_token, make_account, make_group, make_member, post_form, sign_in

ROWS = (
    'Ana,Castillo,https://www.linkedin.com/in/ana-castillo,,"Acme Helth, Inc.",People Lead,02 Dec 2026',
    ",,https://www.linkedin.com/in/nobody,,Acme,,02 Dec 2026",
)


async def _count(session: AsyncSession, account: Account) -> int:
    statement = select(func.count()).select_from(Contact).where(Contact.account_id == account.id)
    return (await session.execute(statement)).scalar_one()


def _names(page: httpx.Response) -> list[str]:
    return [a.text for a in BeautifulSoup(page.text, "html.parser").select("table.contacts tbody td:first-child a")]


async def _upload(client: httpx.AsyncClient, data: bytes, *, dry_run: bool) -> httpx.Response:
    token = await csrf_token(client, "/me/contacts/import")
    return await client.post(
        "/me/contacts/import",
        data={"csrf_token": token, "dry_run": "true" if dry_run else "false"},
        files={"file": ("Connections.csv", data, "text/csv")},
    )


async def test_check_then_import_a_linkedin_export(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    empty = await client.get("/me/contacts")
    assert empty.status_code == 200 and "No contacts yet" in empty.text and "Connections.csv" in empty.text

    checked = await _upload(client, linkedin_export(*ROWS), dry_run=True)
    assert checked.status_code == 200
    text = BeautifulSoup(checked.text, "html.parser").select_one(".import-summary").get_text(" ", strip=True)
    assert "What importing Connections.csv would do" in text and "1 new" in text
    assert "1 row with a problem" in text and "Row 6: no name." in text and "Nothing is saved yet" in text
    assert await _count(session, account) == 0

    imported = await _upload(client, linkedin_export(*ROWS), dry_run=False)
    assert "Imported Connections.csv" in imported.text
    assert await _count(session, account) == 1
    assert _names(await client.get("/me/contacts")) == ["Ana Castillo"]


async def test_a_file_that_cannot_be_read_is_explained_on_the_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await sign_in(client, await make_account(session))
    response = await _upload(client, b"who,where\nAna,Acme\n", dry_run=True)
    assert response.status_code == 422
    error = BeautifulSoup(response.text, "html.parser").select_one("#error-file")
    assert error is not None and "must name the columns" in error.text


async def test_add_track_and_delete_a_contact(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    await sign_in(client, account)
    missing = await post_form(client, "/me/contacts/new", {"first_name": "", "email": "nope"}, page="/me/contacts/new")
    assert missing.status_code == 422 and "error-summary" in missing.text
    added = await post_form(
        client,
        "/me/contacts/new",
        {"first_name": "Rosa", "last_name": "Quill", "company": "Northwind", "email": "", "status": ""},
        page="/me/contacts/new",
    )
    assert added.status_code == 303
    page = added.headers["location"]
    saved = await post_form(
        client,
        page,
        {
            "first_name": "Rosa",
            "last_name": "Quill",
            "company": "Northwind",
            "status": "replied",
            "note": "Call Friday",
        },
        page=page,
    )
    assert saved.status_code == 303
    contact = (await session.execute(select(Contact).where(Contact.account_id == account.id))).scalar_one()
    await session.refresh(contact)
    assert (contact.status, contact.note) == (OutreachStatus.replied, "Call Friday")
    assert contact.last_contacted_at is not None
    listed = await client.get("/me/contacts", params={"status": "replied"})
    assert _names(listed) == ["Rosa Quill"]
    assert _names(await client.get("/me/contacts", params={"status": "met"})) == []

    deleted = await post_form(client, f"{page}/delete", {}, page=page)
    assert deleted.status_code == 303 and await _count(session, account) == 0


async def test_nobody_else_sees_the_page_of_your_contact(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    owner = await make_member(session, group, name="Olivia Owner")
    facilitator = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await sign_in(client, owner)
    added = await post_form(client, "/me/contacts/new", {"first_name": "Rosa"}, page="/me/contacts/new")
    page = added.headers["location"]
    await post_form(client, "/logout", {}, page="/me/contacts")
    await sign_in(client, facilitator)
    assert (await client.get(page)).status_code == 404
    listed = await client.get("/me/contacts")
    assert "Rosa" not in listed.text and "No contacts yet" in listed.text


async def test_a_near_miss_is_confirmed_from_the_list(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await tags_for(session, TagKind.company, ["Acme Health"])
    account = await make_account(session)
    await sign_in(client, account)
    await _upload(client, linkedin_export(*ROWS), dry_run=False)
    listed = await client.get("/me/contacts")
    suggestion = BeautifulSoup(listed.text, "html.parser").select_one(".contact-suggestions li")
    assert suggestion is not None
    assert "“Acme Helth, Inc.” (1 contact) is “Acme Health”" in " ".join(suggestion.get_text(" ").split())
    confirmed = await post_form(
        client,
        "/me/contacts/companies/confirm",
        {"company": "Acme Helth, Inc.", "canonical": "Acme Health"},
        page="/me/contacts",
    )
    assert confirmed.status_code == 303
    after = await client.get(confirmed.headers["location"])
    assert "1 contact now works at Acme Health." in after.text
    assert "contact-suggestions" not in after.text
    assert _names(await client.get("/me/contacts", params={"company": "Acme Health"})) == ["Ana Castillo"]
