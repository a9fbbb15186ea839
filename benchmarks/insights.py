"""The dashboard and insights at scale: a group of 2,000 members with two years of weekly meetings (about 60% come),
a few thousand introductions with outcomes, and landings; the same for 200 members, to show that
the number of SQL statements does not grow with the group.

`between seed` makes the members (a fresh SQLite file per size, or BENCH_DATABASE_URL for
PostgreSQL); the history is added here with bulk inserts (COPY on PostgreSQL). Timed: the insights
service for the last twelve months and for the whole two years, drawing the charts, and a
well-connected member's /me/network; each the median of several runs.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(size) for size in os.environ.get("BENCH_INSIGHTS_SIZES", "2000,200").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
WEEKS = 104
ATTENDANCE = 0.6
INTRODUCTIONS_PER_MEMBER = 1.5
LANDED = 0.1


def _seed(env: dict[str, str], members: int) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "seed", "--members", str(members), "--groups", "1"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().rsplit(": ", 1)[1].strip()


async def _next_id(session: Any, table: Any) -> int:
    from sqlalchemy import func, select

    return ((await session.execute(select(func.max(table.c.id)))).scalar_one() or 0) + 1


async def _sync_sequence(session: Any, table: Any) -> None:
    from sqlalchemy import text

    if session.bind.dialect.name == "postgresql":
        await session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))")
        )


async def _add_history(session: Any, slug: str, rng: random.Random) -> dict[str, int]:
    """A facilitator, ~104 weekly meetings with attendance, introductions with outcomes, landings."""
    from sqlalchemy import select, update

    from app.db import utcnow
    from app.demo.seed import bulk_insert
    from app.groups.models import Group, Membership, Role
    from app.introductions.models import Answer, Introduction, IntroductionOutcome, IntroductionStatus, Outcome
    from app.landings.models import HelpedBy, Landing
    from app.meetings.models import Attendance, CheckInMethod, Meeting, MeetingStatus

    group = (await session.execute(select(Group).where(Group.slug == slug))).scalar_one()
    members = list(
        (
            await session.execute(
                select(Membership.account_id, Membership.joined_at)
                .where(Membership.group_id == group.id)
                .order_by(Membership.account_id)
            )
        ).all()
    )
    lead_id = members[0][0]
    await session.execute(
        update(Membership)
        .where(Membership.group_id == group.id, Membership.account_id == lead_id)
        .values(role=Role.facilitator)
    )
    now = utcnow()
    first = (now - timedelta(weeks=WEEKS)).replace(hour=0, minute=30, second=0, microsecond=0)

    meeting_table, meeting_id = Meeting.__table__, await _next_id(session, Meeting.__table__)
    meetings, attendances = [], []
    for week in range(WEEKS):
        starts = first + timedelta(weeks=week)
        meetings.append(
            {
                "id": meeting_id,
                "public_id": uuid.uuid4(),
                "group_id": group.id,
                "title": "Weekly meeting",
                "starts_at": starts,
                "duration_minutes": 90,
                "timezone": group.timezone,
                "location": "",
                "agenda": "",
                "status": MeetingStatus.scheduled,
                "sequence": 0,
                "created_at": starts,
                "updated_at": starts,
            }
        )
        attendances += [
            {
                "meeting_id": meeting_id,
                "account_id": account_id,
                "checked_in_at": starts,
                "method": CheckInMethod.roster,
            }
            for account_id, joined in members
            if joined <= starts and rng.random() < ATTENDANCE
        ]
        meeting_id += 1
    await bulk_insert(session, meeting_table, meetings)
    await _sync_sequence(session, meeting_table)
    for start in range(0, len(attendances), 20_000):
        await bulk_insert(session, Attendance.__table__, attendances[start : start + 20_000])

    joined_at = dict(members)
    people = [account_id for account_id, _ in members[1:]]
    wanted = int(len(people) * INTRODUCTIONS_PER_MEMBER)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < wanted:
        first_id, second_id = sorted(rng.sample(people, 2))
        pairs.add((first_id, second_id))
    intro_table, intro_id = Introduction.__table__, await _next_id(session, Introduction.__table__)
    statuses = (
        [IntroductionStatus.connected] * 11
        + [IntroductionStatus.declined] * 3
        + [IntroductionStatus.expired] * 2
        + [IntroductionStatus.proposed] * 3
        + [IntroductionStatus.withdrawn]
    )
    outcomes_pool = [
        Outcome.not_yet,
        Outcome.met,
        Outcome.met,
        Outcome.helpful,
        Outcome.referral,
        Outcome.interview,
        Outcome.offer,
        Outcome.hire,
    ]
    introductions, outcomes = [], []
    for a, b in sorted(pairs):
        earliest = max(joined_at[a], joined_at[b], first)
        created = earliest + (now - earliest) * rng.random()
        status = rng.choice(statuses)
        answers = {
            IntroductionStatus.connected: (Answer.accepted, Answer.accepted),
            IntroductionStatus.declined: (Answer.accepted, Answer.declined),
            IntroductionStatus.expired: (Answer.pending, Answer.pending),
            IntroductionStatus.proposed: (Answer.accepted, Answer.pending),
            IntroductionStatus.withdrawn: (Answer.pending, Answer.pending),
        }[status]
        connected = created + timedelta(days=rng.randint(0, 5)) if status == IntroductionStatus.connected else None
        introductions.append(
            {
                "id": intro_id,
                "public_id": uuid.uuid4(),
                "group_id": group.id,
                "person_a_id": a,
                "person_b_id": b,
                "proposed_by_account_id": lead_id,
                "reason_a": "You could help each other.",
                "reason_b": "You could help each other.",
                "reason_kinds": [],
                "status": status,
                "a_answer": answers[0],
                "b_answer": answers[1],
                "a_note": "",
                "b_note": "",
                "created_at": created,
                "connected_at": connected,
                "closed_at": None if status in (IntroductionStatus.connected, IntroductionStatus.proposed) else created,
            }
        )
        if connected is not None:
            for person, chance in ((a, 0.7), (b, 0.5)):
                if rng.random() < chance:
                    outcomes.append(
                        {
                            "introduction_id": intro_id,
                            "account_id": person,
                            "outcome": rng.choice(outcomes_pool),
                            "note": "",
                            "updated_at": connected,
                        }
                    )
        intro_id += 1
    await bulk_insert(session, intro_table, introductions)
    await _sync_sequence(session, intro_table)
    await bulk_insert(session, IntroductionOutcome.__table__, outcomes)

    landings = [
        {
            "public_id": uuid.uuid4(),
            "account_id": account_id,
            "group_id": group.id,
            "role": "HR business partner",
            "company": "Acme Health",
            "helped_by": HelpedBy.group,
            "story": "",
            "on_wall": False,
            "created_at": joined + (now - joined) * (0.2 + 0.8 * rng.random()),
        }
        for account_id, joined in members[1:]
        if rng.random() < LANDED
    ]
    await bulk_insert(session, Landing.__table__, landings)
    return {
        "members": len(members),
        "meetings": len(meetings),
        "attendances": len(attendances),
        "introductions": len(introductions),
        "outcomes": len(outcomes),
        "landings": len(landings),
        "lead": lead_id,
    }


async def _timed(work: Callable[[], Awaitable[Any]], counter: list[int]) -> tuple[float, int]:
    timings, statements = [], 0
    for _ in range(RUNS):
        counter[0] = 0
        started = time.perf_counter()
        await work()
        timings.append(time.perf_counter() - started)
        statements = counter[0]
    return statistics.median(timings), statements


async def _measure(database_url: str, slug: str) -> dict[str, Any]:
    from sqlalchemy import event, text

    from app.accounts.models import Account
    from app.dashboard.service import overview
    from app.db import create_engine, create_sessionmaker, utcnow
    from app.groups.service import get_group_by_slug
    from app.insights import network
    from app.insights.figures import insights_figures
    from app.insights.service import insights_for

    engine = create_engine(database_url)
    counter = [0]
    try:
        started = time.perf_counter()
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            sizes = await _add_history(session, slug, random.Random(11))
        if engine.dialect.name == "postgresql":
            # Planner statistics, as autovacuum would gather them after a bulk load (without them
            # PostgreSQL guesses one row per table and nests loops over thousands).
            async with engine.connect() as connection:
                await connection.execute(text("ANALYZE"))
                await connection.commit()
        history_seconds = time.perf_counter() - started

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
            # Counted as the test suite counts them: statements that read or write, not BEGIN.
            if (
                statement.lstrip()[:6].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE")
                or statement.lstrip()[:4].upper() == "WITH"
            ):
                counter[0] += 1

        async with create_sessionmaker(engine)() as session:
            group = await get_group_by_slug(session, slug)
            lead = await session.get_one(Account, sizes["lead"])
            two_years = (utcnow() - timedelta(weeks=WEEKS + 1)).date().isoformat()
            results: dict[str, int | tuple[float, int]] = {}
            results["dashboard"] = await _timed(lambda: overview(session, lead, group), counter)
            results["at_risk"] = len((await overview(session, lead, group)).radar)
            results["year"] = await _timed(lambda: insights_for(session, lead, group, None, None), counter)
            results["two_years"] = await _timed(lambda: insights_for(session, lead, group, two_years, None), counter)
            data = (await insights_for(session, lead, group, two_years, None)).data
            started = time.perf_counter()
            for _ in range(RUNS):
                insights_figures(data)
            results["svg"] = ((time.perf_counter() - started) / RUNS, 0)
            busiest = await busiest_member(session, group)
            results["network"] = await _timed(lambda: network.my_network(session, busiest), counter)
            mine = await network.my_network(session, busiest)
            results["network_size"] = len(mine.connections)
            results["meetings_shown"] = len(data.attendance.meetings) if data.attendance else 0
        return sizes | {"history_seconds": history_seconds} | results
    finally:
        await engine.dispose()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    from app.config import async_database_url

    print(
        f"insights: a group with two years of weekly meetings ({WEEKS}), ~{ATTENDANCE:.0%} attendance, "
        f"{INTRODUCTIONS_PER_MEMBER:g} introductions per member; median of {RUNS} runs"
    )
    shared = os.environ.get("BENCH_DATABASE_URL")
    counts = {}
    for size in SIZES:
        if shared:
            url = async_database_url(shared)
        else:
            url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='between-bench-insights-')}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "BETWEEN_ENV": "test", "SECRET_KEY": "bench"}
        subprocess.run([sys.executable, "-m", "app.cli", "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
        started = time.perf_counter()
        slug = _seed(env, size)
        seeded = time.perf_counter() - started
        result = asyncio.run(_measure(url, slug))
        counts[size] = (result["dashboard"][1], result["year"][1], result["two_years"][1], result["network"][1])
        print(
            f"  {size:>5,} members on {url.split(':')[0].split('+')[0]}: seeded in {seeded:.1f} s, history in "
            f"{result['history_seconds']:.1f} s ({result['meetings']} meetings, {result['attendances']:,} check-ins, "
            f"{result['introductions']:,} introductions, {result['outcomes']:,} outcomes, "
            f"{result['landings']:,} landings)"
        )
        print(
            f"      dashboard with the radar:  {_ms(result['dashboard'][0])}  {result['dashboard'][1]} statements "
            f"({result['at_risk']} people on the radar)"
        )
        print(f"      insights, last 12 months:  {_ms(result['year'][0])}  {result['year'][1]} statements")
        print(
            f"      insights, two years:       {_ms(result['two_years'][0])}  {result['two_years'][1]} statements "
            f"({result['meetings_shown']} meetings charted)"
        )
        print(f"      drawing the five charts:   {_ms(result['svg'][0])}")
        print(
            f"      /me/network, {result['network_size']:>2} connections: {_ms(result['network'][0])}  "
            f"{result['network'][1]} statements"
        )
    if len(counts) > 1:
        same = len(set(counts.values())) == 1
        shown = " vs ".join(
            f"{size:,} members {'/'.join(str(count) for count in found)}" for size, found in counts.items()
        )
        print(
            f"  statements (dashboard / insights 12 months / two years / network): {shown} — "
            f"{'the same' if same else 'NOT the same'}"
        )


async def busiest_member(session: Any, group: Any) -> Any:
    """The member of `group` with the most connections (introductions both accepted)."""
    from sqlalchemy import func, or_, select

    from app.accounts.models import Account
    from app.introductions.models import Introduction

    return (
        await session.execute(
            select(Account)
            .join(Introduction, or_(Introduction.person_a_id == Account.id, Introduction.person_b_id == Account.id))
            .where(Introduction.group_id == group.id, Introduction.connected_at.is_not(None))
            .group_by(Account.id)
            .order_by(func.count().desc())
            .limit(1)
        )
    ).scalar_one()


if __name__ == "__main__":
    main()
