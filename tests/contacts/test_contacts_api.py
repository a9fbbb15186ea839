"""/api/v1/me/contacts: your own contacts, private to you."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.contacts import importing, reading
from app.contacts.models import Contact
from app.groups.models import Role
from app.profiles.models import TagKind
from app.profiles.tags import tags_for
from tests.contacts.helpers import linkedin_export
from tests.factories import bearer, make_account, make_admin, make_group, make_member, make_token

CONTACTS = "/api/v1/me/contacts"


async def _token(session: AsyncSession, account: Account) -> dict[str, str]:
    return bearer(await make_token(session, account, Scope.write))


async def _count(session: AsyncSession, account: Account) -> int:
    statement = select(func.count()).select_from(Contact).where(Contact.account_id == account.id)
    return (await session.execute(statement)).scalar_one()


async def test_add_read_change_and_delete_a_contact(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await tags_for(session, TagKind.company, ["Acme Health"])
    auth = await _token(session, await make_account(session))
    created = await client.post(
        CONTACTS,
        json={
            "first_name": " Ana ",
            "last_name": "Castillo",
            "email": "ana@example.com",
            "profile_url": "linkedin.com/in/ana-castillo",
            "company": "Acme Health, Inc.",
            "position": "People Lead",
        },
        headers=auth,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["location"] == f"/api/v1/me/contacts/{body['id']}"
    assert body["first_name"] == "Ana" and body["profile_url"] == "https://linkedin.com/in/ana-castillo"
    assert (body["company"], body["company_canonical"]) == ("Acme Health, Inc.", "Acme Health")
    assert (body["source"], body["status"], body["last_contacted_at"]) == ("manual", None, None)

    contact = f"{CONTACTS}/{body['id']}"
    assert (await client.get(contact, headers=auth)).json() == body
    changed = await client.patch(
        contact, json={"status": "contacted", "note": "Met at the fair", "follow_up_on": "2026-12-10"}, headers=auth
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["status"] == "contacted" and changed.json()["follow_up_on"] == "2026-12-10"
    assert changed.json()["last_contacted_at"] is not None
    assert changed.json()["first_name"] == "Ana"  # what was not sent stays

    cleared = await client.patch(contact, json={"email": None, "follow_up_on": None}, headers=auth)
    assert (cleared.json()["email"], cleared.json()["follow_up_on"]) == (None, None)
    refused = await client.patch(contact, json={"first_name": None}, headers=auth)
    assert refused.status_code == 422 and "first name" in refused.json()["detail"]

    assert (await client.delete(contact, headers=auth)).status_code == 204
    assert (await client.get(contact, headers=auth)).status_code == 404


async def test_the_same_person_twice_is_a_conflict(client: httpx.AsyncClient, session: AsyncSession) -> None:
    auth = await _token(session, await make_account(session))
    first = await client.post(CONTACTS, json={"first_name": "Ana", "email": "ana@example.com"}, headers=auth)
    assert first.status_code == 201
    again = await client.post(CONTACTS, json={"first_name": "Ana C.", "email": "ANA@example.com"}, headers=auth)
    assert again.status_code == 409 and "already have this contact" in again.json()["detail"]


async def test_bad_input_is_explained_never_a_500(client: httpx.AsyncClient, session: AsyncSession) -> None:
    auth = await _token(session, await make_account(session))
    for body in (
        {"first_name": ""},
        {"first_name": "Ana", "email": "not an email"},
        {"first_name": "Ana", "profile_url": "not a url"},
        {"first_name": "Ana", "status": "best friends"},
        {"first_name": "Ana", "note": "x" * 2001},
        {"first_name": "Ana", "owner": "someone else"},
    ):
        response = await client.post(CONTACTS, json=body, headers=auth)
        assert response.status_code == 422, (body, response.text)
        assert response.headers["content-type"] == "application/problem+json"


async def test_another_member_never_sees_your_contacts(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    owner = await make_member(session, group, name="Olivia Owner")
    facilitator = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    admin = await make_admin(session)
    mine = await _token(session, owner)
    created = await client.post(
        CONTACTS, json={"first_name": "Rosa", "last_name": "Quill", "company": "Acme"}, headers=mine
    )
    contact = f"{CONTACTS}/{created.json()['id']}"
    for someone in (facilitator, admin, await make_account(session)):
        theirs = await _token(session, someone)
        for method in ("GET", "PATCH", "DELETE"):
            json = {"note": "mine now"} if method == "PATCH" else None
            response = await client.request(method, contact, json=json, headers=theirs)
            assert response.status_code == 404, (method, response.text)
            assert "Rosa" not in response.text
        listed = await client.get(CONTACTS, params={"q": "Rosa"}, headers=theirs)
        assert listed.status_code == 200 and listed.json()["items"] == []
        assert (await client.get(CONTACTS, headers=theirs)).json()["items"] == []
    assert (await client.get(contact, headers=mine)).json()["note"] == ""  # untouched


async def test_filters_and_cursor_pages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await tags_for(session, TagKind.company, ["Acme Health"])
    auth = await _token(session, await make_account(session))
    people = [
        ("Ana", "Castillo", "Acme Health, Inc.", "contacted"),
        ("Ben", "Okafor", "ACME HEALTH", None),
        ("Chloe", "Martin", "Globex", "met"),
        ("Dev", "Patel", "Initech", "contacted"),
        ("Eli", "Stone", "Globex Corp.", None),
    ]
    for first, last, company, status in people:
        response = await client.post(
            CONTACTS,
            json={"first_name": first, "last_name": last, "company": company, "status": status},
            headers=auth,
        )
        assert response.status_code == 201, response.text

    async def names(**params: str) -> list[str]:
        response = await client.get(CONTACTS, params=params, headers=auth)
        assert response.status_code == 200, response.text
        return [item["first_name"] for item in response.json()["items"]]

    assert await names() == ["Ana", "Ben", "Chloe", "Dev", "Eli"]
    assert await names(company="Acme Health") == ["Ana", "Ben"]  # the canonical name
    assert await names(company="globex") == ["Chloe", "Eli"]  # as the contacts have it, any spelling
    assert await names(status="contacted") == ["Ana", "Dev"]
    assert await names(q="mart") == ["Chloe"]
    assert await names(q="100%") == []
    assert await names(status="contacted", company="Initech") == ["Dev"]
    assert (await client.get(CONTACTS, params={"status": "nope"}, headers=auth)).status_code == 422

    seen: list[str] = []
    url: str | None = f"{CONTACTS}?limit=2"
    while url:
        page = await client.get(url, headers=auth)
        assert page.status_code == 200
        seen += [item["first_name"] for item in page.json()["items"]]
        assert len(page.json()["items"]) <= 2
        url = page.json()["next"]
    assert seen == ["Ana", "Ben", "Chloe", "Dev", "Eli"]
    bad = await client.get(CONTACTS, params={"cursor": "garbage"}, headers=auth)
    assert bad.status_code == 400


async def test_importing_a_file_dry_run_first(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    auth = await _token(session, account)
    export = linkedin_export(
        "Ana,Castillo,https://www.linkedin.com/in/ana,,Acme,Lead,02 Dec 2026",
        ",,https://www.linkedin.com/in/nobody,,Acme,,02 Dec 2026",
    )
    files = {"file": ("Connections.csv", export, "text/csv")}
    dry = await client.post(f"{CONTACTS}/import", files=files, data={"dry_run": "true"}, headers=auth)
    assert dry.status_code == 200, dry.text
    assert dry.json() | {"problems": None} == {
        "dry_run": True,
        "format": "linkedin",
        "new": 1,
        "updated": 0,
        "unchanged": 0,
        "problems": None,
        "ignored_columns": [],
    }
    assert dry.json()["problems"] == [{"row": 6, "message": "Row 6: no name."}]
    assert await _count(session, account) == 0

    done = await client.post(f"{CONTACTS}/import", files=files, headers=auth)
    assert (done.json()["dry_run"], done.json()["new"]) == (False, 1)
    again = await client.post(f"{CONTACTS}/import", files=files, headers=auth)
    assert (again.json()["new"], again.json()["unchanged"]) == (0, 1)
    assert await _count(session, account) == 1


async def test_an_import_with_an_idempotency_key_is_replayed(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    headers = await _token(session, account) | {"Idempotency-Key": str(uuid.uuid4())}
    files = {"file": ("Connections.csv", linkedin_export("Ana,Castillo,,,Acme,Lead,02 Dec 2026"), "text/csv")}
    first = await client.post(f"{CONTACTS}/import", files=files, headers=headers)
    assert first.status_code == 200 and first.json()["new"] == 1
    replayed = await client.post(f"{CONTACTS}/import", files=files, headers=headers)
    assert replayed.headers.get("idempotent-replayed") == "true"
    assert replayed.json() == first.json()  # the first answer, not "1 unchanged"
    assert await _count(session, account) == 1


async def test_files_that_cannot_be_imported_are_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    auth = await _token(session, await make_account(session))
    for name, data, words in (
        ("empty.csv", b"", "This file is empty."),
        ("latin.csv", "name\nJosé\n".encode("latin-1"), "not saved as UTF-8"),
        ("sheet.xlsx", b"PK\x03\x04rest", "spreadsheet file"),
        ("columns.csv", b"who,where\nAna,Acme\n", "must name the columns"),
        ("big.csv", b"name\n" + b"x" * reading.MAX_FILE_BYTES, "at most 10 MB"),
    ):
        response = await client.post(f"{CONTACTS}/import", files={"file": (name, data, "text/csv")}, headers=auth)
        assert response.status_code == 422, (name, response.status_code, response.text[:200])
        assert words in response.json()["detail"], name
    missing = await client.post(f"{CONTACTS}/import", data={"dry_run": "true"}, headers=auth)
    assert missing.status_code == 422 and "Please choose a file" in missing.json()["detail"]
    as_json = await client.post(f"{CONTACTS}/import", json={"file": "Ana"}, headers=auth)
    assert as_json.status_code == 422 and "Please choose a file" in as_json.json()["detail"]
    unclear = await client.post(
        f"{CONTACTS}/import", files={"file": ("a.csv", b"name\nAna\n")}, data={"dry_run": "maybe"}, headers=auth
    )
    assert unclear.status_code == 422 and unclear.json()["detail"] == "dry_run is true or false."
    too_large = await client.post(
        f"{CONTACTS}/import", files={"file": ("huge.csv", b"x" * (11 * 1024 * 1024), "text/csv")}, headers=auth
    )
    assert too_large.status_code == 413 and "larger than 10 MB" in too_large.json()["detail"]


async def test_company_suggestions_are_confirmed_through_the_api(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await tags_for(session, TagKind.company, ["Northwind Health"])
    auth = await _token(session, await make_account(session))
    for first in ("Ana", "Ben"):
        await client.post(CONTACTS, json={"first_name": first, "company": "Northwind Helth LLC"}, headers=auth)
    suggestions = await client.get(f"{CONTACTS}/companies/suggestions", headers=auth)
    assert suggestions.json() == [{"company": "Northwind Helth LLC", "contacts": 2, "suggested": "Northwind Health"}]
    confirmed = await client.post(
        f"{CONTACTS}/companies/confirm",
        json={"company": "Northwind Helth LLC", "canonical": "northwind health"},
        headers=auth,
    )
    assert confirmed.json() == {"company": "Northwind Helth LLC", "canonical": "Northwind Health", "contacts": 2}
    listed = await client.get(CONTACTS, params={"company": "Northwind Health"}, headers=auth)
    assert [item["company_canonical"] for item in listed.json()["items"]] == ["Northwind Health"] * 2
    assert (await client.get(f"{CONTACTS}/companies/suggestions", headers=auth)).json() == []


async def test_a_page_takes_the_same_statements_for_few_and_many_contacts(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    counts = []
    for size in (2, 120):
        account = await make_account(session)
        auth = await _token(session, account)
        rows = [f"P{n},N{n},https://www.linkedin.com/in/p-{n},,Acme,,02 Dec 2026" for n in range(size)]
        await importing.import_contacts(session, account, linkedin_export(*rows), "Connections.csv", dry_run=False)
        with count_queries() as queries:
            response = await client.get(CONTACTS, params={"limit": 100}, headers=auth)
        assert len(response.json()["items"]) == min(size, 100)
        counts.append(len(queries.statements))
    assert counts[0] == counts[1], counts
