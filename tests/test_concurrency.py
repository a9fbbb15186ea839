"""Simultaneous requests against a real, committed database (not the rolled-back test transaction)."""

from __future__ import annotations

import asyncio

import httpx

from app.accounts.api_tokens import create_token
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.db import Sessions
from app.main import create_app


async def test_simultaneous_first_uses_of_a_token_all_succeed(committed_sessions: Sessions) -> None:
    async with committed_sessions.write() as session, session.begin():
        account = await create_account(session, email="busy@example.com", display_name="Busy", password=None)
        _, secret = await create_token(session, account, TokenCreate(name="Load", scopes=[Scope.read]))
    app = create_app(sessions=committed_sessions)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"Authorization": f"Bearer {secret}"}
    ) as client:
        responses = await asyncio.gather(*(client.get("/api/v1/groups") for _ in range(24)))
    assert [r.status_code for r in responses] == [200] * 24
