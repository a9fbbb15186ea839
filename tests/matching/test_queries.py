"""The facilitator's pages run the same number of SQL statements for a small group and a larger one."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.groups.models import Group, Role
from app.introductions.service import ask, propose
from tests.factories import bearer, make_group, make_member, make_token, sign_in

SKILLS = ["Workday", "HRIS", "Payroll", "Recruiting", "Benefits"]
COMPANIES = ["Acme Health", "Globex Insurance", "Northwind Health", "Initech"]
STAGES = ["searching", "interviewing", "alumni", "exploring", "landed"]


async def _members(session: AsyncSession, group: Group, count: int) -> list[Any]:
    people = []
    for index in range(count):
        people.append(
            await make_member(
                session,
                group,
                name=f"Person {index:02d}",
                stage=STAGES[index % 5],
                skills=[SKILLS[index % 5], SKILLS[(index + 2) % 5]],
                target_companies=[COMPANIES[index % 4]],
                past_companies=[{"name": COMPANIES[(index + 1) % 4], "from": 2010, "to": 2020}],
                looking_for=f"Someone who knows {SKILLS[(index + 1) % 5]}",
                can_help_with="Resume reviews",
            )
        )
    return people


async def _counts(client: httpx.AsyncClient, count_queries: Any, urls: list[str], **kwargs: Any) -> list[int]:
    counts = []
    for url in urls:
        with count_queries() as counter:
            response = await client.get(url, **kwargs)
        assert response.status_code == 200, response.text[:500]
        counts.append(counter.count)
    return counts


async def test_statements_do_not_grow_with_the_group(
    client: httpx.AsyncClient, session: AsyncSession, count_queries: Any
) -> None:
    small, large = await make_group(session, slug="small"), await make_group(session, slug="large")
    lead = await make_member(session, small, name="Fay Facilitator", role=Role.facilitator)
    from tests.factories import make_membership

    await make_membership(session, large, lead, role=Role.facilitator)
    groups = [(small, await _members(session, small, 10)), (large, await _members(session, large, 60))]
    for group, people in groups:
        # Some history, so that every kind of row is there to be read.
        await propose(session, lead, group, people[0].public_id, people[1].public_id, "A reason")
        await ask(session, people[2], group, target_person_id=None, description="Someone who worked at Acme")
        await ask(session, people[3], group, target_person_id=people[4].public_id, description="")
    await sign_in(client, lead)

    small_page, large_page = await _counts(
        client, count_queries, ["/g/small/introductions/suggestions", "/g/large/introductions/suggestions"]
    )
    assert small_page == large_page
    assert large_page <= 17, large_page
    # Seen again with nothing changed, the group's view is kept: its version is the one statement.
    small_again, large_again = await _counts(
        client, count_queries, ["/g/small/introductions/suggestions", "/g/large/introductions/suggestions"]
    )
    assert small_again == large_again
    assert large_again <= large_page - 5, (large_again, large_page)
    small_queue, large_queue = await _counts(
        client, count_queries, ["/g/small/introductions/requests", "/g/large/introductions/requests"]
    )
    assert small_queue == large_queue

    headers = bearer(await make_token(session, lead))
    await client.get("/api/v1/me", headers=headers)  # a token's first use is noted once, after the response
    small_api, large_api = await _counts(
        client,
        count_queries,
        [
            f"/api/v1/groups/{small.public_id}/suggestions?limit=50",
            f"/api/v1/groups/{large.public_id}/suggestions?limit=50",
        ],
        headers=headers,
    )
    assert small_api == large_api
