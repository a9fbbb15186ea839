"""Between against a raw stack (`BENCH_ONLY=ratio make bench`): requests per second of two API
reads, Between ÷ the bare Starlette + driver + hand-written SQL + orjson app of
benchmarks/raw_stack.py, which answers with byte-identical bodies (checked before each run).

    GET /api/v1/groups/{id}/members?limit=50    a group's members, first page, as a member
    GET /api/v1/people/{id}                     another member's profile

and then the directory's HTML page of the group against its JSON twin (the same 25 people), both
served by Between (goal: the page ≥ 0.7× the JSON's requests per second).

BENCH_RATIO_MEMBERS members (100,000 by default) in 50 groups are seeded, on SQLite and, when
BENCH_POSTGRES_URL names a PostgreSQL server, in a fresh database there too (dropped afterwards).
One process serves each app; the load (wrk when installed, else httpx in a second process) keeps
16 requests open, and the two servers take turns, BENCH_RATIO_ROUNDS times BENCH_RATIO_SECONDS
each, so that whatever else runs on the machine weighs on both alike. The ratio is of the
medians; RSS is the largest resident size of each server process seen while it served.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from benchmarks import between, create_postgres_database, drop_postgres_database, served_env

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = int(os.environ.get("BENCH_RATIO_MEMBERS", "100000"))
GROUPS = 50
SECONDS = float(os.environ.get("BENCH_RATIO_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_RATIO_ROUNDS", "3"))
CONCURRENCY = 16
EMAIL = "ratio.bench@example.com"
# Both servers are asked under one host name, so that the links in their answers are the same bytes.
HOST = "api.between.test"
GOAL = 0.6
HTML_GOAL = 0.7


async def _join_a_group(database_url: str) -> tuple[str, str, str, str]:
    """The benchmark's account becomes an active member of the first seeded group; returns that
    group's id and slug, the id of another member whose profile lists past companies, and a sign-in
    for the account's browser cookie. Then the planner's statistics are brought up to date, as a
    database in use has them."""
    from sqlalchemy import exists, select

    from app import models  # noqa: F401  every table, for the foreign keys
    from app.accounts.models import Account
    from app.accounts.service import start_session
    from app.db import create_engine, create_sessionmaker, utcnow
    from app.groups.models import Group, Membership, MembershipStatus, Role
    from app.profiles.models import PastCompany, Profile

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            account_id = (await session.execute(select(Account.id).where(Account.email == EMAIL))).scalar_one()
            group_id, group_public_id, slug = (
                await session.execute(
                    select(Group.id, Group.public_id, Group.slug)
                    .where(Group.slug.like("seed-%"))
                    .order_by(Group.id)
                    .limit(1)
                )
            ).one()
            session.add(
                Membership(
                    group_id=group_id,
                    account_id=account_id,
                    role=Role.member,
                    status=MembershipStatus.active,
                    joined_at=utcnow(),
                )
            )
            person = (
                await session.execute(
                    select(Account.public_id)
                    .join(Membership, Membership.account_id == Account.id)
                    .join(Profile, Profile.account_id == Account.id)
                    .where(
                        Membership.group_id == group_id,
                        Membership.status == MembershipStatus.active,
                        exists().where(PastCompany.profile_id == Profile.id),
                    )
                    .order_by(Membership.sort_key)
                    .limit(1)
                )
            ).scalar_one()
            cookie = await start_session(session, await session.get_one(Account, account_id), "bench", days=1)
        async with engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE")
            await connection.commit()
    finally:
        await engine.dispose()
    return str(group_public_id), slug, str(person), cookie


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base: str
    rss_mib: list[float] = field(default_factory=list)

    def rss(self) -> float:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else 0.0


def _start(name: str, module: list[str], env: dict[str, str], port: int) -> Server:
    process = subprocess.Popen(
        [sys.executable, "-m", *module], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return Server(name, process, f"http://127.0.0.1:{port}")


def _wait_until_up(server: Server, path: str, headers: dict[str, str]) -> None:
    for _ in range(1800):
        try:
            if httpx.get(server.base + path, headers=headers, timeout=120).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer {path}")


def _same_bodies(servers: list[Server], path: str, headers: dict[str, str]) -> int:
    """Both answers, byte for byte; returns the body's size."""
    bodies = []
    for server in servers:
        response = httpx.get(server.base + path, headers=headers, timeout=120)
        if response.status_code != 200:
            raise RuntimeError(f"{server.name} answered {path} with {response.status_code}: {response.text[:300]}")
        bodies.append(response.content)
    if bodies[0] != bodies[1]:
        at = next((i for i, (a, b) in enumerate(zip(bodies[0], bodies[1], strict=False)) if a != b), None)
        at = at if at is not None else min(len(bodies[0]), len(bodies[1]))
        raise RuntimeError(
            f"the answers to {path} differ at byte {at}:\n"
            f"  {servers[0].name}: …{bodies[0][max(0, at - 80) : at + 80]!r}\n"
            f"  {servers[1].name}: …{bodies[1][max(0, at - 80) : at + 80]!r}"
        )
    return len(bodies[0])


