"""Proposing: who may, between whom, and the rules that keep anyone from being flooded or re-paired."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit.models import AuditEvent
from app.db import utcnow
from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.groups.models import MembershipStatus
from app.introductions import service
from app.introductions.models import Answer, DoNotPair, IntroductionRequest, IntroductionStatus, RequestStatus
from tests.factories import make_member, make_membership
from tests.introductions.helpers import REASON, emails, make_setup, propose, whole


async def test_a_proposal_orders_the_pair_and_asks_both_by_email(session: AsyncSession) -> None:
    setup = await make_setup(session, name="Tuesday evenings")
    introduction = await service.propose(
        session, setup.lead, setup.group, setup.ben.public_id, setup.ana.public_id, f"  {REASON}  "
    )
    assert introduction.person_a_id < introduction.person_b_id
    assert {introduction.person_a_id, introduction.person_b_id} == {setup.ana.id, setup.ben.id}
    assert (
        introduction.status == IntroductionStatus.proposed and introduction.reason_a == introduction.reason_b == REASON
    )
    assert introduction.a_answer == introduction.b_answer == Answer.pending
    assert introduction.proposed_by_account_id == setup.lead.id

    [to_ana] = await emails(session, to=setup.ana.email)
    [to_ben] = await emails(session, to=setup.ben.email)
    assert to_ana["template"] == to_ben["template"] == "introduction_proposed"
    assert to_ana["subject"] == "Fay Facilitator would like to introduce you to Ben Okafor"
    assert "Ana Lopez" in to_ben["subject"] and "HRIS lead" in to_ben["text"]
    for payload in (to_ana, to_ben):
        assert REASON in payload["text"] and "Tuesday evenings" in payload["text"]
        assert f"http://testserver/introductions/{introduction.public_id}" in payload["text"]
        assert f"/introductions/{introduction.public_id}" in payload["html"]
    # No contact details until both say yes: not the other's address, not their phone.
    assert setup.ben.email not in whole(to_ana) and "555 0202" not in whole(to_ana)
    assert setup.ana.email not in whole(to_ben) and "555 0101" not in whole(to_ben)
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "introduction.proposed"))).scalars()
    assert event.actor_account_id == setup.lead.id and event.target == str(introduction.public_id)


async def test_only_facilitators_propose_and_only_between_active_members(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(Forbidden):
        await service.propose(session, setup.ana, setup.group, setup.ben.public_id, setup.cleo.public_id, REASON)
    other = await make_setup(session)
    with pytest.raises(NotFound):  # a facilitator of another group: this group's people do not exist
        await service.propose(session, other.lead, setup.group, setup.ana.public_id, setup.ben.public_id, REASON)
    with pytest.raises(NotFound) as outsider:
        await propose(session, setup, setup.ana, other.ana)
    assert outsider.value.field_errors == {"person_b_id": "This person is not an active member of this group."}
    pending = await make_member(session, setup.group, name="Pat Pending", status=MembershipStatus.pending)
    with pytest.raises(NotFound):
        await propose(session, setup, pending, setup.ben)
    with pytest.raises(NotFound):
        await service.propose(session, setup.lead, setup.group, setup.ana.public_id, uuid.uuid4(), REASON)
    assert await emails(session) == []


async def test_the_reason_and_the_two_people_are_checked(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(InvalidInput) as same:
        await propose(session, setup, setup.ana, setup.ana)
    assert "two different people" in same.value.detail
    with pytest.raises(InvalidInput) as empty:
        await propose(session, setup, reason="   ")
    assert "reason_for_a" in empty.value.field_errors
    with pytest.raises(InvalidInput) as long:
        await propose(session, setup, reason="x" * 2001)
    assert "2000 characters" in long.value.field_errors["reason_for_a"]
    made = await propose(session, setup, reason="x" * 2000)
    assert made.reason_a == made.reason_b == "x" * 2000


async def test_no_second_open_introduction_for_the_same_pair(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await propose(session, setup)
    with pytest.raises(Conflict) as duplicate:
        await propose(session, setup, setup.ben, setup.ana)
    assert duplicate.value.detail == "Ana Lopez and Ben Okafor already have an introduction under way."
    connected = await propose(session, setup, setup.ana, setup.cleo)
    await service.answer(session, setup.ana, connected.public_id, True)
    await service.answer(session, setup.cleo, connected.public_id, True)
    with pytest.raises(Conflict):
        await propose(session, setup, setup.cleo, setup.ana)


async def test_a_pair_that_did_not_go_ahead_because_of_a_decline_is_never_proposed_again(session: AsyncSession) -> None:
    setup = await make_setup(session)
    declined = await propose(session, setup)
    await service.answer(session, setup.ben, declined.public_id, False)
    for first, second in ((setup.ana, setup.ben), (setup.ben, setup.ana)):
        with pytest.raises(Conflict) as refused:
            await propose(session, setup, first, second)
        assert refused.value.detail == (
            "An introduction of Ana Lopez and Ben Okafor did not go ahead before; Between does not propose it again."
        )
    # Not in another group either: a "no" is about the person, not the room.
    second_group = await make_setup(session)
    for person in (setup.ana, setup.ben):
        await make_membership(session, second_group.group, person)
    with pytest.raises(Conflict):
        await service.propose(
            session, second_group.lead, second_group.group, setup.ana.public_id, setup.ben.public_id, REASON
        )


async def test_expired_and_withdrawn_pairs_may_be_proposed_again(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    withdrawn = await propose(session, setup)
    await service.withdraw(session, setup.lead, withdrawn.public_id)
    with time_machine.travel(utcnow() - timedelta(days=20)):
        expired = await propose(session, setup, setup.ana, setup.cleo)
    await session.commit()
    assert (await service.process_due(sessionmaker))["expired"] == 1
    await session.refresh(expired)
    assert expired.status == IntroductionStatus.expired
    assert (await propose(session, setup)).status == IntroductionStatus.proposed
    assert (await propose(session, setup, setup.cleo, setup.ana)).status == IntroductionStatus.proposed


async def test_do_not_pair_list_is_respected_and_kept_by_facilitators(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(Forbidden):
        await service.add_do_not_pair(session, setup.ana, setup.group, setup.ana.public_id, setup.ben.public_id)
    entry = await service.add_do_not_pair(
        session, setup.lead, setup.group, setup.ben.public_id, setup.ana.public_id, "Former colleagues; it ended badly."
    )
    assert (entry.person_a_id, entry.person_b_id) == tuple(sorted((setup.ana.id, setup.ben.id)))
    again = await service.add_do_not_pair(
        session, setup.lead, setup.group, setup.ana.public_id, setup.ben.public_id, "Updated note"
    )
    assert again.id == entry.id and again.note == "Updated note"
    with pytest.raises(Conflict) as refused:
        await propose(session, setup)
    assert "do-not-pair" in refused.value.detail
    [listed] = await service.list_do_not_pair(session, setup.lead, setup.group)
    assert {listed.person_a.display_name, listed.person_b.display_name} == {"Ana Lopez", "Ben Okafor"}
    await service.remove_do_not_pair(session, setup.lead, setup.group, setup.ben.public_id, setup.ana.public_id)
    assert (await session.execute(select(DoNotPair))).scalars().all() == []
    with pytest.raises(NotFound):
        await service.remove_do_not_pair(session, setup.lead, setup.group, setup.ben.public_id, setup.ana.public_id)
    assert (await propose(session, setup)).status == IntroductionStatus.proposed


async def test_people_who_paused_are_left_out(session: AsyncSession) -> None:
    setup = await make_setup(session)
    membership = await service.set_paused(session, setup.ben, setup.group, True)
    assert membership.introductions_paused_at is not None
    with pytest.raises(Conflict) as refused:
        await propose(session, setup)
    assert refused.value.detail.startswith("Ben Okafor has paused introductions for now.")
    await service.set_paused(session, setup.ben, setup.group, False)
    assert (await propose(session, setup)).status == IntroductionStatus.proposed


async def test_nobody_carries_more_open_proposals_than_the_group_allows(session: AsyncSession) -> None:
    setup = await make_setup(session, max_open_proposals=2)
    extra = [await make_member(session, setup.group, name=f"Extra {index}") for index in range(3)]
    await propose(session, setup, setup.ana, extra[0])
    await propose(session, setup, setup.ana, extra[1])
    with pytest.raises(Conflict) as refused:
        await propose(session, setup, extra[2], setup.ana)
    assert refused.value.detail.startswith("Ana Lopez already has 2 introductions waiting for an answer")
    # Connected ones do not count: the cap is about unanswered proposals.
    first = await propose(session, setup, setup.ben, extra[2])
    await service.answer(session, setup.ben, first.public_id, True)
    await service.answer(session, extra[2], first.public_id, True)
    await propose(session, setup, setup.ben, extra[0])
    assert (await propose(session, setup, setup.ben, extra[1])).status == IntroductionStatus.proposed


async def test_a_request_is_fulfilled_by_a_proposal_that_includes_whoever_asked(session: AsyncSession) -> None:
    setup = await make_setup(session)
    request = await service.ask(
        session, setup.ben, setup.group, target_person_id=None, description="Someone who worked at Acme"
    )
    with pytest.raises(InvalidInput):
        await propose(session, setup, setup.ana, setup.cleo, request_id=request.public_id)
    introduction = await propose(session, setup, request_id=request.public_id)
    assert introduction.request_id == request.id
    await session.refresh(request)
    assert request.status == RequestStatus.fulfilled and request.closed_at is not None
    with pytest.raises(Conflict):
        await propose(session, setup, setup.ben, setup.cleo, request_id=request.public_id)
    assert (await session.execute(select(IntroductionRequest))).scalars().one().status == RequestStatus.fulfilled
