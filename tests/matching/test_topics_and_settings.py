"""What facilitators tune: the group's own topics, who sits rounds out; and the profile's hiring fields
reaching the engine."""

from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.groups.models import Role
from app.introductions.models import IntroductionRound
from app.matching import rounds
from app.matching.service import snapshots
from tests.factories import bearer, make_group, make_member, make_token, post_form, sign_in
from tests.matching.helpers import joined_long_ago


async def _suggestions_for(
    client: httpx.AsyncClient, headers: dict[str, str], group_id: object, person_id: object
) -> list[dict[str, object]]:
    response = await client.get(
        f"/api/v1/groups/{group_id}/suggestions", params={"person_id": str(person_id)}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_a_topic_the_group_adds_is_read_in_asks_and_offers(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="works")
    lead = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    asker = await make_member(session, group, name="Uwe Asker", looking_for="Advice on dealing with a betriebsrat")
    helper = await make_member(session, group, name="Hana Helper", can_help_with="I chaired a betriebsrat for years")
    headers = bearer(await make_token(session, lead, Scope.read, Scope.write))
    assert await _suggestions_for(client, headers, group.public_id, asker.public_id) == []

    await sign_in(client, lead)
    page = "/g/works/introductions/topics"
    shown = BeautifulSoup((await client.get(page)).text, "html.parser")
    assert "interview practice" in shown.select_one(".topic-list").text.lower()  # what the engine knows
    bad = await post_form(client, page, {"label": "", "phrases": "x"}, page=page)
    assert bad.status_code == 422 and BeautifulSoup(bad.text, "html.parser").select_one("#error-label")
    added = await post_form(
        client, page, {"label": "works council matters", "phrases": "Betriebsrat, works council"}, page=page
    )
    assert added.status_code == 303
    again = await client.post(
        f"/api/v1/groups/{group.public_id}/topics",
        headers=headers,
        json={"label": "works council matters", "phrases": []},
    )
    assert again.status_code == 409

    [found] = await _suggestions_for(client, headers, group.public_id, asker.public_id)
    assert found["person_id"] == str(helper.public_id) and "topic" in found["kinds"]
    assert "works council matters" in str(found["reason_to_member"])

    [topic] = (await client.get(f"/api/v1/groups/{group.public_id}/topics", headers=headers)).json()["items"]
    assert topic["phrases"] == ["betriebsrat", "works council"]
    removed = await client.delete(f"/api/v1/groups/{group.public_id}/topics/{topic['id']}", headers=headers)
    assert removed.status_code == 204
    assert await _suggestions_for(client, headers, group.public_id, asker.public_id) == []


async def test_someone_hiring_helps_people_aiming_for_the_role(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="hiring")
    lead = await make_member(session, group, name="Fay Lead", role=Role.facilitator)
    seeker = await make_member(session, group, name="Tomasz Seeker", target_roles=["Payroll manager"])
    hirer = await make_member(session, group, name="Priya Hirer", stage="landed")
    await sign_in(client, hirer)
    saved = await post_form(
        client,
        "/profile",
        {
            "headline": "HR director",
            "stage": "landed",
            "hiring_roles": "Payroll manager",
            "hiring_company": "Acme Health",
        },
        page="/profile",
    )
    assert saved.status_code == 303, saved.text
    form = BeautifulSoup((await client.get("/profile")).text, "html.parser")
    assert form.select_one("#field-hiring_roles")["value"] == "Payroll manager"
    assert form.select_one("#field-hiring_company")["value"] == "Acme Health"
    people = await snapshots(session, group)
    assert people[hirer.id].hiring_roles == frozenset({"payroll manager"})
    assert people[hirer.id].hiring_company == "acme health"

    headers = bearer(await make_token(session, lead, Scope.read))
    [found] = [
        item
        for item in await _suggestions_for(client, headers, group.public_id, seeker.public_id)
        if item["person_id"] == str(hirer.public_id)
    ]
    assert found["kinds"][0] == "hiring"
    assert str(found["reason_to_member"]).startswith("Priya is hiring a payroll manager at Acme Health")


async def test_facilitators_sit_rounds_out_unless_the_group_includes_them(session: AsyncSession) -> None:
    group = await make_group(session, slug="rounds")
    lead = await make_member(
        session, group, name="Fay Lead", role=Role.facilitator, stage="alumni", can_help_with="Interview practice"
    )
    seeker = await make_member(session, group, name="Sam Seeker", looking_for="Interview practice, please")
    await joined_long_ago(session, group, lead, seeker)
    planned = await rounds.plan(session, lead, group, 1)
    assert planned.pairs == []
    group.rounds_include_facilitators = True
    await session.flush()
    planned = await rounds.plan(session, lead, group, 1)
    assert [(pair["a"], pair["b"]) for pair in planned.pairs] == [tuple(sorted((lead.id, seeker.id)))]
    assert len((await session.execute(select(IntroductionRound))).scalars().all()) == 2
