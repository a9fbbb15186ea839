"""The outbox: side effects are written in the request's transaction and done later by a worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from email.utils import make_msgid
from typing import Any, cast

from sqlalchemy import CursorResult, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import NotFound
from app.notifications.models import OutboxMessage, OutboxStatus
from app.web import templates

EMAIL = "email"
MESSAGE_ID_DOMAIN = "between.local"


def new_message_id() -> str:
    """The email's Message-ID, made once when it is queued: every attempt to send it carries the same
    one, so a receiver that got it twice (a worker died between sending and recording) can tell."""
    return make_msgid(domain=MESSAGE_ID_DOMAIN)


def _email_payload(to: str, template: str, context: dict[str, Any]) -> dict[str, Any]:
    return {"to": to, "template": template, "message_id": new_message_id(), **render_email(template, context)}


def render_email(template: str, context: dict[str, Any]) -> dict[str, str]:
    """Renders emails/<template>.txt and .html; the text template sets `subject`."""
    text_template = templates.env.get_template(f"emails/{template}.txt")
    module = text_template.make_module(context)
    subject = str(getattr(module, "subject", "")).strip()
    if not subject:
        raise ValueError(f"emails/{template}.txt must set a subject")
    html = templates.env.get_template(f"emails/{template}.html").render(subject=subject, **context)
    return {"subject": subject, "text": str(module).strip() + "\n", "html": html}


async def queue_email(
    session: AsyncSession,
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    send_after: datetime | None = None,
    about: str = "",
) -> OutboxMessage:
    """An email for the worker to send; not before `send_after` when given (a decision that can
    still be undone). `about` names what the email is about, so that cancel_unsent can check
    that a message it is asked to cancel is the one it should be."""
    payload = _email_payload(to, template, context)
    if about:
        payload["about"] = about
    message = OutboxMessage(kind=EMAIL, payload=payload, available_at=send_after or utcnow())
    session.add(message)
    await session.flush()
    return message


async def unsent_email(session: AsyncSession, message_id: uuid.UUID, about: str) -> OutboxMessage | None:
    """The email queued with `about`, while it is still held back and no worker has taken it."""
    message = (
        await session.execute(select(OutboxMessage).where(OutboxMessage.public_id == message_id))
    ).scalar_one_or_none()
    if message is None or message.kind != EMAIL or message.payload.get("about") != about:
        return None
    if message.status != OutboxStatus.pending or message.attempts or message.available_at <= utcnow():
        return None
    return message


async def cancel_unsent(session: AsyncSession, message_id: uuid.UUID, about: str) -> bool:
    """Removes the email queued with `about` if it has not gone and is not going: still pending,
    never attempted, and held back until later. False when it is too late (or it is not there).
    The conditions are checked again by the DELETE itself, so a worker claiming the message at
    the same moment wins or loses cleanly: its claim counts an attempt."""
    message = await unsent_email(session, message_id, about)
    if message is None:
        return False
    result = cast(
        CursorResult[Any],
        await session.execute(
            delete(OutboxMessage)
            .where(
                OutboxMessage.id == message.id,
                OutboxMessage.status == OutboxStatus.pending,
                OutboxMessage.attempts == 0,
                OutboxMessage.available_at > utcnow(),
            )
            .execution_options(synchronize_session=False),
        ),
    )
    session.expunge(message)
    return bool(result.rowcount)


async def queue_emails(
    session: AsyncSession, emails: list[tuple[str, str, dict[str, Any]]], progress: Callable[[int], None] | None = None
) -> None:
    """Many emails into the outbox in one statement, each as queue_email writes it: (to, template,
    context). An import of 5,000 people otherwise makes 5,000 round trips."""
    rows = []
    for to, template, context in emails:
        rows.append({"kind": EMAIL, "payload": _email_payload(to, template, context)})
        if progress is not None:
            progress(1)
    if rows:
        await session.execute(insert(OutboxMessage), rows)


async def mailbox(session: AsyncSession, limit: int = 100) -> list[OutboxMessage]:
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.kind == EMAIL)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def mailbox_message(session: AsyncSession, public_id: Any) -> OutboxMessage:
    statement = select(OutboxMessage).where(OutboxMessage.kind == EMAIL, OutboxMessage.public_id == public_id)
    message = (await session.execute(statement)).scalar_one_or_none()
    if message is None:
        raise NotFound("There is no such message in the mailbox.")
    return message
