"""The directory at 100,000 members: `BENCH_ONLY=directory`.

100,000 members in 50 groups of 2,000 (`app.demo.seed`), and a group of 20,000 of them. Measured
in process, through `directory.service.list_members`, with the time spent in the database driver
(every statement's execute and fetch) counted apart from the whole call: a member's first page
of 50 and a deep keyset page (the 20th) in a 2,000 and in the 20,000-member group, a facilitator's
first page (active and pending members) of the 20,000, and searches in the 20,000-member group
for a rare name, a common first name and a common headline word (p50 and p95), and the same
searches in a 2,000-member group (a search should cost about the same at either size).

BENCH_DATABASE_URL picks the database (a fresh SQLite file by default); BENCH_DIRECTORY_MEMBERS and
BENCH_DIRECTORY_REPEAT change the size and how often each search runs.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

MEMBERS = int(os.environ.get("BENCH_DIRECTORY_MEMBERS", "100000"))
GROUPS = 50
BIG_GROUP = 20_000
REPEAT = int(os.environ.get("BENCH_DIRECTORY_REPEAT", "40"))
PAGE = 50
RARE_NAME = "Quixotic Zebulon"


class _DriverClock:
    """Seconds spent in the driver (execute, then fetching the rows) while `counting`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.seconds = 0.0
        self.statements = 0
        self._started: float | None = None
        sync_engine = engine.sync_engine

        @event.listens_for(sync_engine, "before_cursor_execute")
        def _before(*_: Any) -> None:
            self._started = time.perf_counter()

        @event.listens_for(sync_engine, "after_cursor_execute")
        def _after(*_: Any) -> None:
            if self._started is not None:
                self.seconds += time.perf_counter() - self._started
                self.statements += 1
                self._started = None

    @contextmanager
    def counting(self) -> Iterator[None]:
        self.seconds, self.statements = 0.0, 0
        yield


