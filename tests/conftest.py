"""The test harness: a fresh database per run (built by `alembic upgrade head`), one rolled-back
transaction per test, the app (one for the run) wired to it, and a counter of SQL statements; for
what happens at the same instant, a second database whose transactions commit, emptied for each
module, and the app served on it.

SQLite by default; PostgreSQL when TEST_DATABASE_URL names a server (fresh databases are created
on it for the run and dropped after).
"""

from __future__ import annotations

import os

# Settings are read from the environment once; set the test ones before the app is imported.
os.environ["BETWEEN_ENV"] = "test"
os.environ["SECRET_KEY"] = "test-secret-key-for-the-suite-only"
os.environ["BASE_URL"] = "http://testserver"
os.environ["ARGON2_TIME_COST"] = "1"  # argon2id still, but cheap enough for hundreds of sign-ins
os.environ["ARGON2_MEMORY_KIB"] = "1024"
os.environ["MEDIA_DIR"] = __import__("tempfile").mkdtemp(prefix="between-test-media-")  # photos, never var/media
for name in ("SMTP_HOST", "DATABASE_URL", "RUN_WORKER_IN_PROCESS"):
    os.environ.pop(name, None)

import asyncio  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import AsyncIterator, Callable, Iterator  # noqa: E402
from contextlib import AbstractAsyncContextManager, asynccontextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from email import message_from_bytes, policy  # noqa: E402
from email.message import EmailMessage  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
import pytest  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from sqlalchemy import event, make_url  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker  # noqa: E402

from app.config import Settings, async_database_url, get_settings  # noqa: E402
from app.db import Sessions, create_engine, create_sessionmaker  # noqa: E402
from app.main import create_app  # noqa: E402
from app.migrate import upgrade_head_async  # noqa: E402
from app.models import Base  # noqa: E402

# The real-browser fixtures, shared by every browser test wherever it lives (see tests/browser.py).
pytest_plugins = ["tests.browser"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "own_app: the test adds routes, so it gets an app of its own")
    config.addinivalue_line(
        "markers",
        "faults: real faults (a killed process, a stopped database or mail server); part of every run, "
        "`pytest -m faults` runs only them",
    )


@dataclass
class ProvisionedDatabase:
    url: str
    backend: str
    drop: Any = None


