"""What a group's costly pages work out, kept between requests while nothing they read has changed:
the matching engine's view of a group (suggestions), the directory's counts of its tags, its
insights, and what the dashboard's radar noticed.

Building the engine's view reads every active member's profile, tags, past companies and
introductions: for 2,000 members ~500 ms, most of a suggestions page; the insights aggregate the
group's whole history. A process keeps what it worked out for the groups it served last, within a
weight (the engine's views: up to 5,000 members in all, ~50 MB). Each is used only while the group's
version of its kind is the one it was worked out at — the newest of the group's `group_changes` of
that kind, written by the database's triggers whoever changed what (migrations 0019 and 0020) — and for a
few minutes at most (what depends on "now": newcomers, quiet spells, meetings that have started).
Every process checks the version with one short statement.
"""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, Literal, TypeVar

from sqlalchemy import CompoundSelect, Integer, Select, bindparam, delete, func, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.groups.models import Group, GroupChange

# How much a process keeps: a view weighs as many as the members in it (a 2,000-member group's
# view takes ~20 MB of memory), the least recently used going first; the newest is always kept.
WEIGHT_KEPT = 5_000
FRESH_FOR = timedelta(minutes=5)

Kept = TypeVar("Kept")
Version = tuple[object, ...]


Kind = Literal["matching", "activity", "radar"]


async def version_of(session: AsyncSession, group: Group, *kinds: Kind) -> Version:
    """What a result for the group was worked out from (the newest change of each of `kinds`, in one
    statement): read *before* the statements it is worked out with, so that a result is never older
    than its version says (a change committed in between makes it a miss, never a stale hit)."""
    statement = _NEWEST.get(kinds)
    if statement is None:
        statement = _NEWEST[kinds] = _newest(kinds)
    newest = {row.kind: (row.id, row.token) for row in await session.execute(statement, {"group_id": group.id})}
    return (group.public_id, *(newest.get(kind) for kind in kinds))


def _newest(kinds: tuple[Kind, ...]) -> CompoundSelect | Select:
    # Each kind's newest change, a few rows from the end of ix_group_changes_group_id_kind_id.
    newest = [
        select(GroupChange.kind, GroupChange.id, GroupChange.token)
        .where(GroupChange.group_id == bindparam("group_id", type_=Integer), GroupChange.kind == kind)
        .order_by(GroupChange.id.desc())
        .limit(1)
        .subquery()
        for kind in kinds
    ]
    # As subqueries: SQLite allows no LIMIT on a UNION's own members.
    selects = [select(one.c.kind, one.c.id, one.c.token) for one in newest]
    return selects[0] if len(selects) == 1 else union_all(*selects)


_NEWEST: dict[tuple[Kind, ...], CompoundSelect | Select] = {}


async def prune_changes(session: AsyncSession) -> int:
    """Forgets every group's changes but the newest of each kind (its versions), and those of
    deleted groups."""
    newer = GroupChange.__table__.alias("newer")
    newest = (
        select(func.max(newer.c.id))
        .where(newer.c.group_id == GroupChange.group_id, newer.c.kind == GroupChange.kind)
        .scalar_subquery()
    )
    result = await session.execute(
        delete(GroupChange)
        .where(or_(GroupChange.id < newest, GroupChange.group_id.not_in(select(Group.id))))
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass
class _Entry(Generic[Kept]):
    version: Version
    built_at: datetime
    value: Kept
    weight: int


class KeptPerGroup(Generic[Kept]):
    """What was worked out for the most recently used groups (under keys that name the group), each
    with the version it was worked out at."""

    def __init__(self, weight: int = WEIGHT_KEPT, fresh_for: timedelta = FRESH_FOR, *, freeze: bool = False) -> None:
        self.weight = weight
        self.fresh_for = fresh_for
        self.freeze = freeze
        self._entries: OrderedDict[Hashable, _Entry[Kept]] = OrderedDict()

    def get(self, key: Hashable, version: Version, now: datetime | None = None) -> Kept | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        age = (now or utcnow()) - entry.built_at
        if entry.version != version or not timedelta(0) <= age < self.fresh_for:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry.value

    def keep(self, key: Hashable, version: Version, value: Kept, built_at: datetime, weight: int = 1) -> None:
        if self.weight <= 0:
            return
        self._entries[key] = _Entry(version, built_at, value, weight)
        self._entries.move_to_end(key)
        total = sum(entry.weight for entry in self._entries.values())
        while total > self.weight and len(self._entries) > 1:
            total -= self._entries.popitem(last=False)[1].weight
        if self.freeze:
            _set_aside_from_the_collector()

    def clear(self) -> None:
        self._entries.clear()


def _set_aside_from_the_collector() -> None:
    """What is kept now lives for minutes, and a large view is hundreds of thousands of objects:
    every full collection of the cyclic garbage collector would walk them all again, a pause of
    ~50 ms for every request in flight, some tens of times a minute under load. So, once, now (the
    request that built the view is slow anyway): a collection, then everything still alive set
    aside (the permanent generation, as create_app does once started). What is set aside is still
    freed when nothing refers to it any more (a view replaced, a request's objects); only cyclic
    garbage among it waits, until every UNFREEZE_EVERY'th time, when what was set aside is
    collected with the rest."""
    global _set_aside
    _set_aside += 1
    if _set_aside % UNFREEZE_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


UNFREEZE_EVERY = 20
_set_aside = 0
