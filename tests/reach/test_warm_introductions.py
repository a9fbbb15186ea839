"""Warm introductions: asking a warm path, the helper's private answer ("not now" is never shown to
the asker as a no), one waiting request per asker, helper and company, withdrawing; the own-data
export and account deletion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import false, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from app.db import utcnow
from app.notifications.models import OutboxMessage
from app.reach import warm
from app.reach.models import ReachShare, WarmIntroductionRequest
from tests.factories import PASSWORD, bearer, make_token, post_form, sign_in
from tests.reach.helpers import COMPANY, SECRET_NAMES, make_setup

MESSAGE = "I am applying for a people-analytics role there and would love 20 minutes with someone in HR."
NOTE = "Maya Chen on their HR team; I will email you both this week."


async def _headers(session: AsyncSession, account: Any) -> dict[str, str]:
    return bearer(await make_token(session, account, Scope.read, Scope.write))


async def _ask(client: httpx.AsyncClient, session: AsyncSession, asker: Any, helper: Any) -> httpx.Response:
    return await client.post(
        "/api/v1/me/reach/requests",
        json={"person_id": str(helper.public_id), "company": COMPANY, "message": MESSAGE},
        headers=await _headers(session, asker),
    )


async def _emails_to(session: AsyncSession, address: str) -> list[dict[str, Any]]:
    rows = (await session.execute(select(OutboxMessage.payload))).scalars()
    return [payload for payload in rows if payload.get("to") == address]


async def test_ask_then_the_helper_says_yes_and_the_asker_reads_the_note(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session)
    response = await _ask(client, session, s.ana, s.jordan)
    assert response.status_code == 201, response.text
    asked = response.json()
    assert asked["status"] == "waiting" and asked["helper"]["name"] == "Jordan Reyes"
    assert response.headers["Location"] == f"/api/v1/me/reach/requests/{asked['id']}"
    [email] = await _emails_to(session, s.jordan.email)
    assert "Ana Lopez asks you for a warm introduction at Northwind Health" in email["subject"]
    assert MESSAGE in email["text"]

    jordan = await _headers(session, s.jordan)
    received = (await client.get("/api/v1/me/reach/requests", headers=jordan)).json()["received"]
    assert [item["id"] for item in received] == [asked["id"]]
    answered = await client.post(
        f"/api/v1/me/reach/requests/{asked['id']}/answer", json={"answer": "yes", "note": NOTE}, headers=jordan
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "accepted"
    [told] = await _emails_to(session, s.ana.email)
    assert NOTE in told["text"]

    mine = await client.get(f"/api/v1/me/reach/requests/{asked['id']}", headers=await _headers(session, s.ana))
    assert mine.json()["status"] == "accepted" and mine.json()["helper_note"] == NOTE


async def test_not_now_is_never_shown_to_the_asker_as_a_no(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    asked = (await _ask(client, session, s.ana, s.jordan)).json()
    ana = await _headers(session, s.ana)
    before = (await client.get(f"/api/v1/me/reach/requests/{asked['id']}", headers=ana)).json()
    answered = await client.post(
        f"/api/v1/me/reach/requests/{asked['id']}/answer",
        json={"answer": "not_now", "note": ""},
        headers=await _headers(session, s.jordan),
    )
    assert answered.json()["status"] == "not_now"
    after = (await client.get(f"/api/v1/me/reach/requests/{asked['id']}", headers=ana)).json()
    assert after == before
    assert await _emails_to(session, s.ana.email) == []
    # The page reads as waiting; the warm paths page keeps the request as waiting too.
    await sign_in(client, s.ana)
    page = await client.get(f"/me/reach/requests/{asked['id']}")
    assert "Waiting for Jordan Reyes" in page.text and "not now" not in page.text.lower()
    # Two weeks on it closes, as an unanswered request does, and Ana may ask again.
    await session.execute(update(WarmIntroductionRequest).values(created_at=utcnow() - timedelta(days=15)))
    closed = (await client.get(f"/api/v1/me/reach/requests/{asked['id']}", headers=ana)).json()
    assert closed["status"] == "closed"
    assert "says nothing about you" in (await client.get(f"/me/reach/requests/{asked['id']}")).text
    assert (await _ask(client, session, s.ana, s.jordan)).status_code == 201


async def test_one_waiting_request_per_asker_helper_and_company(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session)
    assert (await _ask(client, session, s.ana, s.jordan)).status_code == 201
    again = await _ask(client, session, s.ana, s.jordan)
    assert again.status_code == 409
    assert "already asked Jordan Reyes about Northwind Health" in again.json()["detail"]
    assert (await _ask(client, session, s.ana, s.ben)).status_code == 201


async def test_the_same_ask_twice_at_once_is_a_conflict_not_an_error(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: Any
) -> None:
    s = await make_setup(session)
    assert (await _ask(client, session, s.ana, s.jordan)).status_code == 201

    # The second of two simultaneous asks finds no waiting request (the first is not committed
    # yet); the database's unique index then stops it.
    async def nothing_waiting(*_: Any) -> dict[Any, Any]:
        return {}

    monkeypatch.setattr(warm, "open_requests_by_path", nothing_waiting)
    # nor closes the first one as stale
    monkeypatch.setattr(warm, "update", lambda table: update(table).where(false()))
    again = await _ask(client, session, s.ana, s.jordan)
    assert again.status_code == 409, again.text
    assert "already asked Jordan Reyes about Northwind Health" in again.json()["detail"]


async def test_only_a_warm_path_can_be_asked(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session, shared=False)
    # Jordan did not share; Hana is in another group; Ana cannot ask herself.
    for helper in (s.jordan, s.hana, s.ana):
        response = await _ask(client, session, s.ana, helper)
        assert response.status_code == 422, response.text
        assert "not one of your warm paths" in response.json()["detail"]
    other = await client.post(
        "/api/v1/me/reach/requests",
        json={"person_id": str(s.ben.public_id), "company": "Globex", "message": MESSAGE},
        headers=await _headers(session, s.ana),
    )
    assert other.status_code == 422


async def test_the_message_is_bounded_and_kept_on_error(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    await sign_in(client, s.ana)
    ask_page = f"/me/reach/ask?person={s.jordan.public_id}&company=Northwind%20Health"
    page = await client.get(ask_page)
    assert page.status_code == 200 and "Ask Jordan Reyes for a warm introduction" in page.text
    long = "x" * 1001
    response = await post_form(
        client,
        "/me/reach/ask",
        {"person_id": str(s.jordan.public_id), "company": COMPANY, "message": long},
        page=ask_page,
    )
    assert response.status_code == 422
    assert long in response.text and "1000" in response.text
    empty = await post_form(
        client,
        "/me/reach/ask",
        {"person_id": str(s.jordan.public_id), "company": COMPANY, "message": " "},
        page=ask_page,
    )
    assert empty.status_code == 422 and "Say in a sentence or two" in empty.text
    sent = await post_form(
        client,
        "/me/reach/ask",
        {"person_id": str(s.jordan.public_id), "company": COMPANY, "message": MESSAGE},
        page=ask_page,
    )
    assert sent.status_code == 303


async def test_a_yes_needs_a_note_and_only_the_helper_answers(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    asked = (await _ask(client, session, s.ana, s.jordan)).json()
    address = f"/api/v1/me/reach/requests/{asked['id']}/answer"
    no_note = await client.post(address, json={"answer": "yes"}, headers=await _headers(session, s.jordan))
    assert no_note.status_code == 422 and "Say whom you will connect Ana Lopez with" in no_note.text
    for stranger in (s.ana, s.ben, s.lead, s.hana):
        response = await client.post(
            address, json={"answer": "yes", "note": NOTE}, headers=await _headers(session, stranger)
        )
        assert response.status_code == 404
        seen = await client.get(f"/api/v1/me/reach/requests/{asked['id']}", headers=await _headers(session, stranger))
        assert seen.status_code == (200 if stranger is s.ana else 404)


async def test_the_asker_withdraws(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    asked = (await _ask(client, session, s.ana, s.jordan)).json()
    address = f"/api/v1/me/reach/requests/{asked['id']}/withdraw"
    assert (await client.post(address, headers=await _headers(session, s.jordan))).status_code == 404
    withdrawn = await client.post(address, headers=await _headers(session, s.ana))
    assert withdrawn.json()["status"] == "withdrawn"
    late = await client.post(
        f"/api/v1/me/reach/requests/{asked['id']}/answer",
        json={"answer": "yes", "note": NOTE},
        headers=await _headers(session, s.jordan),
    )
    assert late.status_code == 409 and "withdrew" in late.json()["detail"]


async def test_the_helper_answers_on_the_page(client: httpx.AsyncClient, session: AsyncSession) -> None:
    s = await make_setup(session)
    asked = (await _ask(client, session, s.ana, s.jordan)).json()
    await sign_in(client, s.jordan)
    page = f"/me/reach/requests/{asked['id']}"
    assert "Ana Lopez asks for a warm introduction" in (await client.get(page)).text
    kept = await post_form(client, page + "/answer", {"answer": "yes", "note": ""}, page=page)
    assert kept.status_code == 422
    done = await post_form(client, page + "/answer", {"answer": "yes", "note": NOTE}, page=page)
    assert done.status_code == 303
    assert "You said yes" in (await client.get("/me/reach/requests")).text


async def test_export_has_settings_and_requests_and_deletion_removes_them(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    s = await make_setup(session)
    await _ask(client, session, s.ana, s.jordan)
    export = await client.get("/api/v1/me/export", headers=await _headers(session, s.jordan))
    assert export.status_code == 200
    reach = export.json()["reach"]
    assert [(item["group"], item["shared"]) for item in reach["shared_with"]] == [("Tuesday circle", True)]
    assert [item["role"] for item in reach["warm_introductions"]] == ["helper"]
    ana_export = await client.get("/api/v1/me/export", headers=await _headers(session, s.ana))
    for name in SECRET_NAMES:
        assert name.split()[1] not in ana_export.text

    await sign_in(client, s.jordan)
    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data")
    assert response.status_code == 303, response.text
    shares = await session.execute(
        select(func.count()).select_from(ReachShare).where(ReachShare.account_id == s.jordan.id)
    )
    assert shares.scalar_one() == 0
    requests = await session.execute(select(func.count()).select_from(WarmIntroductionRequest))
    assert requests.scalar_one() == 0


async def test_nobody_is_asked_while_they_paused_introductions(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from app.groups.models import Membership

    s = await make_setup(session)
    await session.execute(
        update(Membership)
        .where(Membership.group_id == s.group.id, Membership.account_id == s.jordan.id)
        .values(introductions_paused_at=utcnow())
    )
    reach = (await client.get("/api/v1/me/reach", headers=await _headers(session, s.ana))).json()
    [northwind] = [item for item in reach["companies"] if item["company"] == COMPANY]
    jordan = next(path for path in northwind["paths"] if path["name"] == "Jordan Reyes")
    assert jordan["open_to_requests"] is False
    response = await _ask(client, session, s.ana, s.jordan)
    assert response.status_code == 409 and "paused introductions" in response.json()["detail"]
    assert await _emails_to(session, s.jordan.email) == []
    await sign_in(client, s.ana)
    assert "Jordan Reyes has paused introductions for now" in (await client.get("/me/reach")).text
