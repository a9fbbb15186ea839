from __future__ import annotations

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.groups.models import JoinPolicy, Membership, MembershipStatus, Role
from app.profiles.models import Profile, Stage, StageChange
from tests.factories import make_account, make_group, make_member, make_membership, post_form, sign_in
from tests.members.helpers import SIGNUP, emails, link_in_email


async def _membership(session: AsyncSession, email: str) -> Membership:
    statement = select(Membership).join(Account, Account.id == Membership.account_id).where(Account.email == email)
    return (await session.execute(statement)).scalar_one()


async def test_group_page_invites_visitors_to_join(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="open-door", join_policy=JoinPolicy.open)
    await make_group(session, slug="closed-door", join_policy=JoinPolicy.invite)
    page = BeautifulSoup((await client.get("/g/open-door")).text, "html.parser")
    assert page.select_one("a[href='/g/open-door/join']").text == "Join this group"
    closed = await client.get("/g/closed-door")
    assert "by invitation" in closed.text and "/g/closed-door/join" not in closed.text


async def test_visitor_signs_up_verifies_and_joins_an_open_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(
        session,
        slug="open-door",
        name="Open Door",
        join_policy=JoinPolicy.open,
        agreement="Be kind.\nKeep confidences.",
    )
    form = BeautifulSoup((await client.get("/g/open-door/join")).text, "html.parser")
    assert [li.text for li in form.select(".agreement li")] == ["Be kind.", "Keep confidences."]
    response = await post_form(client, "/g/open-door/join", SIGNUP, page="/g/open-door/join")
    assert response.status_code == 200
    assert "Check your inbox" in response.text and "nia@example.com" in response.text

    account = (await session.execute(select(Account).where(Account.email == "nia@example.com"))).scalar_one()
    assert account.email_verified_at is None and account.password_hash.startswith("$argon2id$")
    membership = await _membership(session, "nia@example.com")
    assert membership.status == MembershipStatus.pending and membership.agreement_accepted_at is not None
    profile = (await session.execute(select(Profile).where(Profile.account_id == account.id))).scalar_one()
    assert profile.looking_for == "An intro to someone at Acme Health." and profile.stage == Stage.searching

    # Unverified people cannot sign in yet, and are told why.
    blocked = await post_form(client, "/login", {"email": "nia@example.com", "password": SIGNUP["password"]})
    assert blocked.status_code == 422 and "confirm your email address first" in blocked.text

    link = await link_in_email(session, "nia@example.com", "verify_email")
    confirm = await client.get(link)
    assert "Confirm my email address" in confirm.text
    response = await post_form(client, link, {}, page=link)
    assert response.status_code == 303 and response.headers["location"] == "/g/open-door/welcome"
    await session.refresh(membership)
    await session.refresh(account)
    assert membership.status == MembershipStatus.active and membership.joined_at is not None
    assert account.email_verified_at is not None
    welcome = await client.get("/g/open-door/welcome")
    assert "Welcome, Nia Newcomer" in welcome.text and "Look around. Say hello." in welcome.text
    assert [m.payload["template"] for m in await emails(session, "nia@example.com")] == ["verify_email", "welcome"]

    used = await post_form(client, link, {}, page="/")
    assert used.status_code == 410 and "expired or was already used" in used.text


async def test_approval_groups_queue_verified_people_and_tell_the_facilitators(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="vetted", join_policy=JoinPolicy.approval)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator, email="fay@example.com")
    await post_form(client, "/g/vetted/join", SIGNUP, page="/g/vetted/join")
    assert await emails(session, "fay@example.com") == []  # not before the newcomer is verified
    link = await link_in_email(session, "nia@example.com", "verify_email")
    response = await post_form(client, link, {}, page=link)
    assert response.headers["location"] == "/g/vetted/welcome"
    welcome = await client.get("/g/vetted/welcome")
    assert "your request is with the facilitators" in welcome.text
    assert (await _membership(session, "nia@example.com")).status == MembershipStatus.pending
    [notice] = await emails(session, "fay@example.com")
    assert notice.payload["subject"] == "Nia Newcomer asks to join " + group.name
    del lead


async def test_mistakes_are_explained_and_input_kept(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="careful", join_policy=JoinPolicy.open)
    bad = {**SIGNUP, "email": "nia@", "password": "short", "agree": "", "stage": "retired"}
    response = await post_form(client, "/g/careful/join", bad, page="/g/careful/join")
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    assert "email address like" in soup.select_one("#error-email").text
    assert "at least 10 characters" in soup.select_one("#error-password").text
    assert "tick the box" in soup.select_one("#error-agree").text
    assert "Please choose one of" in soup.select_one("#error-stage").text
    assert soup.select_one("#field-display_name")["value"] == "Nia Newcomer"
    assert soup.select_one("#field-looking_for").text == SIGNUP["looking_for"]
    assert not soup.select_one("#field-password").get("value")
    assert (await session.execute(select(Account).where(Account.email.like("nia%")))).first() is None


