"""Emails the worker gave up on: the administrators' page with "Send again" (one, or all, after
asking), who may use it, and the one email that tells administrators about them."""

from __future__ import annotations

from datetime import timedelta

import httpx
import time_machine
from bs4 import BeautifulSoup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit.models import AuditEvent
from app.config import get_settings
from app.db import utcnow
from app.mailbox.service import ALERT_TEMPLATE, tell_admins_about_failed_emails
from app.notifications import service
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.worker import MAX_ATTEMPTS, SmtpMailer, run_once
from tests.conftest import Mailbox
from tests.factories import csrf_token, make_account, make_admin, make_group, make_member, sign_in

PAGE = "/admin/emails"
UNREACHABLE = "The mail server at smtp.example.org:587 could not be reached (ConnectionRefusedError: refused)."


async def _email(session: AsyncSession, to: str, *, status: OutboxStatus = OutboxStatus.failed) -> OutboxMessage:
    message = await service.queue_email(
        session, to=to, template="password_reset", context={"name": "Kim", "link": "http://testserver/x", "minutes": 60}
    )
    message.status, message.last_error = status, UNREACHABLE
    if status == OutboxStatus.failed:
        message.attempts, message.failed_at, message.waiting_for_server = MAX_ATTEMPTS, utcnow(), True
    elif status == OutboxStatus.pending:
        message.attempts, message.available_at = 3, utcnow() + timedelta(minutes=30)
    await session.flush()
    return message


async def _alerts(session: AsyncSession) -> list[OutboxMessage]:
    statement = select(OutboxMessage).order_by(OutboxMessage.id).execution_options(populate_existing=True)
    return [m for m in (await session.execute(statement)).scalars() if m.payload["template"] == ALERT_TEMPLATE]


async def test_an_administrator_sees_the_emails_that_were_not_sent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_admin(session)
    kim = await _email(session, "kim@example.com")
    await _email(session, "lou@example.com")
    await _email(session, "still.trying@example.com", status=OutboxStatus.pending)
    await _email(session, "sent@example.com", status=OutboxStatus.sent)
    await sign_in(client, admin)

    groups_page = BeautifulSoup((await client.get("/admin/groups")).text, "html.parser")
    assert groups_page.select_one(f'a[href="{PAGE}"]').text == "Emails not sent"
    response = await client.get(PAGE)
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    rows = page.select("tbody tr")
    assert sorted(row.select("td")[0].text for row in rows) == ["kim@example.com", "lou@example.com"]
    first = rows[0].select("td")
    assert first[1].text == kim.payload["subject"]
    assert UNREACHABLE in first[4].text and f"after {MAX_ATTEMPTS} attempts" in first[3].text
    assert "One email is still being tried" in page.text
    assert page.select_one(f'a[href="{PAGE}/send-again"]').text == "Send all again"


async def test_send_again_asks_first_then_sends_it_with_its_first_message_id(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    mailbox: Mailbox,
) -> None:
    admin = await make_admin(session)
    message = await _email(session, "kim@example.com")
    await session.commit()
    await sign_in(client, admin)
    address = f"{PAGE}/{message.public_id}/send-again"

    question = BeautifulSoup((await client.get(address)).text, "html.parser")
    assert question.h1.text == "Send the email to kim@example.com again?"
    form = question.select_one("form.confirm, section.confirm form")
    assert form["action"] == address and form.select_one('input[name="csrf_token"]')
    response = await client.post(address, data={"csrf_token": form.select_one('input[name="csrf_token"]')["value"]})
    assert response.status_code == 303 and response.headers["location"] == PAGE

    await session.refresh(message)
    assert message.status == OutboxStatus.pending and message.attempts == 0 and message.available_at <= utcnow()
    assert message.failed_at is None and not message.waiting_for_server
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "email.sent_again"))).scalars()
    assert event.actor_account_id == admin.id and event.target == str(message.public_id)

    settings = get_settings().model_copy(update={"smtp_host": mailbox.host, "smtp_port": mailbox.port})
    assert await run_once(sessionmaker, SmtpMailer(settings), settings) == 1
    [received] = mailbox.to("kim@example.com")
    assert received["Message-ID"] == message.payload["message_id"]


