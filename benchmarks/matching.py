"""Matching at scale: suggestions for one member among N, and a round for a group of 2,000,
in databases of 1,000 / 10,000 / 100,000 seeded members (fresh SQLite files)."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_MATCHING_SIZES", "1000,10000,100000").split(",")]
ROUND_GROUP = 2000


def _seed(env: dict[str, str], members: int, groups: int) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "seed", "--members", str(members), "--groups", str(groups)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().rsplit(": ", 1)[1].replace("\n", "").split(", ")


async def _measure(database_url: str, big_group: str, round_group: str) -> tuple[list[float], float, int, int]:
    from sqlalchemy import select

    from app.accounts.models import Account
    from app.db import create_engine, create_sessionmaker
    from app.groups.models import Membership, Role
    from app.groups.service import get_group_by_slug
    from app.matching import rounds
    from app.matching.service import suggestions_for_member

    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        async with sessionmaker() as session:
            timings = []
            for slug in (big_group, round_group):
                group = await get_group_by_slug(session, slug)
                lead = (
                    await session.execute(
                        select(Account)
                        .join(Membership, Membership.account_id == Account.id)
                        .where(Membership.group_id == group.id)
                        .limit(1)
                    )
                ).scalar_one()
                membership = (
                    await session.execute(
                        select(Membership).where(Membership.account_id == lead.id, Membership.group_id == group.id)
                    )
                ).scalar_one()
                membership.role = Role.facilitator
            await session.flush()
            big = await get_group_by_slug(session, big_group)
            lead = (
                await session.execute(
                    select(Account)
                    .join(Membership, Membership.account_id == Account.id)
                    .where(Membership.group_id == big.id, Membership.role == Role.facilitator)
                )
            ).scalar_one()
            people = list(
                (
                    await session.execute(
                        select(Account.public_id)
                        .join(Membership, Membership.account_id == Account.id)
                        .where(Membership.group_id == big.id)
                        .limit(7)
                    )
                ).scalars()
            )[1:]
            found = 0
            for person in people:
                started = time.perf_counter()
                _, suggestions = await suggestions_for_member(session, lead, big, person, limit=10)
                timings.append(time.perf_counter() - started)
                found += len(suggestions)
            group = await get_group_by_slug(session, round_group)
            facilitator = (
                await session.execute(
                    select(Account)
                    .join(Membership, Membership.account_id == Account.id)
                    .where(Membership.group_id == group.id, Membership.role == Role.facilitator)
                )
            ).scalar_one()
            started = time.perf_counter()
            planned = await rounds.plan(session, facilitator, group, k=1)
            round_seconds = time.perf_counter() - started
            await session.rollback()
            return timings, round_seconds, len(planned.pairs), found
    finally:
        await engine.dispose()


def main() -> None:
    print(
        f"matching: suggestions for one member among N (median of 6 members) and a round for a group of {ROUND_GROUP}"
    )
    rows = []
    for size in SIZES:
        directory = tempfile.mkdtemp(prefix="between-bench-matching-")
        url = f"sqlite+aiosqlite:///{directory}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "BETWEEN_ENV": "test", "SECRET_KEY": "bench"}
        subprocess.run([sys.executable, "-m", "app.cli", "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
        [big] = _seed(env, size, 1)
        [round_group] = _seed(env, ROUND_GROUP, 1)
        timings, round_seconds, pairs, found = asyncio.run(_measure(url, big, round_group))
        median = statistics.median(timings)
        rows.append((size, median, round_seconds))
        print(
            f"  N={size:>7,}: suggestions {median * 1000:7.1f} ms (max {max(timings) * 1000:6.1f} ms, "
            f"{found // len(timings)} found each); round for {ROUND_GROUP:,}: {round_seconds:5.2f} s, {pairs} pairs"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"  growth from N={first[0]:,} to N={last[0]:,} ({last[0] / first[0]:.0f}x members): "
            f"suggestions x{last[1] / first[1]:.1f}, round x{last[2] / first[2]:.1f}"
        )


if __name__ == "__main__":
    main()
