from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Role
from app.matching.service import snapshots
from tests.factories import make_group, make_member


async def test_fields_kept_for_facilitators_stay_out_of_the_engine(session: AsyncSession) -> None:
    group = await make_group(session)
    await make_member(session, group, name="Lead", role=Role.facilitator)
    private = await make_member(
        session,
        group,
        name="Private Person",
        target_companies=["Acme Health"],
        skills=["Workday"],
        looking_for="A job at Acme",
        stage="interviewing",
        visibility={"target_companies": "facilitators", "looking_for": "facilitators", "stage": "facilitators"},
    )
    snapshot = (await snapshots(session, group))[private.id]
    assert snapshot.target_companies == frozenset() and snapshot.asks == "" and snapshot.stage == ""
    assert snapshot.skills == frozenset({"workday"})  # visible to members: used
