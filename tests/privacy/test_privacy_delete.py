from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account, AccountToken, ApiToken, WebSession
from app.audit.models import AuditEvent
from app.groups.models import JoinedVia, Membership, MembershipStatus, Role
from app.members import invitations
from app.members.models import GroupInvitation
from app.notifications.models import OutboxMessage
from app.profiles.models import PastCompany, Profile, ProfileTag, StageChange
from app.ratelimit import RateLimitHit
from tests.factories import (
    PASSWORD,
    make_account,
    make_admin,
    make_group,
    make_member,
    make_membership,
    make_token,
    post_form,
    sign_in,
)
from tests.members.helpers import link_in_email


async def _count(session: AsyncSession, model: type, *where: object) -> int:
    return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar_one()  # type: ignore[arg-type]


async def test_deleting_anonymises_the_account_and_keeps_memberships_as_left(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, name="HR Tuesdays")
    other_group = await make_group(session, name="Finance Thursdays")
    account = await make_member(
        session,
        group,
        name="Ana Castillo",
        email="ana@example.com",
        headline="HR partner",
        stage="landed",
        skills=["Payroll"],
        past_companies=[{"name": "Acme", "from": 2019}],
    )
    await make_membership(session, other_group, account, status=MembershipStatus.pending)
    bystander = await make_member(session, group, name="Ben Okafor", email="ben@example.com", skills=["Payroll"])
    await make_token(session, account)
    admin = await make_admin(session)
    await sign_in(client, admin)
    await post_form(
        client,
        f"/admin/groups/{group.slug}/facilitators",
        {"email": "ana@example.com"},
        page=f"/admin/groups/{group.slug}",
    )
    await post_form(client, "/logout", {}, page="/settings")
    # A mistyped sign-in and a reset request leave rate-limit rows and an email keyed by the address.
    await post_form(client, "/login", {"email": "ana@example.com", "password": "wrong password"})
    await post_form(client, "/password-reset", {"email": "ana@example.com"}, page="/password-reset")
    await sign_in(client, account)
    profile_id = (await session.execute(select(Profile.id).where(Profile.account_id == account.id))).scalar_one()
    assert await _count(session, RateLimitHit, RateLimitHit.key.contains("ana@example.com")) >= 1

    page = await client.get("/settings/data/delete")
    assert page.status_code == 200
    assert "only facilitator of" in page.text and "HR Tuesdays" in page.text
    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert response.status_code == 303 and response.headers["location"] == "/goodbye"
    goodbye = await client.get("/goodbye")
    assert "Your account is deleted" in goodbye.text and "Sign out" not in goodbye.text

    await session.refresh(account)
    assert account.email.startswith("deleted-") and account.email.endswith("@deleted.invalid")
    assert account.display_name == "Former member"
    assert account.password_hash is None and account.is_admin is False and account.deleted_at is not None
    assert "ana@example.com" not in account.email
    for model in (Profile, ProfileTag, PastCompany, StageChange):
        column = Profile.id if model is Profile else model.profile_id  # type: ignore[attr-defined]
        assert await _count(session, model, column == profile_id) == 0
    for model in (WebSession, ApiToken, AccountToken):
        assert await _count(session, model, model.account_id == account.id) == 0  # type: ignore[attr-defined]
    assert await _count(session, RateLimitHit, RateLimitHit.key.contains("ana@example.com")) == 0
    assert await _count(session, OutboxMessage, OutboxMessage.payload["to"].as_string() == "ana@example.com") == 0
    assert await _count(session, AuditEvent, AuditEvent.target == "ana@example.com") == 0
    statuses = (
        await session.execute(
            select(Membership.status, Membership.role)
            .where(Membership.account_id == account.id)
            .order_by(Membership.id)
        )
    ).all()
    assert statuses == [(MembershipStatus.left, Role.facilitator), (MembershipStatus.left, Role.member)]
    # Nothing of anyone else's changed.
    assert await _count(session, Profile, Profile.account_id == bystander.id) == 1
    assert await _count(session, Account, Account.email == "ben@example.com") == 1

    assert (await client.get("/settings")).status_code == 303
    login = await post_form(client, "/login", {"email": "ana@example.com", "password": PASSWORD})
    assert login.status_code == 422
    login = await post_form(client, "/login", {"email": account.email, "password": PASSWORD})
    assert login.status_code == 422


