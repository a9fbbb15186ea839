"""The worker's lanes, with a lane of its own that counts what happens (no database, no server): a
few items under way at once, leases renewed while they are, a failed claim or heartbeat survived,
and on stop what is under way is finished, nothing new taken."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from app.worker import run_lane


@dataclass
class CountingLane:
    name: str = "test"
    concurrency: int = 3
    waiting: list[int] = field(default_factory=lambda: list(range(10)))
    work_seconds: float = 0.05
    # Claims and renewals that fail first, like a database that is briefly unreachable.
    claims_failing: int = 0
    renewals_failing: int = 0
    done: list[int] = field(default_factory=list)
    renewed: list[list[int]] = field(default_factory=list)
    under_way: int = 0
    most_at_once: int = 0
    started: asyncio.Event = field(default_factory=asyncio.Event)

    async def claim(self, limit: int) -> list[int]:
        if self.claims_failing:
            self.claims_failing -= 1
            raise ConnectionError("the database is not answering")
        taken, self.waiting = self.waiting[:limit], self.waiting[limit:]
        return taken

    async def work(self, item: int) -> None:
        self.under_way += 1
        self.most_at_once = max(self.most_at_once, self.under_way)
        self.started.set()
        await asyncio.sleep(self.work_seconds)
        self.under_way -= 1
        self.done.append(item)

    async def renew(self, items: list[int]) -> None:
        if self.renewals_failing:
            self.renewals_failing -= 1
            raise ConnectionError("the database is not answering")
        self.renewed.append(sorted(items))

    async def idle(self) -> None:
        return None


async def _run_until(lane: CountingLane, condition: Callable[[], bool], *, lease_seconds: float = 20.0) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(run_lane(lane, stop, poll_seconds=0.01, lease_seconds=lease_seconds))
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)
    stop.set()
    await running


async def test_a_lane_keeps_its_own_number_of_items_under_way() -> None:
    lane = CountingLane(concurrency=3)
    await _run_until(lane, lambda: len(lane.done) == 10)
    assert sorted(lane.done) == list(range(10)) and lane.most_at_once == 3


async def test_a_failed_claim_is_tried_again() -> None:
    lane = CountingLane(claims_failing=2)
    await _run_until(lane, lambda: len(lane.done) == 10)
    assert sorted(lane.done) == list(range(10))


async def test_leases_are_renewed_while_items_are_under_way_through_a_missed_beat() -> None:
    # A lease of 0.2 s: a beat every 0.05 s; the first two fail, the rest hold the item.
    lane = CountingLane(concurrency=1, waiting=[7], work_seconds=0.5, renewals_failing=2)
    await _run_until(lane, lambda: lane.done == [7], lease_seconds=0.2)
    assert len(lane.renewed) >= 3 and all(items == [7] for items in lane.renewed)


async def test_on_stop_what_is_under_way_finishes_and_nothing_more_is_taken() -> None:
    lane = CountingLane(concurrency=2, work_seconds=0.3)
    stop = asyncio.Event()
    running = asyncio.create_task(run_lane(lane, stop, poll_seconds=0.01, lease_seconds=20))
    await lane.started.wait()
    stop.set()
    await running
    assert sorted(lane.done) == [0, 1] and lane.waiting == list(range(2, 10))
