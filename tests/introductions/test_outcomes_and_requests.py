"""Outcomes of connected introductions, members' requests, and pausing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.groups.models import MembershipStatus
from app.introductions import service
from app.introductions.models import IntroductionOutcome, Outcome, RequestStatus
from tests.factories import make_member
from tests.introductions.helpers import make_setup, propose


async def _connected(session: AsyncSession, setup):  # type: ignore[no-untyped-def]
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ben, introduction.public_id, True)
    return introduction


async def test_each_of_the_two_records_one_outcome_and_may_update_it(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await _connected(session, setup)
    first = await service.record_outcome(session, setup.ana, introduction.public_id, Outcome.met, "Coffee on Friday.")
    again = await service.record_outcome(session, setup.ana, introduction.public_id, "referral", "She referred me!")
    assert again.id == first.id and again.outcome == Outcome.referral and again.note == "She referred me!"
    await service.record_outcome(session, setup.ben, introduction.public_id, Outcome.helpful)
    rows = (await session.execute(select(IntroductionOutcome))).scalars().all()
    assert sorted(row.outcome.value for row in rows) == ["helpful", "referral"]

    # Each sees their own; the facilitators see both.
    ana_view = await service.introduction_for(session, setup.ana, introduction.public_id)
    assert list(ana_view.outcomes) == [setup.ana.id] and ana_view.my_outcome.outcome == Outcome.referral
    lead_view = await service.introduction_for(session, setup.lead, introduction.public_id)
    assert set(lead_view.outcomes) == {setup.ana.id, setup.ben.id}


async def test_outcomes_only_for_the_two_and_only_once_connected(session: AsyncSession) -> None:
    setup = await make_setup(session)
    proposed = await propose(session, setup, setup.ana, setup.cleo)
    with pytest.raises(Conflict):
        await service.record_outcome(session, setup.ana, proposed.public_id, Outcome.met)
    introduction = await _connected(session, setup)
    with pytest.raises(NotFound):
        await service.record_outcome(session, setup.cleo, introduction.public_id, Outcome.met)
    with pytest.raises(Forbidden):
        await service.record_outcome(session, setup.lead, introduction.public_id, Outcome.met)
    with pytest.raises(InvalidInput):
        await service.record_outcome(session, setup.ben, introduction.public_id, Outcome.met, "x" * 2001)


async def test_members_ask_for_a_member_or_for_someone_who(session: AsyncSession) -> None:
    setup = await make_setup(session)
    to_ana = await service.ask(
        session,
        setup.ben,
        setup.group,
        target_person_id=setup.ana.public_id,
        description="  I'd love to hear about Acme.  ",
    )
    assert to_ana.target_account_id == setup.ana.id and to_ana.description == "I'd love to hear about Acme."
    with time_machine.travel(utcnow() + timedelta(minutes=5)):
        someone = await service.ask(
            session, setup.cleo, setup.group, target_person_id=None, description="Someone who worked at Globex"
        )
    assert someone.target_account_id is None and someone.status == RequestStatus.open

    queue = await service.open_requests(session, setup.lead, setup.group)
    assert [(item.requester.display_name, item.target.display_name if item.target else None) for item in queue] == [
        ("Ben Okafor", "Ana Lopez"),
        ("Cleo Park", None),
    ]  # oldest first
    with pytest.raises(Forbidden):
        await service.open_requests(session, setup.ben, setup.group)
    # Nobody is told they were asked for.
    assert [item.request.id for item in await service.my_requests(session, setup.ana)] == []


async def test_a_request_needs_someone_and_is_checked(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(InvalidInput) as nothing:
        await service.ask(session, setup.ben, setup.group, target_person_id=None, description="   ")
    assert "target_person_id" in nothing.value.field_errors
    with pytest.raises(InvalidInput) as themself:
        await service.ask(session, setup.ben, setup.group, target_person_id=setup.ben.public_id, description="")
    assert "That is you" in themself.value.field_errors["target_person_id"]
    stranger = (await make_setup(session)).ana
    with pytest.raises(InvalidInput):
        await service.ask(session, setup.ben, setup.group, target_person_id=stranger.public_id, description="")
    left = await make_member(session, setup.group, name="Lee Left", status=MembershipStatus.left)
    with pytest.raises(InvalidInput):
        await service.ask(session, setup.ben, setup.group, target_person_id=left.public_id, description="")
    with pytest.raises(NotFound):  # only members ask
        await service.ask(session, stranger, setup.group, target_person_id=None, description="Anyone at Acme")
    with pytest.raises(InvalidInput):
        await service.ask(session, setup.ben, setup.group, target_person_id=None, description="x" * 1001)
    await service.ask(session, setup.ben, setup.group, target_person_id=setup.ana.public_id, description="")
    with pytest.raises(Conflict) as twice:
        await service.ask(session, setup.ben, setup.group, target_person_id=setup.ana.public_id, description="")
    assert twice.value.field_errors == {"target_person_id": "You already asked to meet Ana Lopez."}


async def test_five_open_requests_at_most(session: AsyncSession) -> None:
    setup = await make_setup(session)
    for index in range(service.MAX_OPEN_REQUESTS):
        await service.ask(
            session, setup.ben, setup.group, target_person_id=None, description=f"Someone at firm {index}"
        )
    with pytest.raises(Conflict) as full:
        await service.ask(session, setup.ben, setup.group, target_person_id=None, description="One more")
    assert "5 requests waiting" in full.value.detail
    [latest, *_] = await service.my_requests(session, setup.ben)
    await service.close_request(session, setup.ben, latest.request.public_id)
    assert (
        await service.ask(session, setup.ben, setup.group, target_person_id=None, description="One more")
    ).status == RequestStatus.open


async def test_closing_requests(session: AsyncSession) -> None:
    setup = await make_setup(session)
    request = await service.ask(session, setup.ben, setup.group, target_person_id=None, description="Someone at Acme")
    with pytest.raises(NotFound):  # another member cannot see it, let alone close it
        await service.close_request(session, setup.cleo, request.public_id)
    closed = await service.close_request(session, setup.lead, request.public_id)
    assert closed.status == RequestStatus.closed and closed.closed_at is not None
    assert await service.open_requests(session, setup.lead, setup.group) == []
    with pytest.raises(Conflict):
        await service.close_request(session, setup.ben, request.public_id)


async def test_pausing_is_per_group_and_for_active_members(session: AsyncSession) -> None:
    setup = await make_setup(session)
    other = await make_setup(session)
    with pytest.raises(NotFound):
        await service.set_paused(session, setup.ana, other.group, True)
    await service.set_paused(session, setup.ana, setup.group, True)
    settings = await service.my_groups(session, setup.ana)
    assert [(s.group.id, s.paused) for s in settings] == [(setup.group.id, True)]
    await service.set_paused(session, setup.ana, setup.group, True)  # twice is fine
    await service.set_paused(session, setup.ana, setup.group, False)
    assert [s.paused for s in await service.my_groups(session, setup.ana)] == [False]
