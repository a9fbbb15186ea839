from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.schemas import Scope
from tests.factories import bearer, make_account, make_token


async def test_own_profile_round_trip(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, name="Nia", email="nia@example.com")
    headers = bearer(await make_token(session, account, Scope.write))
    empty = await client.get("/api/v1/me/profile", headers=headers)
    assert empty.status_code == 200
    assert empty.json()["name"] == "Nia" and empty.json()["email"] == "nia@example.com"
    assert empty.json()["stage"] == "searching"

    change = {
        "headline": "FP&A lead",
        "skills": ["Excel", " excel", "Forecasting"],
        "stage": "offer",
        "past_companies": [{"name": "Globex", "from": 2012, "to": 2020}],
        "visibility": {"stage": "facilitators"},
        "linkedin_url": "https://www.linkedin.com/in/nia",
    }
    response = await client.patch("/api/v1/me/profile", json=change, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["headline"] == "FP&A lead" and body["skills"] == ["Excel", "Forecasting"]
    assert body["past_companies"] == [{"name": "Globex", "from": 2012, "to": 2020}]
    assert body["visibility"]["stage"] == "facilitators" and body["visibility"]["bio"] == "members"
    assert set(body) >= {
        "headline",
        "bio",
        "location",
        "linkedin_url",
        "stage",
        "target_roles",
        "industries",
        "skills",
        "target_companies",
        "past_companies",
        "looking_for",
        "can_help_with",
    }

    only_bio = await client.patch("/api/v1/me/profile", json={"bio": "Hello."}, headers=headers)
    assert only_bio.json()["headline"] == "FP&A lead" and only_bio.json()["skills"] == ["Excel", "Forecasting"]


async def test_profile_api_errors_are_clear(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session)
    headers = bearer(await make_token(session, account, Scope.write))
    response = await client.patch(
        "/api/v1/me/profile",
        json={
            "linkedin_url": "ftp://nope",
            "skills": ["x" * 80],
            "stage": "sleeping",
            "email": "new@example.com",
            "past_companies": [{"name": "Acme", "from": 1800}],
        },
        headers=headers,
    )
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(fields) == {"linkedin_url", "skills", "stage", "email", "past_companies.0.from"}
    assert fields["email"] == "This field is not recognised."
    read_only = bearer(await make_token(session, account, Scope.read))
    assert (await client.patch("/api/v1/me/profile", json={"bio": "x"}, headers=read_only)).status_code == 403
