"""Every facilitator and member page of a 2,000-member group, requested in process (httpx's ASGI
transport against create_app, signed in with a real session cookie): p50 / p95 and the SQL
statements per request; then the statements again for a 500-member group, to show they stay flat.
The dashboard, the group's suggestions, one member's, the directory and the insights are timed
twice: as seen again while nothing changed (what they work out kept, app/groups/kept.py), and
"cold", worked out afresh for every request (the first view after a change).

The groups are made by `between seed` (profiles with tags and past companies) with the history of
benchmarks/insights.py (two years of weekly meetings with attendance, introductions with outcomes,
landings), plus two upcoming meetings with answers and a few radar notes and snoozes.

BENCH_DATABASE_URL picks the database (it is filled, not emptied); by default a fresh PostgreSQL
database is created on 127.0.0.1:5432 (BENCH_POSTGRES_URL to point elsewhere) and dropped after.
BENCH_PAGES_SQLITE=1 also runs the pages on a fresh SQLite file. BENCH_RUNS sets the repeats.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import timedelta
from typing import Any

from benchmarks import between, create_postgres_database, drop_postgres_database

RUNS = int(os.environ.get("BENCH_RUNS", "25"))
WARMUP = 2
SIZES = (2000, 500)
TARGET_MS = 100.0


async def _add_extras(session: Any, slug: str, lead_id: int, rng: random.Random) -> None:
    """Two upcoming meetings with answers, radar notes and snoozes."""
    from sqlalchemy import select

    from app.dashboard.models import RadarAction, RadarActionKind
    from app.db import utcnow
    from app.demo.seed import bulk_insert
    from app.groups.models import Group, Membership, MembershipStatus
    from app.meetings.models import Meeting, MeetingStatus, Rsvp, RsvpAnswer, RsvpStatus

    group = (await session.execute(select(Group).where(Group.slug == slug))).scalar_one()
    members = list(
        (
            await session.execute(
                select(Membership.account_id).where(
                    Membership.group_id == group.id, Membership.status == MembershipStatus.active
                )
            )
        ).scalars()
    )
    now = utcnow()
    rsvps = []
    for days in (2, 9):
        starts = (now + timedelta(days=days)).replace(minute=30, second=0, microsecond=0)
        meeting = Meeting(
            group_id=group.id,
            title="Weekly meeting",
            starts_at=starts,
            timezone=group.timezone,
            status=MeetingStatus.scheduled,
            created_by_account_id=lead_id,
        )
        session.add(meeting)
        await session.flush()
        for account_id in rng.sample(members, len(members) // 4):
            answer = rng.choice(list(RsvpAnswer))
            rsvps.append(
                {
                    "meeting_id": meeting.id,
                    "account_id": account_id,
                    "answer": answer,
                    "status": RsvpStatus(answer.value),
                    "created_at": now,
                    "updated_at": now,
                }
            )
    await bulk_insert(session, Rsvp.__table__, rsvps)
    actions = []
    for account_id in rng.sample(members[1:], 40):
        snoozed = rng.random() < 0.25
        actions.append(
            {
                "public_id": uuid.uuid4(),
                "group_id": group.id,
                "account_id": account_id,
                "kind": RadarActionKind.snoozed if snoozed else RadarActionKind.note_sent,
                "risk": "stopped_attending",
                "note": "Travelling" if snoozed else "",
                "snoozed_until": now + timedelta(days=7) if snoozed else None,
                "by_account_id": lead_id,
                "created_at": now - timedelta(days=rng.randint(0, 30)),
            }
        )
    await bulk_insert(session, RadarAction.__table__, actions)


async def _prepare(database_url: str, slug: str, rng_seed: int) -> dict[str, Any]:
    """History for the seeded group; the paths to request and two signed-in cookies."""
    from sqlalchemy import func, select, text

    from app.accounts.models import Account
    from app.accounts.service import start_session
    from app.db import create_engine, create_sessionmaker
    from app.groups.models import Group, Membership
    from app.meetings.models import Attendance, Meeting
    from benchmarks.insights import _add_history, busiest_member

    rng = random.Random(rng_seed)
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            sizes = await _add_history(session, slug, rng)
            await _add_extras(session, slug, sizes["lead"], rng)
        if engine.dialect.name == "postgresql":
            async with engine.connect() as connection:
                await connection.execute(text("ANALYZE"))
                await connection.commit()
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            group = (await session.execute(select(Group).where(Group.slug == slug))).scalar_one()
            lead = await session.get_one(Account, sizes["lead"])
            busiest = await busiest_member(session, group)
            # Someone the radar would send to the suggestions: the earliest member to join.
            one_member = (
                await session.execute(
                    select(Account.public_id)
                    .join(Membership, Membership.account_id == Account.id)
                    .where(Membership.group_id == group.id, Account.id != lead.id)
                    .order_by(Membership.joined_at)
                    .limit(1)
                )
            ).scalar_one()
            last_meeting = (
                await session.execute(
                    select(Meeting.public_id)
                    .join(Attendance, Attendance.meeting_id == Meeting.id)
                    .where(Meeting.group_id == group.id, Meeting.starts_at < func.now())
                    .group_by(Meeting.id)
                    .order_by(Meeting.starts_at.desc())
                    .limit(1)
                )
            ).scalar_one()
            lead_cookie = await start_session(session, lead, "bench", days=1)
            member_cookie = await start_session(session, busiest, "bench", days=1)
        pages = [
            ("dashboard", f"/g/{slug}/manage", "lead"),
            ("dashboard, cold", f"/g/{slug}/manage", "lead"),
            ("suggestions (group)", f"/g/{slug}/introductions/suggestions", "lead"),
            # The same page when the group's view is built afresh: the first view after a change.
            ("suggestions, cold", f"/g/{slug}/introductions/suggestions", "lead"),
            # One member's, from the group's view kept by the page above; and when none is kept (after a
            # change, before the group's page is seen again), from a few lookups of their candidates.
            ("suggestions (member)", f"/g/{slug}/introductions/suggestions?person={one_member}", "lead"),
            ("suggestions (member), cold", f"/g/{slug}/introductions/suggestions?person={one_member}", "lead"),
            ("directory", f"/g/{slug}/members", "lead"),
            ("directory, cold", f"/g/{slug}/members", "lead"),
            ("insights", f"/g/{slug}/insights", "lead"),
            ("insights, cold", f"/g/{slug}/insights", "lead"),
            ("meetings", f"/g/{slug}/meetings", "lead"),
            ("a meeting", f"/meetings/{last_meeting}", "lead"),
            ("introductions", f"/g/{slug}/introductions", "lead"),
            ("/me/network", "/me/network", "member"),
        ]
        return {"sizes": sizes, "pages": pages, "cookies": {"lead": lead_cookie, "member": member_cookie}}
    finally:
        await engine.dispose()


async def _request_pages(
    database_url: str, prepared: dict[str, Any], runs: int
) -> dict[str, tuple[float, float, float, int]]:
    """p50 and p95 in ms, the median CPU time of this process in ms (the app's Python work, which
    other load on the machine does not inflate as much as the wall time), and the statements of the
    last request, per page."""
    import httpx
    from sqlalchemy import event

    from app.config import Settings
    from app.dashboard.radar import NOTICED
    from app.db import Sessions, create_engine
    from app.deps import SESSION_COOKIE
    from app.directory.service import TAG_COUNTS
    from app.insights.service import KEPT_NUMBERS
    from app.main import create_app
    from app.matching.facilitation import SCENES

    engine = create_engine(database_url)
    counter = [0]

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        # As the test suite counts them: statements that read or write, not BEGIN or SAVEPOINT.
        head = statement.lstrip()[:6].upper()
        if head in ("SELECT", "INSERT", "UPDATE", "DELETE") or head.startswith("WITH"):
            counter[0] += 1

    settings = Settings.model_validate(
        {
            "BETWEEN_ENV": "test",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench",
            "RUN_WORKER_IN_PROCESS": False,
            "API_RATE_LIMIT": 1_000_000_000,
        }
    )
    app = create_app(settings, Sessions.for_engine(engine))
    # As a served process does once started (create_app's lifespan): what is loaded by now lives
    # as long as the process, and full collections need not walk it.
    gc.collect()
    gc.freeze()
    results: dict[str, tuple[float, float, float, int]] = {}
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            for name, path, who in prepared["pages"]:
                cookies = {SESSION_COOKIE: prepared["cookies"][who]}
                timings, cpu = [], []
                for run in range(WARMUP + runs):
                    if name.endswith(", cold"):
                        for kept in (SCENES, TAG_COUNTS, KEPT_NUMBERS, NOTICED):
                            kept.clear()
                    counter[0] = 0
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = await client.get(path, cookies=cookies)
                    elapsed = time.perf_counter() - started
                    if response.status_code != 200:
                        raise RuntimeError(f"{path}: {response.status_code} {response.text[:300]}")
                    if run >= WARMUP:
                        timings.append(elapsed)
                        cpu.append(time.process_time() - cpu_started)
                p50 = statistics.median(timings) * 1000
                p95 = statistics.quantiles(timings, n=20)[18] * 1000 if len(timings) > 1 else p50
                results[name] = (p50, p95, statistics.median(cpu) * 1000, counter[0])
    finally:
        await engine.dispose()
    return results


def _run(url: str, label: str) -> None:
    from app.config import async_database_url

    database_url = async_database_url(url)
    env = {**os.environ, "DATABASE_URL": database_url, "BETWEEN_ENV": "test", "SECRET_KEY": "bench"}
    between(env, "migrate")
    measured: dict[int, dict[str, tuple[float, float, float, int]]] = {}
    for index, size in enumerate(SIZES):
        started = time.perf_counter()
        slug = between(env, "seed", "--members", str(size), "--groups", "1").strip().rsplit(": ", 1)[1].strip()
        prepared = asyncio.run(_prepare(database_url, slug, 11 + index))
        sizes = prepared["sizes"]
        print(
            f"  {label}: {size:,} members seeded with history in {time.perf_counter() - started:.1f} s "
            f"({sizes['meetings']} meetings, {sizes['attendances']:,} check-ins, "
            f"{sizes['introductions']:,} introductions)"
        )
        # The large group is timed; the small one only counted (its timings are shown too).
        measured[size] = asyncio.run(_request_pages(database_url, prepared, RUNS if index == 0 else 3))
    large, small = SIZES
    print(
        f"  {'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7}  {'statements':>10}  {'at ' + format(small, ','):>8}"
        f"  (median / 95th percentile of {RUNS} requests, {large:,} members)"
    )
    flat = True
    for name, (p50, p95, cpu, statements) in measured[large].items():
        at_small = measured[small][name][3]
        flat &= at_small == statements
        over = "  over 100 ms" if p95 > TARGET_MS else ""
        print(f"  {name:<26} {p50:8.1f} {p95:8.1f} {cpu:7.1f}  {statements:>10}  {at_small:>8}{over}")
    print(f"  statements at {small:,} vs {large:,} members: {'the same' if flat else 'NOT the same'}")


def main() -> None:
    # Read by get_settings() where the app signs things (CSRF tokens), beside the settings given to create_app.
    os.environ.update(BETWEEN_ENV="test", SECRET_KEY="bench")
    print(f"pages: every facilitator and member page of a {SIZES[0]:,}-member group, in process")
    if os.environ.get("BENCH_DATABASE_URL"):
        _run(os.environ["BENCH_DATABASE_URL"], "BENCH_DATABASE_URL")
    else:
        url, name = create_postgres_database("between_bench_pages")
        try:
            _run(url, "PostgreSQL")
        finally:
            drop_postgres_database(name)
    if os.environ.get("BENCH_PAGES_SQLITE"):
        _run(f"sqlite:///{tempfile.mkdtemp(prefix='between-bench-pages-')}/bench.sqlite3", "SQLite")


if __name__ == "__main__":
    main()
