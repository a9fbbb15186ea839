from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.groups.models import GroupInvite, JoinedVia, JoinPolicy, Membership, MembershipStatus, Role
from app.security import hash_token
from tests.factories import make_group, make_member, post_form, sign_in
from tests.members.helpers import SIGNUP, link_in_email


async def _create_link(client: httpx.AsyncClient, slug: str, **data: str) -> str:
    response = await post_form(
        client,
        f"/g/{slug}/manage/invites",
        {"label": "Spring cohort", "expires_in_days": "7", **data},
        page=f"/g/{slug}/manage/invites",
    )
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser").select_one("#new-link")["value"]


async def test_invite_link_is_shown_once_stored_hashed_and_lets_people_skip_approval(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="invite-only", join_policy=JoinPolicy.invite)
    lead = await make_member(session, group, name="Fay", role=Role.facilitator)
    await sign_in(client, lead)
    link = await _create_link(client, "invite-only")
    token = link.rsplit("/", 1)[1]
    invite = (await session.execute(select(GroupInvite))).scalar_one()
    assert invite.token_hash == hash_token(token) and invite.label == "Spring cohort"
    assert token not in (await client.get("/g/invite-only/manage/invites")).text

    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as visitor:
        page = await visitor.get(link.replace("http://testserver", ""))
        assert page.status_code == 200 and "Join the group" in page.text
        response = await post_form(
            visitor, "/g/invite-only/join", {**SIGNUP, "invite": token}, page=link.replace("http://testserver", "")
        )
        assert "Check your inbox" in response.text
        verify = await link_in_email(session, "nia@example.com", "verify_email")
        response = await post_form(visitor, verify, {}, page=verify)
        assert response.headers["location"] == "/g/invite-only/welcome"
    membership = (await session.execute(select(Membership).where(Membership.invite_id == invite.id))).scalar_one()
    assert membership.status == MembershipStatus.active and membership.joined_via == JoinedVia.invite_link
    await session.refresh(invite)
    assert invite.uses == 1


async def test_revoked_and_expired_links_are_explained(
    app: object, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="links", join_policy=JoinPolicy.invite)
    await sign_in(client, await make_member(session, group, name="Fay", role=Role.facilitator))
    expiring = (await _create_link(client, "links")).replace("http://testserver", "")
    revoked = (await _create_link(client, "links", label="To revoke")).replace("http://testserver", "")
    invite = (await session.execute(select(GroupInvite).where(GroupInvite.label == "To revoke"))).scalar_one()
    confirm = await client.get(f"/g/links/manage/invites/{invite.public_id}/revoke")
    assert "Revoke “To revoke”?" in confirm.text
    await post_form(client, f"/g/links/manage/invites/{invite.public_id}/revoke", {}, page="/g/links/manage/invites")

    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as visitor:
        gone = await visitor.get(revoked)
        assert gone.status_code == 404 and "not valid any more" in gone.text
        with time_machine.travel(utcnow() + timedelta(days=8)):
            late = await visitor.get(expiring)
        assert late.status_code == 404 and "expired" in late.text
        token = revoked.rsplit("/", 1)[1]
        response = await post_form(visitor, "/g/links/join", {**SIGNUP, "invite": token}, page="/login")
        assert response.status_code == 404


async def test_only_facilitators_manage_invites(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="guarded")
    await sign_in(client, await make_member(session, group, name="Plain"))
    assert (await client.get("/g/guarded/manage/invites")).status_code == 403
    response = await post_form(client, "/g/guarded/manage/invites", {"label": "x", "expires_in_days": "7"}, page="/")
    assert response.status_code == 403
    assert (await session.execute(select(GroupInvite))).first() is None
