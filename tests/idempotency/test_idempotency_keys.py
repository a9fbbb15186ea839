"""`Idempotency-Key` on API POSTs: a retry replays the first answer and does nothing twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.db import utcnow
from app.errors import Conflict
from app.groups.models import Group
from app.idempotency import service
from app.idempotency.models import ApiRateWindow, IdempotencyKey
from app.meetings.models import Meeting
from app.security import hash_token
from tests.factories import bearer, make_admin, make_token
from tests.meetings.helpers import group_with_people

MEETING = {"title": "Tuesday circle", "starts_at": "2027-03-02T18:30", "duration_minutes": 90}


def keyed(secret: str, key: str) -> dict[str, str]:
    return {**bearer(secret), "Idempotency-Key": key}


async def _meetings(session: AsyncSession) -> int:
    return (await session.execute(select(func.count()).select_from(Meeting))).scalar_one()


async def test_a_retry_replays_the_first_answer_and_creates_nothing_more(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    first = await client.post(url, json=MEETING, headers=keyed(secret, "retry-1"))
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    # The same content, its keys in another order and spaced differently, is the same request.
    again = await client.post(
        url,
        content=b'{"duration_minutes": 90, "starts_at": "2027-03-02T18:30", "title": "Tuesday circle"}',
        headers={**keyed(secret, "retry-1"), "Content-Type": "application/json"},
    )
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["content-type"] == "application/json"
    assert await _meetings(session) == 1
    # Without a key, or with another one, it is a new request.
    assert (await client.post(url, json=MEETING, headers=keyed(secret, "retry-2"))).status_code == 201
    assert (await client.post(url, json=MEETING, headers=bearer(secret))).status_code == 201
    assert await _meetings(session) == 3


async def test_the_key_is_kept_by_the_tokens_hash_and_the_answer_sealed(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    await client.post(f"/api/v1/groups/{group.public_id}/meetings", json=MEETING, headers=keyed(secret, "k"))
    [row] = (await session.execute(select(IdempotencyKey))).scalars().all()
    assert row.owner == hash_token(secret) and secret not in row.owner
    assert row.status_code == 201 and row.completed_at is not None
    assert secret.encode() not in row.response_body
    # The first answer is kept sealed with a key only the token's holder can derive.
    assert b"Tuesday circle" not in row.response_body
    assert service.ResponseSealer(secret).open(row.response_body).startswith(b"{")


async def test_the_same_key_for_another_request_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    assert (await client.post(url, json=MEETING, headers=keyed(secret, "once"))).status_code == 201
    other_body = await client.post(url, json={**MEETING, "title": "Another"}, headers=keyed(secret, "once"))
    assert other_body.status_code == 422
    assert other_body.headers["content-type"] == "application/problem+json"
    problem = other_body.json()
    assert problem["type"] == "/problems/idempotency-key-reused"
    assert problem["title"] == "This key was used for a different request"
    assert "new key" in problem["detail"]
    other_path = await client.post(
        "/api/v1/groups", json={"name": "X", "slug": "x-x", "timezone": "UTC"}, headers=keyed(secret, "once")
    )
    assert other_path.status_code == 422 and other_path.json()["type"] == "/problems/idempotency-key-reused"
    assert await _meetings(session) == 1


async def test_keys_of_different_tokens_do_not_collide(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    first, second = await make_token(session, lead, Scope.write), await make_token(session, lead, Scope.write)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    one = await client.post(url, json=MEETING, headers=keyed(first, "shared-key"))
    two = await client.post(url, json={**MEETING, "title": "Other"}, headers=keyed(second, "shared-key"))
    assert one.status_code == two.status_code == 201
    assert "idempotent-replayed" not in two.headers and one.json()["id"] != two.json()["id"]
    assert await _meetings(session) == 2


async def test_a_key_claimed_the_earlier_way_and_still_running_gets_409_with_retry_after(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """A key without an answer was claimed in a transaction of its own, as before answers were
    recorded with the work (an app process of that version, during a deploy): its request may still
    be running. (A request running now holds its key uncommitted: tests/idempotency/test_concurrent_retries.py.)"""
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    fingerprint = service.fingerprint("POST", url, "", b'{"title":"Tuesday circle"}')
    session.add(IdempotencyKey(owner=hash_token(secret), key="running", fingerprint=fingerprint))
    await session.flush()
    response = await client.post(url, json={"title": "Tuesday circle"}, headers=keyed(secret, "running"))
    assert response.status_code == 409
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"] == "/problems/idempotency-key-in-use"
    assert await _meetings(session) == 0


async def test_a_claim_of_the_earlier_way_abandoned_for_minutes_is_taken_over_by_a_retry(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    fingerprint = service.fingerprint("POST", url, "", b'{"title":"Tuesday circle","starts_at":"2027-03-02T18:30"}')
    session.add(
        IdempotencyKey(
            owner=hash_token(secret),
            key="crashed",
            fingerprint=fingerprint,
            created_at=utcnow() - service.STALE_AFTER - timedelta(seconds=5),
        )
    )
    await session.flush()
    response = await client.post(
        url, json={"title": "Tuesday circle", "starts_at": "2027-03-02T18:30"}, headers=keyed(secret, "crashed")
    )
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert await _meetings(session) == 1


async def test_answers_that_settle_nothing_are_not_kept(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    reader = await make_token(session, lead, Scope.read)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    # 403 (a read-only token): nothing stored, the same key works once the right token is used.
    assert (await client.post(url, json=MEETING, headers=keyed(reader, "k-403"))).status_code == 403
    assert (await client.post(url, json=MEETING, headers=keyed("btw_wrong", "k-401"))).status_code == 401
    assert (await session.execute(select(func.count()).select_from(IdempotencyKey))).scalar_one() == 0


async def test_client_errors_are_replayed_like_any_other_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_admin(session)
    secret = await make_token(session, admin, Scope.write)
    bad = {"name": "", "slug": "ok-slug", "timezone": "UTC"}
    first = await client.post("/api/v1/groups", json=bad, headers=keyed(secret, "bad"))
    again = await client.post("/api/v1/groups", json=bad, headers=keyed(secret, "bad"))
    assert first.status_code == again.status_code == 422
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()


async def test_a_server_error_frees_the_key_for_a_retry(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: object
) -> None:
    from app.groups import service as groups

    admin = await make_admin(session)
    secret = await make_token(session, admin, Scope.write)
    original = groups.create_group
    calls = 0

    async def failing_once(*args: object, **kwargs: object) -> Group:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("the database went away")
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(groups, "create_group", failing_once)  # type: ignore[attr-defined]
    body = {"name": "Finance Thursdays", "slug": "finance-thursdays", "timezone": "UTC"}
    assert (await client.post("/api/v1/groups", json=body, headers=keyed(secret, "flaky"))).status_code == 500
    retry = await client.post("/api/v1/groups", json=body, headers=keyed(secret, "flaky"))
    assert retry.status_code == 201 and "idempotent-replayed" not in retry.headers


async def test_a_broken_rule_undoes_the_work_and_its_answer_is_replayed(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.meetings import service as meetings

    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    original = meetings.create_meeting

    async def written_then_refused(*args: Any, **kwargs: Any) -> Meeting:
        await original(*args, **kwargs)  # flushed: in the transaction, not yet committed
        raise Conflict("That evening is taken.")

    monkeypatch.setattr(meetings, "create_meeting", written_then_refused)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    first = await client.post(url, json=MEETING, headers=keyed(secret, "refused"))
    assert first.status_code == 409 and first.json()["detail"] == "That evening is taken."
    assert await _meetings(session) == 0
    monkeypatch.undo()
    again = await client.post(url, json=MEETING, headers=keyed(secret, "refused"))
    assert again.status_code == 409 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert await _meetings(session) == 0


async def test_an_answer_that_cannot_be_committed_is_never_sent_and_a_retry_runs(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    group, lead, _ = await group_with_people(session)
    secret = await make_token(session, lead, Scope.write)
    original = service.record

    async def failing(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("UPDATE idempotency_keys", {}, Exception("the database went away"))

    monkeypatch.setattr(service, "record", failing)
    url = f"/api/v1/groups/{group.public_id}/meetings"
    failed = await client.post(url, json=MEETING, headers=keyed(secret, "lost"))
    assert failed.status_code == 500 and failed.json()["type"] == "/problems/server-error"
    assert "same Idempotency-Key" in failed.json()["detail"]
    assert await _meetings(session) == 0  # the work went with the answer
    monkeypatch.setattr(service, "record", original)
    retry = await client.post(url, json=MEETING, headers=keyed(secret, "lost"))
    assert retry.status_code == 201 and "idempotent-replayed" not in retry.headers
    assert await _meetings(session) == 1


async def test_a_key_must_be_short_and_plain(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    secret = await make_token(session, admin, Scope.write)
    body = {"name": "Finance Thursdays", "slug": "finance-thursdays", "timezone": "UTC"}
    response = await client.post("/api/v1/groups", json=body, headers=keyed(secret, "k" * 256))
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"] == [{"field": "Idempotency-Key", "message": problem["detail"]}]
    assert "255 or fewer" in problem["detail"]
    assert (await client.post("/api/v1/groups", json=body, headers=keyed(secret, "k" * 255))).status_code == 201


async def test_old_keys_and_rate_windows_are_purged(session: AsyncSession) -> None:
    from app.accounts.models import ApiToken

    admin = await make_admin(session)
    await make_token(session, admin)
    token = (await session.execute(select(ApiToken).where(ApiToken.account_id == admin.id))).scalar_one()
    now = utcnow()
    session.add_all(
        [
            IdempotencyKey(owner="a" * 64, key="old", fingerprint="f", created_at=now - timedelta(hours=25)),
            IdempotencyKey(owner="a" * 64, key="recent", fingerprint="f", created_at=now - timedelta(hours=23)),
            ApiRateWindow(token_id=token.id, window_start=now.replace(second=0, microsecond=0) - timedelta(hours=2)),
            ApiRateWindow(token_id=token.id, window_start=now.replace(second=0, microsecond=0)),
        ]
    )
    await session.flush()
    await service.purge_expired(session)
    assert (await session.execute(select(IdempotencyKey.key))).scalars().all() == ["recent"]
    assert len((await session.execute(select(ApiRateWindow))).scalars().all()) == 1


async def test_post_operations_document_the_header(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    create = schema["paths"]["/api/v1/groups/{group_id}/meetings"]["post"]
    [parameter] = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    assert parameter["in"] == "header" and parameter["schema"]["maxLength"] == 255
    assert all(p["name"] != "Idempotency-Key" for p in schema["paths"]["/api/v1/groups"]["get"].get("parameters", []))


async def test_without_a_token_the_key_is_ignored_and_the_api_explains(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await client.post("/api/v1/groups", json={}, headers={"Idempotency-Key": "x"})
    assert response.status_code == 401 and response.json()["type"] == "/problems/unauthorized"
    assert (await session.execute(select(func.count()).select_from(IdempotencyKey))).scalar_one() == 0