def _load(url: str, headers: dict[str, str]) -> tuple[float, int]:
    """Requests per second and non-2xx answers, 16 at a time for SECONDS."""
    wrk = shutil.which("wrk")
    if wrk:
        command = [wrk, "-t1", f"-c{CONCURRENCY}", f"-d{SECONDS:g}s", "--latency"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
        rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return float(rate.group(1)) if rate else 0.0, int(errors.group(1)) if errors else 0
    words = subprocess.run(
        [sys.executable, "-m", "benchmarks.api_ratio", "load", url, *(f"{k}={v}" for k, v in headers.items())],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return float(words[0]), int(words[1])


async def _httpx_load(url: str, headers: dict[str, str]) -> tuple[float, int]:
    count = errors = 0
    deadline = time.perf_counter() + SECONDS
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=CONCURRENCY), headers=headers) as client:

        async def worker() -> None:
            nonlocal count, errors
            while time.perf_counter() < deadline:
                response = await client.get(url)
                count += 1
                errors += response.status_code != 200

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return count / SECONDS, errors


def _measured(server: Server, url: str, headers: dict[str, str]) -> tuple[float, int]:
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.25):
            server.rss_mib.append(server.rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        return _load(url, headers)
    finally:
        stop.set()
        sampler.join()


def run(database: str, env: dict[str, str], ports: tuple[int, int]) -> None:
    database_url = env["DATABASE_URL"]
    between(env, "migrate")
    started = time.perf_counter()
    between(env, "seed", "--members", str(MEMBERS), "--groups", str(GROUPS))
    seeded = time.perf_counter() - started
    between(env, "create-admin", EMAIL, "--password", "benchmark password")
    token = between(env, "create-token", EMAIL).strip().splitlines()[-1]
    from app.config import async_database_url

    group_id, slug, person_id, cookie = asyncio.run(_join_a_group(async_database_url(database_url)))
    print(f"{database}: {MEMBERS:,} members in {GROUPS} groups, seeded in {seeded:.0f} s")

    headers = {"Authorization": f"Bearer {token}", "Host": HOST}
    ours = _start("Between", ["app.cli", "serve"], {**env, "PORT": str(ports[0])}, ports[0])
    raw = _start("raw stack", ["benchmarks.raw_stack"], {**env, "PORT": str(ports[1])}, ports[1])
    servers = [ours, raw]
    routes = [
        ("members list", f"/api/v1/groups/{group_id}/members?limit=50"),
        ("person's profile", f"/api/v1/people/{person_id}"),
    ]
    try:
        for server in servers:
            _wait_until_up(server, routes[0][1], headers)
        for label, path in routes:
            rates: dict[str, list[float]] = {server.name: [] for server in servers}
            errors = 0
            for round_number in range(ROUNDS):
                size = _same_bodies(servers, path, headers)
                for server in servers if round_number % 2 == 0 else servers[::-1]:
                    rate, failed = _measured(server, server.base + path, headers)
                    rates[server.name].append(rate)
                    errors += failed
            mine, theirs = statistics.median(rates[ours.name]), statistics.median(rates[raw.name])
            ratio = mine / theirs if theirs else 0.0
            print(
                f"  {label:<17} Between {mine:7.0f} req/s   raw {theirs:7.0f} req/s   "
                f"ratio {ratio:4.2f}× (goal ≥ {GOAL}×)   body {size:,} bytes, identical   errors {errors}"
            )
            print(
                "    rounds: "
                + "  ".join(f"{b:.0f}/{r:.0f}" for b, r in zip(rates[ours.name], rates[raw.name], strict=True))
            )
        _html_against_json(ours, group_id, slug, token, cookie)
        for server in servers:
            peak = max(server.rss_mib, default=0.0)
            print(f"  RSS of the {server.name} process under load: up to {peak:.0f} MiB")
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            server.process.wait(timeout=15)


def _html_against_json(server: Server, group_id: str, slug: str, token: str, cookie: str) -> None:
    """The directory's page against its JSON twin for the same rows (the group's first page), both
    answered by Between, taking turns: requests per second of the page ÷ those of the JSON."""
    from markupsafe import escape

    from app.deps import SESSION_COOKIE
    from app.directory.service import DIRECTORY_PAGE_SIZE

    twins = {
        "JSON": (
            f"/api/v1/groups/{group_id}/members?limit={DIRECTORY_PAGE_SIZE}",
            {"Authorization": f"Bearer {token}"},
        ),
        "HTML": (f"/g/{slug}/members", {"Cookie": f"{SESSION_COOKIE}={cookie}"}),
    }
    json_names = [
        item["name"] for item in httpx.get(server.base + twins["JSON"][0], headers=twins["JSON"][1]).json()["items"]
    ]
    page = httpx.get(server.base + twins["HTML"][0], headers=twins["HTML"][1])
    if page.status_code != 200 or not all(f">{escape(name)}</a>" in page.text for name in json_names):
        raise RuntimeError(f"the directory's page does not list the JSON's {len(json_names)} people")
    rates: dict[str, list[float]] = {name: [] for name in twins}
    for round_number in range(ROUNDS):
        for name in list(twins) if round_number % 2 == 0 else list(twins)[::-1]:
            path, headers = twins[name]
            rates[name].append(_measured(server, server.base + path, {**headers, "Host": HOST})[0])
    html, json_rate = statistics.median(rates["HTML"]), statistics.median(rates["JSON"])
    print(
        f"  directory page    HTML    {html:7.0f} req/s   JSON {json_rate:7.0f} req/s   "
        f"ratio {html / json_rate if json_rate else 0.0:4.2f}× (goal ≥ {HTML_GOAL}×)   "
        f"the same {len(json_names)} people"
    )


def main() -> None:
    print(
        f"Between ÷ raw stack (benchmarks/raw_stack.py), {CONCURRENCY} concurrent, {ROUNDS} alternating rounds of "
        f"{SECONDS:g} s each, one process per server, load from {'wrk' if shutil.which('wrk') else 'httpx'}:"
    )
    directory = tempfile.mkdtemp(prefix="between-bench-ratio-")
    sqlite_url = f"sqlite:///{directory}/bench.sqlite3"
    run("SQLite", {**served_env("between-bench-ratio-", 8771), "DATABASE_URL": sqlite_url}, (8771, 8772))
    postgres = os.environ.get("BENCH_POSTGRES_URL", "")
    if not postgres:
        print("PostgreSQL: not run (set BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres to do so)")
        return
    url, name = create_postgres_database("between_bench_ratio")
    try:
        run("PostgreSQL", {**served_env("between-bench-ratio-", 8773), "DATABASE_URL": url}, (8773, 8774))
    finally:
        drop_postgres_database(name)


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        rate, errors = asyncio.run(_httpx_load(sys.argv[2], dict(arg.split("=", 1) for arg in sys.argv[3:])))
        print(rate, errors)
    else:
        main()
