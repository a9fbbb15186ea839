"""Plain factory functions: each makes one thing with sensible defaults and returns it."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.api_tokens import create_token
from app.accounts.models import Account
from app.accounts.schemas import Scope, TokenCreate
from app.accounts.service import create_account
from app.db import utcnow
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role

PASSWORD = "correct horse battery"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def make_account(
    session: AsyncSession,
    *,
    email: str | None = None,
    name: str = "Sam Rivera",
    password: str | None = PASSWORD,
    is_admin: bool = False,
) -> Account:
    return await create_account(
        session,
        email=email or f"{unique('person')}@example.com",
        display_name=name,
        password=password,
        is_admin=is_admin,
    )


async def make_admin(session: AsyncSession, **kwargs: Any) -> Account:
    return await make_account(session, is_admin=True, name=kwargs.pop("name", "Avery Admin"), **kwargs)


async def make_group(session: AsyncSession, **fields: Any) -> Group:
    slug = fields.pop("slug", unique("group"))
    group = Group(
        slug=slug,
        name=fields.pop("name", f"Group {slug}"),
        timezone=fields.pop("timezone", "America/Chicago"),
        join_policy=fields.pop("join_policy", JoinPolicy.approval),
        **fields,
    )
    session.add(group)
    await session.flush()
    return group


async def make_membership(
    session: AsyncSession,
    group: Group,
    account: Account,
    *,
    role: Role = Role.member,
    status: MembershipStatus = MembershipStatus.active,
) -> Membership:
    membership = Membership(group_id=group.id, account_id=account.id, role=role, status=status, joined_at=utcnow())
    session.add(membership)
    await session.flush()
    return membership


async def make_token(session: AsyncSession, account: Account, *scopes: Scope) -> str:
    _, secret = await create_token(session, account, TokenCreate(name="Test", scopes=list(scopes or [Scope.read])))
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def csrf_token(client: httpx.AsyncClient, page: str = "/login") -> str:
    """Opens a page the way a browser would and returns the CSRF token of its forms."""
    response = await client.get(page, follow_redirects=True)
    match = _CSRF.search(response.text)
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, url: str, data: dict[str, Any], *, page: str | None = None
) -> httpx.Response:
    """Submits a form as a browser would: with the token from the page it is on."""
    token = await csrf_token(client, page or "/login")
    return await client.post(url, data={"csrf_token": token, **data})


async def sign_in(client: httpx.AsyncClient, account: Account, password: str = PASSWORD) -> None:
    response = await post_form(client, "/login", {"email": account.email, "password": password})
    assert response.status_code == 303, response.text


async def make_member(
    session: AsyncSession,
    group: Group,
    *,
    name: str = "Sam Rivera",
    role: Role = Role.member,
    status: MembershipStatus = MembershipStatus.active,
    email: str | None = None,
    **profile: Any,
) -> Account:
    """A person in `group` with a profile; profile fields as in ProfileUpdate (tags as lists)."""
    from app.profiles.schemas import ProfileUpdate
    from app.profiles.service import update_profile

    account = await make_account(session, name=name, email=email)
    await make_membership(session, group, account, role=role, status=status)
    await update_profile(session, account, ProfileUpdate.model_validate(profile))
    return account


async def checked_in_at_the_meeting(
    session: AsyncSession, facilitator: Account, meeting: Any, *people: Account
) -> None:
    """A facilitator checks people in at the door, when that happened: during the meeting (one in
    the past too). Check-in is open only around a meeting's start, so a test that needs someone to
    have come to last month's meeting checks them in then, in order of arrival."""
    from datetime import timedelta

    import time_machine

    from app.meetings import service as meetings

    for arrival, person in enumerate(people):
        with time_machine.travel(meeting.starts_at + timedelta(minutes=5, seconds=arrival), tick=False):
            await meetings.check_in(session, facilitator, meeting.public_id, person.public_id)


async def committed_group_with_token(sessions: Any, slug: str) -> tuple[str, str]:
    """For tests against a served app: a group open to join, its facilitator and a write token of
    theirs, committed in `sessions` (a Sessions). Returns the group's public id and the token."""
    async with sessions.write() as session, session.begin():
        group = await make_group(session, slug=slug, name=slug.title(), join_policy=JoinPolicy.open)
        lead = await make_account(session, name="Lead")
        await make_membership(session, group, lead, role=Role.facilitator)
        token = await make_token(session, lead, Scope.write)
        return str(group.public_id), token
