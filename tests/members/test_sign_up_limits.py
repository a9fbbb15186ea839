"""Sign-up limits on shared networks: a room on a library's Wi-Fi is one address, so sign-ups are
counted generously per address and strictly per email; a facilitator's invite link and a walk-in
at the door do not count against the address."""

from __future__ import annotations

from datetime import timedelta

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.db import utcnow
from app.groups.models import Group, JoinPolicy, Membership, Role
from app.members import service as members
from app.members.schemas import InviteCreate
from app.ratelimit import RateLimitHit
from tests.factories import make_account, make_group, make_member, post_form, sign_in
from tests.meeting_day.helpers import make_circle, make_meeting
from tests.members.helpers import SIGNUP, link_in_email

# httpx's ASGI transport is every test client's address.
ADDRESS = "127.0.0.1"


async def _members(session: AsyncSession, group: Group) -> int:
    statement = select(func.count()).select_from(Membership).where(Membership.group_id == group.id)
    return (await session.execute(statement)).scalar_one()


async def _address_used_up(session: AsyncSession) -> None:
    """As many sign-ups from this address in the last hour as it is allowed."""
    now = utcnow()
    rows = [
        {"key": f"signup:ip:{ADDRESS}", "created_at": now - timedelta(minutes=50) + timedelta(seconds=index)}
        for index in range(members.SIGNUPS_PER_ADDRESS_PER_HOUR)
    ]
    await session.execute(insert(RateLimitHit), rows)


async def test_a_room_on_one_network_signs_up_on_meeting_night(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="library-night", join_policy=JoinPolicy.open)
    for index in range(12):  # more than the eight an hour that once turned people away
        answers = {**SIGNUP, "display_name": f"Person {index}", "email": f"person{index}@example.com"}
        response = await post_form(client, "/g/library-night/join", answers, page="/g/library-night/join")
        assert response.status_code == 200 and "Check your inbox" in response.text
    assert await _members(session, group) == 12


async def test_a_busy_network_is_told_what_to_do_and_an_invite_link_still_works(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="busy-hall", join_policy=JoinPolicy.approval)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await _address_used_up(session)

    refused = await post_form(client, "/g/busy-hall/join", SIGNUP, page="/g/busy-hall/join")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "3600"
    said = " ".join(BeautifulSoup(refused.text, "html.parser").main.get_text(" ").split())
    assert "signed up from this network recently" in said
    assert "ask a facilitator for the group's invite link, or to add you as a walk-in" in said
    assert (await session.execute(select(Account).where(Account.email == SIGNUP["email"]))).first() is None

    _, link = await members.create_invite(session, lead, group, InviteCreate(label="Meeting night"))
    token = link.rsplit("/", 1)[-1]
    with_link = await post_form(client, "/g/busy-hall/join", {**SIGNUP, "invite": token}, page=f"/join/{token}")
    assert with_link.status_code == 200 and "Check your inbox" in with_link.text
    assert await _members(session, group) == 2


async def test_the_email_limit_holds_with_an_invite_link_too(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="linked", join_policy=JoinPolicy.open)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    _, link = await members.create_invite(session, lead, group, InviteCreate())
    token = link.rsplit("/", 1)[-1]
    for _ in range(members.SIGNUPS_PER_EMAIL_PER_HOUR):
        response = await post_form(client, "/g/linked/join", {**SIGNUP, "invite": token}, page=f"/join/{token}")
        assert response.status_code == 200
    response = await post_form(client, "/g/linked/join", {**SIGNUP, "invite": token}, page=f"/join/{token}")
    assert response.status_code == 429 and "already sent several emails to this address" in response.text


async def test_a_walk_in_and_a_signed_in_member_are_not_counted_against_the_network(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    circle = await make_circle(session, join_policy=JoinPolicy.approval)
    meeting = await make_meeting(session, circle)
    await _address_used_up(session)

    # A walk-in: the facilitator welcomes her at the door, and she accepts on her phone.
    from app.members import invitations

    await invitations.walk_in(session, circle.lead, meeting.public_id, "Wren Walkin", "wren@example.com")
    link = await link_in_email(session, "wren@example.com", "group_invitation")
    form = {"password": "wren's long password", "password_again": "wren's long password", "agree": "yes"}
    accepted = await post_form(client, link, form, page=link)
    assert accepted.status_code == 303, accepted.text

    # Someone with an account, signed in on the same network, asks to join.
    client.cookies.clear()
    sam = await make_account(session, name="Sam Signed-In")
    await sign_in(client, sam)
    slug = circle.group.slug
    asked = await post_form(client, f"/g/{slug}/join", {"stage": "searching", "agree": "yes"}, page=f"/g/{slug}/join")
    assert asked.status_code == 303, asked.text
