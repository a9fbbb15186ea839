"""The roster API in pages, like every other list: `limit`, `next`, a `Link` header, by name."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.groups.models import MembershipStatus, Role
from app.pagination import DEFAULT_LIMIT, MAX_LIMIT
from tests.factories import bearer, make_group, make_member, make_token


async def test_the_roster_comes_in_pages_that_together_hold_everyone_once(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    names = ["Fay Facilitator"]
    for index in range(7):
        # Same names twice: the person's id breaks the tie, so nobody is skipped or repeated.
        name = f"person {index // 2}" if index % 3 else f"Person {index // 2}"
        await make_member(session, group, name=name, skills=[f"Skill {index}"])
        names.append(name)
    await make_member(session, group, name="Left Already", status=MembershipStatus.left)
    await make_member(session, group, name="Pat Pending", status=MembershipStatus.pending)
    names.append("Pat Pending")
    headers = bearer(await make_token(session, lead, Scope.read))

    url: str | None = f"/api/v1/groups/{group.public_id}/roster?limit=3"
    seen: list[dict[str, object]] = []
    pages = 0
    while url is not None:
        response = await client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= 3
        seen += body["items"]
        pages += 1
        if body["next"] is not None:
            assert "limit=3" in body["next"] and response.headers["link"] == f'<{body["next"]}>; rel="next"'
        url = body["next"]
    assert pages == 3
    assert len({item["person_id"] for item in seen}) == len(seen) == len(names)
    assert sorted(item["name"] for item in seen) == sorted(names)
    assert [item["name"].lower() for item in seen] == sorted(name.lower() for name in names)
    # Reading from the first page is one export in the audit log, however many pages follow.
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "roster.exported"))).scalars()
    assert event.details == {"rows": len(names)}


async def test_a_page_is_bounded_and_a_limit_too_large_is_explained(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    for index in range(DEFAULT_LIMIT + 1):
        await make_member(session, group, name=f"Member {index:03d}")
    headers = bearer(await make_token(session, lead, Scope.read))
    url = f"/api/v1/groups/{group.public_id}/roster"

    first = (await client.get(url, headers=headers)).json()
    assert len(first["items"]) == DEFAULT_LIMIT and first["next"] is not None
    whole = (await client.get(url, params={"limit": MAX_LIMIT}, headers=headers)).json()
    assert len(whole["items"]) == DEFAULT_LIMIT + 2 and whole["next"] is None

    too_many = await client.get(url, params={"limit": MAX_LIMIT + 1}, headers=headers)
    assert too_many.status_code == 422
    assert too_many.json()["errors"] == [{"field": "limit", "message": f"Please enter a number at most {MAX_LIMIT}."}]
    mangled = await client.get(url, params={"cursor": "nonsense"}, headers=headers)
    assert mangled.status_code == 400 and "without a cursor" in mangled.json()["detail"]