async def create_test_database(prefix: str = "between_test") -> ProvisionedDatabase:
    """A new, empty database for one run: a temporary SQLite file, or a new PostgreSQL database."""
    server_url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not server_url:
        directory = tempfile.mkdtemp(prefix=f"{prefix}_")
        return ProvisionedDatabase(url=f"sqlite+aiosqlite:///{Path(directory) / 'test.sqlite3'}", backend="sqlite")
    server = make_url(async_database_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin_engine = create_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin_engine.connect() as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    await admin_engine.dispose()

    async def drop() -> None:
        engine = create_engine(server.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await engine.dispose()

    url = server.set(database=name).render_as_string(hide_password=False)
    return ProvisionedDatabase(url=url, backend="postgresql", drop=drop)


@pytest.fixture(scope="session")
async def test_database() -> AsyncIterator[ProvisionedDatabase]:
    database = await create_test_database()
    engine = create_engine(database.url)
    await upgrade_head_async(engine)
    await engine.dispose()
    yield database
    if database.drop:
        await database.drop()


@pytest.fixture(scope="session")
async def engine(test_database: ProvisionedDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(test_database.url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """Everything a test does happens in this transaction, which is rolled back at the end."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # Commits inside the app become savepoints of the test's transaction.
    return create_sessionmaker(connection, join_transaction_mode="create_savepoint")


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


# Sessions bound to nothing: a request that reaches the shared app between tests fails loudly.
_UNBOUND = Sessions.single(async_sessionmaker())


@pytest.fixture(scope="session")
def shared_app() -> FastAPI:
    # One app for the whole run: FastAPI builds each app's route table on its first requests
    # (about 0.3 s, more than most tests take), and the app keeps no state but its sessions.
    return create_app(sessions=_UNBOUND)


@pytest.fixture
def app(
    request: pytest.FixtureRequest, sessionmaker: async_sessionmaker[AsyncSession], shared_app: FastAPI
) -> Iterator[FastAPI]:
    """The app, wired to this test's transaction."""
    sessions = Sessions.single(sessionmaker)
    if request.node.get_closest_marker("own_app"):
        yield create_app(sessions=sessions)
        return
    routes = list(shared_app.router.routes)
    shared_app.state.sessions = sessions
    try:
        yield shared_app
    finally:
        shared_app.state.sessions = _UNBOUND
    assert shared_app.router.routes == routes, "a test added routes to the shared app: mark it own_app"


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


ClientWith = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def client_with(sessionmaker: async_sessionmaker[AsyncSession]) -> ClientWith:
    """`async with client_with(env="production") as client:` a client of an app of its own, created
    with the test settings changed so, and wired to this test's transaction."""

    @asynccontextmanager
    async def client_of_app(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
        settings: Settings = get_settings().model_copy(update=changes)
        app = create_app(settings, sessions=Sessions.single(sessionmaker))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client

    return client_of_app


@dataclass
class StatementCounter:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


_COUNTED = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.IGNORECASE)


@pytest.fixture
def count_queries(engine: AsyncEngine) -> Iterator[Any]:
    """`with count_queries() as counter:` counts the SQL statements run inside the block."""
    from contextlib import contextmanager

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if _COUNTED.match(statement):
                counter.statements.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", before)

    yield counting


# --- a real SMTP server, in process --------------------------------------------------------


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class _Collector:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.mailbox.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServedApp:
    url: str
    log: Path  # the server's output, with the traceback of any 500


@asynccontextmanager
async def served_app(database_url: str, **env: str) -> AsyncIterator[ServedApp]:
    """The real `between serve` in a process of its own on a free port, against `database_url`,
    once /readyz answers (a test fails, naming the log, if it does not within 30 s)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "BETWEEN_ENV": "test",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "BASE_URL": url,
        "RUN_WORKER_IN_PROCESS": "false",
        **env,
    }
    log = Path(tempfile.gettempdir()) / f"between-serve-{port}.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            env=environment,
            cwd=Path(__file__).resolve().parents[1],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            async with httpx.AsyncClient() as client:
                while True:
                    try:
                        if (await client.get(f"{url}/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"the app did not start; see {log}")
                    await asyncio.sleep(0.05)  # waiting on a condition: the server answering
            yield ServedApp(url, log)
        finally:
            server.terminate()
            server.wait(timeout=15)


# --- a database whose transactions commit, for what happens at the same instant -----------------


async def empty_database(engine: AsyncEngine) -> None:
    """Deletes every row, keeping the schema and Alembic's version: the database as just migrated."""
    tables = Base.metadata.sorted_tables
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            await connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(tables):  # children before their parents, for the foreign keys
                await connection.execute(table.delete())


@pytest.fixture(scope="session")
async def committed_database() -> AsyncIterator[ProvisionedDatabase]:
    """A second database, for tests of simultaneous connections, workers and served apps, which the
    rolled-back test transaction cannot hold: migrated once per run, emptied for each module."""
    database = await create_test_database(prefix="between_committed")
    engine = create_engine(database.url)
    await upgrade_head_async(engine)
    await engine.dispose()
    yield database
    if database.drop:
        await database.drop()


@pytest.fixture(scope="session")
async def committed_engine(committed_database: ProvisionedDatabase) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(committed_database.url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
async def committed_sessions(committed_engine: AsyncEngine) -> Sessions:
    """The committed database, empty when a module starts (as a fresh one would be); the module's tests
    share what they commit, as they would on a database of the module's own."""
    await empty_database(committed_engine)
    return Sessions.for_engine(committed_engine)


@pytest.fixture(scope="session")
async def committed_app(committed_database: ProvisionedDatabase) -> AsyncIterator[ServedApp]:
    """`between serve` on the committed database, started once for every module that needs it (it
    keeps no state of its own, so each module's emptied database is all it knows)."""
    # Rate limits are tested on their own; here they would only turn a busy run into 429s.
    async with served_app(committed_database.url, API_RATE_LIMIT="1000000") as app:
        yield app


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(host="127.0.0.1", port=free_port())
    controller = Controller(_Collector(mailbox), hostname=mailbox.host, port=mailbox.port)
    controller.start()
    yield mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: Mailbox) -> Mailbox:
    smtp_server.messages.clear()
    return smtp_server
