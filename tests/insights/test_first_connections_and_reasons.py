"""Newcomers' time to a first connection, and which kinds of reason lead people to meet."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Role
from app.insights.service import insights_for
from app.introductions.models import Answer, IntroductionStatus, Outcome
from tests.factories import make_group, make_member
from tests.insights.helpers import introduction, set_joined, utc

YES = Answer.accepted


async def test_first_connections_and_reasons_by_kind(session: AsyncSession) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Lead", role=Role.facilitator)
    ana, ben, cleo, dan, eve = [
        await make_member(session, group, name=name) for name in ("Ana A", "Ben B", "Cleo C", "Dan D", "Eve E")
    ]
    veteran = await make_member(session, group, name="Vera Veteran")
    for person, day in ((ana, 1), (ben, 3), (cleo, 5), (dan, 10), (eve, 20)):
        await set_joined(session, group, person, utc(2025, 3, day))
    await set_joined(session, group, veteran, utc(2024, 1, 1))
    # Ana connects 4 days after joining, Ben 12, Cleo 30 (too late), Dan and Eve never.
    await introduction(
        session,
        group,
        ana,
        veteran,
        utc(2025, 3, 3),
        answers=(YES, YES),
        connected_at=utc(2025, 3, 5),
        kinds=("target_company", "been_there"),
        outcomes={ana.id: Outcome.referral},
    )
    await introduction(
        session,
        group,
        ben,
        veteran,
        utc(2025, 3, 10),
        answers=(YES, YES),
        connected_at=utc(2025, 3, 15),
        kinds=("topic",),
        outcomes={ben.id: Outcome.met},
    )
    await introduction(
        session,
        group,
        cleo,
        veteran,
        utc(2025, 3, 30),
        answers=(YES, YES),
        connected_at=utc(2025, 4, 4),
        kinds=("topic",),
    )
    await introduction(
        session, group, dan, veteran, utc(2025, 3, 12), status=IntroductionStatus.expired, kinds=("target_company",)
    )
    await introduction(session, group, eve, ana, utc(2025, 3, 25))  # the facilitator's own words
    data = (await insights_for(session, lead, group, "2025-03-01", "2025-04-30")).data

    first = data.first_connections
    assert first is not None
    assert (first.newcomers, first.connected, first.within_14_days) == (5, 3, 2)
    assert first.percent_within_14_days == 40.0
    assert first.median_days == 12.0  # 4, 12 and 30 days
    rates = {rate.kind: rate for rate in data.reasons or []}
    assert (rates["target_company"].proposed, rates["target_company"].connected, rates["target_company"].helped) == (
        2,
        1,
        1,
    )
    assert rates["target_company"].percent_connected == 50.0
    assert (rates["topic"].proposed, rates["topic"].connected, rates["topic"].met) == (2, 2, 1)
    assert rates["own_words"].proposed == 1 and rates["own_words"].label == "In the facilitator's own words"
    assert list(rates)[0] in ("target_company", "topic")  # the most proposed first
