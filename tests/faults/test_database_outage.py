"""The database out of reach: every request is answered 503 with Retry-After,
a problem document for the API and a calm page for people, not a 500 "our mistake"; client
connections stay open through it, and the app serves again as soon as the database is back.

PostgreSQL is stopped for real: the app is served through a TCP proxy in front of it, which the test
stops (dropping every connection and refusing new ones) and starts again. That needs a PostgreSQL
server (TEST_DATABASE_URL; CI always sets it). On SQLite, a database file whose folder is gone is
the outage (the served app on SQLite cannot lose its file while a connection holds it open).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from app.accounts.api_tokens import create_token
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.db import Sessions, create_engine
from app.errors import RETRY_AFTER_SECONDS
from app.groups.models import Group, JoinPolicy, Membership, Role
from app.main import create_app
from tests.conftest import ProvisionedDatabase, free_port, served_app
from tests.factories import PASSWORD

pytestmark = pytest.mark.faults

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class TcpProxy:
    """Forwards 127.0.0.1:`port` to the database server; `stop()` is the server going away (every
    connection dropped, new ones refused), `start()` its coming back on the same address."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._server: asyncio.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._pumps: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connect, "127.0.0.1", self.port)

    async def stop(self) -> None:
        assert self._server is not None
        self._server.close()
        self._server = None
        for writer in list(self._open):
            writer.transport.abort()  # a reset, as from a server that is gone
        self._open.clear()
        for pump in list(self._pumps):
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)

    async def _connect(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.transport.abort()
            return
        self._open |= {client_writer, server_writer}
        for source, sink in ((client_reader, server_writer), (server_reader, client_writer)):
            pump = asyncio.create_task(self._pump(source, sink))
            self._pumps.add(pump)
            pump.add_done_callback(self._pumps.discard)

    async def _pump(self, source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                sink.write(data)
                await sink.drain()
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self._open.discard(sink)
            sink.transport.abort()


def _local_port(response: httpx.Response) -> int:
    """The client's end of the connection the response came on: the same port, the same connection."""
    port: int = response.extensions["network_stream"].get_extra_info("client_addr")[1]
    return port


def _assert_unavailable_problem(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 503 and problem["type"] == "/problems/database-unavailable"
    assert "can't reach our database" in problem["detail"] and "send it again" in problem["detail"]


def _assert_calm_page(response: httpx.Response, *words: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers
    text = " ".join(response.text.split())
    assert "We can't reach our database right now" in text
    assert "our mistake" not in text and "Traceback" not in text
    for phrase in words:
        assert phrase in text, phrase


@pytest.fixture
async def proxied_postgres(committed_database: ProvisionedDatabase) -> AsyncIterator[tuple[str, TcpProxy]]:
    if committed_database.backend != "postgresql":
        pytest.skip("stopping the database needs a PostgreSQL server: set TEST_DATABASE_URL (CI always does)")
    url = make_url(committed_database.url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    try:
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        if proxy._server is not None:
            await proxy.stop()


async def test_postgresql_stopped_answers_503_and_the_app_recovers_on_the_same_connection(
    committed_sessions: Sessions, proxied_postgres: tuple[str, TcpProxy]
) -> None:
    database_url, proxy = proxied_postgres
    async with committed_sessions.write() as session, session.begin():
        steady = Group(
            slug="steady", name="Steady", timezone="America/Chicago", join_policy=JoinPolicy.open, listed=True
        )
        session.add(steady)
        account = await create_account(session, email="calm@example.com", display_name="Calm", password=PASSWORD)
        session.add(Membership(group_id=steady.id, account_id=account.id, role=Role.facilitator))  # listed: it is run
        _, token = await create_token(session, account, TokenCreate(name="outage", scopes=[Scope.write]))
    api = {"Authorization": f"Bearer {token}"}

    async with (
        served_app(database_url) as app,
        httpx.AsyncClient(base_url=app.url, timeout=20, limits=httpx.Limits(max_connections=1)) as client,
    ):
        before = await client.get("/api/v1/groups", headers=api)
        assert before.status_code == 200 and [g["slug"] for g in before.json()["items"]] == ["steady"]
        login = await client.get("/login")
        csrf = _CSRF.search(login.text)
        assert csrf
        connection = _local_port(before)

        await proxy.stop()
        answers = [
            await client.get("/api/v1/groups", headers=api),
            await client.post("/api/v1/groups", headers=api, json={"name": "New", "timezone": "UTC"}),
            await client.get("/"),
            await client.post(
                "/login", data={"csrf_token": csrf.group(1), "email": "calm@example.com", "password": PASSWORD}
            ),
            await client.get("/readyz"),
            await client.post(
                "/api/v1/groups",
                headers={**api, "Idempotency-Key": "outage-1"},
                json={"name": "Keyed", "slug": "keyed", "timezone": "UTC"},
            ),
        ]
        _assert_unavailable_problem(answers[0])
        _assert_unavailable_problem(answers[1])
        _assert_calm_page(answers[2], "Try again", "Nothing is wrong on your side")
        _assert_calm_page(answers[3], "What you just sent has not been saved", "send it again")
        assert answers[4].status_code == 503 and answers[4].headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        _assert_unavailable_problem(answers[5])  # a keyed POST: its key is not taken, a retry runs
        assert {_local_port(answer) for answer in answers} == {connection}, "the client's connection was closed"
        log = app.log.read_text()
        assert "unhandled error" not in log and "Exception in ASGI application" not in log and " 500 " not in log

        await proxy.start()
        deadline = time.monotonic() + 10
        while (ready := await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, ready.text
            await asyncio.sleep(0.1)  # waiting on a condition: the pool reconnecting
        after = await client.get("/api/v1/groups", headers=api)
        assert after.status_code == 200 and [g["slug"] for g in after.json()["items"]] == ["steady"]
        assert (await client.get("/")).status_code == 200
        assert _local_port(after) == connection
        keyed = await client.post(
            "/api/v1/groups",
            headers={**api, "Idempotency-Key": "outage-1"},
            json={"name": "Keyed", "slug": "keyed", "timezone": "UTC"},
        )
        # The retry runs (this token's owner may not create groups): the outage left no key taken.
        assert keyed.status_code == 403 and "idempotent-replayed" not in keyed.headers, keyed.text


async def test_a_sqlite_database_out_of_reach_answers_503() -> None:
    folder = Path(tempfile.mkdtemp(prefix="between_gone_"))
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'between.sqlite3'}")
    shutil.rmtree(folder)  # the volume the database lives on is gone
    try:
        app = create_app(sessions=Sessions.for_engine(engine))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            _assert_unavailable_problem(await client.get("/api/v1/groups", headers={"Authorization": "Bearer x"}))
            _assert_calm_page(await client.get("/"), "Try again")
            assert (await client.get("/readyz")).status_code == 503
    finally:
        await engine.dispose()
        assert not os.path.exists(folder)
