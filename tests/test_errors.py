"""Errors are helpful to a person and never hide behind a 2xx."""

from __future__ import annotations

import sqlite3
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import APIRouter
from sqlalchemy import exc as sa_exc
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import DbSession
from app.errors import is_database_outage
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


# --- the database out of reach: what counts as an outage ---------------------------------------


def _wrapped(error: Exception, **kwargs: Any) -> DBAPIError:
    """As SQLAlchemy raises a driver's error."""
    if not isinstance(error, psycopg.Error | sqlite3.Error):
        return sa_exc.OperationalError("SELECT 1", {}, error, **kwargs)
    driver_errors = sqlite3.Error if isinstance(error, sqlite3.Error) else psycopg.Error
    wrapped = DBAPIError.instance("SELECT 1", {}, error, driver_errors, **kwargs)
    assert isinstance(wrapped, DBAPIError)
    return wrapped


@pytest.mark.parametrize(
    "error",
    [
        _wrapped(psycopg.OperationalError("connection failed: Connection refused")),
        _wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator command")),
        _wrapped(psycopg.errors.CannotConnectNow("the database system is starting up")),
        _wrapped(psycopg.errors.TooManyConnections("sorry, too many clients already")),
        _wrapped(psycopg.InterfaceError("the connection is closed")),
        _wrapped(sqlite3.OperationalError("database is locked")),
        _wrapped(sqlite3.OperationalError("unable to open database file")),
        _wrapped(RuntimeError("whatever the driver said"), connection_invalidated=True),
        sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
    ids=lambda error: f"{type(error).__name__}:{str(error)[:30]}",
)
def test_an_unreachable_database_is_an_outage(error: BaseException) -> None:
    assert is_database_outage(error)
    try:  # however deep the cause
        try:
            raise error
        except BaseException as cause:
            raise RuntimeError("while committing") from cause
    except RuntimeError as outer:
        assert is_database_outage(outer)


@pytest.mark.parametrize(
    "error",
    [
        _wrapped(psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")),
        _wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        _wrapped(psycopg.errors.QueryCanceled("canceling statement due to statement timeout")),
        _wrapped(sqlite3.OperationalError("no such table: profiles")),
        _wrapped(sqlite3.IntegrityError("UNIQUE constraint failed: tags.kind, tags.name")),
        RuntimeError("secret internals"),
    ],
    ids=lambda error: f"{type(error).__name__}:{str(error)[:30]}",
)
def test_a_requests_own_mistake_is_not_an_outage(error: BaseException) -> None:
    assert not is_database_outage(error)


@pytest.fixture
def unreachable_routes(app: Any) -> Any:
    router = APIRouter()

    def refused() -> None:
        cause = psycopg.OperationalError("connection failed: Connection refused")
        raise _wrapped(cause) from cause

    @router.get("/api/v1/database-gone")
    async def api_database_gone() -> None:
        refused()

    @router.post("/database-gone")
    async def page_database_gone() -> None:
        refused()

    app.include_router(router)
    return app


@pytest.mark.own_app  # adds routes
async def test_an_outage_is_a_503_with_retry_after_never_our_mistake(
    unreachable_routes: Any, client: httpx.AsyncClient
) -> None:
    api = await client.get("/api/v1/database-gone")
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["type"] == "/problems/database-unavailable"
    page = await client.post("/database-gone")
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert "What you just sent has not been saved" in page.text and "our mistake" not in page.text
    assert page.headers["x-frame-options"] == "DENY"
