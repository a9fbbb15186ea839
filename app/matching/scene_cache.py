"""The engine's view of a group (and the directory's counts of its tags), kept between requests
while nothing they read has changed.

Building it reads every active member's profile, tags, past companies and introductions: for 2,000
members ~500 ms, most of a suggestions page. A process keeps the views of the groups it served
last, up to 5,000 members in all (~50 MB). Each is used only while the group's version is the one
it was built at (the newest of the group's `matching_changes`, written by the database's triggers
whoever changed what, migration 0019), the group's cap of open proposals is the same, and for a
few minutes at most (the engine's sense of "now": newcomers, quiet spells). Every process checks
the version with one short statement.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy import delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.groups.models import Group
from app.matching.models import MatchingChange

# How much a process keeps: a view weighs as many as the members in it (a 2,000-member group's
# view takes ~20 MB of memory), the least recently used going first; the newest is always kept.
WEIGHT_KEPT = 5_000
FRESH_FOR = timedelta(minutes=5)

Kept = TypeVar("Kept")
Version = tuple[object, ...]


async def version_of(session: AsyncSession, group: Group) -> Version:
    """What a view of the group was built from: read *before* the view's own statements, so that a
    view is never newer than its version says (a change committed in between makes it a miss)."""
    newest = (
        await session.execute(
            select(MatchingChange.id, MatchingChange.token)
            .where(MatchingChange.group_id == group.id)
            .order_by(MatchingChange.id.desc())
            .limit(1)
        )
    ).first()
    return (group.public_id, *(newest or ()))


async def prune_changes(session: AsyncSession) -> int:
    """Forgets every group's changes but the newest (its version), and those of deleted groups."""
    newer = MatchingChange.__table__.alias("newer")
    superseded = select(func.max(newer.c.id)).where(newer.c.group_id == MatchingChange.group_id).scalar_subquery()
    result = await session.execute(
        delete(MatchingChange)
        .where(or_(MatchingChange.id < superseded, MatchingChange.group_id.not_in(select(Group.id))))
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

    def __init__(self, weight: int = WEIGHT_KEPT, fresh_for: timedelta = FRESH_FOR) -> None:
        self.weight = weight
        self.fresh_for = fresh_for
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

    def clear(self) -> None:
        self._entries.clear()
