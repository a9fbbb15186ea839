"""The email outbox and the worker under real faults (issue 14, points 1, 2, 4 and 9), on a committed
database with a real SMTP server that can be switched off, made to stall, or kept from answering.

- The mail server is down for longer than the old retry schedule lasted (an hour: 8 attempts from
  30 s, doubling), then comes back: every email goes out, none is given up (before: 20 of 20 lost).
- A worker (`between worker`, a process of its own) is killed with SIGKILL while the mail server
  holds its emails: another worker sends them within a lease (before: five minutes), and the only
  emails sent twice are the ones in flight at the kill, each time with the Message-ID it was queued
  with (before: a new one each time).
- The mail server stalls: webhook deliveries still go out at once (before: they waited behind the
  stuck emails, two minutes).
- The worker's database goes away for a few seconds (PostgreSQL): it carries on, records what it sent
  meanwhile, and sends nothing twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
import time_machine
from sqlalchemy import delete, func, select

from app.config import Settings, get_settings
from app.db import Sessions, utcnow
from app.notifications import service
from app.notifications import worker as email_worker
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.worker import SmtpMailer, run_once
from app.webhooks import events
from app.webhooks.models import WebhookEndpoint
from app.worker import run_forever
from tests.conftest import ProvisionedDatabase, free_port
from tests.factories import make_admin, make_group, make_member
from tests.webhooks.helpers import make_endpoint, running_receiver

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
# The schedule before issue 14: 8 attempts, the first retry after 30 s, each wait doubling.
OLD_ATTEMPTS = 8
OLD_SCHEDULE_LASTED = sum((timedelta(seconds=30) * 2**n for n in range(OLD_ATTEMPTS - 1)), timedelta())


# --- a mail server that can be made to stall ---------------------------------------------------


@dataclass
class Accepted:
    to: str
    message_id: str
    at: float  # time.monotonic()


@dataclass
class MailServer:
    """An SMTP server on `port`. Each accepted email is kept with when it came. `stall_data`: DATA is
    not answered until released (the server is stuck); `stall_goodbye_after`: after that many
    emails, the server accepts each email and then does not answer QUIT (the email is the server's,
    but the worker does not know yet: the window in which a crash sends an email twice)."""

    port: int
    accepted: list[Accepted] = field(default_factory=list)
    stall_data: bool = False
    stall_goodbye_after: int | None = None
    stalled: int = 0
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def _stall(self) -> None:
        with self.lock:
            self.stalled += 1
        try:
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        finally:
            with self.lock:
                self.stalled -= 1

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.stall_data:
            await self._stall()
        email = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.accepted.append(Accepted(str(email["To"]), str(email["Message-ID"]), time.monotonic()))
            session.stall_goodbye = (
                self.stall_goodbye_after is not None and len(self.accepted) > self.stall_goodbye_after
            )
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if getattr(session, "stall_goodbye", False):
            await self._stall()
        return "221 Bye"

    def ids(self) -> Counter[str]:
        with self.lock:
            return Counter(item.message_id for item in self.accepted)


@contextmanager
def mail_server(server: MailServer) -> Iterator[MailServer]:
    from aiosmtpd.controller import Controller

    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        server.release.set()
        controller.stop()


# --- the committed database ----------------------------------------------------------------------


@pytest.fixture
async def committed(
    committed_database: ProvisionedDatabase, committed_sessions: Sessions
) -> tuple[ProvisionedDatabase, Sessions]:
    """The committed database without emails or webhooks left by an earlier test."""
    async with committed_sessions.write() as session, session.begin():
        await session.execute(delete(OutboxMessage))
        await session.execute(delete(WebhookEndpoint))
    return committed_database, committed_sessions


async def _queue(sessions: Sessions, count: int, prefix: str = "person") -> list[OutboxMessage]:
    async with sessions.write() as session, session.begin():
        return [
            await service.queue_email(
                session,
                to=f"{prefix}{n}@example.com",
                template="password_reset",
                context={"name": f"Person {n}", "link": "http://testserver/reset", "minutes": 60},
            )
            for n in range(count)
        ]


async def _emails(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions.read() as session:
        return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())


async def _count_sent(sessions: Sessions) -> int:
    async with sessions.read() as session:
        statement = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.sent)
        return int((await session.execute(statement)).scalar_one())


async def _until(condition: Any, within: float, what: str) -> None:
    """Waits for `condition()` (a coroutine function), failing with `what` after `within` seconds."""
    deadline = time.monotonic() + within
    while not await condition():
        assert time.monotonic() < deadline, f"not within {within} s: {what}"
        await asyncio.sleep(0.05)


@asynccontextmanager
async def running_worker(sessions: Sessions, settings: Settings, poll_seconds: float = 0.2) -> AsyncIterator[None]:
    """`run_forever` in this process, stopped (as SIGTERM stops it) on the way out."""
    stop = asyncio.Event()
    task = asyncio.create_task(run_forever(sessions.write, settings, stop, poll_seconds=poll_seconds))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


def _smtp(port: int, **changes: Any) -> Settings:
    return get_settings().model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, **changes})


# --- (a) the mail server is down for longer than the old schedule, then comes back -----------------


async def test_mail_down_for_a_day_then_back_loses_nothing(
    committed: tuple[ProvisionedDatabase, Sessions], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, sessions = committed
    queued = await _queue(sessions, 20)
    port = free_port()  # nothing listens there: connections are refused
    down = _smtp(port)
    mailer = SmtpMailer(down)

    # A day passes, honestly: the clock moves to each next due attempt, which fails against the port.
    started = utcnow()
    clock = started
    while clock < started + timedelta(days=1):
        with time_machine.travel(clock, tick=False):
            await run_once(sessions.write, mailer, down)
        waiting = [m for m in await _emails(sessions) if m.status == OutboxStatus.pending]
        assert len(waiting) == 20, "an email was given up while the server was down"
        clock = min(m.available_at for m in waiting) + timedelta(seconds=1)
    emails = await _emails(sessions)
    assert clock - started >= timedelta(days=1) > OLD_SCHEDULE_LASTED
    assert all(m.attempts >= OLD_ATTEMPTS for m in emails)  # the old schedule had given them all up by now
    assert all(m.waiting_for_server and "could not be reached" in m.last_error for m in emails)

    # The worker runs, the server is still down, then it comes back: what waited goes out.
    monkeypatch.setattr(email_worker, "PROBE_EVERY", 0.5)
    async with running_worker(sessions, down):
        await asyncio.sleep(1)  # the worker has asked, and nobody answered
        assert await _count_sent(sessions) == 0
        with mail_server(MailServer(port)) as server:
            back_at = time.monotonic()
            await _until(lambda: _all_sent(sessions, 20), within=15, what="the waiting emails went out")
            took = time.monotonic() - back_at
    print(f"\nmail back after {clock - started} of outage: 20 emails out {took:.1f} s after the server answered")
    assert took < 10
    emails = await _emails(sessions)
    assert Counter(m.status for m in emails) == {OutboxStatus.sent: 20}  # 0 lost, none failed
    assert server.ids() == Counter({m.payload["message_id"]: 1 for m in queued})  # each once, as queued


async def _all_sent(sessions: Sessions, count: int) -> bool:
    return await _count_sent(sessions) == count


# --- (b) a worker killed with SIGKILL while it sends --------------------------------------------------


def _worker_process(database: ProvisionedDatabase, port: int, lease: float, log: Path) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": database.url,
        "BETWEEN_ENV": "test",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "OUTBOX_LEASE_SECONDS": str(lease),
        "SMTP_TIMEOUT_SECONDS": str(lease - 1),
        "WEBHOOK_TIMEOUT_SECONDS": str(lease - 1),
        "WORKER_EMAIL_CONCURRENCY": "4",
    }
    with open(log, "w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            env=environment,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def test_a_worker_killed_mid_send_costs_a_lease_and_repeats_only_what_was_in_flight(
    committed: tuple[ProvisionedDatabase, Sessions], tmp_path: Path
) -> None:
    database, sessions = committed
    lease, poll = 6.0, 1.0
    queued = await _queue(sessions, 20)
    sent_before_stall = 6
    with mail_server(MailServer(free_port(), stall_goodbye_after=sent_before_stall)) as server:
        log = tmp_path / "killed-worker.log"
        first = _worker_process(database, server.port, lease, log)
        try:
            # Six go through and are recorded; the next four are accepted but the goodbye never comes.
            await _until(
                lambda: _stuck_after(sessions, server, sent_before_stall, 4),
                within=30,
                what=f"the first worker sent {sent_before_stall} emails and got stuck on 4 (see {log})",
            )
            in_flight = set(server.ids())
            in_flight -= {m.payload["message_id"] for m in await _emails(sessions) if m.status == OutboxStatus.sent}
            assert len(in_flight) == 4
            server.stall_goodbye_after = None  # from now on the server says goodbye
            # A second worker is running (in this process, so that its start-up is not what is measured)…
            second = _smtp(
                server.port, outbox_lease_seconds=lease, smtp_timeout_seconds=lease - 1, worker_email_concurrency=4
            )
            async with running_worker(sessions, second, poll_seconds=poll):
                first.send_signal(signal.SIGKILL)  # …when the first one is killed
                killed_at = time.monotonic()
                first.wait(timeout=10)
                server.release.set()  # the killed worker's connections close
                await _until(
                    lambda: _all_sent(sessions, 20), within=lease + 15, what="every email was sent after the kill"
                )
        finally:
            if first.poll() is None:
                first.kill()

    resent = [item.at for item in server.accepted if item.message_id in in_flight and item.at > killed_at]
    recovered = max(resent) - killed_at
    print(f"\nSIGKILL with 4 emails in flight: all 4 sent again {recovered:.1f} s later (lease {lease:g} s)")
    assert recovered <= lease + poll + 1.5
    copies = server.ids()
    assert set(copies) == {m.payload["message_id"] for m in queued}  # every email arrived
    assert {message_id for message_id, count in copies.items() if count > 1} == in_flight  # twice: only those
    assert max(copies.values()) == 2
    by_address = Counter((item.to, item.message_id) for item in server.accepted)
    assert len({to for to, _ in by_address}) == 20 == len(by_address)  # a repeat carries its first Message-ID
    assert Counter(m.status for m in await _emails(sessions)) == {OutboxStatus.sent: 20}


async def _stuck_after(sessions: Sessions, server: MailServer, sent: int, stuck: int) -> bool:
    return server.stalled == stuck and await _count_sent(sessions) == sent


# --- (c) a stalled mail server while webhooks flow ------------------------------------------------


async def test_a_stalled_mail_server_does_not_hold_up_webhooks(committed: tuple[ProvisionedDatabase, Sessions]) -> None:
    _, sessions = committed
    with mail_server(MailServer(free_port(), stall_data=True)) as server, running_receiver() as receiver:
        await _queue(sessions, 6)
        async with running_worker(sessions, _smtp(server.port)):
            await _until(lambda: _stalled(server, 4), within=10, what="four emails stuck on the mail server")
            async with sessions.write() as session, session.begin():
                group = await make_group(session)
                person = await make_member(session, group, name="Nia Newcomer")
                await make_endpoint(session, await make_admin(session), receiver.url, events=["member.joined"])
                await events.emit(session, group, "member.joined", [events.member(person, "active")] * 5)
            emitted_at = time.monotonic()
            await _until(lambda: _received(receiver, 5), within=10, what="the webhooks were delivered")
            latency = time.monotonic() - emitted_at
            # Delivered while the emails are still stuck: the lanes are separate.
            assert server.stalled == 4 and server.accepted == [] and await _count_sent(sessions) == 0
            server.release.set()
            await _until(lambda: _all_sent(sessions, 6), within=15, what="the emails went out once the server answered")
    print(f"\nwebhooks delivered {latency:.2f} s after the event with 4 emails stuck on a stalled mail server")
    assert latency < 5  # before: two minutes


async def _stalled(server: MailServer, count: int) -> bool:
    return server.stalled == count


async def _received(receiver: Any, count: int) -> bool:
    return len(receiver.received) >= count


# --- (d) the worker's database goes away for a few seconds ------------------------------------------


class DatabaseLine:
    """A TCP relay between the worker and PostgreSQL, which can be cut (every connection closed, new
    ones refused) and restored: the worker's database blip, and nobody else's."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port, self.listen_port = host, port, free_port()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def restore(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.listen_port)

    async def cut(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.writers):
            writer.close()
        await self.server.wait_closed()

    async def _relay(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(self.host, self.port)
        self.writers |= {client_writer, server_writer}

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                writer.close()
                self.writers.discard(writer)

        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))


