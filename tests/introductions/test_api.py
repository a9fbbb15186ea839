"""The introductions API: who sees what, answers, outcomes, pagination, problem bodies."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.db import utcnow
from app.introductions import service
from tests.factories import bearer, make_member, make_token
from tests.introductions.helpers import REASON, make_setup, propose


async def _tokens(session: AsyncSession, *people):  # type: ignore[no-untyped-def]
    return [bearer(await make_token(session, person, Scope.read, Scope.write)) for person in people]


async def test_facilitators_propose_through_the_api(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    lead, member = await _tokens(session, setup.lead, setup.cleo)
    url = f"/api/v1/groups/{setup.group.public_id}/introductions"
    body = {"person_a_id": str(setup.ben.public_id), "person_b_id": str(setup.ana.public_id), "reason": REASON}
    response = await client.post(url, json=body, headers=lead)
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"/api/v1/introductions/{created['id']}"
    assert created["status"] == "proposed" and created["proposed_by"] == "Fay Facilitator"
    assert created["reason"] is None  # a facilitator reads each side's
    assert created["reasons"] == {"person_a": REASON, "person_b": REASON, "kinds": []}
    assert created["answers"] == {
        "person_a_answer": "pending",
        "person_b_answer": "pending",
        "person_a_note": "",
        "person_b_note": "",
    }

    again = await client.post(url, json=body, headers=lead)
    assert again.status_code == 409
    problem = again.json()
    assert again.headers["content-type"].startswith("application/problem+json")
    assert problem["title"] == "Conflict" and "already have an introduction under way" in problem["detail"]

    refused = await client.post(url, json={**body, "person_a_id": str(setup.cleo.public_id)}, headers=member)
    assert refused.status_code == 403 and "facilitators" in refused.json()["detail"]
    malformed = await client.post(url, json={"person_a_id": "nope", "reason": ""}, headers=lead)
    assert malformed.status_code == 422
    assert {error["field"] for error in malformed.json()["errors"]} == {"person_a_id", "person_b_id", "reason"}
    each = await client.post(
        url,
        headers=lead,
        json={
            "person_a_id": str(setup.cleo.public_id),
            "person_b_id": str(setup.ana.public_id),
            "reason_for_a": "Ana worked where you hope to work.",
            "reason_for_b": "Cleo hopes to work where you worked.",
        },
    )
    assert each.status_code == 201, each.text
    reasons = each.json()["reasons"]
    by_person = {each.json()["person_a"]["id"]: reasons["person_a"], each.json()["person_b"]["id"]: reasons["person_b"]}
    assert by_person[str(setup.cleo.public_id)] == "Ana worked where you hope to work."
    assert by_person[str(setup.ana.public_id)] == "Cleo hopes to work where you worked."
    half = await client.post(
        url,
        headers=lead,
        json={
            "person_a_id": str(setup.cleo.public_id),
            "person_b_id": str(setup.ben.public_id),
            "reason_for_a": "Only one.",
        },
    )
    assert half.status_code == 422 and "reason_for_b" in half.json()["detail"]
    read_only = bearer(await make_token(session, setup.lead, Scope.read))
    assert (await client.post(url, json=body, headers=read_only)).status_code == 403


async def test_the_two_see_each_other_but_contact_details_only_once_connected(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    ana, ben, cleo, lead = await _tokens(session, setup.ana, setup.ben, setup.cleo, setup.lead)
    url = f"/api/v1/introductions/{introduction.public_id}"

    seen = (await client.get(url, headers=ana)).json()
    assert seen["status"] == "proposed" and seen["my_answer"] == "pending" and seen["contact"] is None
    assert seen["answers"] is None
    assert seen["other_person"]["name"] == "Ben Okafor" and seen["other_person"]["looking_for"]
    assert seen["other_person"]["email"] is None and seen["other_person"]["phone"] is None
    assert setup.ben.email not in str(seen) and "555 0202" not in str(seen)
    assert (await client.get(url, headers=cleo)).status_code == 404

    accepted = await client.post(f"{url}/accept", headers=ana)
    assert accepted.status_code == 200 and accepted.json()["my_answer"] == "accepted"
    assert accepted.json()["contact"] is None
    connected = await client.post(f"{url}/accept", json={"note": "Glad to"}, headers=ben)
    body = connected.json()
    assert body["status"] == "connected" and body["connected_at"]
    assert body["contact"] == {
        "name": "Ana Lopez",
        "email": setup.ana.email,
        "phone": "+1 312 555 0101",
        "linkedin_url": "https://www.linkedin.com/in/ana-lopez",
    }
    assert (await client.get(url, headers=ana)).json()["contact"]["email"] == setup.ben.email
    facilitator = (await client.get(url, headers=lead)).json()
    assert facilitator["contact"] is None and facilitator["other_person"] is None
    assert facilitator["answers"]["person_a_answer"] == facilitator["answers"]["person_b_answer"] == "accepted"


async def test_a_decline_through_the_api_stays_private(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    ana, ben = await _tokens(session, setup.ana, setup.ben)
    url = f"/api/v1/introductions/{introduction.public_id}"
    await client.post(f"{url}/accept", headers=ana)
    declined = await client.post(f"{url}/decline", json={"note": "Not the right moment."}, headers=ben)
    assert declined.status_code == 200
    assert declined.json()["status"] == "not_going_ahead" and declined.json()["my_answer"] == "declined"
    seen = (await client.get(url, headers=ana)).json()
    assert seen["status"] == "not_going_ahead" and seen["my_answer"] == "accepted" and seen["answers"] is None
    assert "Not the right moment" not in str(seen) and "declined" not in str(seen)
    listed = (await client.get("/api/v1/introductions", headers=ana)).json()["items"]
    assert "declined" not in str(listed) and listed[0]["status"] == "not_going_ahead"
    bad_filter = await client.get("/api/v1/introductions?status=declined", headers=ana)
    assert bad_filter.status_code == 422 and bad_filter.json()["errors"][0]["field"] == "status"
    again = await client.post(f"{url}/accept", headers=ana)
    assert again.status_code == 409 and "no longer waiting" in again.json()["detail"]


async def test_outcomes_through_the_api(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    ana, ben, lead = await _tokens(session, setup.ana, setup.ben, setup.lead)
    url = f"/api/v1/introductions/{introduction.public_id}"
    early = await client.post(f"{url}/outcome", json={"outcome": "met", "note": ""}, headers=ana)
    assert early.status_code == 409
    await client.post(f"{url}/accept", headers=ana)
    await client.post(f"{url}/accept", headers=ben)
    recorded = await client.post(f"{url}/outcome", json={"outcome": "offer", "note": "An offer!"}, headers=ana)
    assert recorded.status_code == 200
    assert [(o["outcome"], o["note"]) for o in recorded.json()["outcomes"]] == [("offer", "An offer!")]
    await client.post(f"{url}/outcome", json={"outcome": "met"}, headers=ben)
    assert [o["outcome"] for o in (await client.get(url, headers=ben)).json()["outcomes"]] == ["met"]
    assert sorted(o["outcome"] for o in (await client.get(url, headers=lead)).json()["outcomes"]) == ["met", "offer"]
    wrong = await client.post(f"{url}/outcome", json={"outcome": "promoted"}, headers=ana)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "outcome"


async def test_listing_mine_and_the_groups_with_cursors_in_a_fixed_number_of_statements(
    client: httpx.AsyncClient, session: AsyncSession, count_queries
) -> None:  # type: ignore[no-untyped-def]
    setup = await make_setup(session, max_open_proposals=20)
    others = [
        await make_member(session, setup.group, name=f"Other {index}", looking_for="Advice", phone="+1 555 0000")
        for index in range(7)
    ]
    start = utcnow()
    for index, other in enumerate(others):
        with time_machine.travel(start + timedelta(minutes=index)):
            introduction = await propose(session, setup, setup.ana, other)
        if index % 2:
            await service.answer(session, setup.ana, introduction.public_id, True)
            await service.answer(session, other, introduction.public_id, True)
    ana, lead, cleo = await _tokens(session, setup.ana, setup.lead, setup.cleo)

    seen: list[str] = []
    cursor = None
    while True:
        query = "?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(f"/api/v1/introductions{query}", headers=ana)).json()
        seen += [item["other_person"]["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Other {index}" for index in reversed(range(7))]  # newest first, each once
    connected = (await client.get("/api/v1/introductions?status=connected", headers=ana)).json()["items"]
    assert [item["other_person"]["name"] for item in connected] == ["Other 5", "Other 3", "Other 1"]
    assert all(item["contact"]["phone"] == "+1 555 0000" for item in connected)

    with count_queries() as few:
        await client.get("/api/v1/introductions?limit=2", headers=ana)
    with count_queries() as many:
        await client.get("/api/v1/introductions?limit=7", headers=ana)
    assert many.count == few.count

    group_url = f"/api/v1/introductions?group_id={setup.group.public_id}"
    everything = (await client.get(group_url, headers=lead)).json()["items"]
    assert len(everything) == 7 and all(item["contact"] is None and item["answers"] for item in everything)
    assert len((await client.get(f"{group_url}&status=proposed", headers=lead)).json()["items"]) == 4
    assert (await client.get(group_url, headers=cleo)).status_code == 403
    assert (await client.get("/api/v1/introductions?cursor=garbage", headers=ana)).status_code == 400


async def test_asking_and_pausing_through_the_api(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    (ben,) = await _tokens(session, setup.ben)
    url = f"/api/v1/groups/{setup.group.public_id}/introduction-requests"
    asked = await client.post(
        url, json={"target_person_id": str(setup.ana.public_id), "description": "About Acme"}, headers=ben
    )
    assert asked.status_code == 201
    assert asked.json()["target"]["name"] == "Ana Lopez" and asked.json()["status"] == "open"
    empty = await client.post(url, json={"description": ""}, headers=ben)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "target_person_id"
    paused = await client.put(
        f"/api/v1/groups/{setup.group.public_id}/introductions/paused", json={"paused": True}, headers=ben
    )
    assert paused.json() == {"paused": True}
    refused = await client.post(
        f"/api/v1/groups/{setup.group.public_id}/introductions",
        headers=(await _tokens(session, setup.lead))[0],
        json={"person_a_id": str(setup.ana.public_id), "person_b_id": str(setup.ben.public_id), "reason": REASON},
    )
    assert refused.status_code == 409 and "paused" in refused.json()["detail"]


async def test_outsiders_and_other_members_find_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    setup = await make_setup(session)
    introduction = await propose(session, setup)
    outsider = (await make_setup(session)).ana
    cleo, stranger = await _tokens(session, setup.cleo, outsider)
    url = f"/api/v1/introductions/{introduction.public_id}"
    for headers in (cleo, stranger):
        for response in (
            await client.get(url, headers=headers),
            await client.post(f"{url}/accept", headers=headers),
            await client.post(f"{url}/decline", headers=headers),
        ):
            assert response.status_code == 404 and response.json()["title"] == "Not found"
        assert (await client.get("/api/v1/introductions", headers=headers)).json()["items"] == []
    assert (await client.get(url)).status_code == 401
