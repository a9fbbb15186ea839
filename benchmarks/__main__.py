"""Benchmarks (not part of the test suite): `make bench`.

1. Seeding: how long `between seed` takes for 100,000 members (the target: well under a minute).
2. Serving: requests per second for a public page and an API list, from a second process, against
   the seeded database, with one app process.

BENCH_DATABASE_URL picks the database (a fresh SQLite file by default); BENCH_MEMBERS and
BENCH_SECONDS change the size and the duration. BENCH_ONLY=http, matching, rounds, insights, simulation,
roster, directory, pages, ratio, contacts or reach runs one part; benchmarks/matching.py measures the matching engine
at 1,000 / 10,000 / 100,000 members, benchmarks/rounds.py introduction rounds for groups of 200 and 2,000 (no database),
benchmarks/insights.py the insights of a 2,000-member group with two years of meetings, and
benchmarks/simulation.py a group's first twelve weeks with the real engine, rounds, jobs and radar,
and benchmarks/roster.py small requests beside a 20,000-member roster export and a 5,000-row import,
and benchmarks/directory.py the directory's pages and search at 100,000 members (database time),
and benchmarks/api_ratio.py (BENCH_ONLY=ratio) two API reads against a bare raw-stack app (benchmarks/raw_stack.py)
with byte-identical answers, as a ratio of requests per second, with BENCH_POSTGRES_URL on PostgreSQL too,
and benchmarks/pages.py (BENCH_ONLY=pages) every facilitator and member page of a 2,000-member group on PostgreSQL,
and benchmarks/contacts_import.py (BENCH_ONLY=contacts) importing 30,000 LinkedIn connections on SQLite and PostgreSQL.
and benchmarks/reach.py (BENCH_ONLY=reach) one member's warm paths in a 2,000-member group with 1,000,000 shared
contacts on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from benchmarks import served_env

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CONCURRENCY = 16


def between(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )


async def load(url: str, headers: dict[str, str]) -> tuple[int, list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + SECONDS
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(url)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code != 200

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return len(latencies), latencies, errors


def main() -> None:
    port = 8765
    env = served_env("between-bench-", port)
    database_url = env["DATABASE_URL"]
    between(env, "migrate")
    between(env, "create-admin", "bench@example.com", "--password", "benchmark password")
    token = between(env, "create-token", "bench@example.com").stdout.strip().splitlines()[-1]

    started = time.perf_counter()
    between(env, "seed", "--members", str(MEMBERS), "--groups", "20")
    seed_seconds = time.perf_counter() - started
    print(
        f"seed: {MEMBERS:,} members in 20 groups: {seed_seconds:.1f} s "
        f"({MEMBERS / seed_seconds:,.0f} members/s) on {database_url.split(':')[0]}"
    )

    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        for name, path, headers in (
            ("GET /healthz", "/healthz", {}),
            ("GET / (groups page)", "/", {}),
            ("GET /api/v1/groups?limit=50", "/api/v1/groups?limit=50", {"Authorization": f"Bearer {token}"}),
        ):
            count, latencies, errors = asyncio.run(load(base + path, headers))
            p50 = statistics.median(latencies) * 1000
            p95 = statistics.quantiles(latencies, n=20)[18] * 1000
            print(
                f"{name:<30} {count / SECONDS:8.0f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
                f"errors {errors}   ({CONCURRENCY} concurrent, {SECONDS:.0f} s, 1 app process)"
            )
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    only = os.environ.get("BENCH_ONLY", "")
    if only in ("", "http"):
        main()
    if only in ("", "ratio"):
        from benchmarks import api_ratio

        api_ratio.main()
    if only in ("", "matching"):
        from benchmarks import matching

        matching.main()
    if only in ("", "rounds"):
        from benchmarks import rounds

        rounds.main()
    if only in ("", "insights"):
        from benchmarks import insights

        insights.main()
    if only in ("", "simulation"):
        from benchmarks import simulation

        simulation.main()
    if only in ("", "roster"):
        from benchmarks import roster

        roster.main()
    if only in ("", "directory"):
        from benchmarks import directory

        directory.main()
    if only in ("", "pages"):
        from benchmarks import pages

        pages.main()
    if only in ("", "contacts"):
        from benchmarks import contacts_import

        contacts_import.main()
    if only in ("", "reach"):
        from benchmarks import reach

        reach.main()
