"""Introductions in a person's data export, and what deleting an account does to them."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db import utcnow
from app.introductions import service
from app.introductions.models import IntroductionOutcome, IntroductionRequest, IntroductionStatus, RequestStatus
from tests.factories import PASSWORD, post_form, sign_in
from tests.introductions.helpers import REASON, emails, make_setup, propose, whole


async def test_the_export_has_my_side_of_each_introduction(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session, name="Tuesday evenings")
    declined = await propose(session, setup, setup.ana, setup.ben)
    await service.answer(session, setup.ana, declined.public_id, True, "Happy to.")
    await service.answer(session, setup.ben, declined.public_id, False, "Rather not, sorry.")
    connected = await propose(session, setup, setup.ana, setup.cleo)
    await service.answer(session, setup.ana, connected.public_id, True)
    await service.answer(session, setup.cleo, connected.public_id, True)
    await service.record_outcome(session, setup.ana, connected.public_id, "helpful", "Great chat")
    await service.ask(session, setup.ana, setup.group, target_person_id=None, description="Someone at Globex")
    await sign_in(client, setup.ana)
    data = (await client.get("/settings/data/export.json")).json()
    by_person = {item["with_person"]: item for item in data["introductions"]}
    assert by_person["Ben Okafor"] | {"proposed_at": None} == {
        "group": "Tuesday evenings",
        "with_person": "Ben Okafor",
        "reason": REASON,
        "status": "not_going_ahead",
        "my_answer": "accepted",
        "my_note": "Happy to.",
        "proposed_at": None,
        "connected_at": None,
        "my_outcome": None,
        "my_outcome_note": "",
    }
    assert "Rather not" not in str(data)  # the other person's note is theirs
    assert by_person["Cleo Park"]["status"] == "connected" and by_person["Cleo Park"]["my_outcome"] == "helpful"
    assert data["introduction_requests"][0]["to_meet"] == "Someone at Globex"


async def test_deleting_an_account_withdraws_its_proposals_and_closes_its_requests(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    setup = await make_setup(session)
    waiting = await propose(session, setup, setup.ana, setup.ben)
    await service.answer(session, setup.ana, waiting.public_id, True, "My private note")
    connected = await propose(session, setup, setup.ana, setup.cleo)
    await service.answer(session, setup.ana, connected.public_id, True)
    await service.answer(session, setup.cleo, connected.public_id, True)
    await service.record_outcome(session, setup.ana, connected.public_id, "met", "Talked about my divorce")
    request = await service.ask(session, setup.ana, setup.group, target_person_id=None, description="Someone at Acme")

    await sign_in(client, setup.ana)
    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert response.status_code == 303
    for row in (waiting, connected, request):
        await session.refresh(row)
    assert waiting.status == IntroductionStatus.withdrawn and waiting.closed_at is not None
    assert "My private note" not in (waiting.a_note + waiting.b_note)
    assert connected.status == IntroductionStatus.connected  # kept, so the group's counts add up
    assert request.status == RequestStatus.closed and request.description == ""
    outcome = (await session.execute(select(IntroductionOutcome))).scalar_one()
    assert outcome.note == ""
    [told] = await emails(session, to=setup.ben.email, template="introduction_not_going_ahead")
    assert "declin" not in whole(told).lower()
    assert (await session.execute(select(IntroductionRequest.status))).scalars().all() == [RequestStatus.closed]
    # Nothing more goes to the deleted account; the follow-up goes to the other person only.
    await session.refresh(setup.ana)
    await session.commit()
    with time_machine.travel(utcnow() + timedelta(days=8)):
        assert (await service.process_due(sessionmaker))["first_follow_ups"] == 1
    assert [p["to"] for p in await emails(session, template="introduction_follow_up")] == [setup.cleo.email]
    assert await emails(session, to=setup.ana.email) == []
