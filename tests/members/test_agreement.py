"""The group agreement is accepted, not assumed: an unticked box is refused, and a membership
records which text was accepted, and when."""

from __future__ import annotations

import httpx
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.db import utcnow
from app.errors import InvalidInput
from app.groups.models import DEFAULT_AGREEMENT, Group, JoinPolicy, Membership, MembershipStatus, Role
from app.members import invitations
from app.members import service as members
from app.members.schemas import JoinAnswers, JoinWithAccount
from tests.factories import (
    bearer,
    make_account,
    make_admin,
    make_group,
    make_member,
    make_token,
    post_form,
    sign_in,
)
from tests.members.helpers import SIGNUP, link_in_email


async def _membership(session: AsyncSession, group: Group, email: str) -> Membership | None:
    statement = (
        select(Membership)
        .join(Account, Account.id == Membership.account_id)
        .where(Membership.group_id == group.id, Account.email == email)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


def _soup(response: httpx.Response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


async def test_the_version_names_the_rules_as_read(session: AsyncSession) -> None:
    group = await make_group(session, agreement="Be kind.\nKeep confidences.")
    version = group.agreement_version
    assert len(version) == 16
    group.agreement = "  Be kind.  \n\n Keep confidences.\n"  # the same rules, spaced differently
    assert group.agreement_version == version
    group.agreement = "Be kind.\nKeep confidences.\nArrive on time."
    assert group.agreement_version != version
    group.agreement = ""
    assert group.agreement_rules == [DEFAULT_AGREEMENT] and group.agreement_version not in ("", version)


async def test_an_unticked_box_is_refused_and_what_was_typed_is_kept(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await make_group(session, slug="kind-circle", join_policy=JoinPolicy.open, agreement="Be kind.")
    for unticked in ({"agree": ""}, {}):
        answers = {key: value for key, value in SIGNUP.items() if key != "agree"} | unticked
        response = await post_form(client, "/g/kind-circle/join", answers, page="/g/kind-circle/join")
        assert response.status_code == 422
        soup = _soup(response)
        assert soup.select_one("#error-agree").text == "Please read the group agreement and tick the box to accept it."
        assert soup.select_one(".error-summary a[href='#field-agree']") is not None
        box = soup.select_one("#field-agree-yes")
        assert box.get("checked") is None and box["aria-describedby"] == "error-agree" and box["aria-invalid"]
        assert soup.select_one("#field-display_name")["value"] == "Nia Newcomer"
        assert soup.select_one("#field-email")["value"] == "nia@example.com"
        assert soup.select_one("#field-looking_for").text == SIGNUP["looking_for"]
        assert not soup.select_one("#field-password").get("value")
    assert (await session.execute(select(Account).where(Account.email == "nia@example.com"))).first() is None


async def test_a_sign_up_records_the_version_and_time_accepted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="kind-circle", join_policy=JoinPolicy.open, agreement="Be kind.")
    form = _soup(await client.get("/g/kind-circle/join"))
    shown = form.select_one("input[name=agreement_version]")["value"]
    assert shown == group.agreement_version
    before = utcnow()
    answers = {**SIGNUP, "agreement_version": shown}
    response = await post_form(client, "/g/kind-circle/join", answers, page="/g/kind-circle/join")
    assert response.status_code == 200 and "Check your inbox" in response.text
    membership = await _membership(session, group, "nia@example.com")
    assert membership is not None and membership.status == MembershipStatus.pending
    assert membership.agreement_version == group.agreement_version
    assert membership.agreement_accepted_at is not None and before <= membership.agreement_accepted_at <= utcnow()


async def test_an_agreement_changed_while_reading_is_read_again(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="kind-circle", join_policy=JoinPolicy.open, agreement="Be kind.")
    read = _soup(await client.get("/g/kind-circle/join")).select_one("input[name=agreement_version]")["value"]
    group.agreement = "Be kind.\nPhones away during the round of introductions."
    await session.flush()

    answers = {**SIGNUP, "agreement_version": read}
    response = await post_form(client, "/g/kind-circle/join", answers, page="/g/kind-circle/join")
    assert response.status_code == 422
    soup = _soup(response)
    assert "changed the group agreement while you were reading it" in soup.select_one("#error-agree").text
    assert [li.text for li in soup.select("#field-agree .agreement li")] == [
        "Be kind.",
        "Phones away during the round of introductions.",
    ]
    assert soup.select_one("#field-agree-yes").get("checked") is None  # to be ticked again, for the new text
    assert soup.select_one("input[name=agreement_version]")["value"] == group.agreement_version
    assert soup.select_one("#field-display_name")["value"] == "Nia Newcomer"
    assert await _membership(session, group, "nia@example.com") is None

    answers["agreement_version"] = group.agreement_version
    response = await post_form(client, "/g/kind-circle/join", answers, page="/g/kind-circle/join")
    assert response.status_code == 200
    membership = await _membership(session, group, "nia@example.com")
    assert membership is not None and membership.agreement_version == group.agreement_version


async def test_the_service_itself_refuses_a_join_without_the_agreement(session: AsyncSession) -> None:
    """The rule is the service's: a caller that skips the form's checks cannot join anyone."""
    group = await make_group(session, join_policy=JoinPolicy.open)
    person = await make_account(session)
    unticked = JoinAnswers.model_construct(agree=False)
    with pytest.raises(InvalidInput) as refused:
        await members.join(session, group, unticked, actor=person, client_ip="192.0.2.1")
    assert refused.value.field_errors == {"agree": members.AGREEMENT_NOT_ACCEPTED}
    visitor = JoinWithAccount.model_construct(
        agree=False, display_name="Vi", email="vi@example.com", password="a long enough password"
    )
    with pytest.raises(InvalidInput):
        await members.join(session, group, visitor, actor=None, client_ip="192.0.2.1")
    assert await _membership(session, group, person.email) is None
    assert await _membership(session, group, "vi@example.com") is None


async def test_the_queue_says_what_was_accepted_and_the_api_returns_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="vetted", join_policy=JoinPolicy.approval, agreement="Be kind.")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    nia = await make_account(session, name="Nia Newcomer", email="nia@example.com")
    old = await make_account(session, name="Olu Older", email="olu@example.com")
    for person in (nia, old):
        answers = JoinAnswers(agree=True, agreement_version=group.agreement_version)
        await members.join(session, group, answers, actor=person, client_ip="192.0.2.1")
    olu = await _membership(session, group, "olu@example.com")
    assert olu is not None
    olu.agreement_version = "0123456789abcdef"  # accepted an earlier wording
    await session.flush()

    await sign_in(client, lead)
    page = _soup(await client.get("/g/vetted/manage/requests"))
    cards = {" ".join(card.h2.text.split()): " ".join(card.p.text.split()) for card in page.select(".request")}
    assert cards["Nia Newcomer"].endswith("· accepted the group agreement")
    assert cards["Olu Older"].endswith("· accepted the group agreement as it read then (it has changed since)")

    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{nia.public_id}/approve",
        headers=bearer(await make_token(session, lead, Scope.write)),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["agreement_version"] == group.agreement_version and body["agreement_accepted_at"] is not None
    group_body = (
        await client.get(f"/api/v1/groups/{group.public_id}", headers=bearer(await make_token(session, lead)))
    ).json()
    assert group_body["agreement_version"] == group.agreement_version


async def test_an_invitation_records_the_agreement_and_an_appointment_does_not_invent_one(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group = await make_group(session, slug="invited", join_policy=JoinPolicy.approval, agreement="Be kind.")
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    await invitations.invite_one(session, lead, group, "imani@example.com", "Imani")
    link = await link_in_email(session, "imani@example.com", "group_invitation")
    form = {"display_name": "Imani", "password": "imani's long password", "password_again": "imani's long password"}
    refused = await post_form(client, link, form, page=link)
    assert refused.status_code == 422 and "tick the box" in _soup(refused).select_one("#error-agree").text
    assert await _membership(session, group, "imani@example.com") is None
    version = _soup(await client.get(link)).select_one("input[name=agreement_version]")["value"]
    accepted = await post_form(client, link, {**form, "agree": "yes", "agreement_version": version}, page=link)
    assert accepted.status_code == 303, accepted.text
    imani = await _membership(session, group, "imani@example.com")
    assert imani is not None and imani.agreement_version == group.agreement_version
    assert imani.agreement_accepted_at is not None

    # An administrator who appoints themself was shown no agreement: none is recorded for them.
    from app.members.facilitators import appoint_facilitator

    admin = await make_admin(session, email="root@example.org")
    await appoint_facilitator(session, admin, group, admin.email)
    appointed = await _membership(session, group, admin.email)
    assert appointed is not None and appointed.role == Role.facilitator
    assert appointed.agreement_accepted_at is None and appointed.agreement_version is None
