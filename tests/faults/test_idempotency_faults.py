"""App processes killed (SIGKILL: no goodbye) in the middle of idempotent POSTs, and every request
then retried with its key at an app process that lives on, as behind a load balancer (issue 14,
point 3):

- a request whose work was committed but whose answer never left the process gets that answer
  replayed by its retry, and nothing is created twice;
- a request that had written its key and its work but not committed runs on its first retry
  (before: 409 for five minutes, then possibly run twice);
- killed in the middle of a burst, at three points: every retry answers 201, each key has exactly
  one meeting, and every answer sent before the kill is the one its retry replays.

Measured with this test on the code before the change (PostgreSQL, 3 kills of 24 POSTs): of 41
requests in flight, 20 had committed and were refused with 409 ("still running") for five minutes,
then ran again; 13 had not committed and were refused for five minutes as well. With STALE_AFTER
cut to nothing to see past the wait, 13 of 35 in flight were created twice.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from app.db import Sessions
from app.meetings.models import Meeting
from tests.conftest import ProvisionedDatabase, ServedApp, free_port
from tests.factories import committed_group_with_token

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
IN_FLIGHT = 24
# After how many answers each round's process is killed: early, midway and late in the burst.
KILL_AFTER_ANSWERS = (3, 10, 18)


@dataclass
class Setting:
    database_url: str
    sessions: Sessions
    token: str
    group_id: str


@pytest.fixture(scope="module")
async def setting(committed_sessions: Sessions, committed_database: ProvisionedDatabase) -> Setting:
    group_id, token = await committed_group_with_token(committed_sessions, "killed")
    return Setting(committed_database.url, committed_sessions, token, group_id)


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)


async def start_app(database_url: str, *command: str, **env: str) -> Server:
    """`between serve` (or `command`) on `database_url` in a process of its own, as conftest's served_app
    starts it, once /readyz answers; but here the test may kill it."""
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
        "API_RATE_LIMIT": "1000000",
        **env,
    }
    log = Path(tempfile.gettempdir()) / f"between-serve-{port}.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            list(command or (sys.executable, "-m", "app.cli", "serve")),
            env=environment,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(url, process, log)
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as client:
        while True:
            try:
                if (await client.get(f"{url}/readyz")).status_code == 200:
                    return server
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the app did not start; see {log}")
            await asyncio.sleep(0.05)  # waiting on a condition: the server answering


@dataclass
class Apps:
    """Processes to kill, and one that lives on (as another process behind a load balancer would)."""

    parked: Server  # holds back two commits (tests/faults/parked_commits.py)
    parked_dir: Path
    to_kill: list[Server]
    survivor: str  # the URL where retries go


COMMITTED = "Committed, then the process died"
BEGUN = "Begun, then the process died"


@pytest.fixture(scope="module")
async def apps(
    setting: Setting, committed_app: ServedApp, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Apps]:
    # Started together: starting a process costs seconds, more than anything the tests do with it.
    parked_dir = tmp_path_factory.mktemp("parked")
    parked, *to_kill = await asyncio.gather(
        start_app(
            setting.database_url,
            *(sys.executable, "-m", "tests.faults.parked_commits"),
            PARK_AFTER_COMMIT=COMMITTED,
            PARK_BEFORE_COMMIT=BEGUN,
            PARKED_DIR=str(parked_dir),
        ),
        *(start_app(setting.database_url) for _ in KILL_AFTER_ANSWERS),
    )
    yield Apps(parked, parked_dir, to_kill, committed_app.url)
    for server in [parked, *to_kill]:
        server.kill()
        server.process.wait(timeout=15)


@dataclass(frozen=True)
class Post:
    """One operation of an integration: its key and its body stay the same on every retry."""

    key: str
    title: str


async def send(client: httpx.AsyncClient, url: str, setting: Setting, post: Post) -> httpx.Response | None:
    """The POST, or None when the connection broke before an answer came."""
    try:
        return await client.post(
            f"{url}/api/v1/groups/{setting.group_id}/meetings",
            json={"title": post.title, "starts_at": "2027-03-02T18:30"},
            headers={"Authorization": f"Bearer {setting.token}", "Idempotency-Key": post.key},
        )
    except httpx.TransportError:
        return None


def replayed(response: httpx.Response) -> bool:
    return response.headers.get("idempotent-replayed") == "true"


async def meetings_by_title(sessions: Sessions, titles: list[str]) -> dict[str, list[str]]:
    """The public ids of the meetings with each title."""
    async with sessions.read() as session:
        rows = (await session.execute(select(Meeting.title, Meeting.public_id).where(Meeting.title.in_(titles)))).all()
    found: dict[str, list[str]] = {title: [] for title in titles}
    for title, public_id in rows:
        found[title].append(str(public_id))
    return found


async def wait_for(path: Path, server: Server) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        assert server.process.poll() is None, f"the app died; see {server.log}"
        assert time.monotonic() < deadline, f"nothing reached {path.name!r}; see {server.log}"
        await asyncio.sleep(0.02)  # waiting on a condition: the request reaching its commit


async def test_a_request_killed_after_its_commit_is_replayed_and_one_killed_before_runs_on_its_first_retry(
    setting: Setting, apps: Apps
) -> None:
    committed, begun = Post(f"committed-{uuid.uuid4()}", COMMITTED), Post(f"begun-{uuid.uuid4()}", BEGUN)
    server = apps.parked
    async with httpx.AsyncClient(timeout=60) as client:
        first = asyncio.create_task(send(client, server.url, setting, committed))
        await wait_for(apps.parked_dir / COMMITTED, server)  # committed; its answer not sent yet
        second = asyncio.create_task(send(client, server.url, setting, begun))
        await wait_for(apps.parked_dir / BEGUN, server)  # its key and meeting written, not committed
        server.kill()
        assert await first is None and await second is None  # neither answer left the process

    saved = await meetings_by_title(setting.sessions, [COMMITTED, BEGUN])
    assert len(saved[COMMITTED]) == 1 and saved[BEGUN] == []

    async with httpx.AsyncClient(timeout=60) as client:
        retry = await send(client, apps.survivor, setting, committed)
        assert retry is not None and retry.status_code == 201, retry and retry.text
        assert replayed(retry) and retry.json()["id"] == saved[COMMITTED][0]

        retry = await send(client, apps.survivor, setting, begun)
        assert retry is not None and retry.status_code == 201, retry and retry.text
        assert not replayed(retry), "the request never committed: its first retry runs it"
        again = await send(client, apps.survivor, setting, begun)
        assert again is not None and replayed(again) and again.json() == retry.json()

    saved = await meetings_by_title(setting.sessions, [COMMITTED, BEGUN])
    assert [len(ids) for ids in saved.values()] == [1, 1]


async def burst(server: Server, setting: Setting, posts: list[Post], kill_after: int) -> list[httpx.Response | None]:
    """All `posts` at once; the server is killed as the `kill_after`th answer arrives."""
    answered = 0

    def count(task: asyncio.Task[httpx.Response | None]) -> None:
        nonlocal answered
        if task.result() is not None:
            answered += 1
            if answered == kill_after:
                server.kill()

    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=len(posts))) as client:
        tasks = [asyncio.create_task(send(client, server.url, setting, post)) for post in posts]
        for task in tasks:
            task.add_done_callback(count)
        answers = await asyncio.gather(*tasks)
    server.kill()  # had fewer answers come
    return answers


async def test_killed_under_load_every_retry_gets_the_one_answer_of_its_key(setting: Setting, apps: Apps) -> None:
    seen: Counter[str] = Counter()
    for round_number, (server, kill_after) in enumerate(zip(apps.to_kill, KILL_AFTER_ANSWERS, strict=True)):
        posts = [Post(f"load-{uuid.uuid4()}", f"Round {round_number}, meeting {n}") for n in range(IN_FLIGHT)]
        firsts = await burst(server, setting, posts, kill_after)
        async with httpx.AsyncClient(timeout=60) as client:
            retries = await asyncio.gather(*(send(client, apps.survivor, setting, post) for post in posts))
        saved = await meetings_by_title(setting.sessions, [post.title for post in posts])

        for post, first, retry in zip(posts, firsts, retries, strict=True):
            assert retry is not None and retry.status_code == 201, (post, retry and retry.text)
            assert len(saved[post.title]) == 1, (post, saved[post.title])  # nothing doubled, nothing lost
            assert retry.json()["id"] == saved[post.title][0]
            if first is not None:
                assert first.status_code == 201 and replayed(retry) and retry.json() == first.json()
                seen["answered"] += 1
            elif replayed(retry):
                seen["in flight, committed: replayed"] += 1
            else:
                seen["in flight, never committed: ran on the first retry"] += 1
    print(f"\n{len(KILL_AFTER_ANSWERS)} kills, {IN_FLIGHT} POSTs each: {dict(seen)}")
    assert seen["in flight, never committed: ran on the first retry"] > 0
