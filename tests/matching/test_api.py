"""Suggestions and rounds through the API: shapes, rights and errors."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.groups.models import Role
from app.introductions.models import Introduction
from tests.factories import bearer, make_group, make_member, make_token
from tests.matching.helpers import acme_group, joined_long_ago, pause


async def test_suggestions_for_one_member_and_for_the_neediest(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    headers = bearer(await make_token(session, acme.lead, Scope.read))
    url = f"/api/v1/groups/{acme.group.public_id}/suggestions"

    one = await client.get(url, params={"person_id": str(acme.sam.public_id), "limit": 2}, headers=headers)
    assert one.status_code == 200, one.text
    items = one.json()["items"]
    assert 1 <= len(items) <= 2
    first = items[0]
    assert set(first) == {
        "for_person_id",
        "person_id",
        "name",
        "score",
        "reason_to_member",
        "reason_to_person",
        "kinds",
    }
    assert first["for_person_id"] == str(acme.sam.public_id)
    assert first["person_id"] == str(acme.ana.public_id) and first["name"] == "Ana Ruiz"
    # Each of the two is written to in their own words.
    assert first["reason_to_member"].startswith(
        "Ana worked at Acme Health (2015–2019), one of the companies on your list."
    )
    assert first["reason_to_person"].startswith("Sam is hoping to join Acme Health, where you worked.")
    assert first["kinds"][0] == "target_company"
    assert isinstance(first["score"], float) and first["score"] > 5

    everyone = (await client.get(url, params={"limit": 50}, headers=headers)).json()["items"]
    pairs = [frozenset((item["for_person_id"], item["person_id"])) for item in everyone]
    assert len(pairs) == len(set(pairs)), "each pair once"
    assert frozenset((str(acme.sam.public_id), str(acme.ana.public_id))) in pairs
    assert all(item["reason_to_member"] and item["reason_to_person"] for item in everyone)
    assert len((await client.get(url, params={"limit": 1}, headers=headers)).json()["items"]) == 1


async def test_suggestions_errors(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    url = f"/api/v1/groups/{acme.group.public_id}/suggestions"
    lead = bearer(await make_token(session, acme.lead, Scope.read))
    assert (await client.get(url)).status_code == 401
    member = await client.get(url, headers=bearer(await make_token(session, acme.sam, Scope.read)))
    assert member.status_code == 403 and member.json()["detail"] == "Only this group's facilitators can do this."
    stranger = await make_member(session, await make_group(session), name="Stan Ger", role=Role.facilitator)
    assert (await client.get(url, headers=bearer(await make_token(session, stranger)))).status_code == 404
    too_many = await client.get(url, params={"limit": 51}, headers=lead)
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["field"] == "limit"
    nobody = await client.get(url, params={"person_id": str(uuid.uuid4())}, headers=lead)
    assert nobody.status_code == 404 and nobody.json()["detail"] == "This person is not an active member of the group."
    no_group = await client.get(f"/api/v1/groups/{uuid.uuid4()}/suggestions", headers=lead)
    assert no_group.status_code == 404 and no_group.headers["content-type"] == "application/problem+json"


async def test_plan_and_confirm_a_round(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    await joined_long_ago(session, acme.group, acme.sam, acme.ana, acme.kim, acme.lou)
    await pause(session, acme.group, acme.member)
    headers = bearer(await make_token(session, acme.lead, Scope.read, Scope.write))
    response = await client.post(
        f"/api/v1/groups/{acme.group.public_id}/introduction-rounds", json={"k": 1}, headers=headers
    )
    assert response.status_code == 201, response.text
    planned = response.json()
    assert response.headers["location"] == f"/api/v1/introduction-rounds/{planned['id']}"
    assert planned["k"] == 1 and planned["confirmed_at"] is None and planned["group_id"] == str(acme.group.public_id)
    assert len(planned["pairs"]) == 2
    pair = planned["pairs"][0]
    assert set(pair) == {
        "person_a_id",
        "person_a_name",
        "person_b_id",
        "person_b_name",
        "score",
        "reason_for_a",
        "reason_for_b",
        "kinds",
    }
    assert {pair["person_a_id"], pair["person_b_id"]} == {str(acme.sam.public_id), str(acme.ana.public_id)}
    unpaired = [p["person_id"] for p in planned["unpaired"]]
    assert str(acme.member.public_id) in unpaired and str(acme.lead.public_id) in unpaired  # paused; facilitator
    assert (await client.get(f"/api/v1/introduction-rounds/{planned['id']}", headers=headers)).json() == planned

    stray = {"person_a_id": str(acme.sam.public_id), "person_b_id": str(acme.lou.public_id), "reason": "Not planned"}
    chosen = {"person_a_id": pair["person_b_id"], "person_b_id": pair["person_a_id"], "reason": "Edited by hand"}
    confirm = f"/api/v1/introduction-rounds/{planned['id']}/confirm"
    done = await client.post(confirm, json={"pairs": [chosen, stray]}, headers=headers)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["round_id"] == planned["id"] and len(body["introduction_ids"]) == 1
    assert body["skipped"] == ["A pair that was not in this round was left out."]
    made = (await session.execute(select(Introduction))).scalar_one()
    assert str(made.public_id) == body["introduction_ids"][0] and made.reason_a == made.reason_b == "Edited by hand"

    twice = await client.post(confirm, headers=headers)
    assert twice.status_code == 409 and "already confirmed" in twice.json()["detail"]


async def test_confirming_a_whole_round_uses_the_reasons_about_each_pair(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    acme = await acme_group(session)
    headers = bearer(await make_token(session, acme.lead, Scope.write))
    planned = (await client.post(f"/api/v1/groups/{acme.group.public_id}/introduction-rounds", headers=headers)).json()
    assert planned["k"] == 1
    done = (await client.post(f"/api/v1/introduction-rounds/{planned['id']}/confirm", headers=headers)).json()
    assert len(done["introduction_ids"]) == len(planned["pairs"]) and done["skipped"] == []
    made = (await session.execute(select(Introduction))).scalars().all()
    reasons = [text for intro in made for text in (intro.reason_a, intro.reason_b)]
    assert reasons and all(reason.endswith(".") for reason in reasons)
    assert all(intro.reason_a != intro.reason_b and intro.reason_kinds for intro in made)
    assert not any("no introductions yet" in reason or "no connections" in reason for reason in reasons)


async def test_round_errors(client: httpx.AsyncClient, session: AsyncSession) -> None:
    acme = await acme_group(session)
    url = f"/api/v1/groups/{acme.group.public_id}/introduction-rounds"
    writer = bearer(await make_token(session, acme.lead, Scope.write))
    for k in (0, 6, "many"):
        bad = await client.post(url, json={"k": k}, headers=writer)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "k", bad.text
    assert (await client.post(url, json={"k": 1, "size": 3}, headers=writer)).status_code == 422
    reader = await client.post(url, json={"k": 1}, headers=bearer(await make_token(session, acme.lead, Scope.read)))
    assert reader.status_code == 403 and "'write' scope" in reader.json()["detail"]
    member = await client.post(url, json={"k": 1}, headers=bearer(await make_token(session, acme.sam, Scope.write)))
    assert member.status_code == 403
    missing = await client.post(f"/api/v1/introduction-rounds/{uuid.uuid4()}/confirm", headers=writer)
    assert missing.status_code == 404 and missing.json()["detail"] == "There is no such introduction round."
    planned = (await client.post(url, json={"k": 1}, headers=writer)).json()
    empty_reason = await client.post(
        f"/api/v1/introduction-rounds/{planned['id']}/confirm",
        headers=writer,
        json={
            "pairs": [{"person_a_id": str(acme.sam.public_id), "person_b_id": str(acme.ana.public_id), "reason": " "}]
        },
    )
    assert empty_reason.status_code == 422 and empty_reason.json()["errors"][0]["field"] == "pairs.0.reason"
    one_side = await client.post(
        f"/api/v1/introduction-rounds/{planned['id']}/confirm",
        headers=writer,
        json={
            "pairs": [
                {
                    "person_a_id": str(acme.sam.public_id),
                    "person_b_id": str(acme.ana.public_id),
                    "reason_for_a": "Only one side.",
                }
            ]
        },
    )
    assert one_side.status_code == 422 and "reason_for_b" in one_side.json()["detail"]