async def _seed(database_url: str) -> dict[str, Any]:
    from app import models  # noqa: F401  every table, for the foreign keys
    from app.accounts.models import Account
    from app.db import create_engine, create_sessionmaker, utcnow
    from app.demo.seed import bulk_insert
    from app.demo.seed import seed as seed_members
    from app.groups.models import Group, JoinedVia, JoinPolicy, Membership, MembershipStatus, Role, name_sort_key
    from app.members.service import rename

    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            slugs = await seed_members(session, MEMBERS, GROUPS)
            now = utcnow()
            big_slug = f"big-{uuid.uuid4().hex[:8]}"
            await session.execute(
                insert(Group),
                [
                    {
                        "public_id": uuid.uuid4(),
                        "slug": big_slug,
                        "name": "Twenty thousand",
                        "description": "",
                        "timezone": "America/Chicago",
                        "default_location": "",
                        "join_policy": JoinPolicy.open,
                        "agreement": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
            big_id = (await session.execute(select(Group.id).where(Group.slug == big_slug))).scalar_one()
            accounts = list((await session.execute(select(Account.id).order_by(Account.id).limit(BIG_GROUP))).scalars())
            names = dict((await session.execute(select(Account.id, Account.display_name))).all())
            rows: list[dict[str, Any]] = [
                {
                    "public_id": uuid.uuid4(),
                    "group_id": big_id,
                    "account_id": account_id,
                    "role": Role.facilitator if index == 0 else Role.member,
                    "status": MembershipStatus.pending if index % 20 == 7 else MembershipStatus.active,
                    "created_at": now,
                    "joined_at": now,
                    "joined_via": JoinedVia.signup,
                    "decision_note": "",
                    "sort_key": name_sort_key(names[account_id]),
                }
                for index, account_id in enumerate(accounts)
            ]
            await bulk_insert(session, Membership.__table__, rows)
        # The rare name, through the service a person's rename goes through.
        async with create_sessionmaker(engine, for_writes=True)() as session, session.begin():
            renamed = await session.get(Account, accounts[BIG_GROUP // 2])
            assert renamed is not None
            await rename(session, renamed, RARE_NAME)
            names[renamed.id] = RARE_NAME
        async with engine.connect() as connection:
            await connection.exec_driver_sql("ANALYZE")
            await connection.commit()
        return {
            "small_slug": slugs[0],
            "big_slug": big_slug,
            "member_account": accounts[1],
            "facilitator_account": accounts[0],
            "common_first_name": names[accounts[2]].split()[0],
        }
    finally:
        await engine.dispose()


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000
    return f"p50 {p50:7.2f} ms  p95 {p95:7.2f} ms"


async def _measure(database_url: str, seeded: dict[str, Any]) -> None:
    from app.accounts.models import Account
    from app.db import create_engine, create_sessionmaker
    from app.directory.schemas import DirectoryFilters
    from app.directory.service import list_members
    from app.groups.models import Membership
    from app.groups.service import get_group_by_slug
    from app.pagination import PageParams

    engine = create_engine(database_url)
    clock = _DriverClock(engine)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session:
            small = await get_group_by_slug(session, seeded["small_slug"])
            big = await get_group_by_slug(session, seeded["big_slug"])
            member = await session.get(Account, seeded["member_account"])
            facilitator = await session.get(Account, seeded["facilitator_account"])
            small_member_id = (
                await session.execute(select(Membership.account_id).where(Membership.group_id == small.id).limit(1))
            ).scalar_one()
            small_member = await session.get(Account, small_member_id)
        assert member is not None and facilitator is not None and small_member is not None

        async def timed(viewer: Account, group: Any, filters: DirectoryFilters, page: PageParams) -> tuple[float, Any]:
            async with sessions() as session:
                with clock.counting():
                    listing = await list_members(session, viewer, group, filters, page)
                    return clock.seconds, listing

        async def pages(label: str, viewer: Account, group: Any) -> None:
            firsts, deeps = [], []
            for _ in range(max(3, REPEAT // 4)):
                cursor = None
                for number in range(1, 21):
                    seconds, listing = await timed(
                        viewer, group, DirectoryFilters(), PageParams(limit=PAGE, cursor=cursor)
                    )
                    if number == 1:
                        firsts.append(seconds)
                    cursor = listing.next_cursor
                deeps.append(seconds)
            print(f"  {label:<44} first page {_ms(firsts)}   20th page {_ms(deeps)}")

        print(f"directory on {engine.dialect.name}: database time per call (driver execute + fetch)")
        await pages("member, a 2,000-member group", small_member, small)
        await pages("member, the 20,000-member group", member, big)
        await pages("facilitator, the 20,000-member group", facilitator, big)
        for label, term in (
            (f"search a rare name ({RARE_NAME.split()[1]})", RARE_NAME.split()[1].lower()),
            (f"search a common first name ({seeded['common_first_name']})", seeded["common_first_name"]),
            ("search a common headline word (years)", "years"),
            ("search a rare word (nothing matches)", "xylophonist"),
        ):
            for size, viewer, group in (("20,000", member, big), ("2,000", small_member, small)):
                seconds_list, total_list, found = [], [], 0
                for _ in range(REPEAT):
                    started = time.perf_counter()
                    seconds, listing = await timed(viewer, group, DirectoryFilters(q=term), PageParams(limit=PAGE))
                    total_list.append(time.perf_counter() - started)
                    seconds_list.append(seconds)
                    found = len(listing.items)
                print(
                    f"  {label:<44} {size:>6}: db {_ms(seconds_list)}   whole call {_ms(total_list)}"
                    f"   ({found} on the page)"
                )
    finally:
        await engine.dispose()


def main() -> None:
    directory = tempfile.mkdtemp(prefix="between-bench-directory-")
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3"
    from app.config import async_database_url
    from app.migrate import upgrade_head

    database_url = async_database_url(database_url)
    upgrade_head(database_url)
    started = time.perf_counter()
    seeded = asyncio.run(_seed(database_url))
    print(
        f"directory: seeded {MEMBERS:,} members in {GROUPS} groups and one of {BIG_GROUP:,} "
        f"in {time.perf_counter() - started:.0f} s"
    )
    asyncio.run(_measure(database_url, seeded))


if __name__ == "__main__":
    main()
