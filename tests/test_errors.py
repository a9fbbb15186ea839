"""Errors are helpful to a person and never hide behind a 2xx."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import DbSession
from tests.factories import make_account


async def test_unknown_page_gets_a_helpful_404_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "There is nothing at this address" in response.text
    assert 'href="/"' in response.text


async def test_unknown_api_route_gets_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not found" and body["type"] == "/problems/not-found"
    assert body["instance"] == "/api/v1/nothing-here"


async def test_wrong_method_is_explained(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/me")
    assert response.status_code == 405
    assert response.json()["detail"] == "This address does not accept that kind of request."


@pytest.fixture
def failing_routes(app: Any) -> Any:
    router = APIRouter()

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    @router.post("/api/v1/commit-fails")
    async def commit_fails(session: DbSession) -> dict[str, str]:
        # Two accounts with one email: the INSERT fails only when the request's transaction commits.
        session.add(Account(email="twice@example.com", display_name="One"))
        session.add(Account(email="twice@example.com", display_name="Two"))
        return {"status": "looks fine"}

    app.include_router(router)
    return app


@pytest.mark.own_app  # adds routes
async def test_unexpected_errors_get_a_calm_500_page_without_internals(
    failing_routes: Any, client: httpx.AsyncClient
) -> None:
    response = await client.get("/boom")
    assert response.status_code == 500
    assert "this is our mistake, not yours" in response.text
    assert "secret internals" not in response.text


@pytest.mark.own_app  # adds routes
async def test_a_failed_commit_is_never_reported_as_success(failing_routes: Any, client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/commit-fails")
    assert response.status_code == 500
    assert response.json()["title"] == "Something went wrong on our side"


async def test_security_headers_are_set(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_account(session)
    response = await client.get("/")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_sign_in_redirect_keeps_the_query_string(client: httpx.AsyncClient) -> None:
    response = await client.get("/settings/tokens?x=1&y=two")
    assert response.headers["location"] == "/login?next=/settings/tokens%3Fx%3D1%26y%3Dtwo"


async def test_oversized_bodies_are_refused_before_they_are_read(client: httpx.AsyncClient) -> None:
    big = b"x" * (5 * 1024 * 1024)
    response = await client.post("/api/v1/groups", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == "What you sent is larger than 4 MB. Please send a smaller file."
    page = await client.post("/login", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413 and "larger than 4 MB" in page.text


async def test_deleted_accounts_cannot_sign_in(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from app.db import utcnow
    from tests.factories import PASSWORD, post_form

    account = await make_account(session, email="gone@example.com")
    account.deleted_at = utcnow()
    await session.flush()
    response = await post_form(client, "/login", {"email": "gone@example.com", "password": PASSWORD})
    assert response.status_code == 422


async def test_oversized_chunked_bodies_are_refused(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    response = await client.post("/api/v1/groups", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
