"""The request queue: each request next to the engine's suggestions for it; proposing answers it."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.introductions.models import IntroductionRequest, RequestStatus
from app.introductions.service import ask
from app.matching.engine import PastJob, Snapshot, score_pair
from app.matching.request_queue import with_description
from tests.factories import make_member, post_form, sign_in
from tests.matching.helpers import acme_group, text_of

COMPANIES = ["acme health", "acme logistics", "globex insurance", "northwind health"]


def test_a_request_names_companies_as_people_say_them() -> None:
    kim = Snapshot(1, "Kim Park", asks="Feedback on my resume")
    short = with_description(kim, "someone who worked at Acme", COMPANIES)
    assert {"acme health", "acme logistics"} <= short.asked and "globex insurance" not in short.asked
    assert short.asks.startswith("someone who worked at Acme") and short.asks.endswith("Feedback on my resume")
    exact = with_description(kim, "someone from Acme Health", COMPANIES)
    assert "acme health" in exact.asked and "acme logistics" not in exact.asked
    assert (
        with_description(kim, "someone in HR", COMPANIES).asked == with_description(kim, "someone in HR", []).asked
    )  # no company named, none added

    ana = Snapshot(2, "Ana Ruiz", past_jobs=(PastJob("acme health", "Acme Health", 2015, 2019),))
    now = datetime(2026, 11, 25, tzinfo=UTC)
    assert score_pair(kim, ana, now) is None
    found = score_pair(short, ana, now)
    assert found is not None and found.reasons[0].kind.value == "named_company"
    assert found.reason_for(kim.person_id).startswith(
        "Ana worked at Acme Health (2015–2019), and you are looking for someone who knows it."
    )


async def test_someone_who_worked_at_acme_finds_acme_people_first(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    bea = await make_member(
        session,
        acme.group,
        name="Bea Stone",
        headline="Payroll lead",
        stage="searching",
        past_companies=[{"name": "Acme Health", "from": 2020, "to": 2023}],
    )
    # People the engine would otherwise rank well for Kim: they offer what she asks about.
    for name in ("Cal Reyes", "Dee Moss"):
        await make_member(
            session, acme.group, name=name, stage="alumni", can_help_with="Resume reviews, resume rewrites"
        )
    await ask(session, acme.kim, acme.group, target_person_id=None, description="Someone who worked at Acme")
    await sign_in(client, acme.lead)

    page = BeautifulSoup((await client.get("/g/hr-tuesday/introductions/requests")).text, "html.parser")
    item = page.select_one(".request-item")
    assert "Kim Park asked to meet “Someone who worked at Acme”" in text_of(str(item.select_one("h2")))
    suggested = [a.get_text() for a in item.select(".suggestion .match-person a")]
    assert set(suggested[:2]) == {"Ana Ruiz", "Bea Stone"}
    lists = item.select("ol.suggestion-list")
    assert item.select_one(".request-subtitle").get_text() == "Who matches the request"
    assert {a.get_text() for a in lists[0].select(".match-person a")} == {"Ana Ruiz", "Bea Stone"}
    reasons = text_of(str(item))
    assert "Bea worked at Acme Health (2020–2023), and you are looking for someone who knows it." in reasons
    link = item.select_one(".suggestion a.button")["href"]
    request_id = (await session.execute(IntroductionRequest.__table__.select())).first().public_id
    assert f"&request_id={request_id}" in link and f"a={acme.kim.public_id}" in link
    del bea


async def test_proposing_from_a_request_answers_it(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    request = await ask(session, acme.sam, acme.group, target_person_id=acme.ana.public_id, description="")
    await sign_in(client, acme.lead)
    queue = await client.get("/g/hr-tuesday/introductions/requests")
    item = BeautifulSoup(queue.text, "html.parser").select_one(".request-item")
    assert "Sam Lee asked to meet Ana Ruiz" in text_of(str(item.select_one("h2")))
    assert "Ana worked at Acme Health (2015–2019), one of the companies on your list." in text_of(str(item))
    link = item.select_one(".request-target a.button")["href"]
    assert link == (
        f"/g/hr-tuesday/introductions/new?a={acme.sam.public_id}&b={acme.ana.public_id}&request_id={request.public_id}"
    )

    form = BeautifulSoup((await client.get(link)).text, "html.parser")
    assert "Sam Lee asked to meet Ana Ruiz" in text_of(str(form.select_one(".notice")))
    assert form.select_one("form[method=post] input[name=request_id]")["value"] == str(request.public_id)
    response = await post_form(
        client,
        "/g/hr-tuesday/introductions/new",
        {
            "a": str(acme.sam.public_id),
            "b": str(acme.ana.public_id),
            "request_id": str(request.public_id),
            "reason_for_a": form.select_one("#field-reason_for_a").get_text(),
            "reason_for_b": form.select_one("#field-reason_for_b").get_text(),
        },
        page=link,
    )
    assert response.status_code == 303 and response.headers["location"] == "/g/hr-tuesday/introductions/requests"
    await session.refresh(request)
    assert request.status == RequestStatus.fulfilled
    assert "No open requests" in (await client.get("/g/hr-tuesday/introductions/requests")).text
    gone = await client.get(link)
    assert gone.status_code == 404 and "no longer open" in gone.text


async def test_closing_a_request(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    request = await ask(session, acme.member, acme.group, target_person_id=None, description="A unicorn tamer")
    await sign_in(client, acme.lead)
    queue = await client.get("/g/hr-tuesday/introductions/requests")
    assert "Nobody in the group matches these words yet." in queue.text
    assert "Others Max Quiet could meet" in queue.text  # the engine's general suggestions, said as such
    close = f"/g/hr-tuesday/introductions/requests/{request.public_id}/close"
    response = await post_form(client, close, {}, page="/g/hr-tuesday/introductions/requests")
    assert response.status_code == 303
    await session.refresh(request)
    assert request.status == RequestStatus.closed
    again = await post_form(client, close, {}, page="/g/hr-tuesday/introductions/requests")
    assert again.status_code == 303
    assert "already closed" in (await client.get(again.headers["location"])).text


async def test_a_request_for_a_company_already_on_the_askers_list_still_finds_its_people(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)  # Acme Health is on Sam's target list already
    await ask(session, acme.sam, acme.group, target_person_id=None, description="someone who worked at Acme")
    await sign_in(client, acme.lead)
    item = BeautifulSoup((await client.get("/g/hr-tuesday/introductions/requests")).text, "html.parser").select_one(
        ".request-item"
    )
    assert "Nobody in the group matches" not in item.text
    assert item.select_one(".request-subtitle").get_text() == "Who matches the request"
    matching = item.select("ol.suggestion-list")[0]
    assert [a.get_text() for a in matching.select(".match-person a")] == ["Ana Ruiz"]
