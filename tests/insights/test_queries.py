"""The insights page, its CSV files, the API and /me/network run the same number of SQL statements
for a small group and a larger one with more meetings, introductions and landings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import Group, Role
from app.introductions.models import Answer, Outcome
from tests.factories import bearer, make_group, make_member, make_membership, make_token, sign_in
from tests.insights.helpers import introduction, landing, meeting, set_joined, utc

YES = Answer.accepted


async def _history(session: AsyncSession, group: Group, members: int, meetings: int) -> list[Account]:
    people = [await make_member(session, group, name=f"Person {index:02d}") for index in range(members)]
    for index, person in enumerate(people):
        await set_joined(session, group, person, utc(2025, 1 + index % 6, 1 + index % 27))
    for week in range(meetings):
        await meeting(session, group, utc(2025, 1, 7) + timedelta(weeks=week), people[week % 3 :: 2])
    for index in range(0, members - 1, 2):
        await introduction(
            session,
            group,
            people[index],
            people[index + 1],
            utc(2025, 2, 1) + timedelta(days=index),
            answers=(YES, YES),
            connected_at=utc(2025, 2, 3) + timedelta(days=index),
            outcomes={people[index].id: Outcome.referral},
        )
        await landing(session, group, people[index], utc(2025, 5, 1) + timedelta(days=index))
    return people


async def _counts(client: httpx.AsyncClient, count_queries: Any, urls: list[str], **kwargs: Any) -> list[int]:
    counts = []
    for url in urls:
        with count_queries() as counter:
            response = await client.get(url, **kwargs)
        assert response.status_code == 200, response.text[:500]
        counts.append(counter.count)
    return counts


async def test_statements_do_not_grow_with_members_or_meetings(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    small, large = await make_group(session, slug="small"), await make_group(session, slug="large")
    lead = await make_member(session, small, name="Fay Facilitator", role=Role.facilitator)
    await make_membership(session, large, lead, role=Role.facilitator)
    await _history(session, small, members=3, meetings=2)
    await _history(session, large, members=40, meetings=30)
    await sign_in(client, lead)
    query = "from=2025-01-01&to=2025-12-31"

    small_page, large_page = await _counts(
        client, count_queries, [f"/g/small/insights?{query}", f"/g/large/insights?{query}"]
    )
    assert small_page == large_page
    assert large_page <= 13, large_page
    # Seen again with nothing changed, the numbers are kept: the group's activity version is all.
    small_again, large_again = await _counts(
        client, count_queries, [f"/g/small/insights?{query}", f"/g/large/insights?{query}"]
    )
    assert small_again == large_again <= large_page - 8, (large_again, large_page)
    for chart in ("attendance", "new-members", "funnel", "landings", "connections"):
        small_csv, large_csv = await _counts(
            client, count_queries, [f"/g/small/insights/{chart}.csv?{query}", f"/g/large/insights/{chart}.csv?{query}"]
        )
        assert small_csv == large_csv < large_page, chart

    headers = bearer(await make_token(session, lead))
    await client.get("/api/v1/me", headers=headers)  # a token's first use is noted once, after the response
    small_api, large_api = await _counts(
        client,
        count_queries,
        [f"/api/v1/groups/{small.public_id}/insights?{query}", f"/api/v1/groups/{large.public_id}/insights?{query}"],
        headers=headers,
    )
    assert small_api == large_api


async def test_my_network_runs_the_same_statements_for_one_connection_or_many(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    group = await make_group(session)
    few, many = (
        await make_member(session, group, name="Few Connections"),
        await make_member(session, group, name="Many"),
    )
    others = [await make_member(session, group, name=f"Other {index}") for index in range(12)]
    await introduction(
        session, group, few, others[0], utc(2025, 1, 1), answers=(YES, YES), connected_at=utc(2025, 1, 2)
    )
    for index, other in enumerate(others):
        await introduction(
            session,
            group,
            many,
            other,
            utc(2025, 2, 1) + timedelta(days=index),
            answers=(YES, YES),
            connected_at=utc(2025, 2, 2) + timedelta(days=index),
            outcomes={other.id: Outcome.met},
        )
    counts = []
    for person in (few, many):
        await sign_in(client, person)
        counts += await _counts(client, count_queries, ["/me/network"])
    assert counts[0] == counts[1] <= 6, counts
