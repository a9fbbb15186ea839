"""The landings API: report one's own, read a group's (facilitators: all; members: the wall) and
one's own, correct and withdraw."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.introductions.models import IntroductionOutcome, Outcome
from app.landings import service
from app.landings.models import Landing
from tests.factories import bearer, make_token
from tests.introductions.helpers import emails
from tests.landings.helpers import landing, make_setup


async def _tokens(session: AsyncSession, *people):  # type: ignore[no-untyped-def]
    return [bearer(await make_token(session, person, Scope.read, Scope.write)) for person in people]


async def test_reporting_through_the_api(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    lena, outsider = await _tokens(session, setup.lena, setup.outsider)
    url = f"/api/v1/groups/{setup.group.public_id}/landings"
    body = {
        "role": "Senior recruiter",
        "company": "Acme Health",
        "start_date": "2026-06-01",
        "helped_by": "introduction",
        "introduction_id": str(setup.introduction.public_id),
        "story": "Thank you all.",
        "on_wall": True,
    }
    response = await client.post(url, json=body, headers=lena)
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"/api/v1/landings/{created['id']}"
    assert created["name"] == "Lena Fischer" and created["person"]["id"] == str(setup.lena.public_id)
    assert created["introduction_id"] == str(setup.introduction.public_id)
    assert created["group_id"] == str(setup.group.public_id) and created["start_date"] == "2026-06-01"
    assert len(created["landed_in"]) == 7 and created["on_wall"] is True
    assert len(await emails(session, template="landing_reported")) == 1
    outcome = (await session.execute(select(IntroductionOutcome))).scalar_one()
    assert outcome.outcome == Outcome.hire

    assert (await client.get(response.headers["location"], headers=lena)).json()["id"] == created["id"]

    malformed = await client.post(url, json={"role": "", "company": "Acme", "helped_by": "introduction"}, headers=lena)
    assert malformed.status_code == 422
    assert {error["field"] for error in malformed.json()["errors"]} == {"role", "introduction_id"}
    not_mine = await client.post(
        url, json={**body, "company": "Globex"}, headers=bearer(await make_token(session, setup.cleo, Scope.write))
    )
    assert not_mine.status_code == 422
    assert not_mine.json()["errors"] == [{"field": "introduction_id", "message": service.NOT_YOUR_INTRODUCTION}]
    assert (await client.post(url, json=body, headers=outsider)).status_code == 404
    read_only = bearer(await make_token(session, setup.lena, Scope.read))
    assert (await client.post(url, json=body, headers=read_only)).status_code == 403


async def test_who_reads_which_landings(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    shared = await service.report_landing(
        session,
        setup.lena,
        setup.group,
        landing(helped_by="introduction", introduction_id=str(setup.introduction.public_id)),
    )
    private = await service.report_landing(session, setup.cleo, setup.group, landing(company="Globex", on_wall=False))
    lead, omar, cleo, outsider = await _tokens(session, setup.lead, setup.omar, setup.cleo, setup.outsider)
    url = f"/api/v1/groups/{setup.group.public_id}/landings"

    everything = (await client.get(url, headers=lead)).json()
    assert [item["id"] for item in everything["items"]] == [str(private.public_id), str(shared.public_id)]
    assert everything["items"][1]["person"]["name"] == "Lena Fischer"
    assert everything["items"][1]["introduction_id"] == str(setup.introduction.public_id)

    wall = (await client.get(url, headers=omar)).json()
    assert wall == {
        "items": [
            {
                "id": str(shared.public_id),
                "group_id": str(setup.group.public_id),
                "name": "Lena F.",
                "role": "Senior recruiter",
                "company": "Acme Health",
                "start_date": None,
                "helped_by": "introduction",
                "story": "Keep going to the meetings.",
                "on_wall": True,
                "landed_in": wall["items"][0]["landed_in"],
                "created_at": wall["items"][0]["created_at"],
            }
        ],
        "next_cursor": None,
        "next": None,
    }

    # Cleo reads the wall and sees her own private one nowhere but in her own list.
    assert [item["id"] for item in (await client.get(url, headers=cleo)).json()["items"]] == [str(shared.public_id)]
    mine = (await client.get("/api/v1/me/landings", headers=cleo)).json()
    assert [item["id"] for item in mine["items"]] == [str(private.public_id)] and mine["items"][0]["person"]
    assert (await client.get(url, headers=outsider)).status_code == 404
    assert (await client.get(f"/api/v1/landings/{shared.public_id}", headers=omar)).status_code == 404

    paged = (await client.get(f"{url}?limit=1", headers=lead)).json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
    rest = (await client.get(f"{url}?limit=1&cursor={paged['next_cursor']}", headers=lead)).json()
    assert [item["id"] for item in rest["items"]] == [str(shared.public_id)] and rest["next_cursor"] is None


async def test_correcting_and_withdrawing_through_the_api(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    reported = await service.report_landing(session, setup.lena, setup.group, landing())
    lena, omar = await _tokens(session, setup.lena, setup.omar)
    url = f"/api/v1/landings/{reported.public_id}"
    body = {"role": "Recruiting lead", "company": "Acme Health", "helped_by": "posting", "on_wall": False}
    assert (await client.put(url, json=body, headers=omar)).status_code == 404
    response = await client.put(url, json=body, headers=lena)
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["on_wall"], response.json()["story"]) == (
        "Recruiting lead",
        False,
        "",
    )

    assert (await client.delete(url, headers=omar)).status_code == 404
    assert (await client.delete(url, headers=lena)).status_code == 204
    assert (await session.execute(select(Landing))).first() is None
    assert (await client.get(url, headers=lena)).status_code == 404
