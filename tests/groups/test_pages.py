from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Group, JoinPolicy, MembershipStatus, Role
from tests.factories import make_account, make_group, make_membership, sign_in


async def _listed_group(session: AsyncSession, **fields: object) -> Group:
    """A group the home page lists: marked open, with an active facilitator."""
    group = await make_group(session, listed=True, **fields)
    await make_membership(session, group, await make_account(session, name="Fay Facilitator"), role=Role.facilitator)
    return group


async def test_home_lists_groups_by_name_with_their_details(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await _listed_group(
        session,
        slug="zeta-group",
        name="Zeta Tuesday",
        description="For finance folks.",
        default_location="Main library",
        join_policy=JoinPolicy.open,
    )
    await _listed_group(session, slug="alpha-group", name="Alpha Thursday", timezone="America/New_York")
    response = await client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    names = [a.text for a in soup.select(".card h3 a")]
    assert names.index("Alpha Thursday") < names.index("Zeta Tuesday")
    zeta = next(card for card in soup.select(".card") if "Zeta Tuesday" in card.text)
    assert zeta.select_one("h3 a")["href"] == "/g/zeta-group"
    assert "Main library" in zeta.text and "Open to everyone" in zeta.text


async def test_home_has_a_friendly_empty_state(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert "No groups yet" in response.text


async def test_home_paginates_with_a_cursor(client: httpx.AsyncClient, session: AsyncSession) -> None:
    for index in range(30):
        await _listed_group(session, slug=f"group-{index:02d}", name=f"Group {index:02d}")
    first = BeautifulSoup((await client.get("/")).text, "html.parser")
    assert len(first.select(".card")) == 24
    more = first.select_one(".pager a")["href"]
    second = BeautifulSoup((await client.get(more)).text, "html.parser")
    names = [a.text for a in second.select(".card h3 a")]
    assert names == [f"Group {index:02d}" for index in range(24, 30)]
    assert second.select_one(".pager a") is None


async def test_group_page_shows_the_group_and_its_facilitators(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(
        session,
        slug="hr-tuesdays",
        name="HR Tuesdays",
        description="First paragraph.\n\nSecond.",
        agreement="Be kind.\nKeep confidences.",
    )
    lead = await make_account(session, name="Fiona Facilitator")
    await make_membership(session, group, lead, role=Role.facilitator)
    member = await make_account(session, name="Quiet Member")
    await make_membership(session, group, member)
    response = await client.get("/g/hr-tuesdays")
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.text == "HR Tuesdays"
    assert [p.text for p in soup.select("section p")][:2] == ["First paragraph.", "Second."]
    assert [li.text for li in soup.select(".agreement li")] == ["Be kind.", "Keep confidences."]
    assert "Fiona Facilitator" in response.text
    assert "Quiet Member" not in response.text  # members are never shown to the public


async def test_group_page_tells_a_member_their_role(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="mine")
    account = await make_account(session)
    await make_membership(session, group, account, role=Role.facilitator)
    await sign_in(client, account)
    assert "You facilitate this group" in (await client.get("/g/mine")).text


async def test_unknown_group_gets_a_404_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/g/not-a-group")
    assert response.status_code == 404
    assert "There is no such group" in response.text


async def test_group_names_are_escaped(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="xss", name="<script>alert(1)</script>")
    response = await client.get("/g/xss")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


async def test_home_needs_the_same_statements_for_few_and_many_groups(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: object
) -> None:
    for index in range(3):
        await _listed_group(session, slug=f"few-{index}")
    with count_queries() as few:  # type: ignore[operator]
        await client.get("/")
    for index in range(20):
        await _listed_group(session, slug=f"many-{index}")
    with count_queries() as many:  # type: ignore[operator]
        await client.get("/")
    assert few.count == many.count


async def test_home_lists_only_groups_that_are_open_and_have_a_facilitator(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _listed_group(session, slug="ready", name="Ready and run")
    await make_group(session, slug="new-one", name="Brand new, nobody runs it")
    await make_group(session, slug="unrun", name="Open but unrun", listed=True)
    closed = await make_group(session, slug="closed", name="Run but not open")
    await make_membership(session, closed, await make_account(session), role=Role.facilitator)
    stepped_down = await make_group(session, slug="left", name="Facilitator left", listed=True)
    await make_membership(
        session, stepped_down, await make_account(session), role=Role.facilitator, status=MembershipStatus.left
    )
    soup = BeautifulSoup((await client.get("/")).text, "html.parser")
    assert [a.text for a in soup.select(".card h3 a")] == ["Ready and run"]
    assert (await client.get("/g/new-one")).status_code == 200  # its own page works for whoever has the link
