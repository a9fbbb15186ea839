"""Emails as the people who run Between see them: the development mailbox (every email the outbox
holds, in development and test), and for administrators the emails the worker gave up on, with
"Send again"."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from app import links
from app.config import Settings
from app.db import DbSession
from app.deps import AppSettings, CurrentAccount, csrf_protect, optional_account
from app.errors import NotFound
from app.mailbox import service as failed
from app.notifications import service
from app.notifications.models import OutboxStatus
from app.pagination import PageParams
from app.web import confirm, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(optional_account), Depends(csrf_protect)])

FAILED_PER_PAGE = 50
NOT_WAITING = "That email is not waiting for you: it has been sent, or Between is still trying to send it."


def _require_mailbox(settings: Settings) -> None:
    if not settings.mailbox_enabled:
        raise NotFound("The local mailbox exists only in development.")


@router.get("/dev/mailbox")
async def mailbox(request: Request, session: DbSession, settings: AppSettings) -> Response:
    _require_mailbox(settings)
    return render(request, "notifications/mailbox.html", {"messages": await service.mailbox(session)})


@router.get("/dev/mailbox/{message_id}")
async def mailbox_message(
    request: Request, session: DbSession, message_id: uuid.UUID, settings: AppSettings
) -> Response:
    _require_mailbox(settings)
    return render(
        request, "notifications/message.html", {"message": await service.mailbox_message(session, message_id)}
    )


# --- administrators: emails that could not be sent -------------------------------------------------


@router.get("/admin/emails")
async def failed_emails(
    request: Request, session: DbSession, account: CurrentAccount, cursor: str | None = None
) -> Response:
    page = await failed.failed_emails(session, account, PageParams(limit=FAILED_PER_PAGE, cursor=cursor or None))
    return render(request, "notifications/failed.html", {"page": page, "first_page": not cursor})


@router.get("/admin/emails/send-again")
async def confirm_send_all_again(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    page = await failed.failed_emails(session, account, PageParams(limit=1))
    if not page.items:
        return redirect(links.admin("emails"), "There is no email waiting to be sent again.", "info")
    return confirm(
        request,
        title="Send every email that was not sent again?",
        explanation="Between tries each of them again now, and for about three more days if the mail server "
        "still does not take them. Each goes out with its first Message-ID, so a mail program that did get an "
        "earlier attempt shows it once.",
        action=links.admin("emails", "send-again"),
        yes="Yes, send them all again",
        back=links.admin("emails"),
        no="No, not now",
    )


@router.post("/admin/emails/send-again")
async def send_all_again(request: Request, session: DbSession, account: CurrentAccount) -> Response:
    count = await failed.send_all_again(session, account)
    if not count:
        return redirect(links.admin("emails"), "There is no email waiting to be sent again.", "info")
    return redirect(
        links.admin("emails"),
        f"{'The email is' if count == 1 else f'All {count} emails are'} queued again and go out within a minute "
        "if the mail server takes them.",
    )


@router.get("/admin/emails/{message_id}/send-again")
async def confirm_send_again(
    request: Request, session: DbSession, account: CurrentAccount, message_id: uuid.UUID
) -> Response:
    message = await failed.failed_email(session, account, message_id)
    if message.status != OutboxStatus.failed:
        return redirect(links.admin("emails"), NOT_WAITING, "info")
    return confirm(
        request,
        title=f"Send the email to {message.payload['to']} again?",
        explanation=f"“{message.payload['subject']}” is tried again now, and for about three more days if the mail "
        "server still does not take it. It goes out with its first Message-ID, so a mail program that did get an "
        "earlier attempt shows it once.",
        action=links.admin("emails", message.public_id, "send-again"),
        yes="Yes, send it again",
        back=links.admin("emails"),
        no="No, not now",
    )


@router.post("/admin/emails/{message_id}/send-again")
async def send_again(request: Request, session: DbSession, account: CurrentAccount, message_id: uuid.UUID) -> Response:
    message, queued = await failed.send_again(session, account, message_id)
    if not queued:
        return redirect(links.admin("emails"), NOT_WAITING, "info")
    return redirect(
        links.admin("emails"),
        f"The email to {message.payload['to']} is queued again and goes out within a minute if the mail server "
        "takes it.",
    )
