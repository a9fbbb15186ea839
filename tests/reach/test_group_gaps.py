"""Facilitators see where members aim and how many have a warm path there; counts only."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from tests.factories import bearer, make_member, make_token, sign_in
from tests.reach.helpers import COMPANY, SECRET_NAMES, make_setup


async def test_facilitators_see_the_gaps_without_names(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    await make_member(session, s.group, name="Eve Stone", target_companies=[COMPANY, "Fabrikam"])
    response = await client.get(
        f"/api/v1/groups/{s.group.public_id}/reach", headers=bearer(await make_token(session, s.lead, Scope.read))
    )
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"company": COMPANY, "members_aiming": 2, "with_warm_path": 2},
        {"company": "Contoso", "members_aiming": 1, "with_warm_path": 0},
        {"company": "Fabrikam", "members_aiming": 1, "with_warm_path": 0},
    ]
    await sign_in(client, s.lead)
    page = await client.get(f"/g/{s.group.slug}/reach")
    assert page.status_code == 200
    assert "Target companies and warm paths" in page.text and "Fabrikam" in page.text
    for name in (*SECRET_NAMES, "Ana Lopez", "Jordan Reyes", "Eve Stone"):
        for part in name.split():
            assert part not in page.text and part not in response.text


async def test_members_may_not_see_the_gaps(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    await sign_in(client, s.ana)
    assert (await client.get(f"/g/{s.group.slug}/reach")).status_code == 403
    outsider = await client.get(
        f"/api/v1/groups/{s.group.public_id}/reach", headers=bearer(await make_token(session, s.hana, Scope.read))
    )
    assert outsider.status_code == 404
