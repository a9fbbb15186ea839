"""Emails as the people who run Between see them: the administrators' list of emails the worker gave
up on, sending them again, and the email that tells administrators about them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import links
from app.accounts.models import Account
from app.audit import service as audit
from app.groups.service import require_admin
from app.notifications import failures, retries
from app.notifications import service as notifications
from app.notifications.failures import FailedEmails
from app.notifications.models import OutboxMessage
from app.pagination import PageParams

ALERT_TEMPLATE = "emails_not_sent"
# Failures that come one after another are told in one email, at most one an hour; and none while
# the previous one is still waiting to go out (the mail server is down: it will say it all at once).
ALERT_AT_MOST_EVERY = timedelta(hours=1)
# The alert lists this many emails; the page has them all.
LISTED_IN_ALERT = 10


async def failed_emails(session: AsyncSession, actor: Account, page: PageParams) -> FailedEmails:
    require_admin(actor)
    return await failures.failed_emails(session, page)


async def failed_email(session: AsyncSession, actor: Account, message_id: uuid.UUID) -> OutboxMessage:
    require_admin(actor)
    return await failures.email(session, message_id)


async def send_again(session: AsyncSession, actor: Account, message_id: uuid.UUID) -> tuple[OutboxMessage, bool]:
    """Queues one failed email again; returns it and whether it was queued (an email that was sent,
    or is still being tried, is left as it is)."""
    require_admin(actor)
    message, queued = await failures.send_again(session, message_id)
    if queued:
        audit.record(session, actor, "email.sent_again", target=str(message.public_id), to=message.payload["to"])
    return message, queued


async def send_all_again(session: AsyncSession, actor: Account) -> int:
    require_admin(actor)
    count = await failures.send_all_again(session)
    if count:
        audit.record(session, actor, "email.all_sent_again", target="", emails=count)
    return count


@dataclass(frozen=True)
class FailedLine:
    to: str
    subject: str
    queued_at: str
    reason: str


def _utc(moment: datetime) -> str:
    return f"{moment:%b %-d, %Y at %H:%M} UTC"


async def tell_admins_about_failed_emails(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """One email to each administrator about the emails the worker gave up on since the last one;
    returns how many failures it told about. Failures of this very email are not told about (by
    email: they are on the page), or a mail server that stays down would make one after another."""
    async with sessionmaker() as session, session.begin():
        if await failures.pending_with_template(session, ALERT_TEMPLATE):
            return 0
        taken = await failures.take_unreported_failures(session, quiet_after_report=ALERT_AT_MOST_EVERY)
        failed = [message for message in taken if message.payload.get("template") != ALERT_TEMPLATE]
        if not failed:
            return 0
        admins = (
            await session.execute(
                select(Account).where(Account.is_admin.is_(True), Account.deleted_at.is_(None)).order_by(Account.id)
            )
        ).scalars()
        lines = [
            FailedLine(
                to=str(message.payload.get("to", "")),
                subject=str(message.payload.get("subject", "")),
                queued_at=_utc(message.created_at),
                reason=message.last_error,
            )
            for message in failed[:LISTED_IN_ALERT]
        ]
        days = round(retries.total() / timedelta(days=1))
        for admin in admins:
            await notifications.queue_email(
                session,
                to=admin.email,
                template=ALERT_TEMPLATE,
                context={
                    "name": admin.display_name,
                    "count": len(failed),
                    "lines": lines,
                    "more": len(failed) - len(lines),
                    "days": days,
                    "server_trouble": all(message.waiting_for_server for message in failed),
                    "link": links.absolute(links.admin("emails")),
                },
            )
    return len(failed)
