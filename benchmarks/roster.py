"""Large answers and long imports beside small requests: `BENCH_ONLY=roster`.

A group of 20,000 members (`between seed`), served by one app process. Measured from a second
process: the latency of small requests (an API list of groups, four at a time) alone, then while
the group's roster CSV is exported over and over (streamed, read 100 rows per transaction), then
while a client pages through the roster API at 200 a page. The target: p95 of the small requests
under 100 ms during the export and the paging. Then, on the same database, a 5,000-row import
through the web pages (committed 100 invitations per transaction) while small writes (a profile
change, four at a time) keep coming: their p95 and p99, against the same writes without an import.

BENCH_DATABASE_URL picks the database (a fresh SQLite file by default); BENCH_ROSTER_MEMBERS,
BENCH_IMPORT_ROWS and BENCH_SECONDS change the sizes and how long each load runs.
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from benchmarks import served_env

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = int(os.environ.get("BENCH_ROSTER_MEMBERS", "20000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
SMALL_CONCURRENCY = 4
PASSWORD = "benchmark password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_CARRIED = re.compile(r'name="(csv_data|filename)" value="([^"]*)"')


def _between(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


async def _make_facilitator(database_url: str, email: str, slug: str) -> None:
    """The benchmark's account facilitates the seeded group; then the planner's statistics are
    brought up to date, as a database in use has them (PostgreSQL otherwise guesses one row)."""
    from sqlalchemy import select

    from app import models  # noqa: F401  every table, for the foreign keys
    from app.accounts.models import Account
    from app.db import create_engine, create_sessionmaker, utcnow
    from app.groups.models import Group, Membership, MembershipStatus, Role

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            account_id = (await session.execute(select(Account.id).where(Account.email == email))).scalar_one()
            group_id = (await session.execute(select(Group.id).where(Group.slug == slug))).scalar_one()
            session.add(
                Membership(
                    group_id=group_id,
                    account_id=account_id,
                    role=Role.facilitator,
                    status=MembershipStatus.active,
                    joined_at=utcnow(),
                )
            )
        async with engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE")
            await connection.commit()
    finally:
        await engine.dispose()


def _percentiles(latencies: list[float]) -> str:
    if len(latencies) < 20:
        return f"only {len(latencies)} answers"
    cuts = statistics.quantiles(latencies, n=100)
    return (
        f"p50 {statistics.median(latencies) * 1000:6.1f} ms   p95 {cuts[94] * 1000:6.1f} ms   "
        f"p99 {cuts[98] * 1000:6.1f} ms   max {max(latencies) * 1000:6.1f} ms   ({len(latencies)} requests)"
    )


async def _small_requests(
    send: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
    base: str,
    stop: asyncio.Event,
    latencies: list[float],
    failures: list[int],
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def worker() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                response = await send(client)
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    failures.append(response.status_code)

        await asyncio.gather(*(worker() for _ in range(SMALL_CONCURRENCY)))


async def _beside(
    label: str,
    base: str,
    send: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]],
    load: list[str] | None,
) -> None:
    """Small requests for SECONDS, alone or for as long as `load` runs: a process of its own (this
    module with those arguments), so that reading 9 MB does not slow the client that measures."""
    stop = asyncio.Event()
    latencies: list[float] = []
    failures: list[int] = []
    small = asyncio.create_task(_small_requests(send, base, stop, latencies, failures))
    note = ""
    if load is None:
        await asyncio.sleep(SECONDS)
    else:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks.roster", *load, cwd=ROOT, stdout=asyncio.subprocess.PIPE
        )
        output, _ = await child.communicate()
        assert child.returncode == 0, output
        note = output.decode().strip().splitlines()[-1]
    stop.set()
    await small
    print(f"  {label:<44} {_percentiles(latencies)}   errors {len(failures)}{'   ' + note if note else ''}")


async def _export_loop(client: httpx.AsyncClient, path: str) -> str:
    deadline = time.perf_counter() + SECONDS
    firsts: list[float] = []
    wholes: list[float] = []
    failed: list[int] = []
    size = 0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        async with client.stream("GET", path) as response:
            if response.status_code != 200:
                failed.append(response.status_code)
                continue
            size = 0
            async for chunk in response.aiter_bytes():
                if not size:
                    firsts.append(time.perf_counter() - started)
                size += len(chunk)
        wholes.append(time.perf_counter() - started)
    if not wholes:
        return f"[every export failed: {failed}]"
    return (
        f"[{len(wholes)} exports of {size / 1e6:.1f} MB: first bytes after {statistics.median(firsts) * 1000:.0f} ms, "
        f"whole in {statistics.median(wholes):.2f} s{f'; {len(failed)} failed: {failed[:3]}' if failed else ''}]"
    )


async def _paging_loop(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> str:
    deadline = time.perf_counter() + SECONDS
    pages: list[float] = []
    rounds = 0
    while time.perf_counter() < deadline:
        url: str | None = f"{path}?limit=200"
        while url is not None:
            started = time.perf_counter()
            response = await client.get(url, headers=headers)
            pages.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
            url = response.json()["next"]
        rounds += 1
    cuts = statistics.quantiles(pages, n=20) if len(pages) >= 20 else [max(pages)] * 19
    return f"[{len(pages)} pages of 200 ({rounds} times through the roster): p95 {cuts[18] * 1000:.0f} ms a page]"


async def _sign_in(client: httpx.AsyncClient, email: str) -> None:
    login = await client.get("/login")
    match = _CSRF.search(login.text)
    assert match, login.text
    answer = await client.post("/login", data={"csrf_token": match.group(1), "email": email, "password": PASSWORD})
    assert answer.status_code == 303, answer.text


async def _import(client: httpx.AsyncClient, slug: str, rows: int) -> str:
    people = "\n".join(f"Imported {index},imported{index}@bench.example.org" for index in range(rows))
    page = await client.get(f"/g/{slug}/manage/import")
    match = _CSRF.search(page.text)
    assert match, page.text
    started = time.perf_counter()
    preview = await client.post(
        f"/g/{slug}/manage/import",
        data={"csrf_token": match.group(1)},
        files={"file": ("people.csv", f"name,email\n{people}\n".encode(), "text/csv")},
    )
    assert preview.status_code == 200, preview.text[:500]
    form: dict[str, str | list[str]] = {"csrf_token": match.group(1), "csv_data": []}
    for name, value in _CARRIED.findall(preview.text):
        if name == "csv_data":
            form["csv_data"] = [*form["csv_data"], value]
        else:
            form[name] = value
    checked = time.perf_counter()
    done = await client.post(f"/g/{slug}/manage/import/confirm", data=form)
    finished = time.perf_counter()
    outcome = "imported" if done.status_code == 200 else f"answered {done.status_code}"
    return f"[{rows:,} rows: checked in {checked - started:.1f} s, {outcome} in {finished - checked:.1f} s]"


async def _load(kind: str, base: str, email: str, token: str, slug: str, group_id: str) -> str:
    """One load, run in a process of its own by _beside."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        if kind == "page":
            return await _paging_loop(client, f"/api/v1/groups/{group_id}/roster", {"Authorization": f"Bearer {token}"})
        await _sign_in(client, email)
        if kind == "export":
            return await _export_loop(client, f"/g/{slug}/manage/export.csv")
        return await _import(client, slug, IMPORT_ROWS)


