"""Answers at the same instant, from real threads, against a live server and a committed database."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import select

from app.accounts.api_tokens import create_token
from app.accounts.models import Account
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.db import Sessions, utcnow
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.meetings import service
from app.meetings.models import Rsvp, RsvpStatus
from app.meetings.schemas import MeetingCreate
from tests.conftest import ServedApp
from tests.meetings.helpers import in_days

CAPACITY = 5
PEOPLE = 16


@dataclass
class Live:
    url: str
    meeting_id: str
    tokens: list[str]
    sessions: Sessions


@pytest.fixture(scope="module")
async def live(committed_sessions: Sessions, committed_app: ServedApp) -> Live:
    tokens: list[str] = []
    async with committed_sessions.write() as session, session.begin():
        group = Group(slug="race", name="Race", timezone="America/Chicago", join_policy=JoinPolicy.open)
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
        for index in range(PEOPLE + 1):
            person = await create_account(
                session, email=f"p{index}@example.com", display_name=f"P{index:02d}", password=None
            )
            session.add(
                Membership(group_id=group.id, account_id=person.id, status=MembershipStatus.active, joined_at=utcnow())
            )
            tokens.append((await create_token(session, person, TokenCreate(name="race", scopes=[Scope.write])))[1])
        await session.flush()
        meeting = await service.create_meeting(
            session, lead, group, MeetingCreate(title="Small room", starts_at=in_days(5), capacity=CAPACITY)
        )
        meeting_id = str(meeting.public_id)
    return Live(committed_app.url, meeting_id, tokens, committed_sessions)


def _at_once(calls: list[tuple[str, str]], url: str) -> list[httpx.Response]:
    """Each call (token, answer) in its own thread, all released by one barrier."""
    barrier = threading.Barrier(len(calls))

    def put(call: tuple[str, str]) -> httpx.Response:
        token, answer = call
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            return client.put(url, json={"answer": answer}, headers={"Authorization": f"Bearer {token}"})

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(put, calls))


async def test_exactly_capacity_go_and_the_rest_wait_in_order(live: Live) -> None:
    url = f"{live.url}/api/v1/meetings/{live.meeting_id}/rsvp"
    responses = await asyncio.to_thread(_at_once, [(token, "going") for token in live.tokens[:PEOPLE]], url)
    assert [r.status_code for r in responses] == [200] * PEOPLE
    bodies = [r.json() for r in responses]
    going = [b for b in bodies if b["status"] == "going"]
    waiting = sorted((b for b in bodies if b["status"] == "waitlisted"), key=lambda b: b["waitlist_position"])
    assert len(going) == CAPACITY and len(waiting) == PEOPLE - CAPACITY
    assert [b["waitlist_position"] for b in waiting] == list(range(1, PEOPLE - CAPACITY + 1))
    async with live.sessions.read() as session:
        rows = (
            (
                await session.execute(
                    select(Rsvp).where(Rsvp.status == RsvpStatus.waitlisted).order_by(Rsvp.waitlisted_at, Rsvp.id)
                )
            )
            .scalars()
            .all()
        )
        # The order of the waitlist is the order in which the answers were decided.
        assert len(rows) == PEOPLE - CAPACITY
        assert [row.waitlisted_at for row in rows] == sorted(row.waitlisted_at for row in rows)


async def test_one_person_answering_twice_at_once_has_one_answer(live: Live) -> None:
    url = f"{live.url}/api/v1/meetings/{live.meeting_id}/rsvp"
    token = live.tokens[PEOPLE]  # the one who has not answered yet
    responses = await asyncio.to_thread(_at_once, [(token, "going"), (token, "going"), (token, "maybe")], url)
    assert [r.status_code for r in responses] == [200, 200, 200]
    async with live.sessions.read() as session:
        answers = (
            (
                await session.execute(
                    select(Rsvp)
                    .join(Account, Account.id == Rsvp.account_id)
                    .where(Account.email == f"p{PEOPLE}@example.com")
                )
            )
            .scalars()
            .all()
        )
    assert len(answers) == 1
