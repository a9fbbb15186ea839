"""The conventions every /api/v1 route keeps: scopes, rate limits, `next` links, one error body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.schemas import Scope
from app.config import get_settings
from app.db import Sessions
from app.deps import ApiReader, ApiWebhooks, ApiWriter
from app.groups.models import Role
from app.idempotency import rate_limits
from app.main import create_app
from tests.factories import bearer, make_account, make_admin, make_group, make_member, make_membership, make_token

GROUP = {"name": "Finance Thursdays", "slug": "finance-thursdays", "timezone": "America/New_York"}


# --- scopes ---------------------------------------------------------------------------------


@pytest.fixture
def scoped_routes(app: Any) -> Any:
    router = APIRouter(prefix="/api/v1/test-scopes")

    @router.get("/read")
    async def read(account: ApiReader) -> dict[str, str]:
        return {"ok": "read"}

    @router.post("/write")
    async def write(account: ApiWriter) -> dict[str, str]:
        return {"ok": "write"}

    @router.get("/webhooks")
    async def webhooks(account: ApiWebhooks) -> dict[str, str]:
        return {"ok": "webhooks"}

    app.include_router(router)
    return app


@pytest.mark.own_app  # adds routes
@pytest.mark.parametrize(
    ("scopes", "allowed"),
    [
        ((Scope.read,), {"read"}),
        ((Scope.write,), {"read", "write"}),
        ((Scope.webhooks,), {"webhooks"}),
        ((Scope.read, Scope.webhooks), {"read", "webhooks"}),
        ((Scope.read, Scope.write, Scope.webhooks), {"read", "write", "webhooks"}),
    ],
)
async def test_each_scope_grants_what_it_says_and_no_more(
    scoped_routes: Any, client: httpx.AsyncClient, session: AsyncSession, scopes: tuple[Scope, ...], allowed: set[str]
) -> None:
    headers = bearer(await make_token(session, await make_account(session), *scopes))
    for needed, method in (("read", "GET"), ("write", "POST"), ("webhooks", "GET")):
        response = await client.request(method, f"/api/v1/test-scopes/{needed}", headers=headers)
        if needed in allowed:
            assert response.status_code == 200, (needed, response.text)
        else:
            assert response.status_code == 403, (needed, response.text)
            problem = response.json()
            assert problem["type"] == "/problems/forbidden"
            assert f"lacks the '{needed}' scope" in problem["detail"]


async def test_real_routes_refuse_a_token_without_the_scope(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    reader = bearer(await make_token(session, admin, Scope.read))
    hooks_only = bearer(await make_token(session, admin, Scope.webhooks))
    assert (await client.post("/api/v1/groups", json=GROUP, headers=reader)).status_code == 403
    assert (await client.get("/api/v1/groups", headers=hooks_only)).status_code == 403
    assert (await client.patch("/api/v1/me/profile", json={"headline": "x"}, headers=hooks_only)).status_code == 403
    assert (await client.get("/api/v1/groups", headers=reader)).status_code == 200
    read_write = bearer(await make_token(session, admin, Scope.read, Scope.write))
    refused = await client.get("/api/v1/webhooks", headers=read_write)
    assert refused.status_code == 403 and "'webhooks' scope" in refused.json()["detail"]
    assert (await client.get("/api/v1/webhooks", headers=hooks_only)).status_code == 200


# --- rate limits ----------------------------------------------------------------------------


@pytest.fixture
def limited_client(sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch) -> Any:
    # One fixed instant, 20 seconds into a minute: the test never straddles two windows.
    monkeypatch.setattr(rate_limits, "utcnow", lambda: datetime(2027, 1, 5, 10, 30, 20, tzinfo=UTC))
    settings = get_settings().model_copy(update={"api_requests_per_minute": 3})
    app = create_app(settings=settings, sessions=Sessions.single(sessionmaker))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://testserver"
    )


async def test_past_the_limit_a_token_gets_429_with_retry_after(
    limited_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session)
    headers = bearer(await make_token(session, account))
    async with limited_client as client:
        answers = [await client.get("/api/v1/me", headers=headers) for _ in range(3)]
        assert [r.status_code for r in answers] == [200, 200, 200]
        assert [r.headers["ratelimit-remaining"] for r in answers] == ["2", "1", "0"]
        assert all(r.headers["ratelimit-limit"] == "3" and r.headers["ratelimit-reset"] == "40" for r in answers)
        refused = await client.get("/api/v1/me", headers=headers)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "40"
        assert refused.headers["ratelimit-remaining"] == "0"
        problem = refused.json()
        assert problem["type"] == "/problems/rate-limited" and problem["status"] == 429
        assert "more than 3 requests this minute" in problem["detail"]
        # Failed requests count too; another token has its own allowance.
        assert (await client.get("/api/v1/groups/not-a-uuid", headers=headers)).status_code == 429
        other = bearer(await make_token(session, account))
        assert (await client.get("/api/v1/me", headers=other)).status_code == 200


async def test_idempotent_requests_and_their_replays_count_once_each(
    limited_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers = {**bearer(await make_token(session, await make_admin(session), Scope.write)), "Idempotency-Key": "k1"}
    async with limited_client as client:
        first = await client.post("/api/v1/groups", json=GROUP, headers=headers)
        replay = await client.post("/api/v1/groups", json=GROUP, headers=headers)
        assert first.status_code == replay.status_code == 201
        assert [first.headers["ratelimit-remaining"], replay.headers["ratelimit-remaining"]] == ["2", "1"]
        assert replay.headers["idempotent-replayed"] == "true"
        await client.get("/api/v1/me", headers=headers)
        refused = await client.post("/api/v1/groups", json=GROUP, headers=headers)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "40"
        assert refused.json()["type"] == "/problems/rate-limited"


async def test_a_wrong_token_is_not_counted_and_gets_no_rate_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/me", headers=bearer("btw_nope"))
    assert response.status_code == 401 and "ratelimit-limit" not in response.headers


async def test_every_answer_carries_the_rate_headers(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_account(session)))
    for response in (
        await client.get("/api/v1/groups", headers=headers),
        await client.get("/api/v1/groups/00000000-0000-0000-0000-000000000000", headers=headers),
    ):
        assert response.headers["ratelimit-limit"] == "600"
        assert 0 < int(response.headers["ratelimit-reset"]) <= 60


# --- pagination -----------------------------------------------------------------------------


async def test_following_next_to_the_end_returns_every_item_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    for index in range(7):  # listed, with a facilitator: the groups everyone may see
        group = await make_group(session, slug=f"g-{index}", name=f"Group {index}", listed=True)
        await make_membership(session, group, await make_account(session), role=Role.facilitator)
    headers = bearer(await make_token(session, await make_account(session)))
    url: str | None = "http://testserver/api/v1/groups?limit=3"
    seen: list[str] = []
    pages = 0
    while url is not None:
        response = await client.get(url, headers=headers)
        body = response.json()
        seen += [item["slug"] for item in body["items"]]
        pages += 1
        if body["next"] is None:
            assert body["next_cursor"] is None and "link" not in response.headers
        else:
            assert body["next"].startswith("http://testserver/api/v1/groups?")
            assert "limit=3" in body["next"] and f"cursor={body['next_cursor']}" in body["next"]
            assert response.headers["link"] == f'<{body["next"]}>; rel="next"'
        url = body["next"]
    assert seen == [f"g-{index}" for index in range(7)] and pages == 3


async def test_next_keeps_the_filters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group, name="Viewer", skills=["Payroll"])
    for index in range(5):
        await make_member(session, group, name=f"Payroll person {index}", skills=["Payroll"])
        await make_member(session, group, name=f"Other person {index}", skills=["Python"])
    headers = bearer(await make_token(session, viewer))
    url: str | None = f"/api/v1/groups/{group.public_id}/members?skill=Payroll&limit=2"
    names: list[str] = []
    while url is not None:
        body = (await client.get(url, headers=headers)).json()
        names += [item["name"] for item in body["items"]]
        url = body["next"]
        if url is not None:
            assert "skill=Payroll" in url
    assert sorted(names) == sorted([f"Payroll person {i}" for i in range(5)] + ["Viewer"])
    assert len(names) == len(set(names))


async def test_a_mangled_cursor_is_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_account(session)))
    response = await client.get("/api/v1/groups", params={"cursor": "not a cursor"}, headers=headers)
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/bad-request" and "without a cursor" in response.json()["detail"]


# --- one error body -------------------------------------------------------------------------


def _is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["type"].startswith("/problems/")
    assert body["title"] and body["detail"]
    return body


async def test_errors_are_problem_documents(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    headers = bearer(await make_token(session, admin, Scope.write))
    _is_problem(await client.get("/api/v1/groups/00000000-0000-0000-0000-000000000000", headers=headers), 404)
    _is_problem(await client.get("/api/v1/no-such-thing", headers=headers), 404)
    _is_problem(await client.put("/api/v1/groups", headers=headers), 405)
    invalid = _is_problem(
        await client.post("/api/v1/groups", json={"name": "", "slug": "-", "timezone": "Mars/Base"}, headers=headers),
        422,
    )
    assert {error["field"] for error in invalid["errors"]} >= {"name", "slug", "timezone"}
    not_json = _is_problem(
        await client.post("/api/v1/groups", content=b"{nope", headers={**headers, "Content-Type": "application/json"}),
        422,
    )
    assert not_json["errors"]
    plain = _is_problem(
        await client.post(
            "/api/v1/groups", content=b'{"name": "x"}', headers={**headers, "Content-Type": "text/plain"}
        ),
        422,
    )
    assert "Content-Type: application/json" in plain["detail"]
    unreadable = _is_problem(
        await client.post("/api/v1/groups", content=b'"\xff"', headers={**headers, "Content-Type": "application/json"}),
        400,
    )
    assert unreadable["detail"] == "The request body could not be read. Send JSON, encoded as UTF-8."
    bad_id = _is_problem(await client.get("/api/v1/groups/12", headers=headers), 422)
    assert bad_id["errors"] == [{"field": "group_id", "message": "This is not a valid identifier."}]
    bad_limit = _is_problem(await client.get("/api/v1/groups?limit=0", headers=headers), 422)
    assert bad_limit["errors"][0]["field"] == "limit"
    too_large = await client.post(
        "/api/v1/groups", content=b"x" * (4 * 1024 * 1024 + 1), headers={**headers, "Content-Type": "application/json"}
    )
    _is_problem(too_large, 413)