async def _measure(base: str, token: str, email: str, slug: str, group_id: str) -> None:
    api = {"Authorization": f"Bearer {token}"}

    def list_groups(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        return client.get("/api/v1/groups", params={"limit": 5}, headers=api)

    turn = 0

    def change_profile(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        nonlocal turn
        turn += 1
        return client.patch("/api/v1/me/profile", json={"headline": f"Change {turn}"}, headers=api)

    def load(kind: str) -> list[str]:
        return ["load", kind, base, email, token, slug, group_id]

    print(f"small reads (GET /api/v1/groups?limit=5, {SMALL_CONCURRENCY} at a time) with the {MEMBERS:,} roster:")
    await _beside("alone", base, list_groups, None)
    await _beside("while the roster CSV is exported", base, list_groups, load("export"))
    await _beside("while the roster API is paged through", base, list_groups, load("page"))
    print(f"small writes (PATCH /api/v1/me/profile, {SMALL_CONCURRENCY} at a time):")
    await _beside("alone", base, change_profile, None)
    await _beside(f"while {IMPORT_ROWS:,} people are imported", base, change_profile, load("import"))


def main() -> None:
    port = 8766
    env = served_env("between-bench-roster-", port)
    database_url = env["DATABASE_URL"]
    email = "roster.bench@example.com"
    _between(env, "migrate")
    started = time.perf_counter()
    slug = _between(env, "seed", "--members", str(MEMBERS), "--groups", "1").strip().rsplit(": ", 1)[1].strip()
    print(
        f"roster: {MEMBERS:,} members seeded in {time.perf_counter() - started:.1f} s on {database_url.split(':')[0]}"
    )
    _between(env, "create-admin", email, "--password", PASSWORD)
    token = _between(env, "create-token", email, "--scopes", "write").strip().splitlines()[-1]
    from app.config import async_database_url

    asyncio.run(_make_facilitator(async_database_url(database_url), email, slug))

    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        group_id = ""
        for _ in range(100):
            try:
                groups = httpx.get(f"{base}/api/v1/groups", headers={"Authorization": f"Bearer {token}"})
                if groups.status_code == 200:
                    group_id = next(g["id"] for g in groups.json()["items"] if g["slug"] == slug)
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        asyncio.run(_measure(base, token, email, slug, group_id))
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    if sys.argv[1:2] == ["load"]:
        print(asyncio.run(_load(*sys.argv[2:8])))
    else:
        main()
