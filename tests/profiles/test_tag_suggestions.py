"""The tags suggested as a person fills in their profile come only from people they may see: their
own, and those of fellow active members that are not kept for facilitators. A rare tag points at
one person, so a suggestion must never reveal what a profile hides or who is in another group."""

from __future__ import annotations

from typing import Any

import httpx
from bs4 import BeautifulSoup
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import MembershipStatus
from app.profiles.models import TagKind
from app.profiles.service import tag_suggestions
from tests.factories import make_group, make_member, make_membership, sign_in

HIDDEN_FROM_MEMBERS = "facilitators"


def _suggested(page: httpx.Response, kind: TagKind) -> list[str]:
    soup = BeautifulSoup(page.text, "html.parser")
    return [option["value"] for option in soup.select(f"#suggest-{kind.value} option")]


async def test_suggestions_come_from_fellow_members_and_respect_what_they_hide(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, other_group = await make_group(session), await make_group(session)
    viewer = await make_member(
        session, group, name="Viola", skills=["Interviewing coach"], visibility={"skills": HIDDEN_FROM_MEMBERS}
    )  # hidden from others, not from herself
    await make_member(
        session,
        group,
        name="Fen",
        skills=["Workday", "Payroll"],
        industries=["Healthcare"],
        target_companies=["Acme Health"],
        past_companies=[{"name": "Northwind", "from": 2015, "to": 2020}],
    )
    await make_member(session, group, name="Gus", skills=["Workday"])
    await make_member(
        session,
        group,
        name="Hana",
        skills=["Rare hidden skill"],
        target_roles=["Secret role"],
        past_companies=[{"name": "Hidden Past Co"}],
        visibility={
            "skills": HIDDEN_FROM_MEMBERS,
            "target_roles": HIDDEN_FROM_MEMBERS,
            "past_companies": HIDDEN_FROM_MEMBERS,
        },
    )
    await make_member(
        session, other_group, name="Olu", skills=["Other group skill"], past_companies=[{"name": "Other Group Co"}]
    )
    await make_member(session, group, name="Pia", skills=["Pending skill"], status=MembershipStatus.pending)
    await make_member(session, group, name="Lea", skills=["Left skill"], status=MembershipStatus.left)

    await sign_in(client, viewer)
    page = await client.get("/profile")
    assert page.status_code == 200
    # Most used first: Workday is on two profiles.
    assert _suggested(page, TagKind.skill) == ["Workday", "Interviewing coach", "Payroll"]
    assert _suggested(page, TagKind.industry) == ["Healthcare"]
    assert _suggested(page, TagKind.company) == ["Acme Health", "Northwind"]  # target and past companies
    assert _suggested(page, TagKind.role) == []


async def test_someone_in_no_group_is_offered_only_their_own_tags(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    await make_member(session, group, name="Fen", skills=["Workday"])
    loner = await make_member(session, group, name="Lou", skills=["Excel"], status=MembershipStatus.declined)
    await sign_in(client, loner)
    assert _suggested(await client.get("/profile"), TagKind.skill) == ["Excel"]


async def test_a_shared_group_counts_once_and_the_suggestions_take_one_statement(
    session: AsyncSession, count_queries: Any
) -> None:
    group, second_group = await make_group(session), await make_group(session)
    viewer = await make_member(session, group, name="Viola")
    await make_membership(session, second_group, viewer)
    fellow = await make_member(
        session,
        group,
        name="Fen",
        skills=["Workday"],
        target_companies=["Acme"],
        past_companies=[{"name": "Acme", "from": 2010, "to": 2012}, {"name": "Acme"}],
    )
    await make_membership(session, second_group, fellow)
    await make_member(session, second_group, name="Gus", skills=["SQL"], target_companies=["Globex"])
    await make_member(session, group, name="Hal", target_companies=["Globex"])
    with count_queries() as counter:
        suggestions = await tag_suggestions(session, viewer)
    assert counter.count == 1
    assert suggestions[TagKind.skill] == ["SQL", "Workday"]  # one profile each, by name
    assert suggestions[TagKind.company] == ["Globex", "Acme"]  # two profiles before one, however often listed
    assert suggestions[TagKind.role] == [] and suggestions[TagKind.industry] == []
