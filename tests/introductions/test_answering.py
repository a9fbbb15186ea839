"""Answering: double opt-in, a decline that stays private, contact details only after two yeses."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.introductions import service
from app.introductions.models import Answer, IntroductionStatus
from app.pagination import PageParams
from tests.factories import make_member
from tests.introductions.helpers import REASON, emails, make_setup, propose, whole


async def test_two_yeses_connect_and_share_contact_details_with_both(session: AsyncSession) -> None:
    setup = await make_setup(session, name="Tuesday evenings")
    introduction = await propose(session, setup)
    before = len(await emails(session))
    await service.answer(session, setup.ana, introduction.public_id, True, "Happy to help Ben.")
    assert introduction.status == IntroductionStatus.proposed
    assert len(await emails(session)) == before  # one yes tells nobody anything
    view = await service.introduction_for(session, setup.ana, introduction.public_id)
    assert view.waiting_for_other and view.contact is None

    await service.answer(session, setup.ben, introduction.public_id, True)
    assert introduction.status == IntroductionStatus.connected and introduction.connected_at is not None
    [to_ana] = await emails(session, to=setup.ana.email, template="introduction_connected")
    [to_ben] = await emails(session, to=setup.ben.email, template="introduction_connected")
    assert to_ana["subject"] == "Meet Ben Okafor" and to_ben["subject"] == "Meet Ana Lopez"
    for payload in (to_ana, to_ben):
        assert REASON in payload["text"] and "Fay Facilitator" in payload["text"]
    # Each learns the other's email, phone, LinkedIn, headline, asks and offers.
    assert setup.ben.email in to_ana["text"] and "+1 312 555 0202" in to_ana["text"]
    assert "Talent acquisition" in to_ana["text"] and "Interview practice." in to_ana["text"]
    assert "An introduction to someone at Acme." in to_ana["text"]
    assert setup.ana.email in to_ben["text"] and "+1 312 555 0101" in to_ben["text"]
    assert "https://www.linkedin.com/in/ana-lopez" in to_ben["text"] and "Workday and HRIS questions." in to_ben["text"]
    assert f'href="mailto:{setup.ana.email}"' in to_ben["html"]
    # The private note went to nobody.
    assert all("Happy to help Ben." not in whole(payload) for payload in await emails(session))

    view = await service.introduction_for(session, setup.ben, introduction.public_id)
    assert view.contact is not None and view.contact.email == setup.ana.email
    assert (
        view.contact.phone == "+1 312 555 0101" and view.contact.linkedin_url == "https://www.linkedin.com/in/ana-lopez"
    )


async def test_contact_details_respect_what_a_person_keeps_for_facilitators(session: AsyncSession) -> None:
    setup = await make_setup(session)
    hidden = await make_member(
        session,
        setup.group,
        name="Quinn Quiet",
        linkedin_url="https://linkedin.com/in/quinn",
        looking_for="Something private.",
        visibility={"linkedin_url": "facilitators", "looking_for": "facilitators"},
    )
    introduction = await propose(session, setup, setup.ana, hidden)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, hidden, introduction.public_id, True)
    [to_ana] = await emails(session, to=setup.ana.email, template="introduction_connected")
    assert hidden.email in to_ana["text"]
    assert "linkedin.com/in/quinn" not in whole(to_ana) and "Something private." not in whole(to_ana)


async def test_a_decline_ends_it_at_once_and_stays_private(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ben, introduction.public_id, False, "We were at the same firm; awkward.")
    assert introduction.status == IntroductionStatus.declined and introduction.closed_at is not None
    assert (
        introduction.b_note == "We were at the same firm; awkward."
        if introduction.person_b_id == setup.ben.id
        else introduction.a_note == "We were at the same firm; awkward."
    )

    # Ana hears only that it is not going ahead: not who, not why.
    [to_ana] = await emails(session, to=setup.ana.email, template="introduction_not_going_ahead")
    assert to_ana["subject"] == "Your introduction to Ben Okafor"
    assert "not going ahead" in to_ana["text"]
    assert "declin" not in whole(to_ana).lower() and "awkward" not in whole(to_ana)
    assert await emails(session, to=setup.ben.email, template="introduction_not_going_ahead") == []
    # The facilitator who proposed it learns who declined, with the private note.
    [to_lead] = await emails(session, to=setup.lead.email)
    assert to_lead["template"] == "introduction_declined_for_facilitator"
    assert "Ben Okafor declined" in to_lead["subject"] and "awkward" in to_lead["text"]

    view = await service.introduction_for(session, setup.ana, introduction.public_id)
    assert view.status == "not_going_ahead" and view.my_answer == Answer.accepted
    [listed] = (await service.my_introductions(session, setup.ana, status="not_going_ahead", page=PageParams())).items
    assert listed.status == "not_going_ahead"
    with pytest.raises(InvalidInput):  # filtering on "declined" would tell declines from expiries
        await service.my_introductions(session, setup.ana, status="declined", page=PageParams())
    facilitator_view = await service.introduction_for(session, setup.lead, introduction.public_id)
    assert facilitator_view.status == "declined"


async def test_changing_ones_mind_before_the_other_answers(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ana, introduction.public_id, False)
    assert introduction.status == IntroductionStatus.declined
    with pytest.raises(Conflict) as closed:
        await service.answer(session, setup.ben, introduction.public_id, True)
    assert "no longer waiting" in closed.value.detail


async def test_answering_twice_the_same_way_changes_nothing(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    await service.answer(session, setup.ana, introduction.public_id, True)
    await service.answer(session, setup.ana, introduction.public_id, True)
    assert introduction.status == IntroductionStatus.proposed
    await service.answer(session, setup.ben, introduction.public_id, True)
    with pytest.raises(Conflict) as done:
        await service.answer(session, setup.ben, introduction.public_id, True)
    assert "already connected" in done.value.detail


async def test_only_the_two_may_answer(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    with pytest.raises(NotFound):  # a member of the group who is not one of the two
        await service.answer(session, setup.cleo, introduction.public_id, True)
    with pytest.raises(Forbidden):  # the facilitators see it, but it is not theirs to answer
        await service.answer(session, setup.lead, introduction.public_id, True)
    outsider = (await make_setup(session)).ana
    with pytest.raises(NotFound):
        await service.answer(session, outsider, introduction.public_id, False)
    with pytest.raises(InvalidInput):
        await service.answer(session, setup.ana, introduction.public_id, True, "x" * 2001)
    assert introduction.a_answer == introduction.b_answer == Answer.pending


async def test_seeing_an_introduction(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    for person in (setup.ana, setup.ben, setup.lead):
        assert (
            await service.introduction_for(session, person, introduction.public_id)
        ).introduction.id == introduction.id
    other = await make_setup(session)
    for person in (setup.cleo, other.lead, other.ana):
        with pytest.raises(NotFound):
            await service.introduction_for(session, person, introduction.public_id)
    # What each of the two sees of the other: the profile as a fellow member sees it, no contact.
    view = await service.introduction_for(session, setup.ben, introduction.public_id)
    assert view.other_profile is not None and view.other_profile.name == "Ana Lopez"
    assert view.other_profile.looking_for == "A mentor in people analytics."
    assert view.other_profile.email is None and view.other_profile.phone is None and view.contact is None


async def test_facilitators_withdraw_proposals_and_both_hear_it_did_not_go_ahead(session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    with pytest.raises(Forbidden):
        await service.withdraw(session, setup.ana, introduction.public_id)
    await service.withdraw(session, setup.lead, introduction.public_id)
    assert introduction.status == IntroductionStatus.withdrawn
    for person in (setup.ana, setup.ben):
        [told] = await emails(session, to=person.email, template="introduction_not_going_ahead")
        assert "withdr" not in whole(told).lower()
    with pytest.raises(Conflict):
        await service.withdraw(session, setup.lead, introduction.public_id)
