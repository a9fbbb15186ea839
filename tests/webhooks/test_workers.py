"""Webhook workers on a real, committed database: two at once deliver every event exactly once
between them (PostgreSQL, where FOR UPDATE SKIP LOCKED is what keeps them apart), and `between
worker` lets an in-flight delivery finish and exits cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import get_settings
from app.db import Sessions, create_engine
from app.webhooks import delivery, events
from app.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.conftest import ProvisionedDatabase
from tests.factories import make_admin, make_group, make_member
from tests.webhooks.helpers import make_endpoint, running_receiver

EVENTS = 120


@pytest.fixture(scope="module")
def committed(
    committed_database: ProvisionedDatabase, committed_sessions: Sessions
) -> tuple[ProvisionedDatabase, Sessions]:
    return committed_database, committed_sessions


async def _queue(sessions: Sessions, url: str, count: int) -> str:
    """`count` member.joined events for one endpoint, committed; returns the endpoint's secret."""
    async with sessions.write() as session, session.begin():
        group = await make_group(session)
        person = await make_member(session, group, name="Nia Newcomer")
        _, secret = await make_endpoint(session, await make_admin(session), url, events=["member.joined"])
        await events.emit(session, group, "member.joined", [events.member(person, "active")] * count)
    return secret


async def test_two_workers_deliver_each_event_exactly_once(
    committed: tuple[ProvisionedDatabase, Sessions], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, sessions = committed
    if database.backend == "sqlite":
        pytest.skip("SQLite runs one writer at a time; the workers' claims are tested apart on PostgreSQL")
    # Many small claims, so that the two workers' claims overlap often. (Checked: without FOR UPDATE
    # SKIP LOCKED in the claim, this test fails: both workers take some rows and send them twice.)
    monkeypatch.setattr(delivery, "BATCH", 2)
    with running_receiver() as receiver:
        secret = await _queue(sessions, receiver.url, EVENTS)
        # Each worker on an engine of its own: separate connections, as separate processes would have.
        engines = [create_engine(database.url) for _ in range(2)]
        try:

            async def work(engine) -> int:  # type: ignore[no-untyped-def]
                sessionmaker = Sessions.for_engine(engine).write
                done = 0
                while attempted := await delivery.run_once(sessionmaker, get_settings()):
                    done += attempted
                return done

            shares = await asyncio.gather(*(work(engine) for engine in engines))
        finally:
            for engine in engines:
                await engine.dispose()
        receiver.verified(secret)
        counts = Counter(receiver.ids())
    assert len(counts) == EVENTS and set(counts.values()) == {1}  # every event, each once
    assert sum(shares) == EVENTS and all(share > 0 for share in shares), shares  # and both workers took part
    async with sessions.read() as session:
        statuses = Counter((await session.execute(select(WebhookDelivery.status))).scalars())
        assert statuses == {DeliveryStatus.succeeded: EVENTS}
        assert (await session.execute(select(func.count()).select_from(WebhookAttempt))).scalar_one() == EVENTS


def test_the_worker_finishes_a_delivery_in_flight_and_stops_on_sigterm(
    committed: tuple[ProvisionedDatabase, Sessions],
) -> None:
    database, sessions = committed
    with running_receiver() as receiver:
        receiver.delay = 1.5  # slow enough that SIGTERM arrives while the request is under way
        asyncio.run(_queue_fresh(database, receiver.url))
        env = {**os.environ, "DATABASE_URL": database.url, "BETWEEN_ENV": "test"}
        worker = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        try:
            deadline = time.monotonic() + 30
            while not receiver.received and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.05)
            assert receiver.received, "the worker never delivered"
            worker.send_signal(signal.SIGTERM)
            stopped_at = time.monotonic()
            _, stderr = worker.communicate(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0, stderr
        assert time.monotonic() - stopped_at < 10, "the worker took too long to stop"
    assert asyncio.run(_attempts_recorded(database)) == [200]  # the delivery in flight was finished, not dropped


async def _queue_fresh(database: ProvisionedDatabase, url: str) -> None:
    # A loop of its own (this test is synchronous), so an engine of its own too.
    engine = create_engine(database.url)
    try:
        async with Sessions.for_engine(engine).write() as session, session.begin():
            await session.execute(WebhookEndpoint.__table__.delete())  # and, with them, earlier deliveries
        await _queue(Sessions.for_engine(engine), url, 1)
    finally:
        await engine.dispose()


async def _attempts_recorded(database: ProvisionedDatabase) -> list[int | None]:
    engine = create_engine(database.url)
    try:
        async with Sessions.for_engine(engine).read() as session:
            return list((await session.execute(select(WebhookAttempt.status_code))).scalars())
    finally:
        await engine.dispose()