async def test_a_worker_whose_database_goes_away_for_a_moment_carries_on(
    committed: tuple[ProvisionedDatabase, Sessions],
) -> None:
    database, sessions = committed
    if database.backend != "postgresql":
        pytest.skip("the worker's database is cut on the network: PostgreSQL only (set TEST_DATABASE_URL)")
    from sqlalchemy import make_url

    from app.db import create_engine

    url = make_url(database.url)
    line = DatabaseLine(url.host or "127.0.0.1", url.port or 5432)
    await line.restore()
    engine = create_engine(url.set(host="127.0.0.1", port=line.listen_port).render_as_string(hide_password=False))
    outage = 3.0
    try:
        with mail_server(MailServer(free_port(), stall_data=True)) as server:
            await _queue(sessions, 8)
            async with running_worker(Sessions.for_engine(engine), _smtp(server.port)):
                await _until(lambda: _stalled(server, 4), within=10, what="four emails on their way")
                await line.cut()  # the worker's database is gone: the four are sent, and cannot be recorded yet
                server.release.set()
                await asyncio.sleep(outage)
                assert await _count_sent(sessions) == 0 and len(server.accepted) == 4
                await line.restore()
                back_at = time.monotonic()
                await _until(lambda: _all_sent(sessions, 8), within=20, what="every email recorded after the outage")
                took = time.monotonic() - back_at
    finally:
        await engine.dispose()
        await line.cut()
    print(f"\nthe worker's database gone for {outage:g} s: every email recorded {took:.1f} s after it came back")
    assert Counter(server.ids().values()) == {1: 8}  # each once: the outcomes were kept and recorded, not lost
