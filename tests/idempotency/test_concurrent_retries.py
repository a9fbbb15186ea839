"""Simultaneous retries with one Idempotency-Key, from real threads, against a live server and a
committed database: exactly one side effect."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

from app.accounts.api_tokens import create_token
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.db import Sessions, utcnow
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.meetings.models import Meeting
from tests.conftest import ServedApp

RETRIES = 8


@dataclass
class Live:
    url: str
    group_id: str
    token: str
    sessions: Sessions


@pytest.fixture(scope="module")
async def live(committed_sessions: Sessions, committed_app: ServedApp) -> Live:
    async with committed_sessions.write() as session, session.begin():
        group = Group(slug="retries", name="Retries", timezone="America/Chicago", join_policy=JoinPolicy.open)
        session.add(group)
        await session.flush()
        lead = await create_account(session, email="lead@example.com", display_name="Lead", password=None)
        session.add(
            Membership(
                group_id=group.id,
                account_id=lead.id,
                role=Role.facilitator,
                status=MembershipStatus.active,
                joined_at=utcnow(),
            )
        )
        _, token = await create_token(session, lead, TokenCreate(name="sync", scopes=[Scope.write]))
        group_id = str(group.public_id)
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
