"""What every response says about transport and caching: over HTTPS, Strict-Transport-Security and
cookies marked Secure (over plain http neither, so local development keeps working); API answers
are never stored by a browser or a proxy unless the route says otherwise."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from app.deps import SESSION_COOKIE
from app.web import CSRF_COOKIE, FLASH_COOKIE
from tests.factories import PASSWORD, bearer, make_account, make_token, post_form, sign_in

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
async def https_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on https://, as behind the TLS proxy (uvicorn takes the scheme from its headers)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        yield client


def cookies_set(response: httpx.Response) -> dict[str, list[str]]:
    """Each cookie the response sets, with its attributes in lower case."""
    found: dict[str, list[str]] = {}
    for header in response.headers.get_list("set-cookie"):
        name_value, *attributes = (part.strip() for part in header.split(";"))
        found[name_value.split("=", 1)[0]] = [attribute.lower() for attribute in attributes]
    return found


async def test_every_cookie_is_secure_over_https(https_client: httpx.AsyncClient, session: AsyncSession) -> None:
    login_page = await https_client.get("/login")
    assert "secure" in cookies_set(login_page)[CSRF_COOKIE]
    account = await make_account(session)
    signed_in = await post_form(https_client, "/login", {"email": account.email, "password": PASSWORD})
    assert signed_in.status_code == 303
    for name in (SESSION_COOKIE, FLASH_COOKIE):
        assert "secure" in cookies_set(signed_in)[name], (name, signed_in.headers.get_list("set-cookie"))
    signed_out = await post_form(https_client, "/logout", {}, page="/settings")
    assert signed_out.status_code == 303
    assert "secure" in cookies_set(signed_out)[FLASH_COOKIE]
    assert "secure" in cookies_set(signed_out)[SESSION_COOKIE]  # the removal, too
    page = await https_client.get("/")  # the flash is shown, and its cookie removed
    assert "You are signed out." in page.text
    assert "secure" in cookies_set(page)[FLASH_COOKIE]
    assert all(attributes.count("secure") == 1 for attributes in cookies_set(signed_in).values())


async def test_cookies_are_not_secure_over_plain_http(client: httpx.AsyncClient, session: AsyncSession) -> None:
    login_page = await client.get("/login")
    assert "secure" not in cookies_set(login_page)[CSRF_COOKIE]
    await sign_in(client, await make_account(session))
    signed_out = await post_form(client, "/logout", {}, page="/settings")
    assert signed_out.status_code == 303
    assert "secure" not in cookies_set(signed_out)[FLASH_COOKIE]


async def test_hsts_over_https_only(https_client: httpx.AsyncClient, client: httpx.AsyncClient) -> None:
    for path in ("/", "/login", "/api/v1/me", "/no-such-page", "/static/between.css"):
        assert (await https_client.get(path)).headers.get("strict-transport-security") == HSTS, path
        assert "strict-transport-security" not in (await client.get(path)).headers, path


@pytest.fixture
def route_with_its_own_caching(app: Any) -> Any:
    router = APIRouter()

    @router.get("/api/v1/cacheable")
    async def cacheable() -> JSONResponse:
        return JSONResponse({"changes": "rarely"}, headers={"Cache-Control": "private, max-age=60"})

    app.include_router(router)
    return app


@pytest.mark.own_app  # adds routes
async def test_api_answers_are_not_stored(
    route_with_its_own_caching: Any, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = bearer(await make_token(session, await make_account(session)))
    listed = await client.get("/api/v1/groups", headers=headers)
    missing = await client.get(f"/api/v1/groups/{uuid.uuid4()}", headers=headers)
    unauthorized = await client.get("/api/v1/me")
    unknown_route = await client.get("/api/v1/no-such-thing")
    too_large = await client.post("/api/v1/groups", content=b"x" * (5 * 1024 * 1024), headers=headers)
    for response, status in (
        (listed, 200),
        (missing, 404),
        (unauthorized, 401),
        (unknown_route, 404),
        (too_large, 413),
    ):
        assert response.status_code == status, response.text
        assert response.headers.get_list("cache-control") == ["no-store"], (status, response.headers)
    own = await client.get("/api/v1/cacheable")
    assert own.headers.get_list("cache-control") == ["private, max-age=60"]  # the route's own choice stays


async def test_other_answers_are_left_to_their_routes(client: httpx.AsyncClient) -> None:
    assert "cache-control" not in (await client.get("/static/between.css")).headers
