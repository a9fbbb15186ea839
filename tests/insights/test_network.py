"""/me/network: my own connections only, with outcomes, a chart, a nudge after a week, an empty state."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.groups.models import Role
from app.introductions import service as introductions
from app.introductions.models import Answer, IntroductionStatus, Outcome
from tests.factories import make_group, make_member, sign_in
from tests.insights.helpers import introduction

YES, NO = Answer.accepted, Answer.declined


async def _people(session: AsyncSession):  # type: ignore[no-untyped-def]
    group = await make_group(session, name="HR Tuesdays", timezone="America/Chicago")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    ana = await make_member(session, group, name="Ana Lopez", headline="HRIS lead")
    ben = await make_member(session, group, name="Ben Okafor", headline="Talent acquisition, 9 years in retail")
    cleo = await make_member(session, group, name="Cleo Park", headline="Recruiter")
    dan = await make_member(session, group, name="Dan Silva", headline="Payroll specialist")
    return group, lead, ana, ben, cleo, dan


async def test_i_see_only_my_connections_with_reasons_outcomes_and_headlines(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _, ana, ben, cleo, dan = await _people(session)
    now = utcnow()
    await introduction(
        session,
        group,
        ana,
        ben,
        now - timedelta(days=3),
        answers=(YES, YES),
        connected_at=now - timedelta(days=2),
        reason="Ben recruits at Acme, on Ana's list.",
        outcomes={ana.id: Outcome.met, ben.id: Outcome.referral},
        notes={ben.id: "Private: she is great but I am worried about my rent"},
    )
    await introduction(
        session, group, ana, cleo, now - timedelta(days=1), answers=(YES, NO), status=IntroductionStatus.declined
    )
    await introduction(session, group, ana, dan, now - timedelta(days=1))  # still waiting for answers
    await introduction(
        session,
        group,
        ben,
        cleo,
        now - timedelta(days=5),
        answers=(YES, YES),
        connected_at=now - timedelta(days=4),
        reason="Not about Ana at all.",
    )
    await sign_in(client, ana)
    response = await client.get("/me/network")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    cards = page.select(".network-card")
    assert [card.h3.text for card in cards] == ["Ben Okafor"]
    card = cards[0]
    assert "Talent acquisition, 9 years in retail" in card.text
    assert "Ben recruits at Acme, on Ana's list." in card.text
    outcomes = " ".join(card.find("dl", class_="network-outcomes").get_text(" ").split())
    assert outcomes == "You said We met Ben said It led to a referral"
    for absent in ("Cleo", "Dan", "Not about Ana at all.", "worried about my rent"):
        assert absent not in response.text, absent
    assert page.find("svg", role="img") is not None  # how my network grew
    assert page.select_one(".network-nudges") is None  # connected two days ago, and I said how it went
    assert page.find("a", href="/me/network", attrs={"aria-current": "page"}) is not None


async def test_a_nudge_after_seven_days_without_my_word(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, _, ana, ben, cleo, _ = await _people(session)
    connected_at = utcnow() - timedelta(days=1)
    connected = await introduction(
        session,
        group,
        ana,
        ben,
        connected_at - timedelta(days=1),
        answers=(YES, YES),
        connected_at=connected_at,
        outcomes={ben.id: Outcome.met},
    )
    # "We have not met yet" is an answer too: no nudge for it.
    await introduction(
        session,
        group,
        ana,
        cleo,
        connected_at - timedelta(days=1),
        answers=(YES, YES),
        connected_at=connected_at,
        outcomes={ana.id: Outcome.not_yet},
    )
    await sign_in(client, ana)
    assert "Did you and" not in (await client.get("/me/network")).text
    with time_machine.travel(connected_at + timedelta(days=6, hours=23)):
        assert "Did you and" not in (await client.get("/me/network")).text
    with time_machine.travel(connected_at + timedelta(days=7, minutes=1)):
        page = BeautifulSoup((await client.get("/me/network")).text, "html.parser")
    nudges = page.select_one(".network-nudges")
    assert nudges is not None
    assert [" ".join(item.text.split()) for item in nudges.find_all("li")] == [
        "Did you and Ben meet? Tell us how it went"
    ]
    assert nudges.find("a")["href"] == f"/introductions/{connected.public_id}#outcome"
    # Once I say how it went, the nudge goes.
    await introductions.record_outcome(session, ana, connected.public_id, "met")
    with time_machine.travel(utcnow() + timedelta(days=8)):
        assert "Did you and" not in (await client.get("/me/network")).text


async def test_no_connections_explains_how_introductions_happen(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, _, ana, ben, cleo, _ = await _people(session)
    await introduction(session, group, ben, cleo, utcnow(), answers=(YES, YES), connected_at=utcnow())
    await introduction(session, group, ana, ben, utcnow())
    await sign_in(client, ana)
    response = await client.get("/me/network")
    page = BeautifulSoup(response.text, "html.parser")
    empty = page.select_one(".empty-state")
    assert empty is not None and "When you both say yes, you are connected" in empty.text
    assert empty.find("a", href="/introductions") is not None
    assert page.select(".network-card") == [] and page.find("svg") is None
    assert "Cleo" not in response.text


async def test_the_network_page_needs_a_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get("/me/network")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/me/network"
