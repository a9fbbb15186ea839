"""The wall of successes: the landings people chose to share, for the group's members only, newest
first, naming people by first name and last initial and never the other side of an introduction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.landings import service
from app.landings.models import HelpedBy, Landing
from app.pagination import PageParams
from tests.factories import make_member, sign_in
from tests.landings.helpers import landing, make_setup


async def test_members_see_only_what_was_shared(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    await service.report_landing(
        session,
        setup.lena,
        setup.group,
        landing(
            helped_by="introduction",
            introduction_id=str(setup.introduction.public_id),
            story="The introduction opened the door.",
        ),
    )
    await service.report_landing(
        session,
        setup.cleo,
        setup.group,
        landing(role="Payroll manager", company="Globex", on_wall=False, story="Private words."),
    )

    await sign_in(client, setup.cleo)
    response = await client.get(f"/g/{setup.group.slug}/wall")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    [card] = page.select(".wall-card")
    text = card.get_text(" ", strip=True)
    assert "Lena F." in text and "Senior recruiter at Acme Health" in text
    assert "An introduction through the group" in text and "The introduction opened the door." in text
    assert datetime.now(UTC).strftime("%Y") in card.select_one(".wall-when").text
    main = " ".join(page.select_one("main").get_text(" ", strip=True).split())
    for hidden in ("Fischer", "Omar", "Haddad", "Payroll manager", "Globex", "Private words."):
        assert hidden not in main, hidden
    assert "Only" in main and "members see this page" in main

    # The person sees their own marked, with the way to correct it.
    await sign_in(client, setup.lena)
    page = BeautifulSoup((await client.get(f"/g/{setup.group.slug}/wall")).text, "html.parser")
    assert page.select_one(".wall-card .badge").text == "You"
    assert page.select_one(".wall-mine a")["href"].endswith("/edit")

    await sign_in(client, setup.outsider)
    assert (await client.get(f"/g/{setup.group.slug}/wall")).status_code == 404


async def test_an_empty_wall_welcomes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    await sign_in(client, setup.omar)
    response = await client.get(f"/g/{setup.group.slug}/wall")
    assert response.status_code == 200 and "No stories on the wall yet" in response.text
    assert f'href="/g/{setup.group.slug}/landed"' in response.text


async def test_the_wall_is_paginated_newest_first(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    setup = await make_setup(session)
    start = datetime(2026, 1, 5, 15, tzinfo=UTC)
    for index in range(service.WALL_PAGE_SIZE + 5):
        person = await make_member(session, setup.group, name=f"Person Number{index:02d}")
        session.add(
            Landing(
                account_id=person.id,
                group_id=setup.group.id,
                role=f"Role {index:02d}",
                company="Acme",
                helped_by=HelpedBy.group,
                on_wall=True,
                created_at=start + timedelta(days=index),
            )
        )
    await session.flush()
    await sign_in(client, setup.omar)

    with count_queries() as first_count:
        response = await client.get(f"/g/{setup.group.slug}/wall")
    page = BeautifulSoup(response.text, "html.parser")
    roles = [card.select_one(".wall-job strong").text for card in page.select(".wall-card")]
    assert roles == [f"Role {index:02d}" for index in range(24, 4, -1)]
    assert page.select_one(".wall-card .wall-name").text.strip() == "Person N."
    next_link = page.select_one("a[rel=next]")["href"]

    with count_queries() as second_count:
        response = await client.get(next_link)
    page = BeautifulSoup(response.text, "html.parser")
    roles = [card.select_one(".wall-job strong").text for card in page.select(".wall-card")]
    assert roles == [f"Role {index:02d}" for index in range(4, -1, -1)]
    assert page.select_one("a[rel=next]") is None and "Newest stories" in response.text
    assert first_count.count == second_count.count  # one statement for the page, whatever its length

    assert (await client.get(f"/g/{setup.group.slug}/wall?cursor=nonsense")).status_code == 400


async def test_people_who_deleted_their_account_leave_the_wall(session: AsyncSession) -> None:
    setup = await make_setup(session)
    await service.report_landing(session, setup.lena, setup.group, landing())
    setup.lena.deleted_at = datetime.now(UTC)
    await session.flush()
    page = await service.wall(session, setup.omar, setup.group, PageParams(limit=20))
    assert page.items == []


async def test_a_group_name_ending_in_s_takes_only_an_apostrophe(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session, name="Tuesday Evenings")
    await sign_in(client, setup.cleo)
    page = BeautifulSoup((await client.get(f"/g/{setup.group.slug}/wall")).text, "html.parser")
    lead = " ".join(page.select_one("p.lead").get_text().split())
    assert "Only Tuesday Evenings\u2019 members see" in lead and "Evenings\u2019s" not in page.get_text()
    form = BeautifulSoup((await client.get(f"/g/{setup.group.slug}/landed")).text, "html.parser")
    label = form.select_one("label[for=field-on_wall]")
    assert label is not None and label.get_text(strip=True) == "Share it on Tuesday Evenings\u2019 wall of successes"
