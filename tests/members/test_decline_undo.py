"""Declining a request to join: asked to confirm, told only after a few minutes, undoable till then."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.accounts.models import Account
from app.accounts.schemas import Scope
from app.audit.models import AuditEvent
from app.config import get_settings
from app.db import utcnow
from app.groups.models import Group, JoinPolicy, Membership, MembershipStatus, Role
from app.members.declines import UNDO_MINUTES
from app.notifications import service as notifications
from app.notifications.models import OutboxStatus
from app.notifications.worker import MailboxMailer, run_once
from tests.factories import bearer, csrf_token, make_group, make_member, make_token, post_form, sign_in
from tests.members.helpers import emails

QUEUE = "/g/vetted/manage/requests"
WINDOW = timedelta(minutes=UNDO_MINUTES)


async def _setup(session: AsyncSession) -> tuple[Group, Account, Account]:
    group = await make_group(session, slug="vetted", join_policy=JoinPolicy.approval)
    lead = await make_member(session, group, name="Fay Facilitator", role=Role.facilitator)
    newcomer = await make_member(
        session, group, name="Nia Newcomer", status=MembershipStatus.pending, email="nia@example.com"
    )
    return group, lead, newcomer


async def _status(session: AsyncSession, group: Group, account: Account) -> Membership:
    statement = select(Membership).where(Membership.group_id == group.id, Membership.account_id == account.id)
    membership = (await session.execute(statement)).scalar_one()
    await session.refresh(membership)
    return membership


async def _decline(client: httpx.AsyncClient, newcomer: Account, note: str = "") -> httpx.Response:
    action = f"{QUEUE}/{newcomer.public_id}/decline"
    response = await post_form(client, action, {"note": note, "confirmed": "yes"}, page=QUEUE)
    assert response.status_code == 303, response.text
    return response


async def _undo_form(client: httpx.AsyncClient, after_decline: httpx.Response) -> tuple[str, dict[str, str]]:
    page = BeautifulSoup((await client.get(after_decline.headers["location"])).text, "html.parser")
    [form] = page.select(".undo form")
    fields = {field["name"]: field["value"] for field in form.select("input[type=hidden]")}
    return str(form["action"]), {name: str(value) for name, value in fields.items()}


async def test_decline_asks_first_and_carries_the_note(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    # The queue's Decline button posts the note without confirming: the answer is the question.
    response = await post_form(client, f"{QUEUE}/{newcomer.public_id}/decline", {"note": "Wrong city."}, page=QUEUE)
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    assert "Decline Nia Newcomer’s request to join?" in page.h1.text and "nia@example.com" in page.text
    assert page.select_one("textarea[name=note]").text == "Wrong city."
    assert page.select_one("input[name=confirmed]")["value"] == "yes"
    assert page.find("a", string="Keep the request")["href"] == QUEUE
    assert (await _status(session, group, newcomer)).status == MembershipStatus.pending
    assert await emails(session, "nia@example.com") == []
    # The same page by its address.
    shown = await client.get(f"{QUEUE}/{newcomer.public_id}/decline")
    assert shown.status_code == 200 and "Keep the request" in shown.text

    response = await _decline(client, newcomer, "Wrong city.")
    membership = await _status(session, group, newcomer)
    assert membership.status == MembershipStatus.declined and membership.decision_note == "Wrong city."
    follow = await client.get(response.headers["location"])
    assert "Declined. We will tell Nia Newcomer by email in 5 minutes" in follow.text
    assert "Undo: keep Nia Newcomer’s request" in follow.text


async def test_a_too_long_note_is_shown_again_on_the_confirmation(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    action = f"{QUEUE}/{newcomer.public_id}/decline"
    response = await post_form(client, action, {"note": "x" * 3000, "confirmed": "yes"}, page=QUEUE)
    assert response.status_code == 422 and "field-error" in response.text
    assert (await _status(session, group, newcomer)).status == MembershipStatus.pending


async def test_the_email_waits_for_the_undo_window(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    _, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    await _decline(client, newcomer)
    [message] = await emails(session, "nia@example.com")
    assert message.payload["template"] == "join_declined"
    settings = get_settings()
    with time_machine.travel(utcnow() + WINDOW - timedelta(seconds=5)):
        assert await run_once(sessionmaker, MailboxMailer(), settings) == 0
    await session.refresh(message)
    assert message.status == OutboxStatus.pending
    with time_machine.travel(utcnow() + WINDOW + timedelta(seconds=1)):
        assert await run_once(sessionmaker, MailboxMailer(), settings) == 1
    await session.refresh(message)
    assert message.status == OutboxStatus.sent


async def test_undo_puts_the_request_back_and_the_email_never_goes(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    action, fields = await _undo_form(client, await _decline(client, newcomer, "Wrong city."))
    with time_machine.travel(utcnow() + WINDOW - timedelta(seconds=30)):
        response = await client.post(action, data=fields)
    assert response.status_code == 303
    follow = (await client.get(response.headers["location"])).text
    assert "Nia Newcomer’s request is back in your queue, and we will not send them the email" in follow
    membership = await _status(session, group, newcomer)
    assert membership.status == MembershipStatus.pending
    assert membership.decided_at is None and membership.decided_by_account_id is None and membership.decision_note == ""
    assert await emails(session, "nia@example.com") == []
    with time_machine.travel(utcnow() + WINDOW * 2):
        assert await run_once(sessionmaker, MailboxMailer(), get_settings()) == 0
    actions = (await session.execute(select(AuditEvent.action).where(AuditEvent.group_id == group.id))).scalars().all()
    assert "member.declined" in actions and "member.decline_undone" in actions
    # Undoing twice: the request is already waiting.
    again = await client.post(action, data=fields)
    assert "already back in your queue" in (await client.get(again.headers["location"])).text
    # And it can be declined again, with a new window.
    await _decline(client, newcomer)
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined


async def test_undo_after_the_window_is_refused_kindly(
    client: httpx.AsyncClient, session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    declined = await _decline(client, newcomer)
    action, fields = await _undo_form(client, declined)
    with time_machine.travel(utcnow() + WINDOW + timedelta(seconds=1)):
        # Not sent yet (no worker ran), but due: too late all the same.
        response = await client.post(action, data=fields)
        notice = (await client.get(response.headers["location"])).text
        assert "can&#39;t be undone" in notice and "invite link" in notice
        assert 'class="card notice undo"' not in (await client.get(declined.headers["location"])).text
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined
    [message] = await emails(session, "nia@example.com")
    assert message.status == OutboxStatus.pending


async def test_undo_needs_the_decline_email_of_that_request(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, newcomer = await _setup(session)
    other = await make_member(session, group, name="Otto Other", status=MembershipStatus.pending)
    await sign_in(client, lead)
    action, fields = await _undo_form(client, await _decline(client, newcomer))
    await _decline(client, other)
    # Another request's email, or any other email, does not undo this one.
    other_action = f"{QUEUE}/{other.public_id}/undo-decline"
    response = await client.post(other_action, data=fields)
    assert "can&#39;t be undone" in (await client.get(response.headers["location"])).text
    unrelated = await notifications.queue_email(
        session,
        to="nia@example.com",
        template="password_reset",
        context={"name": "Nia", "link": "http://testserver/x", "minutes": 60},
        send_after=utcnow() + WINDOW,
    )
    await session.commit()
    await client.post(action, data={**fields, "message": str(unrelated.public_id)})
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined
    assert len(await emails(session, "nia@example.com")) == 2
    assert (await _status(session, group, other)).status == MembershipStatus.declined


async def test_undo_needs_the_csrf_token_and_a_facilitator_of_the_group(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    group, lead, newcomer = await _setup(session)
    await sign_in(client, lead)
    action, fields = await _undo_form(client, await _decline(client, newcomer))
    forged = await client.post(action, data={"message": fields["message"]})
    assert forged.status_code == 403
    await post_form(client, "/logout", {}, page="/")

    member = await make_member(session, group, name="Plain Member")
    await sign_in(client, member)
    token = await csrf_token(client, "/")
    assert (await client.post(action, data={**fields, "csrf_token": token})).status_code == 403
    assert (await client.get(f"{QUEUE}/{newcomer.public_id}/decline")).status_code == 403
    await post_form(client, "/logout", {}, page="/")

    other_group = await make_group(session, slug="other")
    stranger = await make_member(session, other_group, name="Other Facilitator", role=Role.facilitator)
    await sign_in(client, stranger)
    token = await csrf_token(client, "/")
    assert (await client.post(action, data={**fields, "csrf_token": token})).status_code == 404
    assert (await client.get(f"{QUEUE}?declined={newcomer.public_id}&email={fields['message']}")).status_code == 404
    assert (await _status(session, group, newcomer)).status == MembershipStatus.declined
    assert len(await emails(session, "nia@example.com")) == 1


async def test_api_decline_holds_the_email_too(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group, lead, newcomer = await _setup(session)
    response = await client.post(
        f"/api/v1/groups/{group.public_id}/members/{newcomer.public_id}/decline",
        headers=bearer(await make_token(session, lead, Scope.write)),
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    [message] = await emails(session, "nia@example.com")
    assert message.available_at > utcnow() + WINDOW - timedelta(seconds=30)
    assert message.payload["about"].startswith("join_declined:")
