"""The reach of one member (`GET /api/v1/me/reach`'s service) in a 2,000-member group whose members
all shared their reach and 1,000,000 contacts between them: p50 / p95 in ms and the SQL statements,
then the statements again with a tenth of the contacts, to show they do not grow. The target: under
100 ms on PostgreSQL. The facilitators' gaps (target companies and warm paths) are timed beside it.

The group is made by `between seed` (profiles with target and past companies); the contacts are
spread over the group's members and its companies (a fifth with no canonical company), written
with app.demo.seed.bulk_insert (COPY on PostgreSQL).

BENCH_DATABASE_URL picks the database (it is filled, not emptied); by default a fresh PostgreSQL
database is created on 127.0.0.1:5432 (BENCH_POSTGRES_URL to point elsewhere) and dropped after.
BENCH_CONTACTS changes the number of contacts, BENCH_RUNS the repeats.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
import uuid
from typing import Any

from benchmarks import between, create_postgres_database, drop_postgres_database

MEMBERS = 2000
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "50"))
WARMUP = 3
BATCH = 100_000
TARGET_MS = 100.0


async def _fill(database_url: str, slug: str, contacts: int, start: int) -> dict[str, Any]:
    """Shares every member's reach with the group and adds `contacts` contacts; returns the ids of
    the member whose reach is timed (the one with the most target companies) and of a facilitator."""
    from sqlalchemy import func, select, text, update

    from app.contacts.models import Contact, ContactSource
    from app.db import create_engine, create_sessionmaker, utcnow
    from app.demo.seed import bulk_insert
    from app.groups.models import Group, Membership, MembershipStatus, Role
    from app.profiles.models import Profile, ProfileTag, ProfileTagRelation, Tag, TagKind
    from app.reach.models import ReachShare

    rng = random.Random(17 + start)
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
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
            companies = [
                (row.id, row.label)
                for row in (await session.execute(select(Tag.id, Tag.label).where(Tag.kind == TagKind.company))).all()
            ]
            if start == 0:
                now = utcnow()
                await bulk_insert(
                    session,
                    ReachShare.__table__,
                    [{"group_id": group.id, "account_id": member, "shared_at": now} for member in members],
                )
            now = utcnow()
            for offset in range(0, contacts, BATCH):
                rows = []
                for n in range(start + offset, start + min(offset + BATCH, contacts)):
                    tag_id, label = rng.choice(companies)
                    known = rng.random() < 0.8
                    rows.append(
                        {
                            "public_id": uuid.uuid4(),
                            "account_id": rng.choice(members),
                            "first_name": f"Person{n}",
                            "last_name": f"Number{n}",
                            "sort_name": f"person{n} number{n}",
                            "company_label": label if known else f"Small firm {n % 5000}",
                            "company_key": label.casefold() if known else f"small firm {n % 5000}",
                            "company_tag_id": tag_id if known else None,
                            "position": "Analyst",
                            "source": ContactSource.linkedin,
                            "dedupe_key": f"url:linkedin.com/in/person-{n}",
                            "note": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                await bulk_insert(session, Contact.__table__, rows)
            viewer = (
                await session.execute(
                    select(Profile.account_id)
                    .join(ProfileTag, ProfileTag.profile_id == Profile.id)
                    .where(ProfileTag.relation == ProfileTagRelation.target_company, Profile.account_id.in_(members))
                    .group_by(Profile.account_id)
                    .order_by(func.count().desc(), Profile.account_id)
                    .limit(1)
                )
            ).scalar_one()
            lead = (
                await session.execute(
                    select(Membership.account_id)
                    .where(Membership.group_id == group.id, Membership.role == Role.facilitator)
                    .limit(1)
                )
            ).scalar_one_or_none()
            if lead is None:  # the seed appoints none: the first other member runs the group here
                lead = next(member for member in members if member != viewer)
                await session.execute(
                    update(Membership)
                    .where(Membership.group_id == group.id, Membership.account_id == lead)
                    .values(role=Role.facilitator)
                )
        if engine.dialect.name == "postgresql":
            # What autovacuum does soon after a large import in production: statistics, and the
            # visibility map that lets the count per company read the index alone.
            async with engine.connect() as connection:
                await connection.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text("VACUUM ANALYZE"))
        return {"viewer": viewer, "lead": lead, "group": group.id, "companies": len(companies)}
    finally:
        await engine.dispose()


async def _time(database_url: str, filled: dict[str, Any], runs: int) -> dict[str, tuple[float, float, int, int]]:
    """name -> (p50 ms, p95 ms, statements, paths or rows shown). The snapshots are the engine's
    whole-group read (their target is the rounds' own, not 100 ms): shown for what shared reach adds."""
    from sqlalchemy import event

    from app.accounts.models import Account
    from app.db import create_engine, create_sessionmaker
    from app.groups.models import Group
    from app.matching import service as matching
    from app.reach import gaps, warm

    engine = create_engine(database_url)
    statements: list[str] = []

    def _count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", _count)
    results: dict[str, tuple[float, float, int, int]] = {}
    try:
        sessions = create_sessionmaker(engine)
        async with sessions() as session:
            viewer = await session.get_one(Account, filled["viewer"])
            lead = await session.get_one(Account, filled["lead"])
            group = await session.get_one(Group, filled["group"])

        async def reach(session: Any) -> int:
            found, _ = await warm.warm_paths(session, viewer)
            return sum(len(company.paths) for company in found.companies)

        async def targets(session: Any) -> int:
            return len(await gaps.group_targets(session, lead, group))

        async def known(session: Any) -> int:
            # The matching engine's snapshots of the whole group (introduction rounds), shared reach included.
            people = await matching.snapshots(session, group)
            return sum(1 for person in people.values() if person.known_companies)

        for name, work in (
            ("reach of one member", reach),
            ("facilitators' gaps", targets),
            ("matching snapshots", known),
        ):
            timings: list[float] = []
            shown = counted = 0
            # The whole group's snapshots take seconds: a few runs tell enough.
            repeats = min(runs, 5) if name == "matching snapshots" else runs
            for run in range(WARMUP + repeats):
                async with sessions() as session:
                    statements.clear()
                    started = time.perf_counter()
                    shown = await work(session)
                    elapsed = (time.perf_counter() - started) * 1000
                    counted = len(statements)
                if run >= WARMUP:
                    timings.append(elapsed)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            results[name] = (statistics.median(timings), p95, counted, shown)
    finally:
        await engine.dispose()
    return results


def _run(url: str, label: str) -> None:
    from app.config import async_database_url

    database_url = async_database_url(url)
    env = {**os.environ, "DATABASE_URL": database_url, "BETWEEN_ENV": "test", "SECRET_KEY": "bench"}
    between(env, "migrate")
    started = time.perf_counter()
    slug = between(env, "seed", "--members", str(MEMBERS), "--groups", "1").strip().rsplit(": ", 1)[1].strip()
    small = CONTACTS // 10
    filled = asyncio.run(_fill(database_url, slug, small, 0))
    print(f"  {label}: {MEMBERS:,} members seeded, {small:,} contacts in {time.perf_counter() - started:.1f} s")
    at_small = asyncio.run(_time(database_url, filled, 3))
    started = time.perf_counter()
    asyncio.run(_fill(database_url, slug, CONTACTS - small, small))
    print(
        f"  {label}: {CONTACTS:,} contacts in all ({filled['companies']} companies), "
        f"the rest added in {time.perf_counter() - started:.1f} s"
    )
    measured = asyncio.run(_time(database_url, filled, RUNS))
    print(
        f"  {'what':<22} {'p50 ms':>8} {'p95 ms':>8}  {'statements':>10}  {'at ' + format(small, ','):>10}  shown"
        f"  (median / 95th percentile of {RUNS} runs, {CONTACTS:,} contacts)"
    )
    for name, (p50, p95, statements, shown) in measured.items():
        over = "  over 100 ms" if p95 > TARGET_MS and name != "matching snapshots" else ""
        print(f"  {name:<22} {p50:8.1f} {p95:8.1f}  {statements:>10}  {at_small[name][2]:>10}  {shown}{over}")


def main() -> None:
    os.environ.update(BETWEEN_ENV="test", SECRET_KEY="bench")
    print(f"reach: one member's warm paths in a {MEMBERS:,}-member group that shared {CONTACTS:,} contacts")
    if os.environ.get("BENCH_DATABASE_URL"):
        _run(os.environ["BENCH_DATABASE_URL"], "BENCH_DATABASE_URL")
        return
    url, name = create_postgres_database("between_bench_reach")
    try:
        _run(url, "PostgreSQL")
    finally:
        drop_postgres_database(name)


if __name__ == "__main__":
    main()
