"""The matching engine reads shared reach: only of members who shared it with this group, as
companies (never names), and gives a reason both may read."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.matching import service as matching
from app.reach import service
from tests.factories import make_membership
from tests.reach.helpers import SECRET_NAMES, make_setup


async def test_snapshots_know_companies_only_where_reach_was_shared(session: AsyncSession) -> None:
    s = await make_setup(session, shared=False)
    people = await matching.snapshots(session, s.group)
    assert people[s.jordan.id].known_companies == frozenset()
    await service.set_sharing(session, s.jordan, s.group.public_id, True)
    people = await matching.snapshots(session, s.group)
    assert people[s.jordan.id].known_companies == frozenset({"northwind health"})
    # Shared with the Tuesday circle only: the Thursday circle's engine knows nothing of it.
    await make_membership(session, s.other_group, s.jordan)
    assert (await matching.snapshots(session, s.other_group))[s.jordan.id].known_companies == frozenset()


async def test_a_reason_both_may_read(session: AsyncSession) -> None:
    s = await make_setup(session)
    _, found = await matching.suggestions_for_member(session, s.lead, s.group, s.ana.public_id, limit=10)
    [jordan] = [item for item in found if item.person.id == s.jordan.id]
    [reason] = [reason for reason in jordan.suggestion.reasons if reason.kind == "knows_people"]
    to_ana, to_jordan = (
        (reason.to_a, reason.to_b) if jordan.suggestion.person_a_id == s.ana.id else (reason.to_b, reason.to_a)
    )
    assert to_ana == "Jordan knows people at Northwind Health, one of the companies on your list."
    assert to_jordan == "Ana is looking for a way in at Northwind Health, where you know people."
    for name in SECRET_NAMES:
        assert name not in to_ana and name not in to_jordan
