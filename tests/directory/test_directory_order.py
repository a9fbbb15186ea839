"""The directory's order: by the member's name folded for sorting, kept on the membership, read as
a range of one index, and kept in step wherever an account's name changes."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.accounts.models import Account
from app.directory.schemas import DirectoryFilters
from app.directory.service import list_members
from app.groups.models import Membership, Role, name_sort_key
from app.members.service import follow_name, rename
from app.pagination import PageParams
from tests.directory.helpers import names_on
from tests.factories import make_group, make_member, sign_in


def test_names_fold_for_sorting() -> None:
    assert name_sort_key("Émile  Zola") == "emile zola"
    assert name_sort_key("ZOË Brown") == "zoe brown"
    assert name_sort_key("Straße") == "strasse"


async def test_accents_and_case_sort_with_their_letters(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="order")
    viewer = await make_member(session, group, name="Mia Viewer")
    for name in ("Zoë Brown", "émile Zola", "Ellen Adams", "ali Ahmed", "Ömer Yilmaz"):
        await make_member(session, group, name=name)
    await sign_in(client, viewer)

    names = names_on(await client.get("/g/order/members"))
    assert names == ["ali Ahmed", "Ellen Adams", "émile Zola", "Mia Viewer", "Ömer Yilmaz", "Zoë Brown"]


async def test_pages_walk_everyone_once_and_follow_a_rename(session: AsyncSession) -> None:
    group = await make_group(session, slug="walk")
    lead = await make_member(session, group, name="Lead Person", role=Role.facilitator)
    people = [await make_member(session, group, name=f"Person {letter}") for letter in "ABCDEFG"]

    async def walk(viewer: Account) -> list[str]:
        seen, cursor = [], None
        while True:
            page = await list_members(session, viewer, group, DirectoryFilters(), PageParams(limit=2, cursor=cursor))
            seen += [item.name for item in page.items]
            if page.next_cursor is None:
                return seen
            cursor = page.next_cursor

    expected = ["Lead Person", *(f"Person {letter}" for letter in "ABCDEFG")]
    assert await walk(lead) == expected  # a facilitator: active and pending merged, one page at a time
    assert await walk(people[0]) == expected

    await rename(session, people[0], "Aaron Early")
    first = await list_members(session, people[1], group, DirectoryFilters(), PageParams(limit=2))
    assert [item.name for item in first.items] == ["Aaron Early", "Lead Person"]
    found = await list_members(session, lead, group, DirectoryFilters(q="early"), PageParams())
    assert [item.name for item in found.items] == ["Aaron Early"]  # search reads the new name too


async def test_renaming_in_settings_moves_the_member_in_every_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    one, two = await make_group(session, slug="one"), await make_group(session, slug="two")
    person = await make_member(session, one, name="Zed Last")
    from tests.factories import make_membership, post_form

    await make_membership(session, two, person)
    await make_member(session, one, name="Middle One")
    await sign_in(client, person)

    response = await post_form(client, "/settings/account", {"display_name": "Anna First"})
    assert response.status_code == 303, response.text
    keys = (await session.execute(select(Membership.sort_key).where(Membership.account_id == person.id))).scalars()
    assert set(keys) == {"anna first"}
    assert names_on(await client.get("/g/one/members")) == ["Anna First", "Middle One"]


async def test_a_membership_added_without_a_sort_key_takes_its_account_name(session: AsyncSession) -> None:
    group = await make_group(session)
    person = await make_member(session, group, name="Renée Alvarez")
    key = (await session.execute(select(Membership.sort_key).where(Membership.account_id == person.id))).scalar_one()
    assert key == "renee alvarez"
    person.display_name = "Former member"
    await follow_name(session, person)
    key = (await session.execute(select(Membership.sort_key).where(Membership.account_id == person.id))).scalar_one()
    assert key == "former member"


async def test_search_finds_a_name_without_its_accents(session: AsyncSession) -> None:
    group = await make_group(session)
    viewer = await make_member(session, group, name="Mia Viewer")
    await make_member(session, group, name="Émile Zola")
    for term in ("émile", "EMILE", "mile"):
        found = await list_members(session, viewer, group, DirectoryFilters(q=term), PageParams())
        assert [item.name for item in found.items] == ["Émile Zola"], term


async def test_a_page_is_a_range_of_the_directory_index(session: AsyncSession, engine: AsyncEngine) -> None:
    """The page's statement reads ix_memberships_directory in order: no sort of the group."""
    group = await make_group(session)
    viewer = await make_member(session, group, name="Mia Viewer")
    for index in range(5):
        await make_member(session, group, name=f"Member {index}")
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "FROM memberships" in statement and "ORDER BY" in statement and "LIMIT" in statement:
            captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    try:
        first = await list_members(session, viewer, group, DirectoryFilters(), PageParams(limit=2))
        await list_members(session, viewer, group, DirectoryFilters(), PageParams(limit=2, cursor=first.next_cursor))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
    assert len(captured) == 2

    connection = await session.connection()
    postgres = connection.dialect.name == "postgresql"
    for statement, parameters in captured:
        if postgres:
            # Tables of a few rows make a sequential scan cheaper; forbid it (and sorting), so
            # that the plan shows whether the index can give the page in order at all.
            await connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            await connection.exec_driver_sql("SET LOCAL enable_sort = off")
            plan = "\n".join(row[0] for row in await connection.exec_driver_sql("EXPLAIN " + statement, parameters))
            await connection.execute(text("RESET enable_seqscan"))
            await connection.execute(text("RESET enable_sort"))
            assert "ix_memberships_directory" in plan, plan
            assert "Sort" not in plan.replace("Sort Key", ""), plan
        else:
            rows = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plan = "\n".join(str(row[-1]) for row in rows)
            assert "USING INDEX ix_memberships_directory" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