async def test_deleting_needs_the_right_password(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, name="Careful Carla", email="carla@example.com")
    await sign_in(client, account)
    response = await post_form(
        client, "/settings/data/delete", {"password": "not my password"}, page="/settings/data/delete"
    )
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "This is not your password" in soup.select_one("#error-password").text
    assert 'value="not my password"' not in response.text
    await session.refresh(account)
    assert account.email == "carla@example.com" and account.deleted_at is None
    assert (await client.get("/settings")).status_code == 200


async def test_repeated_wrong_passwords_are_limited(client: httpx.AsyncClient, session: AsyncSession) -> None:
    account = await make_account(session, name="Guessed At")
    await sign_in(client, account)
    for _ in range(10):
        await post_form(client, "/settings/data/delete", {"password": "guess"}, page="/settings/data/delete")
    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert response.status_code == 429
    await session.refresh(account)
    assert account.deleted_at is None


async def test_an_account_without_password_confirms_with_its_email(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, name="No Password", email="nopass@example.com")
    await sign_in(client, account)
    account.password_hash = None
    await session.flush()
    page = await client.get("/settings/data/delete")
    assert BeautifulSoup(page.text, "html.parser").select_one("#field-email") is not None
    wrong = await post_form(
        client, "/settings/data/delete", {"email": "someone@example.com"}, page="/settings/data/delete"
    )
    assert wrong.status_code == 422 and "nopass@example.com" in wrong.text
    right = await post_form(
        client, "/settings/data/delete", {"email": " NoPass@example.com "}, page="/settings/data/delete"
    )
    assert right.status_code == 303
    await session.refresh(account)
    assert account.deleted_at is not None


async def test_deleting_an_account_removes_invitations_to_it_and_their_links(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await make_account(session, name="Link Holder")
    group = await make_group(session)
    lead = await make_member(session, group, role=Role.facilitator)
    [invitation] = await invitations.invite(
        session, group, [invitations.Invitee(account.email, "Link H.")], actor=lead, via=JoinedVia.import_
    )
    link = await link_in_email(session, account.email, "group_invitation")
    await sign_in(client, account)
    exported = (await client.get("/settings/data/export.json")).json()
    assert [(i["group"], i["name_given"], i["status"]) for i in exported["invitations"]] == [
        (group.name, "Link H.", "waiting")
    ]
    await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert (await client.get(link)).status_code == 410
    assert (await session.execute(select(GroupInvitation))).first() is None


async def test_a_facilitator_with_colleagues_sees_no_warning(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    account = await make_member(session, group, name="One Of Two", role=Role.facilitator)
    await make_member(session, group, name="The Other", role=Role.facilitator)
    await sign_in(client, account)
    page = await client.get("/settings/data/delete")
    assert "only facilitator" not in page.text


async def test_deleting_keeps_a_landing_as_a_number_without_what_it_said(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    from app.landings import service as landings
    from app.landings.models import Landing
    from tests.landings.helpers import landing, make_setup

    setup = await make_setup(session)
    await landings.report_landing(
        session,
        setup.lena,
        setup.group,
        landing(
            helped_by="introduction",
            introduction_id=str(setup.introduction.public_id),
            story="Omar's tip about Acme Health.",
        ),
    )
    await sign_in(client, setup.lena)
    exported = (await client.get("/settings/data/export.json")).json()
    assert [(item["company"], item["story"]) for item in exported["landings"]] == [
        ("Acme Health", "Omar's tip about Acme Health.")
    ]
    assert "Acme Health" in (await client.get(f"/g/{setup.group.slug}/wall")).text

    response = await post_form(client, "/settings/data/delete", {"password": PASSWORD}, page="/settings/data/delete")
    assert response.status_code == 303
    kept = (await session.execute(select(Landing).where(Landing.account_id == setup.lena.id))).scalar_one()
    await session.refresh(kept)
    assert (kept.role, kept.company, kept.story, kept.on_wall, kept.introduction_id) == ("", "", "", False, None)
    await sign_in(client, setup.omar)
    wall = await client.get(f"/g/{setup.group.slug}/wall")
    assert wall.status_code == 200 and "Acme Health" not in wall.text
