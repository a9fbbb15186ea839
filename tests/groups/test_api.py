from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.groups.models import Role
from tests.factories import bearer, make_account, make_admin, make_group, make_membership, make_token

NEW_GROUP = {
    "name": "Finance Thursdays",
    "slug": "finance-thursdays",
    "timezone": "America/New_York",
    "join_policy": "open",
}


async def test_missing_or_bad_token_is_401_problem(client: httpx.AsyncClient) -> None:
    for headers in ({}, bearer("btw_not-a-real-token"), {"Authorization": "Basic abc"}):
        response = await client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
        body = response.json()
        assert body["status"] == 401 and body["type"] == "/problems/unauthorized" and body["detail"]


async def test_me_describes_the_token_owner(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, email="me@example.com", name="Me Myself")
    response = await client.get("/api/v1/me", headers=bearer(await make_token(session, account)))
    assert response.status_code == 200
    assert response.json() == {
        "id": str(account.public_id),
        "email": "me@example.com",
        "display_name": "Me Myself",
        "is_admin": False,
    }


async def test_revoked_token_stops_working(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from app.accounts.api_tokens import list_tokens, revoke_token

    account = await make_account(session)
    secret = await make_token(session, account)
    [token] = await list_tokens(session, account)
    await revoke_token(session, account, token.public_id)
    assert (await client.get("/api/v1/me", headers=bearer(secret))).status_code == 401


async def test_list_groups_is_cursor_paginated(client: httpx.AsyncClient, session: AsyncSession) -> None:
    for index in range(5):
        await make_group(session, slug=f"g-{index}", name=f"Group {index}")
    headers = bearer(await make_token(session, await make_admin(session)))  # administrators see every group
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = (await client.get("/api/v1/groups", params=params, headers=headers)).json()
        seen += [item["slug"] for item in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"g-{index}" for index in range(5)] and pages == 3
    item = body["items"][0]
    assert set(item) >= {"id", "slug", "name", "timezone", "join_policy", "listed"}
    uuid.UUID(item["id"])


async def test_others_see_only_the_groups_the_home_page_lists(client: httpx.AsyncClient, session: AsyncSession) -> None:
    public = await make_group(session, slug="public", listed=True)
    await make_membership(session, public, await make_account(session), role=Role.facilitator)
    await make_group(session, slug="unrun", listed=True)
    await make_group(session, slug="not-open")
    member = bearer(await make_token(session, await make_account(session)))
    admin = bearer(await make_token(session, await make_admin(session)))
    as_member = (await client.get("/api/v1/groups", headers=member)).json()["items"]
    as_admin = (await client.get("/api/v1/groups", headers=admin)).json()["items"]
    assert [item["slug"] for item in as_member] == ["public"]
    assert sorted(item["slug"] for item in as_admin) == ["not-open", "public", "unrun"]


async def test_a_slug_left_out_is_made_from_the_name(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    created = await client.post(
        "/api/v1/groups", json={"name": "Ingénieurs en transition", "timezone": "Europe/Paris"}, headers=headers
    )
    assert created.status_code == 201 and created.json()["slug"] == "ingenieurs-en-transition"
    assert created.json()["listed"] is False


async def test_bad_paging_parameters_are_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_account(session)))
    response = await client.get("/api/v1/groups", params={"cursor": "garbage!"}, headers=headers)
    assert response.status_code == 400
    assert "cursor is not valid" in response.json()["detail"]
    response = await client.get("/api/v1/groups", params={"limit": 0}, headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


async def test_get_group_by_id_and_404_for_unknown(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="by-id")
    headers = bearer(await make_token(session, await make_account(session)))
    response = await client.get(f"/api/v1/groups/{group.public_id}", headers=headers)
    assert response.status_code == 200 and response.json()["slug"] == "by-id"
    missing = await client.get(f"/api/v1/groups/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404 and missing.json()["title"] == "Not found"
    malformed = await client.get("/api/v1/groups/12", headers=headers)
    assert malformed.status_code == 422
    assert malformed.json()["errors"] == [{"field": "group_id", "message": "This is not a valid identifier."}]


async def test_admin_creates_a_group_with_a_write_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    response = await client.post("/api/v1/groups", json=NEW_GROUP, headers=headers)
    assert response.status_code == 201
    body = response.json()
    assert body["slug"] == "finance-thursdays" and body["join_policy"] == "open"
    assert response.headers["location"] == f"/api/v1/groups/{body['id']}"
    fetched = await client.get(response.headers["location"], headers=headers)
    assert fetched.json()["name"] == "Finance Thursdays"


async def test_read_scope_cannot_write_and_members_cannot_administer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    read_only = bearer(await make_token(session, await make_admin(session), Scope.read))
    response = await client.post("/api/v1/groups", json=NEW_GROUP, headers=read_only)
    assert response.status_code == 403 and "'write' scope" in response.json()["detail"]
    member = bearer(await make_token(session, await make_account(session), Scope.write))
    response = await client.post("/api/v1/groups", json=NEW_GROUP, headers=member)
    assert response.status_code == 403 and response.json()["detail"] == "Only administrators can do this."


async def test_create_validation_errors_name_each_field(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    response = await client.post(
        "/api/v1/groups",
        json={"name": "x", "slug": "Bad Slug", "timezone": "Nowhere", "join_policy": "sometimes", "colour": "red"},
        headers=headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert set(errors) == {"name", "slug", "timezone", "join_policy", "colour"}
    assert errors["join_policy"] == "Please choose one of: 'open', 'approval' or 'invite'."
    assert errors["colour"] == "This field is not recognised."


async def test_malformed_json_is_a_clear_422(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    response = await client.post(
        "/api/v1/groups", content=b"{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["title"] == "Please check what you sent"
    response = await client.post("/api/v1/groups", json=["a", "list"], headers=headers)
    assert response.status_code == 422


async def test_duplicate_slug_is_a_409(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="finance-thursdays")
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    response = await client.post("/api/v1/groups", json=NEW_GROUP, headers=headers)
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "slug", "message": "The address /g/finance-thursdays is already taken by another group."}
    ]


async def test_patch_changes_only_the_given_fields(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="patch-me", name="Old name", description="Keep me")
    headers = bearer(await make_token(session, await make_admin(session), Scope.write))
    response = await client.patch(f"/api/v1/groups/{group.public_id}", json={"name": "New name"}, headers=headers)
    assert response.status_code == 200
    assert response.json()["name"] == "New name" and response.json()["description"] == "Keep me"
    null = await client.patch(f"/api/v1/groups/{group.public_id}", json={"name": None}, headers=headers)
    assert null.status_code == 422 and null.json()["errors"] == [{"field": "name", "message": "This cannot be empty."}]
    missing = await client.patch(f"/api/v1/groups/{uuid.uuid4()}", json={"name": "x y z"}, headers=headers)
    assert missing.status_code == 404


async def test_openapi_documents_the_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert {"/api/v1/me", "/api/v1/groups", "/api/v1/groups/{group_id}"} <= set(spec["paths"])
    assert "/login" not in spec["paths"]
    assert (await client.get("/docs")).status_code == 200