async def test_send_all_again(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    failed = [await _email(session, f"person{n}@example.com") for n in range(3)]
    trying = await _email(session, "still.trying@example.com", status=OutboxStatus.pending)
    await session.commit()
    await sign_in(client, admin)
    question = BeautifulSoup((await client.get(f"{PAGE}/send-again")).text, "html.parser")
    assert question.h1.text == "Send every email that was not sent again?"

    token = await csrf_token(client, PAGE)
    response = await client.post(f"{PAGE}/send-again", data={"csrf_token": token})
    assert response.status_code == 303
    for message in failed:
        await session.refresh(message)
        assert message.status == OutboxStatus.pending and message.attempts == 0
    await session.refresh(trying)
    assert trying.attempts == 3 and trying.available_at > utcnow()  # not touched
    [event] = (await session.execute(select(AuditEvent).where(AuditEvent.action == "email.all_sent_again"))).scalars()
    assert event.details == {"emails": 3}
    page = BeautifulSoup((await client.get(PAGE)).text, "html.parser")
    assert "All 3 emails are queued again" in page.text and page.select("tbody tr") == []
    assert "Every email went out" in page.text


async def test_an_email_that_is_not_waiting_is_left_alone(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    trying = await _email(session, "still.trying@example.com", status=OutboxStatus.pending)
    await session.commit()
    await sign_in(client, admin)
    address = f"{PAGE}/{trying.public_id}/send-again"
    assert (await client.get(address)).headers["location"] == PAGE
    response = await client.post(address, data={"csrf_token": await csrf_token(client, PAGE)})
    assert response.status_code == 303
    page = await client.get(PAGE)
    assert "That email is not waiting for you: it has been sent, or Between is still trying to send it." in page.text
    await session.refresh(trying)
    assert trying.attempts == 3
    assert (
        await client.get(f"{PAGE}/{trying.public_id.hex[:8]}-0000-0000-0000-000000000000/send-again")
    ).status_code == 404


async def test_send_again_needs_the_forms_csrf_token(client: httpx.AsyncClient, session: AsyncSession) -> None:
    admin = await make_admin(session)
    message = await _email(session, "kim@example.com")
    await session.commit()
    await sign_in(client, admin)
    assert (await client.post(f"{PAGE}/{message.public_id}/send-again", data={})).status_code == 403
    assert (await client.post(f"{PAGE}/send-again", data={"csrf_token": "forged"})).status_code == 403
    await session.refresh(message)
    assert message.status == OutboxStatus.failed


async def test_only_administrators_see_the_page_or_send_again(client: httpx.AsyncClient, session: AsyncSession) -> None:
    group = await make_group(session)
    member = await make_member(session, group, name="Omar Haddad")
    message = await _email(session, "kim@example.com")
    await session.commit()
    one = f"{PAGE}/{message.public_id}/send-again"
    assert (await client.get(PAGE)).headers["location"].startswith("/login?next=")  # a visitor signs in first
    await sign_in(client, member)
    token = await csrf_token(client, "/settings")
    for method, address in (("GET", PAGE), ("GET", one), ("POST", one), ("GET", f"{PAGE}/send-again")):
        response = await client.request(method, address, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 403, (method, address)
        assert "Only administrators can do this." in response.text
    assert (await client.post(f"{PAGE}/send-again", data={"csrf_token": token})).status_code == 403
    await session.refresh(message)
    assert message.status == OutboxStatus.failed


async def test_administrators_are_told_in_one_email_each_then_not_again_for_the_same_failures(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    ana, bo = await make_admin(session, name="Ana Admin"), await make_admin(session, name="Bo Backup")
    await make_account(session, name="Not An Admin")
    for n in range(12):
        await _email(session, f"person{n}@example.com")
    await session.commit()

    assert await tell_admins_about_failed_emails(sessionmaker) == 12
    alerts = await _alerts(session)
    assert sorted(alert.payload["to"] for alert in alerts) == sorted([ana.email, bo.email])
    text = next(alert for alert in alerts if alert.payload["to"] == ana.email).payload["text"]
    assert alerts[0].payload["subject"] == "12 emails could not be sent"
    assert text.startswith("Hello Ana Admin,\n\nBetween tried for about 3 days to send these 12 emails")
    assert "- To person0@example.com: " in text and f"What went wrong last: {UNREACHABLE}" in text
    assert "…and 2 more, listed on the page below." in text  # ten listed
    assert "Once the mail server works again, you can send them again" in text
    assert "http://testserver/admin/emails" in text

    assert await tell_admins_about_failed_emails(sessionmaker) == 0  # told already
    await _email(session, "later@example.com")
    await session.commit()
    assert await tell_admins_about_failed_emails(sessionmaker) == 0  # the first alerts have not gone out yet
    for alert in alerts:
        alert.status = OutboxStatus.sent
    await session.commit()
    assert await tell_admins_about_failed_emails(sessionmaker) == 0  # and one was made less than an hour ago
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert await tell_admins_about_failed_emails(sessionmaker) == 1
    newest = (await _alerts(session))[-1]
    assert newest.payload["subject"] == "An email could not be sent"
    assert (
        "send this email and has stopped trying, so the person it was for has not received it" in newest.payload["text"]
    )


async def test_an_alert_that_could_not_be_sent_starts_no_other(
    session: AsyncSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await make_admin(session)
    await _email(session, "kim@example.com")
    await session.commit()
    assert await tell_admins_about_failed_emails(sessionmaker) == 1
    [alert] = await _alerts(session)
    alert.status, alert.failed_at = OutboxStatus.failed, utcnow()  # the mail server stayed down three more days
    await session.commit()
    with time_machine.travel(utcnow() + timedelta(hours=2)):
        assert await tell_admins_about_failed_emails(sessionmaker) == 0
    assert len(await _alerts(session)) == 1
    await session.refresh(alert)
    assert alert.failure_reported_at is not None  # it is on the page; no email about it
