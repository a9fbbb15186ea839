"""Each of the two reads the reason written to them: in the email, on their page, in the API;
facilitators see both. Nobody is ever introduced to themself, whatever the code above tries."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.introductions import service
from app.introductions.models import Introduction
from tests.factories import bearer, make_token, sign_in
from tests.introductions.helpers import emails, make_setup

TO_ANA = "Ben is hoping to join Acme, where you worked (2015–2019)."
TO_BEN = "Ana worked at Acme (2015–2019), one of the companies on your list."


async def test_each_reads_their_own_words_and_facilitators_read_both(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session)
    made = await service.propose(
        session,
        setup.lead,
        setup.group,
        setup.ben.public_id,
        setup.ana.public_id,
        TO_BEN,
        TO_ANA,
        kinds=["target_company"],
    )
    assert made.reason_for(setup.ana.id) == TO_ANA and made.reason_for(setup.ben.id) == TO_BEN
    [to_ana] = await emails(session, to=setup.ana.email, template="introduction_proposed")
    [to_ben] = await emails(session, to=setup.ben.email, template="introduction_proposed")
    assert TO_ANA in to_ana["text"] and TO_BEN not in to_ana["text"]
    assert TO_BEN in to_ben["text"] and TO_ANA not in to_ben["text"]

    await sign_in(client, setup.ana)
    page = await client.get("/introductions")
    assert TO_ANA in page.text and TO_BEN not in page.text
    own = (
        await client.get(
            f"/api/v1/introductions/{made.public_id}", headers=bearer(await make_token(session, setup.ana, Scope.read))
        )
    ).json()
    assert own["reason"] == TO_ANA and own["reasons"] is None

    lead = (
        await client.get(
            f"/api/v1/introductions/{made.public_id}", headers=bearer(await make_token(session, setup.lead, Scope.read))
        )
    ).json()
    by_id = {lead["person_a"]["id"]: lead["reasons"]["person_a"], lead["person_b"]["id"]: lead["reasons"]["person_b"]}
    assert by_id == {str(setup.ana.public_id): TO_ANA, str(setup.ben.public_id): TO_BEN}
    assert lead["reasons"]["kinds"] == ["target_company"]


async def test_the_database_refuses_an_introduction_of_someone_to_themself(session: AsyncSession) -> None:
    setup = await make_setup(session)
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            session.add(
                Introduction(
                    group_id=setup.group.id,
                    person_a_id=setup.ana.id,
                    person_b_id=setup.ana.id,
                    reason_a="Meet yourself.",
                    reason_b="Meet yourself.",
                )
            )
            await session.flush()
