"""Simultaneous retries with one Idempotency-Key, from real threads, against a live server and a
committed database: exactly one side effect. A retry that comes while the first request is still in
its transaction waits for it, and gets its answer, or runs if it rolled back (on PostgreSQL it waits
at most LOCK_WAIT, then hears "still running")."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import Sessions, utcnow
from app.idempotency import service
from app.idempotency.models import IdempotencyKey
from app.meetings.models import Meeting
from app.security import hash_token
from tests.conftest import ServedApp
from tests.factories import committed_group_with_token

RETRIES = 8


@dataclass
class Live:
    url: str
    group_id: str
    token: str
    sessions: Sessions


@pytest.fixture(scope="module")
async def live(committed_sessions: Sessions, committed_app: ServedApp) -> Live:
    group_id, token = await committed_group_with_token(committed_sessions, "retries")
    return Live(committed_app.url, group_id, token, committed_sessions)


def _at_once(url: str, headers: dict[str, str], body: dict[str, object], count: int) -> list[httpx.Response]:
    """`count` identical POSTs, each from its own thread, released together by one barrier."""
    barrier = threading.Barrier(count)

    def post(_: int) -> httpx.Response:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            return client.post(url, json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(post, range(count)))


async def _meetings_titled(sessions: Sessions, title: str) -> int:
    async with sessions.read() as session:
        return (
            await session.execute(select(func.count()).select_from(Meeting).where(Meeting.title == title))
        ).scalar_one()


async def test_simultaneous_retries_create_one_meeting(live: Live) -> None:
    url = f"{live.url}/api/v1/groups/{live.group_id}/meetings"
    headers = {"Authorization": f"Bearer {live.token}", "Idempotency-Key": "meeting-1"}
    body = {"title": "Retried at once", "starts_at": "2027-03-02T18:30"}
    responses = await asyncio.to_thread(_at_once, url, headers, body, RETRIES)
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, [r.text for r in responses]
    created = [r for r in responses if r.status_code == 201]
    originals = [r for r in created if "idempotent-replayed" not in r.headers]
    assert len(originals) == 1
    assert all(r.json() == originals[0].json() for r in created)
    for refused in (r for r in responses if r.status_code == 409):
        assert refused.headers["retry-after"] == "1"
        assert refused.json()["type"] == "/problems/idempotency-key-in-use"
    assert await _meetings_titled(live.sessions, "Retried at once") == 1

    # Once the first has finished, every retry replays it.
    async with httpx.AsyncClient() as client:
        later = await client.post(url, json=body, headers=headers)
    assert later.status_code == 201 and later.headers["idempotent-replayed"] == "true"
    assert later.json() == originals[0].json()
    assert await _meetings_titled(live.sessions, "Retried at once") == 1


async def test_simultaneous_requests_with_different_keys_each_run(live: Live) -> None:
    url = f"{live.url}/api/v1/groups/{live.group_id}/meetings"
    body = {"title": "Different keys", "starts_at": "2027-03-09T18:30"}

    def run() -> list[httpx.Response]:
        barrier = threading.Barrier(4)

        def post(index: int) -> httpx.Response:
            with httpx.Client(timeout=60) as client:
                barrier.wait()
                return client.post(
                    url,
                    json=body,
                    headers={"Authorization": f"Bearer {live.token}", "Idempotency-Key": f"other-{index}"},
                )

        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(post, range(4)))

    responses = await asyncio.to_thread(run)
    assert [r.status_code for r in responses] == [201] * 4
    assert await _meetings_titled(live.sessions, "Different keys") == 4


async def _first_request_midway(
    session: AsyncSession, live: Live, key: str, body: dict[str, object]
) -> tuple[str, IdempotencyKey]:
    """What a first request has written while it runs: its key's row, not committed."""
    path = f"/api/v1/groups/{live.group_id}/meetings"
    row = IdempotencyKey(
        owner=hash_token(live.token),
        key=key,
        fingerprint=service.fingerprint("POST", path, "", json.dumps(body).encode()),
    )
    session.add(row)
    await session.flush()
    return f"{live.url}{path}", row


def _keyed(live: Live, key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {live.token}", "Idempotency-Key": key}


async def test_a_retry_while_the_first_request_runs_waits_and_gets_its_answer(live: Live) -> None:
    body = {"title": "Answered meanwhile", "starts_at": "2027-03-16T18:30"}
    async with live.sessions.write() as session, httpx.AsyncClient(timeout=60) as client:
        url, first = await _first_request_midway(session, live, "midway-answered", body)
        retry = asyncio.create_task(client.post(url, json=body, headers=_keyed(live, "midway-answered")))
        await asyncio.sleep(0.3)  # time for the retry to reach the first request's row, and wait there
        assert not retry.done()
        first.status_code, first.completed_at = 201, utcnow()
        first.response_headers = {"content-type": "application/json"}
        first.response_body = service.ResponseSealer(live.token).seal(b'{"id": "the first answer"}')
        await session.commit()
        response = await retry
    assert response.status_code == 201 and response.headers["idempotent-replayed"] == "true"
    assert response.json() == {"id": "the first answer"}
    assert await _meetings_titled(live.sessions, "Answered meanwhile") == 0


async def test_a_retry_while_the_first_request_runs_runs_itself_if_the_first_rolls_back(live: Live) -> None:
    body = {"title": "Rolled back meanwhile", "starts_at": "2027-03-23T18:30"}
    async with live.sessions.write() as session, httpx.AsyncClient(timeout=60) as client:
        url, _ = await _first_request_midway(session, live, "midway-rolled-back", body)
        retry = asyncio.create_task(client.post(url, json=body, headers=_keyed(live, "midway-rolled-back")))
        await asyncio.sleep(0.3)  # time for the retry to reach the first request's row, and wait there
        assert not retry.done()
        await session.rollback()  # as when the first request fails, or its process dies
        response = await retry
    assert response.status_code == 201 and "idempotent-replayed" not in response.headers
    assert await _meetings_titled(live.sessions, "Rolled back meanwhile") == 1


async def test_a_retry_does_not_wait_long_for_a_slow_first_request(live: Live) -> None:
    """PostgreSQL: after LOCK_WAIT the retry hears that the first still runs. SQLite writes one
    transaction at a time, so there every write waits its turn, the retry too."""
    body = {"title": "Slow first", "starts_at": "2027-03-30T18:30"}
    postgres = live.sessions.write.kw["bind"].dialect.name == "postgresql"
    async with httpx.AsyncClient(timeout=60) as client:
        async with live.sessions.write() as session:
            url, _ = await _first_request_midway(session, live, "midway-slow", body)
            started = time.monotonic()
            retry = asyncio.create_task(client.post(url, json=body, headers=_keyed(live, "midway-slow")))
            if postgres:
                response = await retry
                assert response.status_code == 409 and response.headers["retry-after"] == "1"
                assert response.json()["type"] == "/problems/idempotency-key-in-use"
                assert time.monotonic() - started >= service.LOCK_WAIT.total_seconds()
            else:
                await asyncio.sleep(service.LOCK_WAIT.total_seconds() + 0.5)
                assert not retry.done()
            await session.rollback()
        response = await retry
    if postgres:
        assert await _meetings_titled(live.sessions, "Slow first") == 0
    else:
        assert response.status_code == 201 and "idempotent-replayed" not in response.headers
        assert await _meetings_titled(live.sessions, "Slow first") == 1