async def test_known_email_gets_the_same_answer_and_an_email_instead(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="same-answer", join_policy=JoinPolicy.open)
    await make_account(session, email="known@example.com", name="Known Person")
    known = await post_form(
        client, "/g/same-answer/join", {**SIGNUP, "email": "known@example.com"}, page="/g/same-answer/join"
    )
    new = await post_form(
        client, "/g/same-answer/join", {**SIGNUP, "email": "fresh@example.com"}, page="/g/same-answer/join"
    )

    def main(response: httpx.Response, email: str) -> str:
        return (
            BeautifulSoup(response.text, "html.parser").select_one("main").get_text(" ", strip=True).replace(email, "X")
        )

    assert known.status_code == new.status_code == 200
    assert main(known, "known@example.com") == main(new, "fresh@example.com")
    [message] = await emails(session, "known@example.com")
    assert message.payload["template"] == "join_existing_account"
    account = (await session.execute(select(Account).where(Account.email == "known@example.com"))).scalar_one()
    assert account.display_name == "Known Person"  # nothing about the account changed


async def test_signed_in_person_joins_with_the_short_form(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="short-form", join_policy=JoinPolicy.open)
    account = await make_account(session, email="member@example.com")
    await sign_in(client, account)
    page = BeautifulSoup((await client.get("/g/short-form/join")).text, "html.parser")
    assert page.select_one("#field-email") is None and page.select_one("#field-stage") is not None
    response = await post_form(
        client, "/g/short-form/join", {"stage": "interviewing", "agree": "yes"}, page="/g/short-form/join"
    )
    assert response.status_code == 303 and response.headers["location"] == "/g/short-form/welcome"
    membership = await _membership(session, "member@example.com")
    assert membership.status == MembershipStatus.active and membership.group_id == group.id
    changes = (
        (await session.execute(select(StageChange.stage).join(Profile).where(Profile.account_id == account.id)))
        .scalars()
        .all()
    )
    assert Stage.interviewing in changes
    again = await client.get("/g/short-form/join")
    assert again.status_code == 303  # already a member: back to the group page
    response = await post_form(
        client, "/g/short-form/join", {"stage": "interviewing", "agree": "yes"}, page="/g/short-form"
    )
    assert response.headers["location"] == "/g/short-form"


async def test_invite_only_groups_refuse_sign_ups_without_a_link(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="by-invite", join_policy=JoinPolicy.invite)
    page = await client.get("/g/by-invite/join")
    assert page.status_code == 403 and "invitation only" in page.text
    response = await post_form(client, "/g/by-invite/join", SIGNUP, page="/login")
    assert response.status_code == 403


async def test_the_honeypot_pretends_and_does_nothing(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="bots", join_policy=JoinPolicy.open)
    response = await post_form(
        client, "/g/bots/join", {**SIGNUP, "website": "http://spam.example"}, page="/g/bots/join"
    )
    assert response.status_code == 200 and "Check your inbox" in response.text
    assert (await session.execute(select(Account).where(Account.email == "nia@example.com"))).first() is None
    assert await emails(session) == []


async def test_sign_ups_are_rate_limited_per_email(client: httpx.AsyncClient, session: AsyncSession) -> None:
    await make_group(session, slug="busy", join_policy=JoinPolicy.open)
    for _ in range(3):
        response = await post_form(client, "/g/busy/join", SIGNUP, page="/g/busy/join")
        assert response.status_code == 200
    response = await post_form(client, "/g/busy/join", SIGNUP, page="/g/busy/join")
    assert response.status_code == 429 and "already sent several emails to this address" in response.text


async def test_resending_the_verification_is_quiet_and_limited(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="resend", join_policy=JoinPolicy.open)
    await post_form(client, "/g/resend/join", SIGNUP, page="/g/resend/join")
    for _ in range(5):
        response = await post_form(client, "/verify-email", {"email": "nia@example.com"}, page="/login")
        assert response.status_code == 200 and "we have sent it a new link" in response.text
    unknown = await post_form(client, "/verify-email", {"email": "nobody@example.com"}, page="/login")
    assert unknown.status_code == 200
    templates = [m.payload["template"] for m in await emails(session, "nia@example.com")]
    assert templates == ["verify_email"] * 4  # the sign-up's, then three resends an hour
    assert await emails(session, "nobody@example.com") == []


async def test_welcome_page_is_for_the_groups_own_people(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session, slug="private-welcome")
    other = await make_group(session, slug="elsewhere")
    outsider = await make_account(session)
    await make_membership(session, other, outsider)
    await sign_in(client, outsider)
    assert (await client.get(f"/g/{group.slug}/welcome")).status_code == 404
