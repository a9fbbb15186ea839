"""The directory's number of SQL statements does not grow with the number of members shown."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Role
from tests.directory.helpers import add_members_in_bulk, names_on
from tests.factories import bearer, make_group, make_member, make_token, sign_in


async def _page_counts(client: httpx.AsyncClient, count_queries: Any, urls: list[str], **kwargs: Any) -> list[int]:
    counts = []
    for url in urls:
        with count_queries() as counter:
            response = await client.get(url, **kwargs)
        assert response.status_code == 200, response.text[:300]
        counts.append(counter.count)
    return counts


async def test_directory_statements_for_10_and_200_members(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    few = await make_group(session, slug="few")
    many = await make_group(session, slug="many")
    lead = await make_member(session, few, name="Fiona Lead", role=Role.facilitator, industries=["Retail"])
    from tests.factories import make_membership

    await make_membership(session, many, lead, role=Role.facilitator)
    await add_members_in_bulk(session, few, 9)
    await add_members_in_bulk(session, many, 199)
    await sign_in(client, lead)

    assert len(names_on(await client.get("/g/few/members"))) == 10
    assert len(names_on(await client.get("/g/many/members"))) == 25
    urls = [
        "/g/few/members",
        "/g/many/members",
        "/g/few/members?q=bulk&skill=recruiting",
        "/g/many/members?q=bulk&skill=recruiting",
    ]
    few_page, many_page, few_search, many_search = await _page_counts(client, count_queries, urls)
    assert few_page == many_page
    assert few_search == many_search
    # The session, the group, the viewer's membership, the rows, their tags (2) and the suggestions
    # (with a second look at the membership), whatever the number of members.
    assert many_page <= 9

    headers = bearer(await make_token(session, lead))
    await client.get("/api/v1/me", headers=headers)  # a token's first use is noted once, after the response
    api = [f"/api/v1/groups/{few.public_id}/members?limit=200", f"/api/v1/groups/{many.public_id}/members?limit=200"]
    few_api, many_api = await _page_counts(client, count_queries, api, headers=headers)
    assert few_api == many_api
