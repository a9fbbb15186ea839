from __future__ import annotations

import uuid

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from tests.factories import (
    bearer,
    make_account,
    make_group,
    make_member,
    make_membership,
    make_token,
    post_form,
    sign_in,
)
from tests.members.helpers import emails


async def _setup(session: AsyncSession) -> tuple[Group, Account, Account]:
    group = await make_group(session, slug="vetted", join_policy=JoinPolicy.approval)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    newcomer = await make_member(
        session,
        group,
        name="Nia Newcomer",
        status=MembershipStatus.pending,
        email="nia@example.com",
        looking_for="A mentor in FP&A.",
    )
    return group, lead, newcomer


async def _status(session: AsyncSession, group: Group, account: Account) -> Membership:
    statement = select(Membership).where(Membership.group_id == group.id, Membership.account_id == account.id)
    membership = (await session.execute(statement)).scalar_one()
    await session.refresh(membership)
    return membership


async def test_facilitator_sees_the_queue_and_approves_with_a_private_note(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, newcomer = await _setup(session)
    unverified = await make_account(session, email="later@example.com")
    unverified.email_verified_at = None
    await make_membership(session, group, unverified, status=MembershipStatus.pending)
    await sign_in(client, lead)
    page = BeautifulSoup((await client.get("/g/vetted/manage/requests")).text, "html.parser")
    [card] = page.select(".request")
    assert "Nia Newcomer" in card.text and "A mentor in FP&A." in card.text and "nia@example.com" in card.text
    assert "1 person has signed up but not confirmed" in page.text

    action = f"/g/vetted/manage/requests/{newcomer.public_id}/approve"
    response = await post_form(
        client, action, {"note": "Met her at the library fair."}, page="/g/vetted/manage/requests"
    )
    assert response.status_code == 303
    membership = await _status(session, group, newcomer)
    assert membership.status == MembershipStatus.active and membership.joined_at is not None
    assert membership.decision_note == "Met her at the library fair." and membership.decided_by_account_id == lead.id
    [welcome] = await emails(session, "nia@example.com")
    assert welcome.payload["template"] == "welcome"
    assert "library fair" not in welcome.payload["text"]
    actions = (await session.execute(select(AuditEvent.action).where(AuditEvent.group_id == group.id))).scalars().all()
    assert "member.approved" in actions
    assert "No one is waiting" in (await client.get("/g/vetted/manage/requests")).text


async def test_decline_tells_the_person_kindly_without_the_note(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    action = f"/g/vetted/manage/requests/{newcomer.public_id}/decline"
    await post_form(client, action, {"note": "Not in our field.", "confirmed": "yes"}, page="/g/vetted/manage/requests")
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined
    [message] = await emails(session, "nia@example.com")
    assert message.payload["template"] == "join_declined" and "Not in our field" not in message.payload["text"]
    again = await post_form(
        client, f"/g/vetted/manage/requests/{newcomer.public_id}/approve", {}, page="/g/vetted/manage/requests"
    )
    assert again.status_code == 303
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined


async def test_members_and_outsiders_cannot_decide(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, _, newcomer = await _setup(session)
    member = await make_member(session, group, name="Plain Member")
    await sign_in(client, member)
    assert (await client.get("/g/vetted/manage/requests")).status_code == 403
    response = await post_form(client, f"/g/vetted/manage/requests/{newcomer.public_id}/approve", {}, page="/")
    assert response.status_code == 403
    other_group = await make_group(session, slug="other")
    stranger = await make_member(session, other_group, name="Other Facilitator", role=Role.facilitator)
    await post_form(client, "/logout", {}, page="/")
    await sign_in(client, stranger)
    assert (await client.get("/g/vetted/manage/requests")).status_code == 404
    assert (await _status(session, group, newcomer)).status == MembershipStatus.pending


async def test_api_approve_and_decline(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, newcomer = await _setup(session)
    second = await make_member(session, group, name="Second Newcomer", status=MembershipStatus.pending)
    headers = bearer(await make_token(session, lead, Scope.write))
    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{newcomer.public_id}/approve", headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active" and body["person_id"] == str(newcomer.public_id) and body["joined_at"]
    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{second.public_id}/decline",
        json={"note": "Wrong city"},
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    again = await client.post(f"/api/v1/groups/{group.public_id}/members/{second.public_id}/approve", headers=headers)
    assert again.status_code == 409 and "already answered" in again.json()["detail"]
    unknown = await client.post(f"/api/v1/groups/{group.public_id}/members/{uuid.uuid4()}/approve", headers=headers)
    assert unknown.status_code == 404
    bad = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{second.public_id}/decline",
        json={"note": "x" * 3000},
        headers=headers,
    )
    assert bad.status_code == 422


async def test_api_decisions_need_a_facilitator(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, _, newcomer = await _setup(session)
    member = await make_member(session, group, name="Plain Member")
    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{newcomer.public_id}/approve",
        headers=bearer(await make_token(session, member, Scope.write)),
    )
    assert response.status_code == 403
    outsider = await make_account(session)
    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{newcomer.public_id}/approve",
        headers=bearer(await make_token(session, outsider, Scope.write)),
    )
    assert response.status_code == 404
