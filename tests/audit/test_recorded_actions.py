"""Actions that the audit log records besides the ones their own features test: API tokens,
roster exports, and the audit log's own export."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts import api_tokens
from app.accounts.schemas import Scope, TokenCreate
from app.audit.models import AuditEvent
from app.groups.models import Role
from tests.factories import make_account, make_group, make_member, sign_in


async def _events(session: AsyncSession, action: str) -> list[AuditEvent]:
    return list(
        (await session.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))).scalars()
    )


async def test_api_tokens_created_and_revoked(session: AsyncSession) -> None:
    person = await make_account(session)
    token, _ = await api_tokens.create_token(session, person, TokenCreate(name="CRM sync", scopes=[Scope.read]))
    await api_tokens.revoke_token(session, person, token.public_id)
    [created] = await _events(session, "api_token.created")
    [revoked] = await _events(session, "api_token.revoked")
    assert (created.actor_account_id, created.target, created.details["scopes"]) == (person.id, "CRM sync", "read")
    assert created.details["prefix"] == token.token_prefix and "secret" not in str(created.details)
    assert (revoked.actor_account_id, revoked.target) == (person.id, "CRM sync")


async def test_a_roster_export_is_recorded(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await make_member(session, group, name="Omar Haddad")
    await sign_in(client, lead)
    response = await client.get(f"/g/{group.slug}/manage/export.csv")
    assert response.status_code == 200
    [event] = await _events(session, "roster.exported")
    assert (event.actor_account_id, event.group_id, event.target, event.details) == (
        lead.id,
        group.id,
        group.slug,
        {"rows": 2},
    )
