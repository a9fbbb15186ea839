"""Input that once made the API answer 500, found by the schemathesis run (tests/test_openapi.py):
each is now a 422 problem that names the field, on SQLite and PostgreSQL alike (and a form with
the same NUL character a 422 page)."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from tests.factories import bearer, make_account, make_token, post_form, sign_in
from tests.meetings.helpers import group_with_people, schedule


def fields(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {error["field"]: error["message"] for error in response.json()["errors"]}


async def test_text_with_a_nul_character_is_refused_wherever_it_is(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    # PostgreSQL cannot store U+0000 in text: it would have been a 500 there.
    headers = bearer(await make_token(session, await make_account(session), Scope.write))
    profile = await client.patch(
        "/api/v1/me/profile", headers=headers, json={"headline": "fine", "industries": ["Health", "bad\u0000tag"]}
    )
    assert fields(profile) == {"industries.1": "Text cannot contain the NUL character (U+0000)."}
    search = await client.get("/api/v1/groups", headers=headers, params={"cursor": "a\x00b"})
    assert set(fields(search)) == {"cursor"}
    # An escaped backslash is only text.
    ok = await client.patch("/api/v1/me/profile", headers=headers, json={"headline": "C:\\u0000 is a path"})
    assert ok.status_code == 200 and ok.json()["headline"] == "C:\\u0000 is a path"


async def test_a_form_with_a_nul_character_is_refused_too(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await sign_in(client, await make_account(session))
    response = await post_form(client, "/profile", {"headline": "a\x00b"}, page="/profile")
    assert response.status_code == 422 and "NUL character" in response.text


async def test_a_body_that_is_not_json_is_explained(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = {
        **bearer(await make_token(session, await make_account(session), Scope.write)),
        "Content-Type": "application/json",
    }
    response = await client.patch("/api/v1/me/profile", headers=headers, content=b'{"headline": 1')
    assert fields(response) == {"request": "The request body is not valid JSON."}


async def test_tags_must_be_a_list_or_text(client: httpx.AsyncClient, session: AsyncSession) -> None:
    headers = bearer(await make_token(session, await make_account(session), Scope.write))
    response = await client.patch("/api/v1/me/profile", headers=headers, json={"skills": 12.5, "industries": {}})
    assert set(fields(response)) == {"skills", "industries"}


async def test_a_meeting_cannot_lose_its_time_zone_or_title(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    meeting = await schedule(session, lead, group)
    headers = bearer(await make_token(session, lead, Scope.write))
    response = await client.patch(
        f"/api/v1/meetings/{meeting.public_id}",
        headers=headers,
        json={"timezone": None, "starts_at": None, "agenda": None, "capacity": None},
    )
    assert fields(response) == {
        "timezone": "This cannot be empty.",
        "starts_at": "This cannot be empty.",
        "agenda": "This cannot be empty.",
    }
    cleared = await client.patch(
        f"/api/v1/meetings/{meeting.public_id}", headers=headers, json={"capacity": None, "online_url": None}
    )
    assert cleared.status_code == 200 and cleared.json()["capacity"] is None


async def test_a_meeting_is_dated_within_reason(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, _ = await group_with_people(session)
    headers = bearer(await make_token(session, lead, Scope.write))
    for starts_at in ("0001-01-01T00:00:00Z", "9999-12-31T23:00:00"):
        response = await client.post(
            f"/api/v1/groups/{group.public_id}/meetings",
            headers=headers,
            json={"title": "Far away", "starts_at": starts_at},
        )
        assert fields(response) == {"starts_at": "Please choose a date between the years 1970 and 2200."}
